#!/usr/bin/env node
// `npm run bench:rebuild [-- --runs N] [-- --keep]` (also run at the end of `npm run bench`)
//
// What `build-ebook serve` and `watch` gain by keeping one warm process: the 100k-word novel of the
// benchmark corpus is built cold (a new `node bin/build-ebook.js build` process, EPUB and PDF, as a user
// runs it), then rebuilt after a one-word edit of one chapter by a `build-ebook watch` process that keeps
// running, as an author's does. Prints the median of each and their ratio. A benchmark, not a test.
// (It once imported the server's build loop from lib/ into this script: without the bundle's code caches
// and V8 flags, that measured a slower process than the one users run.)
import { spawn, spawnSync } from 'node:child_process';
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

// The warm process: `build-ebook watch`, started once, as an author starts it (the same program as `serve`,
// without the server): a real process of bin/build-ebook.js, with the bundle's code caches and V8 flags.
// Its own report of each build ("built … in N ms") is the rebuild's time, from the change to the files
// written, without the wait for the editor's writes to settle.
const watcher = spawn(process.execPath, [BIN, 'watch', dir, '--out', out], { env, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
const builds = [];
let waiting;
const onBuilt = (line) => {
  const m = /^built .* in (\d+) ms$/.exec(line);
  if (m) builds.push(Number(m[1]));
  if (/problem|error/i.test(line)) builds.push(Number.NaN);
  waiting?.();
};
let pending = '';
for (const stream of [watcher.stdout, watcher.stderr]) {
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    output += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) onBuilt(line);
  });
}
const exited = new Promise((resolve) => watcher.on('exit', resolve));
async function nextBuild(count) {
  const deadline = Date.now() + 60_000;
  while (builds.length < count) {
    if (Date.now() > deadline || watcher.exitCode !== null) throw new Error(`watch did not report a build:\n${output}`);
    await new Promise((resolve) => {
      waiting = resolve;
      setTimeout(resolve, 200);
    });
  }
  const ms = builds[count - 1];
  if (Number.isNaN(ms)) throw new Error(`the build failed:\n${output}`);
  return ms;
}

const chapter = join(dir, '05-chapter.md');
const original = readFileSync(chapter, 'utf8');
const warm = [];
let first;
try {
  first = await nextBuild(1);
  // Edits are watched for once it says so, after its first build.
  while (!/^Watching /m.test(output)) {
    if (watcher.exitCode !== null) throw new Error(`watch stopped:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (let i = 0; i < runs; i++) {
    // One word changed, a different one each time: the edit an author saves while the watcher runs.
    writeFileSync(chapter, original.replace(/\b(the)\b/, i % 2 === 0 ? 'that' : 'this'));
    warm.push(await nextBuild(i + 2));
  }
} finally {
  watcher.kill('SIGTERM');
  await exited;
  writeFileSync(chapter, original);
}

const c = median(cold);
const w = median(warm);
console.log(`Rebuild in one warm process (build-ebook watch; serve builds the same way) vs a cold build — 100k-word novel, EPUB + PDF, ${runs} runs each`);
console.log(`  cold build, new process     ${c.toFixed(0).padStart(6)} ms (median, the whole process; runs ${cold.map((t) => t.toFixed(0)).join(', ')})`);
console.log(`  first build in watch        ${first.toFixed(0).padStart(6)} ms (as watch reports it)`);
console.log(`  rebuild after a one-word edit ${w.toFixed(0).padStart(4)} ms (median; runs ${warm.map((t) => t.toFixed(0)).join(', ')})`);
console.log(`  the warm rebuild takes ${((100 * w) / c).toFixed(0)}% of the cold build's time`);
if (!args.includes('--keep')) rmSync(WORK, { recursive: true, force: true });
