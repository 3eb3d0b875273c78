// Paints a run that HarfBuzz shapes (another script, combining marks) or that reads right to left.
// pdfkit's text() cannot: it lays words out left to right in logical order. Here each word is shaped in
// its direction and placed from the run's start side (the right, for a right-to-left run); the glyphs
// go into pdfkit's subset and ToUnicode map as its encode() would put them, and the run is wrapped in
// marked content with /ActualText, so text extraction gets the words in logical order even where a
// glyph (a contextual form, a ligature, a reordered vowel sign) has no character of its own.

import type { PdfFont } from './fonts.js';
import type { GlyphRun } from './font-engine/font.js';
import { HbFont } from './font-engine/harfbuzz.js';
import type { TextRun } from './layout/model.js';

/** pdfkit's embedded font, as far as this module uses it (EmbeddedFont's fields). */
interface EmbeddedFont {
  id: string;
  font: PdfFont;
  subset: { includeGlyph(id: number): number; includeGlyphFor?(id: number, text: string): number };
  widths: number[];
  unicode: number[][];
  scale: number;
  ref(): unknown;
}

export interface ShapedTextTarget {
  _font: EmbeddedFont;
  page: { fonts: Record<string, unknown> };
  addContent(data: string): unknown;
}

function num(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Whether a run takes this path: right to left, or in a face HarfBuzz shapes. */
export function isShapedRun(run: TextRun, scriptFace: boolean): boolean {
  return scriptFace || (run.level ?? 0) % 2 === 1;
}

/** A PDF text string in UTF-16BE with a byte-order mark, as hex (safe for any character). */
export function pdfTextString(text: string): string {
  if (text === '') return '()';
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

function layoutOf(font: PdfFont, text: string, features: string[] | undefined, rtl: boolean): GlyphRun {
  // HbFont takes the direction; EngineFont (a Latin face in a right-to-left run) shapes left to right.
  return font instanceof HbFont ? font.layout(text, features, rtl) : font.layout(text, features);
}

/** Paints `run` on the baseline y (pdfkit's y-down page coordinates), in the document's current font and size. */
export function drawShapedText(doc: ShapedTextTarget, run: TextRun, y: number, actualText: boolean): void {
  const embedded = doc._font;
  const font = embedded.font;
  if (doc.page.fonts[embedded.id] == null) doc.page.fonts[embedded.id] = embedded.ref();
  const rtl = (run.level ?? 0) % 2 === 1;
  const scale = run.size / font.unitsPerEm;
  const words = run.text.split(' ').filter((w) => w !== '');
  if (words.length === 0) return;
  const gap = (font.advance(' ') * scale) + run.wordSpacing;
  const at = (px: number, py: number) => `1 0 0 -1 ${num(px)} ${num(py)} Tm`;
  let out = actualText ? `/Span <</ActualText ${pdfTextString(run.text.replace(/ {2,}/g, ' ').trim())}>> BDC\n` : '';
  out += `BT\n/${embedded.id} ${num(run.size)} Tf\n`;
  let x = rtl ? run.x + run.width : run.x;
  for (const word of words) {
    const shaped = layoutOf(font, word, run.features, rtl);
    const width = shaped.advanceWidth * scale;
    if (rtl) x -= width;
    out += wordOperators(embedded, shaped, x, y, rtl, scale, at);
    x = rtl ? x - gap : x + width + gap;
  }
  out += 'ET';
  if (actualText) out += '\nEMC';
  doc.addContent(out);
}

/**
 * One word's glyphs from (x, y) in one TJ: offsets (marks) as pen moves around the glyph and a text
 * rise, never a new text matrix, so a reader sees one word. Each glyph goes into the subset and the
 * ToUnicode map; a right-to-left cluster's characters are mapped in visual order, as readers reverse
 * the glyphs of such a word to get its logical order.
 */
function wordOperators(font: EmbeddedFont, run: GlyphRun, x: number, y: number, rtl: boolean, scale: number, at: (x: number, y: number) => string): string {
  let out = `${at(x, y)}\n`;
  let segment = '';
  let codes = '';
  let rise = 0;
  // Pen movement owed before the next glyph, in font units (rightwards positive).
  let move = 0;
  const toThousandths = 1000 / font.font.unitsPerEm;
  const mapped = charsOf(run, rtl);
  const flush = () => {
    if (codes) segment += `<${codes}>`;
    if (segment) out += `[${segment}] TJ\n`;
    segment = '';
    codes = '';
  };
  for (let i = 0; i < run.glyphs.length; i++) {
    const glyph = run.glyphs[i];
    const pos = run.positions[i];
    const chars = mapped[i];
    // Our subsetter gives a glyph one id per text it stands for, so every id maps to its own characters.
    const gid = font.subset.includeGlyphFor ? font.subset.includeGlyphFor(glyph.id, String.fromCodePoint(...chars)) : font.subset.includeGlyph(glyph.id);
    font.widths[gid] ??= glyph.advanceWidth * font.scale;
    font.unicode[gid] ??= chars;
    if (pos.yOffset * scale !== rise) {
      if (Math.abs(move) > 1e-9) segment += `${num(-move * toThousandths)} `;
      move = 0;
      flush();
      rise = pos.yOffset * scale;
      out += `${num(rise)} Ts\n`;
    }
    move += pos.xOffset;
    if (Math.abs(move) > 1e-9) {
      if (codes) segment += `<${codes}> `;
      codes = '';
      segment += `${num(-move * toThousandths)} `;
    }
    codes += gid.toString(16).padStart(4, '0');
    // The PDF advances by the glyph's width; the pen must end at its start plus xAdvance.
    move = pos.xAdvance - pos.xOffset - glyph.advanceWidth;
  }
  if (Math.abs(move) > 1e-9) {
    if (codes) segment += `<${codes}> `;
    codes = '';
    segment += `${num(-move * toThousandths)} `;
  }
  flush();
  if (rise !== 0) out += '0 Ts\n';
  return out;
}

/**
 * The characters each glyph stands for in the ToUnicode map. A mark (no advance: Arabic vowels, Hebrew
 * points) is mapped with its letter, so a reader that groups glyphs by baseline does not split it off
 * as a line of its own; in a right-to-left word a glyph's characters are listed in visual order.
 */
function charsOf(run: GlyphRun, rtl: boolean): number[][] {
  const chars = run.glyphs.map((g) => [...g.codePoints]);
  const step = rtl ? 1 : -1;
  for (let i = 0; i < chars.length; i++) {
    if (run.positions[i].xAdvance !== 0 || chars[i].length === 0) continue;
    // The letter a mark sits on comes before it in logical order: to its right in a right-to-left word.
    for (let j = i + step; j >= 0 && j < chars.length; j += step) {
      if (run.positions[j].xAdvance === 0) continue;
      chars[j].push(...chars[i]);
      chars[i] = [];
      break;
    }
  }
  return rtl ? chars.map((c) => (c.length > 1 ? c.reverse() : c)) : chars;
}
