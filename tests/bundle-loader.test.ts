// The bundle loader (src/bundle-loader.cts) reads every chunk and its code cache into one reused buffer.
// In a fresh process building both editions, every chunk it compiles must have been given its cache and
// V8 must have accepted it: a cache overwritten by the next read, or read before the source was copied,
// fails V8's checksum and is rejected. And each command compiles only the chunks it runs: the bundle
// groups modules into chunks by hand (scripts/bundle.mjs), and a group that took in too much would load
// the PDF writer for an EPUB, or a book's reader for `--version`. Uses the bundle (lib/, built by `npm test`).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { tempDir } from './helpers/book-folder.js';

const ROOT = join(import.meta.dirname, '..');
const SAMPLE = join(ROOT, 'manuscript');

interface Compiled {
  file: string;
  cache: boolean;
  rejected: boolean;
}

/** The bundle's chunks that `build-ebook ARGS` compiled, in a fresh process. */
function chunksCompiledBy(args: string[]): Compiled[] {
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
  const run = spawnSync(process.execPath, ['--require', hook, join(ROOT, 'bin', 'build-ebook.js'), ...args.map((a) => a.replace('OUT', join(dir, 'out')))], {
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  const compiled = JSON.parse(readFileSync(report, 'utf8')) as Compiled[];
  return compiled.filter((c) => /build-ebook.*\.cjs$/.test(c.file ?? ''));
}

test('a build compiles every chunk from its code cache, and V8 accepts each', () => {
  const chunks = chunksCompiledBy(['build', SAMPLE, '--out', 'OUT', '--format', 'epub,pdf', '--quiet']);
  // The CLI's entry, the book's reader, both writers and pdfkit at least.
  expect(chunks.length).toBeGreaterThanOrEqual(5);
  expect(chunks.filter((c) => !c.cache || c.rejected)).toEqual([]);
});

// What a chunk holds, known by a definition the minifier keeps (it keeps function and class names).
const HOLDS = {
  bookReader: /function parseYaml\(/,
  yaml: /Composer=class\b/,
  pdfLayout: /function layoutBook\(/,
  pdfkit: /PDFDocument=class\b/,
  epubWriter: /function writeEpub\(/,
  htmlSanitizer: /function sanitizeHtml\(/,
  importers: /function runImport\(/,
};

/** Which of HOLDS the chunks that `build-ebook ARGS` compiles hold. */
function loadedBy(args: string[]): string[] {
  const sources = chunksCompiledBy(args).map((c) => readFileSync(c.file, 'latin1'));
  return Object.entries(HOLDS)
    .filter(([, definition]) => sources.some((source) => definition.test(source)))
    .map(([name]) => name);
}

test('each command loads only the code it runs', () => {
  expect(loadedBy(['--version'])).toEqual([]);
  expect(loadedBy(['check', SAMPLE])).toEqual(['bookReader', 'yaml']);
  expect(loadedBy(['build', SAMPLE, '--out', 'OUT', '--format', 'epub', '--quiet'])).toEqual(['bookReader', 'yaml', 'epubWriter']);
  expect(loadedBy(['build', SAMPLE, '--out', 'OUT', '--format', 'pdf', '--quiet'])).toEqual(['bookReader', 'yaml', 'pdfLayout', 'pdfkit']);
});

test('a PDF build reads its code in few chunks', () => {
  // Each chunk costs two file reads and a script of its own; a module shared by the reader and a writer
  // that no group of scripts/bundle.mjs takes in becomes a chunk more (the CLI's entry, the bundler's
  // runtime, the modules every command shares (two), the reader, yaml, the PDF writer, pdfkit, compression: 9).
  expect(chunksCompiledBy(['build', SAMPLE, '--out', 'OUT', '--format', 'pdf', '--quiet']).length).toBeLessThanOrEqual(9);
});
