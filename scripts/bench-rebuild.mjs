#!/usr/bin/env node
// `npm run bench:rebuild [-- --runs N] [-- --keep]` (also run at the end of `npm run bench`)
//
// What `build-ebook serve` and `watch` gain by keeping one warm process: the 100k-word novel of the
// benchmark corpus is built cold (a new `node bin/build-ebook.js build` process, EPUB and PDF, as a user
// runs it), then, in one process that keeps running as serve does, rebuilt after a one-word edit of one
// chapter. Prints the median of each and their ratio. A benchmark, not a test.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clean, writeNovel } from './bench-corpus.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'build-ebook.js');
const WORK = join(ROOT, '.bench', 'rebuild');
const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const dir = join(WORK, 'novel');
const out = join(WORK, 'out');
clean(dir);
writeNovel(dir, 100100, 100_000, 'A Bench Novel');
const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' };
delete env.NODE_EXTRA_CA_CERTS;

const cold = [];
for (let i = 0; i < runs; i++) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, 'build', dir, '--out', out, '--quiet'], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cold build failed: ${r.stderr}`);
  cold.push(Number(process.hrtime.bigint() - started) / 1e6);
}

// The warm process: serve's own build loop (lib/serve/site.js), started once, as `serve` starts.
process.env.SOURCE_DATE_EPOCH = '1700000000';
const { createSite } = await import(join(ROOT, 'lib', 'serve', 'site.js'));
const messages = [];
const site = createSite(dir, { outDir: out }, { out: (s) => messages.push(s), err: (s) => messages.push(s) });
let started = performance.now();
await site.rebuild();
const first = performance.now() - started;
if (site.failure()) throw new Error(site.failure());

const chapter = join(dir, '05-chapter.md');
const original = readFileSync(chapter, 'utf8');
const warm = [];
for (let i = 0; i < runs; i++) {
  // One word changed, a different one each time: the edit an author saves while the server runs.
  const edited = original.replace(/\b(the)\b/, i % 2 === 0 ? 'that' : 'this');
  writeFileSync(chapter, edited);
  started = performance.now();
  await site.rebuild();
  warm.push(performance.now() - started);
  if (site.failure()) throw new Error(site.failure());
}
writeFileSync(chapter, original);

const c = median(cold);
const w = median(warm);
console.log(`Rebuild in one warm process (serve, watch) vs a cold build — 100k-word novel, EPUB + PDF, ${runs} runs each`);
console.log(`  cold build, new process     ${c.toFixed(0).padStart(6)} ms (median; runs ${cold.map((t) => t.toFixed(0)).join(', ')})`);
console.log(`  first build in serve        ${first.toFixed(0).padStart(6)} ms`);
console.log(`  rebuild after a one-word edit ${w.toFixed(0).padStart(4)} ms (median; runs ${warm.map((t) => t.toFixed(0)).join(', ')})`);
console.log(`  the warm rebuild takes ${((100 * w) / c).toFixed(0)}% of the cold build's time`);
if (!args.includes('--keep')) rmSync(WORK, { recursive: true, force: true });
