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
import { makeBookFolder, tempDir } from './helpers/book-folder.js';
import { bookMeta } from './helpers/book-meta.js';
import { box, contentStreams, pageDictionaries } from './helpers/pdf-objects.js';
import { makePng } from './helpers/png.js';
import { expectQpdfClean } from './helpers/qpdf.js';
import { tools } from './helpers/tools.js';

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

const book: Book = { meta: bookMeta({ title: 'Marked Pages' }), front: [], chapters: [], back: [], assets: [], print: {} };

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
    expect(pages[0].words.map((w) => w.text).join(' ')).toContain('fold');
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
