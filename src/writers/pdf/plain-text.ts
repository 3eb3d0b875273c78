// A faster way to paint the common run: text without a link, on one line.
//
// Why: in a 100k-word profile, pdfkit's text() path was the largest part of drawing. For every run it
// copies and defaults the options, shapes the whole run twice only to measure it (for link boxes and the
// text cursor, neither used here), re-encodes every word, and joins the glyph arrays with concat (quadratic
// in the words of a line). This writes one text object per run through pdfkit's addContent, each word's
// operators made once from the engine's shaping (or pdfkit's encode() for a face the engine does not
// shape), adding its glyphs to pdfkit's subset, so pdfkit still subsets the fonts and writes the file.

import { mapOf } from './maps.js';

interface GlyphPosition {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}

/** The face pdfkit embeds: the engine's font (font-engine/font.ts) offers its shaping directly. */
interface SourceFont {
  engineRun?(text: string, features: readonly string[]): { glyphs: number[]; codePoints: number[][]; positions: number[] } | undefined;
  data?: { advances: ArrayLike<number> };
}

/** pdfkit's embedded font, as far as this module uses it (some of it internal: its subset and tables). */
interface EmbeddedFont {
  id: string;
  font: SourceFont;
  scale: number;
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
  encode(text: string, features?: readonly string[]): [string[], GlyphPosition[]];
  ref(): unknown;
}

/** The parts of pdfkit's document (some internal) that painting a run needs. */
export interface PdfTextTarget {
  _font: EmbeddedFont;
  _fontSize: number;
  page: { height: number; fonts: Record<string, unknown> };
  x: number;
  y: number;
  addContent(data: string): unknown;
  widthOfString(text: string): number;
}

/** pdfkit's number formatting for content streams (PDFObject.number). */
function num(n: number): number {
  if (n > -1e21 && n < 1e21) return Math.round(n * 1e6) / 1e6;
  throw new Error(`unsupported number: ${n}`);
}

/**
 * A kerning in a TJ array, in thousandths of an em, to a hundredth: 1e-5 em, a ten-thousandth of a point
 * at text sizes, where pdfkit writes six decimals. Every gap between words carries one, so the digits
 * were a tenth of a page's content stream, and of the time spent compressing it.
 */
