// The print editions read back: imposed sheets by where each page's words land (pdftotext -bbox), the
// print-on-demand interior's boxes and colour, the cover's size and its resolution check.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBook } from '../src/build.js';
import { BookError } from '../src/diagnostics.js';
import type { Book } from '../src/model/book.js';
import { loadFonts } from '../src/writers/pdf/fonts.js';
import { imposeLayout } from '../src/writers/pdf/impose/index.js';
import type { LayoutDocument, LayoutLine, LayoutPage } from '../src/writers/pdf/layout/model.js';
import { coverGeometry, writeCover } from '../src/writers/pdf/print/cover.js';
import { resolveStructure } from '../src/book/structure.js';
import { loadLocale } from '../src/locale/load.js';
import { podLayout } from '../src/writers/pdf/print/pod.js';
import { makeBookFolder, tempDir } from './helpers/book-folder.js';
import { bookMeta } from './helpers/book-meta.js';
import { box, contentStreams, pageDictionaries } from './helpers/pdf-pages.js';
import { makePng } from './helpers/png.js';
import { expectQpdfClean } from './helpers/qpdf.js';
import { tools } from './helpers/tools.js';
import { pdfText } from './helpers/pdf.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function temp(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

const TRIM = { width: 432, height: 648 };

function word(text: string, y: number): LayoutLine {
  const x = TRIM.width / 2 - 20;
  return { kind: 'line', role: 'body', y, top: y - 18, bottom: y + 6, x, width: 40, runs: [{ x, text, face: 'serif', size: 24, width: 40, wordSpacing: 0 }], hyphenated: false };
}

/** A book whose page n says `hN` near its head and `fN` near its foot: where they land shows place and turn. */
function markedLayout(count: number): LayoutDocument {
  const pages: LayoutPage[] = Array.from({ length: count }, (_, i) => ({
    index: i,
    label: String(i + 1),
    side: i % 2 === 0 ? 'recto' : 'verso',
    section: 'body',
    plain: false,
    blank: false,
    opener: false,
    textBlock: { left: 54, top: 54, right: 378, bottom: 594 },
    items: [word(`h${i + 1}`, 120), word(`f${i + 1}`, 540)],
    furniture: [],
    destinations: [],
    outline: [],
  }));
  return { trim: '6x9', ...TRIM, innerMargin: 54, pages, toc: [], firstBodyPage: 0 };
}

/** A book with nothing but its metadata, its structure resolved as the build does (the title page's parts). */
const bookOf = (meta: Book['meta'], print: Book['print'] = {}): Book =>
  resolveStructure({ meta, front: [], chapters: [], back: [], assets: [], print, locale: loadLocale(meta.language) });
const book: Book = bookOf(bookMeta({ title: 'Marked Pages' }));

interface Word {
  text: string;
  x: number;
  y: number;
}

/** pdftotext -bbox: the words of each page with their centres. */
function wordsByPage(file: string): { width: number; height: number; words: Word[] }[] {
  const out = spawnSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' }).stdout;
  return out.split('<page ').slice(1).map((chunk) => {
    const width = Number(/width="([\d.]+)"/.exec(chunk)![1]);
    const height = Number(/height="([\d.]+)"/.exec(chunk)![1]);
    const words = [...chunk.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      text: m[5],
      x: (Number(m[1]) + Number(m[3])) / 2,
      y: (Number(m[2]) + Number(m[4])) / 2,
    }));
    return { width, height, words };
  });
}

/** A sheet side as rows of page numbers, negative where the page stands on its head, 0 where blank. */
function readSide(page: { width: number; height: number; words: Word[] }, cols: number, rows: number): number[][] {
  const grid = Array.from({ length: rows }, () => Array<number>(cols).fill(0));
  const heads = page.words.filter((w) => /^h\d+$/.test(w.text));
  for (const head of heads) {
    const n = Number(head.text.slice(1));
    const foot = page.words.find((w) => w.text === `f${n}`)!;
    const col = Math.floor(((head.x + foot.x) / 2 / page.width) * cols);
    const row = Math.floor(((head.y + foot.y) / 2 / page.height) * rows);
    grid[row][col] = head.y < foot.y ? n : -n;
  }
  return grid;
}

