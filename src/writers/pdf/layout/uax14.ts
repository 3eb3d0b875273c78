// Break opportunities inside a run of text that has no spaces (Chinese, Japanese, Korean), from the
// Unicode Line Breaking Algorithm (UAX #14, the `linebreak` package). Its strict classes give kinsoku
// shori: no break before closing punctuation, iteration marks, the prolonged sound mark or small kana
// (NS, CL, CP, EX), none after opening brackets (OP).

import { createRequire } from 'node:module';

interface Break {
  position: number;
  required: boolean;
}
type LineBreakerClass = new (text: string) => { nextBreak(): Break | null };

const require = createRequire(import.meta.url);
// Loaded on the first text that needs it: a book in a spaced script never pays for its tables.
let LineBreaker: LineBreakerClass | undefined;

/** True for a code point of a script written without spaces between words (or Hangul, broken only when needed). */
export function breaksWithoutSpaces(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x11ff) || // Hangul Jamo
    (cp >= 0x2e80 && cp <= 0x2fdf) || // CJK radicals
    (cp >= 0x3000 && cp <= 0x303f) || // CJK symbols and punctuation
    (cp >= 0x3040 && cp <= 0x31ff) || // kana, bopomofo, Hangul compatibility Jamo, kana extensions
    (cp >= 0x3200 && cp <= 0x9fff) || // enclosed CJK, CJK compatibility, ideographs
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7ff) || // Hangul syllables and Jamo extended-B
    (cp >= 0xf900 && cp <= 0xfaff) || // compatibility ideographs
    (cp >= 0xfe30 && cp <= 0xfe4f) || // CJK compatibility forms
    (cp >= 0xff00 && cp <= 0xffef) || // full- and halfwidth forms
    (cp >= 0x20000 && cp <= 0x3ffff) // supplementary ideographs
  );
}

/** True when the text holds a character that needs UAX #14 (checked cheaply: spaced scripts stop at the first test). */
export function needsUax14(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x1100) continue;
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (breaksWithoutSpaces(cp)) return true;
  }
  return false;
}

/** Hangul syllables and Jamo: Korean is spaced, so a break between them is a last resort. */
export function isHangul(cp: number): boolean {
  return (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f) || (cp >= 0xa960 && cp <= 0xa97f) || (cp >= 0xd7b0 && cp <= 0xd7ff);
}

/** Han, kana and Hangul letters, which a line may start or end with. */
const WIDE_LETTER = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;
/** Kana that may not start a line (small kana, the prolonged sound mark, iteration marks). */
const NON_STARTER = /^[ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰ-ㇿーゝゞヽヾ々〻]$/u;

/** Offsets (0 < offset < text.length, in UTF-16 units) where UAX #14 allows a line break. */
export function breakOpportunities(text: string): number[] {
  LineBreaker ??= require('linebreak') as LineBreakerClass;
  const breaker = new LineBreaker(text);
  const out: number[] = [];
  for (let b = breaker.nextBreak(); b; b = breaker.nextBreak()) {
    if (b.position > 0 && b.position < text.length) out.push(b.position);
  }
  return withQuoteBreaks(text, out);
}

/**
 * The package follows UAX #14 before Unicode 15.1, where curly quotes (QU) never break on either side;
 * Chinese text quotes with them, so, as LB19a now allows, a line may also break before an opening quote
 * that follows a Han, kana or Hangul letter, and after a closing quote that such a letter follows.
 */
function withQuoteBreaks(text: string, out: number[]): number[] {
  let added = false;
  for (let i = 1; i < text.length - 1; i++) {
    const ch = text[i];
    let at = -1;
    if ((ch === '\u201C' || ch === '\u2018') && isWideLetter(text, i - 1, -1)) at = i;
    else if ((ch === '\u201D' || ch === '\u2019') && isWideLetter(text, i + 1, 1) && !NON_STARTER.test(text[i + 1])) at = i + 1;
    if (at > 0 && !out.includes(at)) {
      out.push(at);
      added = true;
    }
  }
  return added ? out.sort((a, b) => a - b) : out;
}

/** Whether the character at `i` (stepping over a surrogate pair in direction `step`) is a wide letter. */
function isWideLetter(text: string, i: number, step: 1 | -1): boolean {
  const code = text.charCodeAt(i);
  const start = step < 0 && code >= 0xdc00 && code <= 0xdfff ? i - 1 : i;
  const cp = text.codePointAt(start);
  return cp !== undefined && WIDE_LETTER.test(String.fromCodePoint(cp));
}
