// The Kobo kepub edition: the EPUB's own documents with Kobo's sentence spans and layout wrappers, and
// nothing else changed; valid for epubcheck, readable by Calibre.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../src/build.js';
import { splitSentences } from '../src/writers/epub/kobo.js';
import { makeBookFolder, tempDir } from './helpers/book-folder.js';
import { REPO } from './helpers/cli.js';
import { readEpub } from './helpers/epub-files.js';
import { makePng } from './helpers/png.js';
import { tools } from './helpers/tools.js';
import { epubChecker, problemLines, validateEpub } from './helpers/validate-epub.js';

const SPAN_OPEN = /<span class="koboSpan" id="kobo\.(\d+)\.(\d+)">/g;

/** Removes what the kepub adds: the spans (each closes at the first </span>, as nothing nests in them
 * that has its own span) and the two wrapper divs. */
function stripKobo(xhtml: string): string {
  let out = '';
  let i = 0;
  for (const m of xhtml.matchAll(SPAN_OPEN)) {
    const close = xhtml.indexOf('</span>', m.index + m[0].length);
    out += xhtml.slice(i, m.index) + xhtml.slice(m.index + m[0].length, close);
    i = close + '</span>'.length;
  }
  out += xhtml.slice(i);
  return out.replace('<div id="book-columns">\n<div id="book-inner">\n', '').replace('\n</div>\n</div>\n</body>', '\n</body>');
}

const STORY = `# The Tally

Nell counted the crates twice. *She was sure.* Then she counted them a third time, to be *very* sure.[^1]

“Is it right?” asked Mr. Dunmore. He was *un*believable -- always asking... She didn't answer!

- One crate of lemons.
- Two of salt.

![The quay at dusk](images/quay.png)

Use \`tally --all\` next time. The End?

[^1]: She was never *quite* sure. Nobody is.
`;

const SERIES_BOOK = `title: The Tally
author: Wren Archer
language: en
summary: A quartermaster counts what the sea leaves.
series:
  name: Quay Stories
  number: 3
`;

