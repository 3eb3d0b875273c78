// Which face sets a character of another script, and the bidirectional levels of a paragraph.
// Latin, Greek and Cyrillic never reach the slow parts: one regular-expression test per paragraph.

import type { CjkFamily, Face, ScriptFace } from '../fonts.js';

export type Script = 'arabic' | 'hebrew' | 'devanagari' | 'cjk';

/** The script of a character that needs a face of its own, by Unicode block. */
export function scriptOf(cp: number): Script | undefined {
  if (cp < 0x0590) return undefined;
  if (cp <= 0x05ff || (cp >= 0xfb1d && cp <= 0xfb4f)) return 'hebrew';
  if (cp <= 0x06ff || (cp >= 0x0750 && cp <= 0x077f) || (cp >= 0x0870 && cp <= 0x08ff) || (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfeff)) return 'arabic';
  if ((cp >= 0x0900 && cp <= 0x097f) || (cp >= 0xa8e0 && cp <= 0xa8ff) || (cp >= 0x1cd0 && cp <= 0x1cff)) return 'devanagari';
  if (
    (cp >= 0x1100 && cp <= 0x11ff) ||
    (cp >= 0x2e80 && cp <= 0x2fdf) ||
    (cp >= 0x3001 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7ff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    (cp >= 0x20000 && cp <= 0x3ffff)
  )
    return 'cjk';
  return undefined;
}

/** The face of a script for a text face's weight: bold text takes the script's bold. */
export function scriptFace(script: Script, textFace: Face, cjk: CjkFamily): ScriptFace {
  const bold = textFace.includes('bold');
  const family = script === 'cjk' ? cjk : script;
  return (bold ? `${family}-bold` : family) as ScriptFace;
}

/** Marks, joiners and variation selectors: they stay in the face of the letter before them. */
export function clingsToBase(cp: number): boolean {
  return (cp >= 0x0300 && cp <= 0x036f) || cp === 0x200c || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x1ab0 && cp <= 0x1aff) || (cp >= 0x20d0 && cp <= 0x20ff);
}

/**
 * Thrown by the layout when it meets a character of a script that HarfBuzz shapes before HarfBuzz is
 * loaded: layoutBook then loads it and the bidi algorithm and lays the book out again. A book without
 * such text never pays for either, not even a scan of its text.
 */
export class ComplexTextFound extends Error {
  constructor() {
    super('the text has characters of a script that HarfBuzz shapes');
  }
}

/** Right-to-left characters and explicit direction marks: without any, a left-to-right paragraph needs no bidi. */
const RTL_OR_CONTROL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u202a-\u202e\u2066-\u2069\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

export function hasRtl(text: string): boolean {
  return RTL_OR_CONTROL.test(text);
}

const STRONG = /[\p{L}]/u;

/** The direction of the first strong letter (UAX #9 P2), or undefined for none. */
export function firstStrongDirection(text: string): 'ltr' | 'rtl' | undefined {
  for (const ch of text) {
    if (!STRONG.test(ch)) continue;
    return RTL_LETTER.test(ch) ? 'rtl' : 'ltr';
  }
  return undefined;
}

const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

interface BidiJs {
  getEmbeddingLevels(text: string, direction?: 'ltr' | 'rtl' | 'auto'): { levels: Uint8Array; paragraphs: { start: number; end: number; level: number }[] };
}
let bidi: BidiJs | undefined;

/** bidi-js, loaded on the first paragraph with right-to-left text. */
export async function loadBidi(): Promise<void> {
  if (bidi) return;
  const mod = (await import('bidi-js')) as unknown as { default: () => BidiJs };
  bidi = mod.default();
}

/**
 * The paragraph's base direction: the book's, when the paragraph has a letter of that direction, else
 * its first strong letter's (an English quotation in an Arabic book stays left-to-right).
 */
export function paragraphDirection(text: string, bookDirection: 'ltr' | 'rtl'): 'ltr' | 'rtl' {
  if (bookDirection === 'rtl' ? RTL_LETTER.test(text) : hasLtrLetter(text)) return bookDirection;
  return firstStrongDirection(text) ?? bookDirection;
}

function hasLtrLetter(text: string): boolean {
  for (const ch of text) if (STRONG.test(ch) && !RTL_LETTER.test(ch)) return true;
  return false;
}

/** Embedding levels (UAX #9) per UTF-16 unit of a paragraph's text; undefined when all are 0. */
export function bidiLevels(text: string, direction: 'ltr' | 'rtl'): Uint8Array | undefined {
  if (direction === 'ltr' && !hasRtl(text)) return undefined;
  if (!bidi) throw new Error('bidi-js is not loaded: call loadBidi() first');
  return bidi.getEmbeddingLevels(text, direction).levels;
}

/**
 * Rule L2: the visual order of items with levels (the highest level's runs reversed first, down to the
 * lowest odd level). Returns the indexes of the items in visual order, left to right.
 */
export function visualOrder(levels: readonly number[]): number[] {
  const order = levels.map((_, i) => i);
  if (levels.length === 0) return order;
  let highest = 0;
  let lowestOdd = Infinity;
  for (const l of levels) {
    if (l > highest) highest = l;
    if (l % 2 === 1 && l < lowestOdd) lowestOdd = l;
  }
  for (let level = highest; level >= lowestOdd; level--) {
    let i = 0;
    while (i < order.length) {
      if (levels[order[i]] >= level) {
        let j = i;
        while (j + 1 < order.length && levels[order[j + 1]] >= level) j++;
        const slice = order.slice(i, j + 1).reverse();
        order.splice(i, slice.length, ...slice);
        i = j + 1;
      } else i++;
    }
  }
  return order;
}