async function imposed(count: number, options: Parameters<typeof imposeLayout>[3]): Promise<ReturnType<typeof wordsByPage>> {
  const { data } = await imposeLayout(book, markedLayout(count), await loadFonts(), options);
  const file = join(temp(), 'imposed.pdf');
  writeFileSync(file, data);
  if (tools.qpdf) expectQpdfClean(file);
  return wordsByPage(file);
}

describe.skipIf(!tools.poppler)('imposed sheets, read back with pdftotext -bbox', () => {
  it('folio, 40 pages in signatures of 4 sheets, short-edge flip', async () => {
    const pages = await imposed(40, { kind: 'folio', sheetsPerSignature: 4, flip: 'short' });
    // The instructions and their blank back, then front and back of each of 10 sheets.
    expect(pages).toHaveLength(2 + 20);
    const instructions = pages[0].words.map((w) => w.text).join(' ');
    expect(instructions).toContain('Print pages 3–22 of this file on both sides of 10 sheets of letter paper');
    expect(instructions).toContain('flipping on the short edge');
    expect(instructions).toContain('make 3 signatures, each of 4 sheets but the last, which has 2 sheets.');
    expect(instructions).toContain('fold the left half behind the right half');
    expect(instructions).not.toContain('blank pages');
    expect(pages[1].words).toEqual([]);
    const sides = pages.slice(2).map((p) => readSide(p, 2, 1)[0]);
    expect(sides).toEqual([
      [16, 1], [2, 15], [14, 3], [4, 13], [12, 5], [6, 11], [10, 7], [8, 9],
      [32, 17], [18, 31], [30, 19], [20, 29], [28, 21], [22, 27], [26, 23], [24, 25],
      [40, 33], [34, 39], [38, 35], [36, 37],
    ]);
  });

  it('folio, long-edge flip: every back turned, fronts as before', async () => {
    const pages = await imposed(40, { kind: 'folio', sheetsPerSignature: 4, flip: 'long' });
    const sides = pages.slice(2).map((p) => readSide(p, 2, 1)[0]);
    expect(sides.filter((_, i) => i % 2 === 0)).toEqual([[16, 1], [14, 3], [12, 5], [10, 7], [32, 17], [30, 19], [28, 21], [26, 23], [40, 33], [38, 35]]);
    expect(sides.filter((_, i) => i % 2 === 1)).toEqual([[-15, -2], [-13, -4], [-11, -6], [-9, -8], [-31, -18], [-29, -20], [-27, -22], [-25, -24], [-39, -34], [-37, -36]]);
  });

  it('folio with blanks: 38 pages leave the last two pages of the last signature empty', async () => {
    const pages = await imposed(38, { kind: 'folio', sheetsPerSignature: 4, flip: 'short' });
    const sides = pages.slice(2).map((p) => readSide(p, 2, 1)[0]);
    expect(sides.slice(16)).toEqual([[0, 33], [34, 0], [38, 35], [36, 37]]);
  });

  it('a booklet: one signature, stapled; the instructions count the blanks', async () => {
    const pages = await imposed(10, { kind: 'booklet', flip: 'short' });
    const instructions = pages[0].words.map((w) => w.text).join(' ');
    expect(instructions).toContain('staple through the fold');
    expect(instructions).toContain('ends with 2 blank pages');
    expect(pages.slice(2).map((p) => readSide(p, 2, 1)[0])).toEqual([[0, 1], [2, 0], [10, 3], [4, 9], [8, 5], [6, 7]]);
  });

  it('quarto, one sheet per signature, both flips', async () => {
    const long = await imposed(16, { kind: 'quarto', sheetsPerSignature: 1, flip: 'long' });
    expect(long.slice(2).map((p) => readSide(p, 2, 2))).toEqual([
      [[-5, -4], [8, 1]],
      [[-3, -6], [2, 7]],
      [[-13, -12], [16, 9]],
      [[-11, -14], [10, 15]],
    ]);
    const short = await imposed(8, { kind: 'quarto', sheetsPerSignature: 1, flip: 'short' });
    expect(short.slice(2).map((p) => readSide(p, 2, 2))).toEqual([
      [[-5, -4], [8, 1]],
      [[-7, -2], [6, 3]],
    ]);
  });

  it('octavo, both flips; 20 pages leave 12 blanks at the end of the second sheet', async () => {
    const short = await imposed(20, { kind: 'octavo', flip: 'short' });
    expect(short.slice(2).map((p) => readSide(p, 4, 2))).toEqual([
      [[-5, -12, -9, -8], [4, 13, 16, 1]],
      [[-7, -10, -11, -6], [2, 15, 14, 3]],
      [[0, 0, 0, 0], [20, 0, 0, 17]],
      [[0, 0, 0, 0], [18, 0, 0, 19]],
    ]);
    const long = await imposed(16, { kind: 'octavo', flip: 'long' });
    expect(readSide(long[3], 4, 2)).toEqual([[-3, -14, -15, -2], [6, 11, 10, 7]]);
  });
});

