#!/usr/bin/env node
// Loads the compiled CLI: the one-file bundle (lib/build-ebook.mjs, quick to start) when it is at least
// as new as the module-by-module build (lib/cli.js), else lib/cli.js itself, so a plain `tsc` after an
// edit is never shadowed by an old bundle. Both are made by `npm install` / `npm run build`.
import { statSync } from 'node:fs';

const mtime = (name) => statSync(new URL(`../lib/${name}`, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const entry = mtime('build-ebook.mjs') >= mtime('cli.js') ? '../lib/build-ebook.mjs' : '../lib/cli.js';
const { main } = await import(entry);

main(process.argv).then((code) => {
  process.exitCode = code;
});
