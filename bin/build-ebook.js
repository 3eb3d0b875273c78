#!/usr/bin/env node
// Loads the compiled CLI: the bundle (lib/build-ebook.cjs and its chunks, quick to start: few files to
// compile, with V8's code cache; see src/bundle-loader.cts) when it is at least as new as the
// module-by-module build (lib/cli.js), else lib/cli.js itself, so a plain `tsc` after an edit is never
// shadowed by an old bundle. Both are made by `npm install` / `npm run build`.
// A CommonJS script (bin/package.json): an ES module entry would load Node's ES module loader, ~10 ms of
// every start, for nothing the bundle needs.
'use strict';
const { statSync } = require('node:fs');
const { join } = require('node:path');

const lib = join(__dirname, '..', 'lib');
const mtime = (name) => statSync(join(lib, name), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const cli =
  mtime('build-ebook.cjs') >= mtime('cli.js')
    ? Promise.resolve(require(join(lib, 'bundle-loader.cjs')).requireChunk(join(lib, 'build-ebook.cjs')))
    : import('../lib/cli.js');

cli
  .then(({ run, outputQueued }) =>
    run(process.argv).then(({ code, finished }) => {
      process.exitCode = code;
      // A command that is over ends the process at once: Node's own exit would first tear down the heap, ~10 ms
      // after a build. Not while `serve` or `watch` run on, nor with output still queued (src/standard-output.ts).
      if (finished && !outputQueued()) process.exit(code);
    }),
  );