function kern(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * Glyph codes (pdfkit writes each as four hex digits of a two-byte code) as a PDF literal string of those
 * bytes: half the length of the hex string, so the content stream is shorter to build and to compress. The
 * delimiters and the backslash are escaped, and so are CR and LF, which a reader would read as a line end.
 */
export function literalCodes(hex: string): string {
  let out = '(';
  for (let i = 0; i < hex.length; i += 2) out += literalByte(parseInt(hex.slice(i, i + 2), 16));
  return `${out})`;
}

/** One byte inside a PDF literal string, escaped where it must be. */
function literalByte(byte: number): string {
  if (byte === 0x28 || byte === 0x29 || byte === 0x5c) return `\\${String.fromCharCode(byte)}`;
  if (byte === 0x0d) return '\\r';
  if (byte === 0x0a) return '\\n';
  return String.fromCharCode(byte);
}

/** A glyph code (two bytes, high first) as it stands inside a literal string: literalCodes of its hex, unwrapped. */
function literalGlyphCode(code: number): string {
  return literalByte(code >> 8) + literalByte(code & 0xff);
}

const encodings = new WeakMap<EmbeddedFont, Map<string, [string[], GlyphPosition[]]>>();

/** A word (with OpenType features, if any) as the key of the caches below. */
function wordKey(word: string, features: readonly string[] | undefined): string {
  return features === undefined || features.length === 0 ? word : `${features.join(',')}\u0000${word}`;
}

/** A word's glyph codes and positions in a font; encode() also adds the glyphs to the font's subset. */
function encodeWord(font: EmbeddedFont, word: string, features: readonly string[] | undefined): [string[], GlyphPosition[]] {
  const words = mapOf(encodings, font);
  const key = wordKey(word, features);
  let encoded = words.get(key);
  if (!encoded) {
    encoded = font.encode(word, features);
    words.set(key, encoded);
  }
  return encoded;
}

/**
 * A word's part of a TJ array, made once per font and word: `codes` holds its glyph codes as strings, each
 * followed by its kerning but the last, and `lastKern` is its last glyph's own kerning, to which a run adds
 * the space that follows the word. Null for a word with a glyph placed off its pen position (a mark) or
 * with no glyph, which take the general path.
 */
interface WordInRun {
  codes: string;
  lastKern: number;
}

/**
 * A word's operators from its glyphs, in order: `code(i)`, a glyph's code as it stands in a literal string
 * (literalGlyphCode), `kerning(i)`, its advance less its own width (thousandths of an em), `offPen(i)`,
 * whether it is placed off its pen position.
 */
function operatorsOf(count: number, code: (i: number) => string, kerning: (i: number) => number, offPen: (i: number) => boolean): WordInRun | null {
  if (count === 0) return null;
  let pieces = '';
  let tail = '';
  let lastKern = 0;
  for (let i = 0; i < count; i++) {
    if (offPen(i)) return null;
    tail += code(i);
    const glyphKern = kerning(i);
    if (i === count - 1) lastKern = glyphKern;
    else if (glyphKern !== 0) {
      pieces += `(${tail})${kern(-glyphKern)}`;
      tail = '';
    }
  }
  return { codes: `${pieces}(${tail})`, lastKern };
}

const operators = new WeakMap<EmbeddedFont, Map<string, WordInRun | null>>();

function wordOperators(font: EmbeddedFont, word: string, features: readonly string[] | undefined): WordInRun | null {
  const words = mapOf(operators, font);
  const key = wordKey(word, features);
  let ops = words.get(key);
  if (ops === undefined) {
    ops = engineOperators(font, word, features);
    if (ops === undefined) {
      const [codes, places] = encodeWord(font, word, features);
      ops = operatorsOf(
        codes.length,
        (i) => literalCodes(codes[i]).slice(1, -1),
        (i) => places[i].xAdvance - places[i].advanceWidth,
        (i) => places[i].xOffset !== 0 || places[i].yOffset !== 0,
      );
    }
    words.set(key, ops);
  }
  return ops;
}

/**
 * A word's operators from the engine's shaping, as wordOperators makes them from pdfkit's encode(), which
 * would lay the word out into an object per glyph and position (and keep them in its cache) only for this
 * to read their numbers once. The glyphs go into the subset, with their widths and text, in the order and
 * with the values encode() gives them, so the file is the same. Undefined when the engine does not shape
 * the word (fontkit's or HarfBuzz's face), or when pdfkit would shape it in pieces (a tab splits a word).
 */
function engineOperators(font: EmbeddedFont, word: string, features: readonly string[] | undefined): WordInRun | null | undefined {
  const source = font.font;
  if (!source.engineRun || !source.data || word.includes('\t')) return undefined;
  const run = source.engineRun(word, features ?? []);
  if (!run) return undefined;
  // Its code points are read only for a glyph new to the font's text map (a measured run makes them then).
  const { glyphs, positions } = run;
  const advances = source.data.advances;
  const scale = font.scale;
  const codes: string[] = [];
  for (let i = 0; i < glyphs.length; i++) {
    const gid = font.subset.includeGlyph(glyphs[i]);
    // The glyph code's bytes for a literal string, straight from the number (not through four hex digits).
    codes.push(literalGlyphCode(gid));
    font.widths[gid] ??= advances[glyphs[i]] * scale;
    font.unicode[gid] ??= run.codePoints[i];
  }
  return operatorsOf(
    glyphs.length,
    (i) => codes[i],
    (i) => positions[i * 4] * scale - advances[glyphs[i]] * scale,
    (i) => positions[i * 4 + 2] * scale !== 0 || positions[i * 4 + 3] * scale !== 0,
  );
}

/**
 * The TJ operator of a run whose words all have plain operators, or undefined to take the general path:
 * the same text as the general path writes, word by word instead of glyph by glyph.
 */
function plainWordsTJ(font: EmbeddedFont, words: readonly string[], features: readonly string[] | undefined, spacing: number): string | undefined {
  // The kerning after most words, whose last glyph has none of its own: one string for the run.
  const gap = String(kern(-spacing));
  let segment = '';
  for (let w = 0; w < words.length; w++) {
    const ops = wordOperators(font, words[w], features);
    if (!ops) return undefined;
    const after = ops.lastKern + spacing;
    // A zero kerning after a word would join its codes with the next word's: the general path does that.
    if (after === 0) return undefined;
    segment += ops.codes;
    segment += ops.lastKern === 0 ? gap : String(kern(-after));
  }
  return segment && `[${segment}] TJ\n`;
}

const spaceWidths = new WeakMap<EmbeddedFont, Map<number, number>>();

/** pdfkit's width of a space in a font and size, asked once per pair (pdfkit lays the space out each time). */
function spaceWidth(doc: PdfTextTarget, font: EmbeddedFont, size: number): number {
  const sizes = mapOf(spaceWidths, font);
  let width = sizes.get(size);
  if (width === undefined) {
    width = doc.widthOfString(' ');
    sizes.set(size, width);
  }
  return width;
}

/** Whether a run can take the fast path; anything else goes through doc.text(). */
export function isPlainRun(text: string, url: string | undefined): boolean {
  return url === undefined && !text.includes('\n');
}

/**
 * Paints `text` at (x, y) in the current font and size, with `wordSpacing` points added to each space,
 * as `doc.text(text, x, y, { lineBreak: false, baseline: 'alphabetic', wordSpacing, features })` would
 * (non-zero wordSpacing, no newline), in one text object: BT, Tf, Tm, TJ, ET. Like pdfkit, each word is
 * shaped with the features and the space between words without them.
 */
export function drawPlainText(doc: PdfTextTarget, text: string, x: number, y: number, wordSpacing: number, features?: readonly string[]): void {
  doc.x = x;
  doc.y = y;
  // Runs separate words with ASCII spaces (setline.ts); other spaces (U+202F in French) are glyphs.
  const line = text.replace(/ {2,}/g, ' ');
  if (line.length === 0) return;
  const font = doc._font;
  const size = doc._fontSize;
  if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();

  // Spaces are not drawn: each word's last glyph advances by the space's width plus the word spacing.
  const spacing = ((wordSpacing + spaceWidth(doc, font, size)) * 1000) / size;
  // No run of spaces is left, so one space separates the words.
  const words = line.trim().split(' ');
  const scale = size / 1000;
  // pdfkit's pages draw with y downwards (a flipped CTM); a text matrix flipped back keeps glyphs upright
  // without pdfkit's per-run q/cm/Q, which was a third of the content stream.
  const at = (px: number, py: number) => `1 0 0 -1 ${num(px)} ${num(py)} Tm`;
  let out = `BT\n/${font.id} ${num(size)} Tf\n${at(x, y)}\n`;
  // The common run: every word's operators made once and joined.
  const tj = plainWordsTJ(font, words, features, spacing);
  if (tj !== undefined) {
    doc.addContent(`${out}${tj}ET`);
    return;
  }

  const encoded: string[] = [];
  const positions: GlyphPosition[] = [];
  const extra: number[] = [];
  for (let w = 0; w < words.length; w++) {
    const [codes, places] = encodeWord(font, words[w], features);
    for (let k = 0; k < codes.length; k++) {
      encoded.push(codes[k]);
      positions.push(places[k]);
      extra.push(0);
    }
    // As pdfkit does: the space goes after the last glyph so far (a word with no glyphs adds it again).
    if (extra.length > 0) extra[extra.length - 1] += spacing;
  }

  // TJ: runs of glyph codes, each followed by its kerning (thousandths of an em, positive moves left).
  let segment = '';
  let codes = '';
  let hadOffset = false;
  const flush = () => {
    if (codes) segment += `<${codes}>`;
    if (segment) out += `[${segment}] TJ\n`;
    segment = '';
    codes = '';
  };
  for (let i = 0; i < positions.length; i++) {
    const pos = positions[i];
    const kern = pos.xAdvance - pos.advanceWidth + extra[i];
    if (pos.xOffset || pos.yOffset) {
      // A glyph placed off its pen position (a mark): its own text matrix, then back to the pen.
      flush();
      out += `${at(x + pos.xOffset * scale, y - pos.yOffset * scale)}\n<${encoded[i]}> Tj\n`;
      hadOffset = true;
    } else {
      if (hadOffset) {
        out += `${at(x, y)}\n`;
        hadOffset = false;
      }
      codes += encoded[i];
      if (kern !== 0) {
        segment += `<${codes}> ${num(-kern)} `;
        codes = '';
      }
    }
    x += (pos.xAdvance + extra[i]) * scale;
  }
  flush();
  doc.addContent(`${out}ET`);
}
