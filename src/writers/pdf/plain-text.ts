// A faster way to paint the common run: plain text, no link, no OpenType features, on one line.
//
// Why: in a 100k-word profile, pdfkit's text() path was the largest part of drawing. For every run it
// copies and defaults the options, shapes the whole run twice only to measure it (for link boxes and the
// text cursor, neither used here), re-encodes every word, and joins the glyph arrays with concat (quadratic
// in the words of a line). This writes exactly the operators pdfkit's _fragment writes for such a run —
// same q/cm/BT/Tm/Tf/TJ/ET/Q, same rounding — through pdfkit's own save/transform/addContent/restore and
// its font's encode(), and reuses each word's encoding, so the PDF is byte-identical (checked by
// comparing files built both ways) and pdfkit still subsets the fonts and writes the file.

interface GlyphPosition {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}

/** pdfkit's embedded font, as far as this module uses it. */
interface EmbeddedFont {
  id: string;
  encode(text: string, features?: string[]): [string[], GlyphPosition[]];
  ref(): unknown;
}

/** The parts of pdfkit's document (some internal) that painting a run needs. */
export interface PdfTextTarget {
  _font: EmbeddedFont;
  _fontSize: number;
  page: { height: number; fonts: Record<string, unknown> };
  x: number;
  y: number;
  save(): unknown;
  restore(): unknown;
  transform(m11: number, m12: number, m21: number, m22: number, dx: number, dy: number): unknown;
  addContent(data: string): unknown;
  widthOfString(text: string): number;
}

/** pdfkit's number formatting for content streams (PDFObject.number). */
function num(n: number): number {
  if (n > -1e21 && n < 1e21) return Math.round(n * 1e6) / 1e6;
  throw new Error(`unsupported number: ${n}`);
}

const encodings = new WeakMap<EmbeddedFont, Map<string, [string[], GlyphPosition[]]>>();

/** A word's glyph codes and positions in a font; encode() also adds the glyphs to the font's subset. */
function encodeWord(font: EmbeddedFont, word: string): [string[], GlyphPosition[]] {
  let words = encodings.get(font);
  if (!words) {
    words = new Map();
    encodings.set(font, words);
  }
  let encoded = words.get(word);
  if (!encoded) {
    encoded = font.encode(word);
    words.set(word, encoded);
  }
  return encoded;
}

/** Whether a run can take the fast path; anything else goes through doc.text(). */
export function isPlainRun(text: string, url: string | undefined, features: readonly string[] | undefined): boolean {
  return url === undefined && (features === undefined || features.length === 0) && !text.includes('\n');
}

/**
 * Paints `text` at (x, y) in the current font and size, with `wordSpacing` points added to each space,
 * as `doc.text(text, x, y, { lineBreak: false, baseline: 'alphabetic', wordSpacing })` does (non-zero
 * wordSpacing, no newline).
 */
export function drawPlainText(doc: PdfTextTarget, text: string, x: number, y: number, wordSpacing: number): void {
  doc.x = x;
  doc.y = y;
  const line = text.replace(/\s{2,}/g, ' ');
  if (line.length === 0) return;
  const font = doc._font;
  const size = doc._fontSize;

  doc.save();
  doc.transform(1, 0, 0, -1, 0, doc.page.height);
  y = doc.page.height - y - 0;
  if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
  doc.addContent('BT');
  doc.addContent(`1 0 0 1 ${num(x)} ${num(y)} Tm`);
  doc.addContent(`/${font.id} ${num(size)} Tf`);

  let spacing = wordSpacing;
  spacing += doc.widthOfString(' ') + 0;
  spacing *= 1000 / size;
  const encoded: string[] = [];
  const positions: GlyphPosition[] = [];
  for (const word of line.trim().split(/\s+/)) {
    const [codes, places] = encodeWord(font, word);
    for (const c of codes) encoded.push(c);
    for (const p of places) positions.push(p);
    // As pdfkit does: the space goes after the last glyph so far (a word with no glyphs adds it again).
    if (positions.length > 0) {
      const last = positions[positions.length - 1];
      positions[positions.length - 1] = { ...last, xAdvance: last.xAdvance + spacing };
    }
  }

  const scale = size / 1000;
  const commands: string[] = [];
  let start = 0;
  let hadOffset = false;
  const addSegment = (cur: number) => {
    if (start < cur) {
      const hex = encoded.slice(start, cur).join('');
      const advance = positions[cur - 1].xAdvance - positions[cur - 1].advanceWidth;
      commands.push(`<${hex}> ${num(-advance)}`);
    }
    start = cur;
  };
  const flush = (i: number) => {
    addSegment(i);
    if (commands.length > 0) {
      doc.addContent(`[${commands.join(' ')}] TJ`);
      commands.length = 0;
    }
  };
  let i = 0;
  for (i = 0; i < positions.length; i++) {
    const pos = positions[i];
    if (pos.xOffset || pos.yOffset) {
      flush(i);
      doc.addContent(`1 0 0 1 ${num(x + pos.xOffset * scale)} ${num(y + pos.yOffset * scale)} Tm`);
      flush(i + 1);
      hadOffset = true;
    } else {
      if (hadOffset) {
        doc.addContent(`1 0 0 1 ${num(x)} ${num(y)} Tm`);
        hadOffset = false;
      }
      if (pos.xAdvance - pos.advanceWidth !== 0) addSegment(i + 1);
    }
    x += pos.xAdvance * scale;
  }
  flush(i);
  doc.addContent('ET');
  doc.restore();
}