const CHAPTER = (n: number) =>
  `# Chapter ${n}\n\n` +
  Array.from({ length: 14 }, (_, i) => `The tide came in over the shingle for the ${i + 1}th time that night, and the lamp turned on above the harbour while the ferry waited at the quay with its engine ticking over.`).join('\n\n') +
  '\n';

function podFolder(extra: string, files: Record<string, string | Uint8Array> = {}): string {
  const dir = makeBookFolder({
    'book.yaml': `title: The Harbour Lamp\nauthor: Ada Lorne\nsummary: A lamp, a ferry and a tide that will not wait.\n${extra}`,
    '01.md': CHAPTER(1),
    '02.md': CHAPTER(2),
    '03.md': CHAPTER(3),
    ...files,
  });
  dirs.push(dir);
  return dir;
}

describe('print on demand', () => {
  it('interior: trim plus bleed on the outer edge, head and foot; TrimBox and BleedBox on every page; even; no RGB', async () => {
    const dir = podFolder('print:\n  trim: 6x9\n  pod:\n    bleed: true\n    paper: cream\n');
    const out = temp();
    const { editions } = await buildBook(dir, { outDir: out, formats: ['pdf'] });
    expect(editions.map((e) => e.path.slice(out.length + 1))).toEqual(['the-harbour-lamp.pdf', 'the-harbour-lamp.interior.pdf', 'the-harbour-lamp.cover.pdf']);
    const interior = readFileSync(join(out, 'the-harbour-lamp.interior.pdf'));
    const pages = pageDictionaries(interior);
    expect(pages.length % 2).toBe(0);
    expect(pages.length).toBeGreaterThanOrEqual(pageDictionaries(readFileSync(join(out, 'the-harbour-lamp.pdf'))).length);
    pages.forEach((page, i) => {
      expect(box(page, 'MediaBox')).toEqual([0, 0, 432 + 9, 648 + 18]);
      expect(box(page, 'BleedBox')).toEqual([0, 0, 432 + 9, 648 + 18]);
      // A recto's outer edge is its right, a verso's its left: the trim sits against the spine side.
      expect(box(page, 'TrimBox')).toEqual(i % 2 === 0 ? [0, 9, 432, 657] : [9, 9, 441, 657]);
    });
    // Colour: text in the default DeviceGray black; no RGB colour set anywhere in the pages' content.
    const streams = contentStreams(interior);
    expect(streams.join('\n')).toMatch(/\bT[Jj]\b/);
    for (const s of streams) {
      expect(s).not.toMatch(/\b(rg|RG)\b/);
      expect(s).not.toContain('DeviceRGB');
    }
    expect(Buffer.from(interior).toString('latin1')).not.toContain('/Subtype /Link');
    if (tools.qpdf) expectQpdfClean(join(out, 'the-harbour-lamp.interior.pdf'));
  });

  it('an odd page count gets one blank page at the end; links are dropped', () => {
    const layout = markedLayout(5);
    layout.pages[1].items[0] = { ...(layout.pages[1].items[0] as LayoutLine), goTo: 'chapter-1' };
    const printed = podLayout(layout);
    expect(printed.pages).toHaveLength(6);
    expect(printed.pages[5]).toMatchObject({ blank: true, side: 'verso', items: [], furniture: [] });
    expect((printed.pages[1].items[0] as LayoutLine).goTo).toBeUndefined();
    expect(podLayout(markedLayout(6)).pages).toHaveLength(6);
  });

  it('without bleed the boxes equal the trim', async () => {
    const dir = podFolder('print:\n  pod: true\n');
    const out = temp();
    await buildBook(dir, { outDir: out, formats: ['pdf'] });
    for (const page of pageDictionaries(readFileSync(join(out, 'the-harbour-lamp.interior.pdf')))) {
      expect(box(page, 'TrimBox')).toEqual([0, 0, 432, 648]);
      expect(box(page, 'BleedBox')).toEqual([0, 0, 432, 648]);
    }
  });

  it('the cover is 2 × trim + spine + 2 × bleed wide, the spine growing with the page count and the paper', async () => {
    const fonts = await loadFonts();
    const summary = { meta: bookMeta({ title: 'Marked Pages', summary: [{ kind: 'paragraph' as const, children: [{ kind: 'text' as const, text: 'What the back says.' }] }] }) };
    const seen = new Set<number>();
    for (const paper of ['white', 'cream'] as const) {
      for (const pages of [24, 180, 420]) {
        const b: Book = bookOf(summary.meta, { pod: { paper } });
        const { data, geometry } = await writeCover(b, { name: '6x9', ...TRIM }, pages, fonts);
        const perPage = paper === 'white' ? 0.002252 : 0.0025;
        const spine = pages * perPage * 72;
        const width = 2 * 432 + spine + 2 * 9;
        expect(geometry.spine).toBeCloseTo(spine, 6);
        const [page] = pageDictionaries(data);
        const media = box(page, 'MediaBox')!;
        expect(media[2]).toBeCloseTo(width, 2);
        expect(media[3]).toBeCloseTo(648 + 18, 2);
        expect(box(page, 'TrimBox')!.map((n) => Math.round(n * 100) / 100)).toEqual([9, 9, Math.round((width - 9) * 100) / 100, 657]);
        box(page, 'BleedBox')!.forEach((n, i) => expect(n).toBeCloseTo(media[i], 2));
        seen.add(Math.round(media[2] * 1000));
      }
    }
    expect(seen.size).toBe(6);
    // A number is a page's thickness in inches.
    expect(coverGeometry(TRIM, 100, 0.003).spine).toBeCloseTo(100 * 0.003 * 72, 6);
  });

  it.skipIf(!tools.poppler)('the title and author run down a spine wide enough for them, and only then', async () => {
    const fonts = await loadFonts();
    const b: Book = bookOf(bookMeta({ title: 'Marked Pages', authors: ['Ada Lorne'] }), { pod: { paper: 'cream' } });
    const spineWords = async (pages: number) => {
      const { data, geometry } = await writeCover(b, { name: '6x9', ...TRIM }, pages, fonts);
      const file = join(temp(), `cover-${pages}.pdf`);
      writeFileSync(file, data);
      const left = geometry.bleed + geometry.trimWidth;
      return wordsByPage(file)[0].words.filter((w) => w.x > left && w.x < left + geometry.spine);
    };
    expect(await spineWords(60)).toEqual([]);
    const words = await spineWords(400);
    expect(words.map((w) => w.text)).toEqual(['Marked', 'Pages', 'Ada', 'Lorne']);
    // Head to foot: each word lower on the sheet than the one before.
    words.slice(1).forEach((w, i) => expect(w.y).toBeGreaterThan(words[i].y));
  });

  it('a cover image too small for the trim is an error naming book.yaml and the line of `cover`', async () => {
    const dir = podFolder('cover: images/cover.png\nprint:\n  pod: true\n', { 'images/cover.png': makePng(600, 900) });
    const out = temp();
    const e = await buildBook(dir, { outDir: out, formats: ['pdf'] }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(BookError);
    const [d] = (e as BookError).diagnostics;
    expect(d.file).toMatch(/book\.yaml$/);
    expect(d.line).toBe(4);
    expect(d.message).toContain('600×900 px');
    expect(d.message).toContain('at least 200 ppi');
    expect(d.hint).toContain('1838×2775 px');
    expect(spawnSync('ls', [out], { encoding: 'utf8' }).stdout.trim()).toBe('');
  });

  it('a paper thickness that is not one page\'s is an error on its line', async () => {
    const dir = podFolder('print:\n  pod:\n    paper: 0.5\n');
    const e = await buildBook(dir, { outDir: temp(), formats: ['pdf'] }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(BookError);
    expect((e as BookError).diagnostics[0]).toMatchObject({ line: 6, message: expect.stringContaining('one page in inches') });
  });

  it('a cover image of 300 ppi goes on the front without a word', async () => {
    const dir = podFolder('cover: images/cover.png\nprint:\n  pod: true\n', { 'images/cover.png': makePng(1838, 2775) });
    const out = temp();
    const { warnings } = await buildBook(dir, { outDir: out, formats: ['pdf'] });
    expect(warnings.filter((w) => w.message.includes('ppi'))).toEqual([]);
  });
});

// The cover and the folding instructions are set apart from the body, with their own text setter: in a book
// in another script it must shape as the body does (print/text.ts, withTextSetter), not stop the build.
describe('print editions of books in other scripts', () => {
  for (const [language, title] of [
    ['ar', 'العبّارة الأخيرة'],
    ['he', 'המעבורת האחרונה'],
    ['zh', '最后一班渡轮'],
  ] as const) {
    it(`${language}: the imposed sheets with their labels, the interior and the cover are made; the cover carries the title`, async () => {
      const out = temp();
      const { editions } = await buildBook(join(import.meta.dirname, 'fixtures', 'languages', language), {
        outDir: out,
        formats: ['pdf'],
        print: { impose: { kind: 'folio', marks: true }, pod: true },
      });
      const files = editions.map((e) => /(\.(cover|imposed|interior))?\.pdf$/.exec(e.path)?.[0]);
      expect(files.sort()).toEqual(['.cover.pdf', '.imposed.pdf', '.interior.pdf', '.pdf'].sort());
      const cover = editions.find((e) => e.path.endsWith('.cover.pdf'))!.path;
      // Bidi marks and line breaks aside, the title's letters come out in reading order.
      const text = pdfText(cover).replace(/[\u200e\u200f\u202a-\u202e\s]/g, '');
      expect(text).toContain(title.replace(/\s/g, ''));
    });
  }
});

describe.skipIf(!tools.poppler || !tools.qpdf)('every new PDF: qpdf --check clean, every font embedded', () => {
  it('imposed, interior and cover of a real book', async () => {
    const dir = podFolder('print:\n  impose:\n    kind: quarto\n    sheet: a4\n    marks: true\n  pod:\n    bleed: true\n');
    const out = temp();
    await buildBook(dir, { outDir: out, formats: ['pdf'] });
    for (const name of ['imposed', 'interior', 'cover']) {
      const file = join(out, `the-harbour-lamp.${name}.pdf`);
      expectQpdfClean(file);
      const fonts = spawnSync('pdffonts', [file], { encoding: 'utf8' }).stdout.trim().split('\n').slice(2);
      expect(fonts.length).toBeGreaterThan(0);
      for (const line of fonts) expect(line).toMatch(/\s+yes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/);
      // Text stays text: the story's words come out of every edition that holds pages.
      if (name !== 'cover') expect(spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout).toContain('ferry waited');
    }
    expect(spawnSync('pdftotext', [join(out, 'the-harbour-lamp.cover.pdf'), '-'], { encoding: 'utf8' }).stdout).toContain('will not wait');
  });
});
