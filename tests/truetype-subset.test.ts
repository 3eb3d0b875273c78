// The PDF writer's own TrueType subsetter: fontkit must read back the same outlines and advances,
// and a PDF embedding it must pass qpdf and poppler and render exactly as with fontkit's subsetter.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectQpdfClean } from './helpers/qpdf.js';
import { parseTrueType, TrueTypeSubset } from '../src/writers/pdf/font-engine/subset.js';

const require = createRequire(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'ttf-subset-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FONTS = {
  garamond: '@expo-google-fonts/eb-garamond/400Regular/EBGaramond_400Regular.ttf',
  garamondItalic: '@expo-google-fonts/eb-garamond/400Regular_Italic/EBGaramond_400Regular_Italic.ttf',
  garamondBold: '@expo-google-fonts/eb-garamond/700Bold/EBGaramond_700Bold.ttf',
  garamondBoldItalic: '@expo-google-fonts/eb-garamond/700Bold_Italic/EBGaramond_700Bold_Italic.ttf',
  dejavuSerif: 'dejavu-fonts-ttf/ttf/DejaVuSerif.ttf',
  dejavuSans: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  // Only 4 long metrics: every other glyph takes the last advance and its own bearing.
  dejavuMono: 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf',
} as const;

/** The slice of fontkit's API these tests read (fontkit ships no types). */
interface FkGlyph {
  id: number;
  advanceWidth: number;
  path: { toSVG(): string };
  _getMetrics(): { leftBearing: number };
  _decode(): { numberOfContours: number; components?: { glyphID: number }[] } | null;
}
interface FkFont {
  numGlyphs: number;
  head: { indexToLocFormat: number };
  hhea: { numberOfMetrics: number };
  maxp: { numGlyphs: number };
  getGlyph(id: number): FkGlyph;
  glyphForCodePoint(codePoint: number): FkGlyph;
  createSubset(): { includeGlyph(id: number): number; encode(): Uint8Array };
}
// A Buffer is passed through uncopied, so fontkit and the subsetter share it as in the PDF writer.
const openFont = (bytes: Uint8Array) =>
  (fontkit as unknown as { create(b: Buffer): FkFont }).create(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
const fontBytes = (path: string) => readFileSync(require.resolve(path));

const ACCENTED = 'éÅŵçñüǺĄœ';
const TEXT = `Ångström’s café — naïve façade, “Ŵales” & Ǻrø; fine ﬁsh: ${ACCENTED}`;

function componentIds(font: FkFont, id: number): number[] {
  return font.getGlyph(id)._decode()?.components?.map((c) => c.glyphID) ?? [];
}

/** What the subset should hold, in order: the included glyphs, then components breadth-first. */
function expectedOrder(font: FkFont, included: number[]): number[] {
  const order = [...new Set([0, ...included])];
  for (let i = 0; i < order.length; i++) {
    for (const component of componentIds(font, order[i])) if (!order.includes(component)) order.push(component);
  }
  return order;
}

/** Text glyphs (accented letters among them), then every 11th glyph of the font, ~300 in all. */
function sampleGlyphs(font: FkFont, limit = 300): number[] {
  const ids = [...TEXT].map((ch) => font.glyphForCodePoint(ch.codePointAt(0)!).id);
  for (let id = font.numGlyphs - 1; ids.length < limit && id > 0; id -= 11) ids.push(id);
  return ids;
}

function expectSameGlyph(original: FkFont, oldId: number, subset: FkFont, newId: number): void {
  const a = original.getGlyph(oldId);
  const b = subset.getGlyph(newId);
  expect(b.advanceWidth, `advance of ${oldId}`).toBe(a.advanceWidth);
  expect(b._getMetrics().leftBearing, `bearing of ${oldId}`).toBe(a._getMetrics().leftBearing);
  expect(b.path.toSVG(), `outline of ${oldId}`).toBe(a.path.toSVG());
}

function uint32Sum(bytes: Uint8Array, offset: number, length: number): number {
  const padded = new Uint8Array((length + 3) & ~3);
  padded.set(bytes.subarray(offset, offset + length));
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let at = 0; at < padded.length; at += 4) sum = (sum + view.getUint32(at)) >>> 0;
  return sum;
}

