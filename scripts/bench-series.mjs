#!/usr/bin/env node
// Measures a ten-book series build (worker threads) against the sum of ten single builds, on this machine.
// Generates its own series deterministically (a seeded word generator, nothing copied), runs the compiled
// CLI (`npm run build` first) as a user would, and prints the wall times.
//
//   node scripts/bench-series.mjs [--books 10] [--chapters 6] [--words 2000] [--format epub,pdf]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    books: { type: 'string', default: '10' },
    chapters: { type: 'string', default: '6' },
    words: { type: 'string', default: '2000' },
    format: { type: 'string', default: 'epub,pdf' },
    keep: { type: 'boolean', default: false },
  },
});
const BOOKS = Number(values.books);
const CHAPTERS = Number(values.chapters);
const WORDS = Number(values.words);
const BIN = fileURLToPath(new URL('../bin/build-ebook.js', import.meta.url));

/** mulberry32: a small seeded generator, so every run writes the same series. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['sal', 'ter', 'mo', 'ren', 'ka', 'li', 'dun', 'wen', 'ost', 'har', 'by', 'ell', 'tor', 'ne', 'mar', 'gul', 'fen', 'ly'];
const NAMES = ['Tess', 'Owen', 'Mara', 'Ivo', 'Nell', 'Bram'];

function word(rnd) {
  let w = '';
  const n = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
  return w;
}

function paragraph(rnd, words) {
  const out = [];
  let sentence = [];
  for (let i = 0; i < words; i++) {
    let w = rnd() < 0.04 ? NAMES[Math.floor(rnd() * NAMES.length)] : word(rnd);
    if (sentence.length === 0) w = w[0].toUpperCase() + w.slice(1);
    sentence.push(w);
    if (sentence.length > 6 && rnd() < 0.15) {
      out.push(sentence.join(' ') + (rnd() < 0.1 ? '?' : '.'));
      sentence = [];
    }
  }
  if (sentence.length) out.push(sentence.join(' ') + '.');
  const text = out.join(' ');
  return rnd() < 0.3 ? `"${text}" said ${NAMES[Math.floor(rnd() * NAMES.length)]}.` : text;
}

function writeSeries(dir) {
  const works = [];
  for (let b = 1; b <= BOOKS; b++) {
    const rnd = random(1000 + b);
    const title = `Book ${b}: ${word(rnd)} ${word(rnd)}`;
    const folder = `${String(b).padStart(2, '0')}-book`;
    works.push(`  - title: "${title}"\n    path: ${folder}`);
    mkdirSync(join(dir, folder));
    writeFileSync(join(dir, folder, 'book.yaml'), `title: "${title}"\nsummary: A generated story for measuring build times.\n`);
    for (let c = 1; c <= CHAPTERS; c++) {
      const paras = [];
      let left = WORDS;
      while (left > 0) {
        const n = Math.min(left, 40 + Math.floor(rnd() * 120));
        paras.push(paragraph(rnd, n));
        left -= n;
        if (rnd() < 0.05) paras.push('* * *');
      }
      writeFileSync(join(dir, folder, `${String(c).padStart(2, '0')}.md`), `# Chapter ${c}: ${word(rnd)}\n\n${paras.join('\n\n')}\n`);
    }
  }
  writeFileSync(
    join(dir, 'series.yaml'),
    `name: The Measured Tides\nintroduction: Generated books.\nworks:\n${works.join('\n')}\ndefaults:\n  author: Bench Mark\n  disclaimer: Generated text.\n`,
  );
  return works.length;
}

function run(args) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, '--quiet', ...args], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`build-ebook ${args.join(' ')} failed:\n${r.stderr}`);
  return seconds;
}

const root = mkdtempSync(join(tmpdir(), 'bench-series-'));
const series = join(root, 'series');
mkdirSync(series);
const count = writeSeries(series);
const format = ['--format', values.format];
console.log(`${count} books × ${CHAPTERS} chapters × ${WORDS} words, formats ${values.format}, ${availableParallelism()} cores, node ${process.version}`);

let singles = 0;
for (let b = 1; b <= count; b++) singles += run(['build', join(series, `${String(b).padStart(2, '0')}-book`), '--out', join(root, 'single'), ...format]);
const oneThread = run(['build', series, '--out', join(root, 'one-thread'), '--jobs', '1', ...format]);
const parallel = run(['build', series, '--out', join(root, 'parallel'), ...format]);

const fmt = (s) => `${s.toFixed(2)} s`;
// Other work on the machine takes cores away from the parallel build: say how busy it was.
console.log(`load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`sum of ${count} single builds (one process each): ${fmt(singles)}`);
console.log(`series build, one thread (--jobs 1):            ${fmt(oneThread)}`);
console.log(`series build, worker per core:                  ${fmt(parallel)}  (${(singles / parallel).toFixed(2)}× faster than the singles)`);
if (!values.keep) rmSync(root, { recursive: true, force: true });
else console.log(`kept in ${root}`);
