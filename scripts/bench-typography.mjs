#!/usr/bin/env node
// Smart-quote benchmark through the real pipeline: `npm run bench:typography -- DIR`.
// For each NAME.md + NAME.gold.txt in DIR, builds a one-chapter book from NAME.md with the CLI,
// reads the chapter XHTML back out of the EPUB, and scores it with DIR/score.py.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'build-ebook.js');

function usage(message) {
  process.stderr.write(`${message}\nusage: npm run bench:typography -- DIR   (DIR holds NAME.md, NAME.gold.txt and score.py)\n`);
  process.exit(2);
}

const dir = process.argv[2];
if (!dir) usage('bench:typography: give the folder of corpora');
const corpusDir = resolve(dir);
if (!existsSync(join(corpusDir, 'score.py'))) usage(`bench:typography: no score.py in ${corpusDir}`);

const names = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.md') && existsSync(join(corpusDir, f.replace(/\.md$/, '.gold.txt'))))
  .map((f) => f.replace(/\.md$/, ''))
  .sort();
if (names.length === 0) usage(`bench:typography: no NAME.md with a NAME.gold.txt in ${corpusDir}`);

// The CLI runs the compiled code in lib/: compile first so the score is the source's, then bundle it again,
// as `npm run build` does. The CLI runs the bundle only while it is as new as lib/cli.js: a compile alone
// would leave every later command on the unbundled modules, some three times slower to start.
for (const [step, args] of [
  ['the TypeScript build', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')]],
  ['the bundle', [join(root, 'scripts', 'bundle.mjs')]],
]) {
  if (spawnSync(process.execPath, args, { stdio: 'inherit' }).status !== 0) {
    process.stderr.write(`bench:typography: ${step} failed\n`);
    process.exit(1);
  }
}

let failed = false;
for (const name of names) {
  const work = mkdtempSync(join(tmpdir(), 'bench-typography-'));
  try {
    const line = scoreCorpus(name, work);
    process.stdout.write(`${name}: ${line}\n`);
  } catch (e) {
    failed = true;
    process.stdout.write(`${name}: FAILED: ${e instanceof Error ? e.message : String(e)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
process.exitCode = failed ? 1 : 0;

function scoreCorpus(name, work) {
  const bookDir = join(work, 'book');
  const outDir = join(work, 'out');
  mkdirSync(bookDir);
  // A JSON string is a valid YAML scalar, whatever the name holds.
  writeFileSync(join(bookDir, 'book.yaml'), `title: ${JSON.stringify(name)}\n`);
  writeFileSync(join(bookDir, 'chapter.md'), readFileSync(join(corpusDir, `${name}.md`)));

  const build = spawnSync(process.execPath, [cli, 'build', bookDir, '--out', outDir, '--format', 'epub', '--quiet'], {
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build-ebook exited ${build.status}: ${build.stderr.trim()}`);
  const warnings = build.stderr.split('\n').filter((l) => l.includes('warning:')).length;

  const epubs = existsSync(outDir) ? readdirSync(outDir).filter((f) => f.endsWith('.epub')) : [];
  if (epubs.length !== 1) throw new Error(`expected one EPUB in ${outDir}, found ${epubs.length}`);
  const xhtml = chapterXhtml(unzipSync(readFileSync(join(outDir, epubs[0]))));

  const candidate = join(work, `${name}.xhtml`);
  writeFileSync(candidate, xhtml);
  const score = spawnSync('python3', [join(corpusDir, 'score.py'), join(corpusDir, `${name}.gold.txt`), candidate], {
    encoding: 'utf8',
  });
  if (score.status !== 0) throw new Error(`score.py exited ${score.status}: ${score.stderr.trim()}`);
  const line = score.stdout.trim().split('\n').pop() ?? '';
  return warnings > 0 ? `${line}  (${warnings} quote warnings)` : line;
}

/** The chapter documents of an unzipped EPUB, in spine order, concatenated. */
function chapterXhtml(files) {
  const container = strFromU8(files['META-INF/container.xml'] ?? new Uint8Array());
  const opfPath = /full-path="([^"]+)"/.exec(container)?.[1];
  if (!opfPath || !files[opfPath]) throw new Error('the EPUB has no package document');
  const opf = strFromU8(files[opfPath]);
  const base = posix.dirname(opfPath);
  const hrefs = new Map();
  for (const m of opf.matchAll(/<item\b[^>]*>/g)) {
    const id = /\bid="([^"]+)"/.exec(m[0])?.[1];
    const href = /\bhref="([^"]+)"/.exec(m[0])?.[1];
    if (id && href) hrefs.set(id, posix.join(base, decodeURIComponent(href)));
  }
  const documents = [...opf.matchAll(/<itemref\b[^>]*\bidref="([^"]+)"/g)]
    .map((m) => hrefs.get(m[1]))
    .filter((path) => path && files[path])
    .map((path) => strFromU8(files[path]));
  const chapters = documents.filter((doc) => /<section\b[^>]*epub:type="[^"]*\bchapter\b/.test(doc));
  if (chapters.length === 0) throw new Error('the EPUB has no chapter document');
  return chapters.join('\n');
}
