// The bundle loader (src/bundle-loader.cts) reads every chunk and its code cache into one reused buffer.
// In a fresh process building both editions, every chunk it compiles must have been given its cache and
// V8 must have accepted it: a cache overwritten by the next read, or read before the source was copied,
// fails V8's checksum and is rejected. Uses the bundle (lib/, built by `npm test`).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { tempDir } from './helpers/book-folder.js';

const ROOT = join(import.meta.dirname, '..');

test('a build compiles every chunk from its code cache, and V8 accepts each', () => {
  const dir = tempDir();
  const report = join(dir, 'compiled.json');
  const hook = join(dir, 'hook.cjs');
  writeFileSync(
    hook,
    `const vm = require('node:vm');
const compiled = [];
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(source, options) {
    super(source, options);
    compiled.push({ file: options && options.filename, cache: Boolean(options && options.cachedData), rejected: this.cachedDataRejected === true });
  }
};
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(compiled)));
`,
  );
  const run = spawnSync(process.execPath, ['--require', hook, join(ROOT, 'bin', 'build-ebook.js'), 'build', join(ROOT, 'manuscript'), '--out', join(dir, 'out'), '--format', 'epub,pdf', '--quiet'], {
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  const compiled = JSON.parse(readFileSync(report, 'utf8')) as { file: string; cache: boolean; rejected: boolean }[];
  const chunks = compiled.filter((c) => /build-ebook.*\.cjs$/.test(c.file ?? ''));
  // The CLI's entry, the build, both writers and pdfkit at least.
  expect(chunks.length).toBeGreaterThan(10);
  expect(chunks.filter((c) => !c.cache || c.rejected)).toEqual([]);
});