/** The sfnt container rules a strict reader (a PDF viewer, OTS) checks. */
function expectWellFormedSfnt(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(view.getUint32(0)).toBe(0x00010000);
  const numTables = view.getUint16(4);
  const power = 2 ** Math.floor(Math.log2(numTables));
  expect([view.getUint16(6), view.getUint16(8), view.getUint16(10)]).toEqual([power * 16, Math.log2(power), numTables * 16 - power * 16]);
  const tags: string[] = [];
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    const tag = String.fromCharCode(...bytes.subarray(record, record + 4));
    const [checksum, offset, length] = [view.getUint32(record + 4), view.getUint32(record + 8), view.getUint32(record + 12)];
    expect(offset % 4, tag).toBe(0);
    expect(offset + length).toBeLessThanOrEqual(bytes.length);
    // head's checksum is taken with checkSumAdjustment zeroed.
    const adjustment = tag === 'head' ? view.getUint32(offset + 8) : 0;
    expect((uint32Sum(bytes, offset, length) - adjustment) >>> 0, `checksum of ${tag}`).toBe(checksum);
    tags.push(tag);
  }
  expect(tags).toEqual([...tags].sort());
  expect(bytes.length % 4).toBe(0);
  expect(uint32Sum(bytes, 0, bytes.length), 'whole-font checksum').toBe(0xb1b0afba);
  return tags;
}

