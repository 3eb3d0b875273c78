#!/usr/bin/env node
// Loads the compiled CLI: the bundle (lib/build-ebook.cjs and its chunks, quick to start: one file to
// compile, with V8's code cache; see src/bundle-loader.ts) when it is at least as new as the
// module-by-module build (lib/cli.js), else lib/cli.js itself, so a plain `tsc` after an edit is never
// shadowed by an old bundle. Both are made by `npm install` / `npm run build`.
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const path = (name) => fileURLToPath(new URL(`../lib/${name}`, import.meta.url));
const mtime = (name) => statSync(path(name), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const { main } =
  mtime('build-ebook.cjs') >= mtime('cli.js')
    ? (await import('../lib/bundle-loader.js')).requireChunk(path('build-ebook.cjs'))
    : await import('../lib/cli.js');

main(process.argv).then((code) => {
  process.exitCode = code;
});