describe('the kepub edition', () => {
  const out = tempDir();
  let book: string;
  let sample: string;
  const built: Record<string, { epub: string; kepub: string }> = {};

  beforeAll(async () => {
    book = makeBookFolder({ 'book.yaml': SERIES_BOOK, '01-tally.md': STORY, 'images/quay.png': makePng(6, 4, [10, 80, 120]) });
    sample = join(tempDir(), 'manuscript');
    cpSync(join(REPO, 'manuscript'), sample, { recursive: true });
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    for (const [name, dir] of [['tally', book], ['sample', sample]] as const) {
      const { editions } = await buildBook(dir, { outDir: join(out, name), formats: ['epub', 'kepub'] });
      built[name] = { epub: editions[0].path, kepub: editions[1].path };
    }
    delete process.env.SOURCE_DATE_EPOCH;
  });

  afterAll(() => {
    for (const dir of [out, book, join(sample, '..')]) rmSync(dir, { recursive: true, force: true });
  });

  it('is written as name.kepub.epub beside the EPUB', () => {
    expect(readdirSync(join(out, 'sample')).sort()).toEqual(['the-night-ferry.epub', 'the-night-ferry.kepub.epub']);
  });

  it('gives the EPUB back exactly, entry for entry, once the spans and wrappers are removed', () => {
    for (const { epub, kepub } of Object.values(built)) {
      const plain = readEpub(epub);
      const kobo = readEpub(kepub);
      expect([...kobo.keys()]).toEqual([...plain.keys()]);
      let spans = 0;
      for (const [name, text] of kobo) {
        spans += [...text.matchAll(SPAN_OPEN)].length;
        expect(stripKobo(text), name).toBe(plain.get(name));
      }
      expect(spans).toBeGreaterThan(20);
    }
  });

  it('numbers paragraphs and sentences as kobo.P.S, unique, in order, inside emphasis too', () => {
    const chapter = readEpub(built.tally.kepub).get('EPUB/text/chapter-001.xhtml')!;
    const ids = [...chapter.matchAll(SPAN_OPEN)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(new Set(ids.map((id) => id.join('.'))).size).toBe(ids.length);
    for (let k = 1; k < ids.length; k++) {
      const [[p0, s0], [p1, s1]] = [ids[k - 1], ids[k]];
      expect(p1 === p0 ? s1 === s0 + 1 : p1 > p0 && s1 === 1).toBe(true);
    }
    expect(chapter).toMatch(/<em><span class="koboSpan" id="kobo\.\d+\.\d+">She was sure\.<\/span><\/em>/);
    // A title before a name is not a sentence end.
    expect(chapter).toContain('>“Is it right?” </span><span class="koboSpan" id="kobo.3.2">asked Mr. Dunmore. </span>');
    expect(chapter).toContain('<div id="book-columns">\n<div id="book-inner">');
  });

  it('never cuts a word, and keeps each note reference whole, outside any span', () => {
    for (const [name, text] of readEpub(built.tally.kepub)) {
      if (!name.endsWith('.xhtml')) continue;
      // Two spans side by side meet after white space (a cut between sentences) or an image, never a letter.
      for (const m of text.matchAll(/(.)<\/span><span class="koboSpan"/gs)) expect(m[1], name).not.toMatch(/[\p{L}\p{N}]/u);
      for (const m of text.matchAll(/<span class="koboSpan"[^>]*>((?:(?!<\/span>).)*)<\/span>/gs)) expect(m[1]).not.toContain('noteref');
    }
    const chapter = readEpub(built.tally.kepub).get('EPUB/text/chapter-001.xhtml')!;
    expect(chapter).toMatch(/> sure\.<\/span><sup><a epub:type="noteref"[^>]*>1<\/a><\/sup>/);
  });

  it('cuts text after sentence ends only, and the pieces give the text back', () => {
    const samples = [
      'She left. He stayed! Did they? Yes…  Then “quiet.” After that',
      'Dr. Who and St. Ives met Mrs. Hudson. End.',
      'No end mark here',
      '',
    ];
    for (const s of samples) expect(splitSentences(s).join('')).toBe(s);
    expect(splitSentences('She left. He stayed! Did they? ok')).toEqual(['She left. ', 'He stayed! ', 'Did they? ', 'ok']);
    expect(splitSentences('“Go.” She went.')).toEqual(['“Go.” ', 'She went.']);
    expect(splitSentences('Dr. Who met Mrs. Hudson.')).toEqual(['Dr. Who met Mrs. Hudson.']);
  });

  it('is built only when asked: by --format, or by formats: in book.yaml', async () => {
    const dir = makeBookFolder({ 'book.yaml': `${SERIES_BOOK}formats: [kepub, pdf]\n`, '01-tally.md': '# One\n\nShort.\n' });
    const dest = tempDir();
    try {
      const { editions } = await buildBook(dir, { outDir: dest });
      expect(editions.map((e) => e.format)).toEqual(['kepub', 'pdf']);
      expect(existsSync(join(dest, 'the-tally.kepub.epub'))).toBe(true);
      const plain = await buildBook(book, { outDir: dest });
      expect(plain.editions.map((e) => e.format)).toEqual(['epub', 'pdf']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(dest, { recursive: true, force: true });
    }
  });

  it(`passes ${epubChecker} with no errors and no warnings`, { timeout: 300_000 }, async () => {
    for (const { kepub } of Object.values(built)) {
      const result = await validateEpub(kepub);
      expect(problemLines(result)).toEqual([]);
      expect(result.errors + result.fatals + result.warnings).toBe(0);
    }
  });

  it.skipIf(!tools.calibre)('is read by Calibre: title, author, language and series', () => {
    // Calibre is a Qt program: without XDG_RUNTIME_DIR it leaves a runtime-root folder in the temp folder.
    const r = spawnSync('ebook-meta', [built.tally.kepub], { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: tempDir('xdg-') } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Title\s*:\s*The Tally$/m);
    expect(r.stdout).toMatch(/^Author\(s\)\s*:\s*Wren Archer/m);
    expect(r.stdout).toMatch(/^Series\s*:\s*Quay Stories #3/m);
    expect(r.stdout).toMatch(/^Languages\s*:\s*eng/m);
  });
});