describe.each(Object.entries(FONTS))('subset of %s', (name, path) => {
  const bytes = fontBytes(path);
  const original = openFont(bytes);
  const included = sampleGlyphs(original);
  const subset = new TrueTypeSubset(parseTrueType(bytes));
  const newIds = included.map((id) => subset.includeGlyph(id));
  const encoded = subset.encode();
  const reopened = openFont(encoded);
  const order = expectedOrder(original, included);

  test('holds the included glyphs in first-call order, then their components', () => {
    expect(newIds).toEqual(included.map((id) => order.indexOf(id)));
    expect(reopened.numGlyphs).toBe(order.length);
    expect(reopened.maxp.numGlyphs).toBe(order.length);
    expect(reopened.hhea.numberOfMetrics).toBe(order.length);
    expect(reopened.head.indexToLocFormat).toBe(1);
    // fontkit's own subsetter lands on the same glyph count for the same includes.
    const theirs = original.createSubset();
    for (const id of included) theirs.includeGlyph(id);
    expect(openFont(theirs.encode()).numGlyphs).toBe(order.length);
  });

  test('every glyph keeps its advance, bearing and outline', () => {
    order.forEach((oldId, newId) => expectSameGlyph(original, oldId, reopened, newId));
  });

  test('accented letters are composites whose components were pulled in and remapped', () => {
    const composites = [...ACCENTED].map((ch) => original.glyphForCodePoint(ch.codePointAt(0)!).id).filter((id) => componentIds(original, id).length > 0);
    expect(composites.length).toBeGreaterThanOrEqual(4);
    for (const oldId of composites) {
      const newId = order.indexOf(oldId);
      expect(componentIds(reopened, newId)).toEqual(componentIds(original, oldId).map((c) => order.indexOf(c)));
      expect(reopened.getGlyph(newId).path.toSVG()).not.toBe('');
      expectSameGlyph(original, oldId, reopened, newId);
    }
  });

  test('FreeType (via fc-query) sees the same kind of font as the original: scalable, TrueType, hinted or not', () => {
    const file = join(dir, `${name}.ttf`);
    writeFileSync(file, encoded);
    const traits = (font: string) => execFileSync('fc-query', [font], { encoding: 'utf8' }).match(/^\s*(outline|scalable|fontformat|fonthashint): .*$/gm);
    expect(traits(file)).toHaveLength(4);
    expect(traits(file)).toEqual(traits(require.resolve(path)));
  });

  test('is a well-formed sfnt with the tables fontkit writes, plus post', () => {
    const tags = expectWellFormedSfnt(encoded);
    const hinting = ['cvt ', 'fpgm', 'prep'].filter((tag) => parseTrueType(bytes).tables.has(tag));
    expect(tags).toEqual(['glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'post', ...hinting].sort());
  });
});

describe('new glyph ids', () => {
  const bytes = fontBytes(FONTS.garamond);
  const font = openFont(bytes);
  const [a, b, eAcute] = ['a', 'b', 'é'].map((ch) => font.glyphForCodePoint(ch.codePointAt(0)!).id);

  test('.notdef is 0, others count up in first-call order, repeats return the same id', () => {
    const subset = new TrueTypeSubset(parseTrueType(bytes));
    expect(subset.cff).toBeUndefined();
    expect(subset.includeGlyph(b)).toBe(1);
    expect(subset.includeGlyph(a)).toBe(2);
    expect(subset.includeGlyph(0)).toBe(0);
    expect(subset.includeGlyph(b)).toBe(1);
    expect(subset.includeGlyph(eAcute)).toBe(3);
    expect(subset.includeGlyph(a)).toBe(2);
  });

  test('encoding does not claim ids: a component included afterwards takes the next free id', () => {
    const subset = new TrueTypeSubset(parseTrueType(bytes));
    subset.includeGlyph(eAcute);
    expect(openFont(subset.encode()).numGlyphs).toBe(2 + componentIds(font, eAcute).length);
    const [base] = componentIds(font, eAcute);
    expect(subset.includeGlyph(base)).toBe(2);
    expect(openFont(subset.encode()).getGlyph(2).path.toSVG()).toBe(font.getGlyph(base).path.toSVG());
  });

  test('encoding leaves the caller’s font bytes alone (Buffer#slice would share them)', () => {
    const buffer = fontBytes(FONTS.garamond);
    const pristine = Buffer.from(buffer);
    const file = parseTrueType(buffer);
    const first = new TrueTypeSubset(file);
    first.includeGlyph(eAcute);
    const encoded = first.encode();
    expect(buffer.equals(pristine)).toBe(true);
    const second = new TrueTypeSubset(parseTrueType(buffer));
    second.includeGlyph(eAcute);
    expect(second.encode()).toEqual(encoded);
  });

  test('ids outside the font are refused', () => {
    const subset = new TrueTypeSubset(parseTrueType(bytes));
    expect(() => subset.includeGlyph(font.numGlyphs)).toThrow(RangeError);
    expect(() => subset.includeGlyph(-1)).toThrow(RangeError);
    expect(() => subset.includeGlyph(1.5)).toThrow(RangeError);
  });

  test('only glyf-outline fonts are accepted', () => {
    const otto = new Uint8Array(bytes);
    otto.set([0x4f, 0x54, 0x54, 0x4f]);
    expect(() => parseTrueType(otto)).toThrow(/sfnt version 0x4f54544f/);
    expect(() => parseTrueType(new Uint8Array(8))).toThrow(/too short/);
  });
});

// The bundled faces use none of the scaled-component forms, so a small font is built here that does:
// short loca, two long metrics for five glyphs, no post or hinting tables, and a composite of a composite.
describe('composite records with scales, in a hand-built font', () => {
  const f2dot14 = (value: number) => Math.round(value * 16384);
  const be16 = (...values: number[]) => values.flatMap((v) => [(v >> 8) & 0xff, v & 0xff]);
  const be32 = (value: number) => [...be16(value >>> 16), ...be16(value & 0xffff)];

  function simpleGlyph(points: [number, number][]): number[] {
    const xs = points.map(([x]) => x);
    const ys = points.map(([, y]) => y);
    const deltas = (values: number[]) => values.map((v, i) => v - (i ? values[i - 1] : 0));
    return [
      ...be16(1, Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys), points.length - 1, 0),
      ...points.map(() => 0x01), // on curve, coordinates as 16-bit deltas
      ...be16(...deltas(xs)),
      ...be16(...deltas(ys)),
    ];
  }
  // flags: 1 words, 8 scale, 0x20 more, 0x40 x/y scale, 0x80 two-by-two
  const composite = (...records: number[][]) => [...be16(0xffff, 0, 0, 0, 0), ...records.flat()];
  const GLYPHS = [
    simpleGlyph([[0, 0], [0, 700], [500, 700], [500, 0]]),
    simpleGlyph([[50, 0], [250, 600], [450, 0]]),
    // Each scaled form sits before another record, so misreading its length would misplace the next id.
    composite(
      [...be16(0x0001 | 0x0040 | 0x0020, 1, 300, -40), ...be16(f2dot14(1.5), f2dot14(0.25))],
      [...be16(0x0008 | 0x0020, 0), 10, 20, ...be16(f2dot14(0.5))],
      [...be16(0, 1), 0x80, 0x7f],
    ),
    composite([...be16(0x0001 | 0x0080 | 0x0020, 2, 100, 200), ...be16(f2dot14(0.5), f2dot14(0.25), f2dot14(-0.25), f2dot14(1))], [...be16(0, 1), 0xf6, 5]),
    [],
  ].map((glyph) => (glyph.length % 2 ? [...glyph, 0] : glyph)); // short loca counts in 2-byte units

  function buildFont(): Uint8Array {
    const locaOffsets = GLYPHS.reduce((offsets, glyph) => [...offsets, offsets.at(-1)! + glyph.length], [0]);
    const tables: Record<string, number[]> = {
      head: [...be32(0x00010000), ...be32(0), ...be32(0), ...be32(0x5f0f3cf5), ...be16(0, 1000), ...new Array(16).fill(0), ...be16(0, 0, 500, 700, 0, 8, 2, 0, 0)],
      hhea: [...be32(0x00010000), ...be16(800, -200, 0, 500, 0, 0, 500, 1, 0, 0, 0, 0, 0, 0, 0, 2)],
      // Version 1.0: fontkit reads only that layout.
      maxp: [...be32(0x00010000), ...be16(GLYPHS.length, 4, 1, 7, 2, 1, 0, 0, 0, 0, 0, 0, 2, 2)],
      hmtx: be16(500, 0, 600, 50, 0, 10, 20),
      loca: be16(...locaOffsets.map((offset) => offset / 2)),
      glyf: GLYPHS.flat(),
    };
    const tags = Object.keys(tables).sort();
    const out: number[] = [...be32(0x00010000), ...be16(tags.length, 64, 2, tags.length * 16 - 64)];
    let offset = 12 + tags.length * 16;
    const bodies: number[] = [];
    for (const tag of tags) {
      const body = [...tables[tag], ...new Array((4 - (tables[tag].length % 4)) % 4).fill(0)];
      out.push(...[...tag].map((c) => c.charCodeAt(0)), ...be32(0), ...be32(offset), ...be32(tables[tag].length));
      bodies.push(...body);
      offset += body.length;
    }
    return new Uint8Array([...out, ...bodies]);
  }

  let original: FkFont;
  let reopened: FkFont;
  beforeAll(() => {
    const bytes = buildFont();
    original = openFont(bytes);
    const subset = new TrueTypeSubset(parseTrueType(bytes));
    expect([subset.includeGlyph(3), subset.includeGlyph(4)]).toEqual([1, 2]);
    reopened = openFont(subset.encode());
  });

  test('the hand-built font reads as intended', () => {
    expect(componentIds(original, 3)).toEqual([2, 1]);
    expect(componentIds(original, 2)).toEqual([1, 0, 1]);
    expect(original.getGlyph(3).path.toSVG()).not.toBe('');
  });

  test('nested components are appended breadth-first and remapped; scaled outlines match', () => {
    const order = [0, 3, 4, 2, 1];
    expect(reopened.numGlyphs).toBe(order.length);
    expect(componentIds(reopened, 1)).toEqual([3, 4]);
    expect(componentIds(reopened, 3)).toEqual([4, 0, 4]);
    order.forEach((oldId, newId) => expectSameGlyph(original, oldId, reopened, newId));
    expect(reopened.getGlyph(2).path.toSVG()).toBe('');
  });

  test('the output is still a well-formed sfnt without post or hinting tables', () => {
    const bytes = buildFont();
    const subset = new TrueTypeSubset(parseTrueType(bytes));
    subset.includeGlyph(3);
    expect(expectWellFormedSfnt(subset.encode())).toEqual(['glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp']);
  });
});

describe('a PDF embedding the subsets', () => {
  const FACES = { garamond: FONTS.garamond, italic: FONTS.garamondItalic, serif: FONTS.dejavuSerif, mono: FONTS.dejavuMono } as const;
  const LINES: [keyof typeof FACES, string][] = [
    ['garamond', TEXT],
    ['italic', 'Ǻngel’s tête-à-tête, Ŵyn’s œuvre'],
    ['serif', 'DejaVu: Ærøskøbing, Łódź, ŵ ŷ é'],
    ['mono', 'const café = "naïve"; // Å ŵ'],
  ];

  /** Draws LINES; `ours` swaps fontkit's subsetter for the one under test. */
  async function makePdf(ours: boolean): Promise<Uint8Array> {
    const doc = new PDFDocument({ size: [420, 200], margin: 20, info: { CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
    for (const [name, path] of Object.entries(FACES)) {
      const bytes = fontBytes(path);
      const font = openFont(bytes);
      if (ours) font.createSubset = () => new TrueTypeSubset(parseTrueType(bytes));
      // pdfkit takes an opened fontkit font as the source (it checks for `layout`).
      doc.registerFont(name, font as unknown as Buffer);
    }
    for (const [face, line] of LINES) doc.font(face).fontSize(14).text(line);
    doc.end();
    await done;
    return Buffer.concat(chunks);
  }

  let file: string;
  let reference: string;
  beforeAll(async () => {
    file = join(dir, 'ours.pdf');
    reference = join(dir, 'fontkit.pdf');
    writeFileSync(file, await makePdf(true));
    writeFileSync(reference, await makePdf(false));
  });

  test('qpdf --check finds no errors', () => {
    expectQpdfClean(file);
  });

  test('pdffonts lists every face as an embedded, subset CID TrueType font', () => {
    const rows = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(rows).toHaveLength(Object.keys(FACES).length);
    for (const row of rows) {
      expect(row).toMatch(/^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s/);
    }
  });

  test('pdftotext gives back the text drawn, accents and all', () => {
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const squash = (s: string) => s.normalize('NFC').replace(/ﬁ/g, 'fi').replace(/\s+/g, ' ').trim();
    expect(squash(text)).toBe(squash(LINES.map(([, line]) => line).join('\n')));
  });

  test('pdftoppm renders page 1 pixel for pixel as with fontkit’s subsets', () => {
    const render = (pdf: string, format: 'png' | 'pgm') => {
      const prefix = pdf.replace(/\.pdf$/, '');
      const args = format === 'png' ? ['-png'] : ['-gray'];
      execFileSync('pdftoppm', ['-r', '50', ...args, '-singlefile', '-f', '1', '-l', '1', pdf, prefix]);
      return readFileSync(`${prefix}.${format}`);
    };
    expect(render(file, 'png').equals(render(reference, 'png'))).toBe(true);
    // Not two blank pages: a fair number of pixels are inked.
    const pgm = render(file, 'pgm');
    const [, width, height] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 32))!.map(Number);
    const inked = pgm.subarray(pgm.length - width * height).filter((value) => value < 128).length;
    expect(inked).toBeGreaterThan(200);
  });
});
