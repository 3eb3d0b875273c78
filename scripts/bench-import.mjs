#!/usr/bin/env node
// `node scripts/bench-import.mjs [--runs N]` (run by `npm run bench`): the import of a 100k-word EPUB and
// a 100k-word .docx, each a cold `build-ebook import` process, median wall time of N runs. The inputs are
// generated here: the EPUB by build-ebook from the bench corpus's novel, the .docx by the `docx` package
// from the same paragraphs. The goal (issue 19): a second or two at most.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNovel } from './bench-corpus.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'build-ebook.js');
const WORK = join(ROOT, '.bench', 'import');
const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
const GOAL_SECONDS = 2;

const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

// On a shared machine the wall time says more about the neighbours than the import; GNU time's user +
// system seconds (CPU) are printed beside it.
const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p) && spawnSync(p, ['-f', '%U', 'true']).status === 0);

function run(argv) {
  const started = process.hrtime.bigint();
  const cmd = GNU_TIME ? [GNU_TIME, ['-f', '@cpu %U %S', process.execPath, BIN, ...argv]] : [process.execPath, [BIN, ...argv]];
  const r = spawnSync(cmd[0], cmd[1], { env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`build-ebook ${argv.join(' ')} failed:\n${r.stderr}`);
  const cpu = /@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { seconds, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN, stdout: r.stdout };
}

/** The novel's chapters as (title, paragraphs of plain text with *italics*). */
function chaptersOf(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => {
      const blocks = readFileSync(join(dir, f), 'utf8').split(/\n{2,}/).map((b) => b.trim()).filter(Boolean);
      const title = blocks[0].startsWith('# ') ? blocks.shift().slice(2) : f;
      return { title, paragraphs: blocks.filter((b) => !/^(?:\* \* \*|---|\[\^)/.test(b)).map((b) => b.replace(/\[\^\d+\]/g, '').replace(/\s+/g, ' ')) };
    });
}

async function writeDocx(chapters, file) {
  const { Document, Packer, Paragraph, TextRun, HeadingLevel } = await import('docx');
  const runsOf = (text) => text.split(/(\*[^*]+\*)/).filter(Boolean).map((part) => (part.startsWith('*') && part.endsWith('*') && part.length > 2 ? new TextRun({ text: part.slice(1, -1), italics: true }) : new TextRun(part.replace(/\\(.)/g, '$1'))));
  const children = [new Paragraph({ children: [new TextRun('Bench Novel')] }), new Paragraph({ children: [new TextRun('by Bench Author')] })];
  for (const c of chapters) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(c.title)] }));
    for (const p of c.paragraphs) children.push(new Paragraph({ children: runsOf(p) }));
  }
  writeFileSync(file, await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
try {
  const novel = join(WORK, 'novel');
  writeNovel(novel, 19, 100_000, 'Bench Novel');
  run(['build', novel, '--out', join(WORK, 'dist'), '--format', 'epub']);
  const epub = join(WORK, 'dist', readdirSync(join(WORK, 'dist')).find((f) => f.endsWith('.epub')));
  const docx = join(WORK, 'novel.docx');
  await writeDocx(chaptersOf(novel), docx);

  console.log('');
  console.log(`import (cold process, median of ${runs} runs; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
  for (const [label, file] of [['EPUB', epub], ['docx', docx]]) {
    const times = [];
    const cpuTimes = [];
    let words = '?';
    for (let i = 0; i < runs; i++) {
      const out = join(WORK, `out-${label}-${i}`);
      const r = run(['import', file, '--out', out]);
      times.push(r.seconds);
      cpuTimes.push(r.cpu);
      words = /words:\s+(\d+)/.exec(r.stdout)?.[1] ?? words;
      rmSync(out, { recursive: true, force: true });
    }
    const s = median(times);
    const cpu = median(cpuTimes);
    const judged = Number.isNaN(cpu) ? s : cpu;
    console.log(
      `  ${label.padEnd(5)} ${String(words).padStart(7)} words  ${s.toFixed(3)} s wall  ${Number.isNaN(cpu) ? '?' : cpu.toFixed(3)} s CPU  (${Math.round(Number(words) / judged).toLocaleString('en')} words/CPU-s; ${judged <= GOAL_SECONDS ? 'ok' : 'MISS'} ≤${GOAL_SECONDS} s)`,
    );
  }
} finally {
  if (!args.includes('--keep') && existsSync(WORK)) rmSync(WORK, { recursive: true, force: true });
}
