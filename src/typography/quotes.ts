// Quotes: straight `"` and `'` become “ ” ‘ ’ from the characters around each mark, a stack of
// the quotes open in the paragraph, and (for a leading `'`) whether a closing mark pairs with it.
// Works on one paragraph's text as a single string (emphasis boundaries already removed), so
// `"*No*," she said` is seen as `"No," she said`.
import { isClitic, isTrailingElision, leadingKind } from './apostrophes.js';

/** Carried from paragraph to paragraph: a speech that runs over several paragraphs. */
export interface QuoteState {
  /** A double quote opened in an earlier paragraph has not been closed. */
  speechOpen: boolean;
}

/** The marks a language sets: outer (double) and inner (single) pairs; apostrophes stay ’. */
export interface QuoteMarks {
  primary: readonly [string, string];
  secondary: readonly [string, string];
}

export const ENGLISH_MARKS: QuoteMarks = { primary: ['\u201c', '\u201d'], secondary: ['\u2018', '\u2019'] };

export interface CurledText {
  text: string;
  /** Offsets of marks left straight because no rule could decide them. */
  undecided: number[];
}

// Character classes of the neighbours of a mark.
const SPACE = 0; // also the start and end of the paragraph
const WORD = 1; // letters, digits, symbols, code spans, apostrophes
const OPEN = 2; // ( [ { and opening curly quotes
const CLOSE = 3; // sentence punctuation, ) ] } and closing curly quotes
const DASH = 4;
const QUOTE = 5; // an adjacent straight mark still to be decided
const ELLIPSIS = 6;

const ASCII_CLASS = new Uint8Array(128).fill(WORD);
for (const c of ' \t\n\r\f\v') ASCII_CLASS[c.charCodeAt(0)] = SPACE;
for (const c of '([{<') ASCII_CLASS[c.charCodeAt(0)] = OPEN;
for (const c of '.,;:!?)]}>') ASCII_CLASS[c.charCodeAt(0)] = CLOSE;
ASCII_CLASS['-'.charCodeAt(0)] = DASH;
ASCII_CLASS['"'.charCodeAt(0)] = QUOTE;
ASCII_CLASS["'".charCodeAt(0)] = QUOTE;

function classOf(code: number): number {
  if (code < 128) return ASCII_CLASS[code];
  switch (code) {
    case 0x2014: case 0x2013: case 0x2012: case 0x2015: case 0x2e3a: case 0x2e3b:
      return DASH;
    case 0x2026:
      return ELLIPSIS;
    case 0x201c: case 0x2018: case 0xab: case 0x2039: case 0xbf: case 0xa1:
    case 0x201e: case 0x201a: // „ ‚ (German, Czech, Polish openers)
    case 0x300c: case 0x300e: case 0xff08: case 0x300a: case 0x3008: case 0x3010: // 「 『 （ 《 〈 【
      return OPEN;
    case 0x201d: case 0xbb: case 0x203a:
    case 0x300d: case 0x300f: case 0xff09: case 0x300b: case 0x3009: case 0x3011: // 」 』 ） 》 〉 】
    case 0x3001: case 0x3002: case 0xff0c: case 0xff0e: case 0xff1a: case 0xff1b: case 0xff01: case 0xff1f: // 、。，．：；！？
      return CLOSE;
    case 0xa0: case 0x2002: case 0x2003: case 0x2009: case 0x202f: case 0x3000:
      return SPACE;
    default:
      return WORD;
  }
}

// What a mark looks like from its neighbours alone (before the stack is consulted).
const S_MID = 1; // word'word: an apostrophe
const S_LEAD = 2; // 'word: an opening quote or a leading elision
const S_TRAIL_WEAK = 3; // word': a closing quote or a trailing elision
const S_TRAIL_STRONG = 4; // ,' .' !': a closing quote
const S_AMBIGUOUS = 5; // space on both sides
const D_OPEN = 6;
const D_CLOSE = 7;
const D_BY_STACK = 8; // closes an open double quote, else opens one
const D_AMBIGUOUS = 9; // closes an open double quote, else undecidable
const S_CJK = 10; // ' beside Han, kana or Hangul: never an apostrophe; closes an open single quote, else opens one

const PLACEHOLDER = 0xe000;
/** Stands in the stream for a code span, image or footnote reference: a word, never curled. */
export const OBJECT_CHAR = String.fromCharCode(PLACEHOLDER);

function isOpeningShape(shape: number): boolean {
  return shape === S_LEAD || shape === D_OPEN;
}

/**
 * Curls the straight quotes of one paragraph. `protectedRanges` holds [start, end) pairs, sorted,
 * of text to leave as written (escaped characters, URLs); it still counts as context.
 */
const STRAIGHT_QUOTE = /["']/g;

export function curlQuotes(
  s: string,
  protectedRanges: readonly number[],
  state: QuoteState,
  marks: QuoteMarks = ENGLISH_MARKS,
  /** English elisions (`nothin'`, `the Smiths' house`) may end a word; off for other languages (`'nein'`). */
  englishElisions = true,
): CurledText {
  // Collect the marks to decide.
  const positions: number[] = [];
  let r = 0;
  // The marks found by a regular expression, natively: a loop over every character, interpreted in a cold
  // process, cost more than the marks' own decisions.
  STRAIGHT_QUOTE.lastIndex = 0;
  while (STRAIGHT_QUOTE.test(s)) {
    const i = STRAIGHT_QUOTE.lastIndex - 1;
    while (r < protectedRanges.length && protectedRanges[r + 1] <= i) r += 2;
    if (r < protectedRanges.length && protectedRanges[r] <= i) continue;
    positions.push(i);
  }
  if (positions.length === 0) {
    state.speechOpen = false;
    return { text: s, undecided: [] };
  }
  const n = positions.length;
  const shapes = new Uint8Array(n);

  // Pass 1: the shape of each mark from its neighbours.
  for (let k = 0; k < n; k++) shapes[k] = shapeOf(s, positions, shapes, k, -1, !englishElisions);

  // Pass 2: decide, left to right, with the stack of the quotes open (DOUBLE / SINGLE).
  const stack: number[] = [];
  if (state.speechOpen) {
    // A paragraph that opens with a quote continues the speech (its mark opens it again);
    // one that does not closes nothing by itself but lets an ambiguous mark close the speech.
    const first = firstNonSpace(s);
    if (!(first === positions[0] && shapes[0] === D_OPEN)) stack.push(DOUBLE);
  }
  const out: string[] = new Array<string>(n);
  const undecided: number[] = [];
  const forcedApostrophe = new Uint8Array(n);
  // A ’ that closes a single quote (not an apostrophe): the language's closing inner mark.
  const closesSingle = new Uint8Array(n);
  let singleClosed = false;
  for (let k = 0; k < n; k++) {
    const i = positions[k];
    if (k > 0 && skipTransparent(s, i - 1, -1) === positions[k - 1]) {
      // Right after another mark: see it as decided (as a second pass over the output would).
      shapes[k] = shapeOf(s, positions, shapes, k, classOf(out[k - 1].charCodeAt(0)), !englishElisions);
    }
    const shape = shapes[k];
    let mark: string;
    if (forcedApostrophe[k]) {
      mark = '\u2019';
    } else if (shape === S_CJK) {
      if (stack[stack.length - 1] === SINGLE) {
        mark = '\u2019';
        stack.pop();
        singleClosed = true;
        closesSingle[k] = 1;
      } else {
        mark = '\u2018';
        stack.push(SINGLE);
      }
    } else if (shape >= D_OPEN) {
      let opens: boolean | undefined;
      if (shape === D_OPEN) opens = true;
      else if (shape === D_CLOSE) opens = false;
      else if (stack.includes(DOUBLE)) opens = false;
      else if (shape === D_BY_STACK) opens = true;
      if (opens === undefined) {
        mark = '"';
        undecided.push(i);
      } else if (opens) {
        mark = '\u201c';
        stack.push(DOUBLE);
      } else {
        mark = '\u201d';
        popTo(stack, DOUBLE);
      }
    } else if (shape === S_MID) {
      mark = '\u2019';
    } else if (shape === S_TRAIL_STRONG) {
      mark = '\u2019';
      if (stack[stack.length - 1] === SINGLE) {
        stack.pop();
        singleClosed = true;
        closesSingle[k] = 1;
      }
    } else if (shape === S_TRAIL_WEAK) {
      mark = '\u2019';
      if (stack[stack.length - 1] === SINGLE && closesHere(s, positions, shapes, k, englishElisions)) {
        stack.pop();
        singleClosed = true;
        closesSingle[k] = 1;
      }
    } else if (shape === S_LEAD) {
      const word = wordAfter(s, i + 1);
      if (word === 'n' && s.charCodeAt(i + 2) === 39 && k + 1 < n && positions[k + 1] === i + 2) {
        // rock 'n' roll
        forcedApostrophe[k + 1] = 1;
        mark = '\u2019';
      } else if (opensHere(s, positions, shapes, k, word, stack, singleClosed, englishElisions)) {
        mark = '\u2018';
        stack.push(SINGLE);
      } else {
        mark = '\u2019';
      }
    } else {
      mark = "'";
      undecided.push(i);
    }
    out[k] = mark;
  }
  state.speechOpen = stack.includes(DOUBLE);

  // Decided with English marks (the rules read them as context); set in the language's marks.
  const english = marks === ENGLISH_MARKS;
  let text = '';
  let from = 0;
  for (let k = 0; k < n; k++) {
    text += s.slice(from, positions[k]) + (english ? out[k] : localMark(out[k], closesSingle[k] === 1, marks));
    from = positions[k] + 1;
  }
  text += s.slice(from);
  return { text, undecided };
}

function localMark(mark: string, closing: boolean, marks: QuoteMarks): string {
  switch (mark) {
    case '\u201c':
      return marks.primary[0];
    case '\u201d':
      return marks.primary[1];
    case '\u2018':
      return marks.secondary[0];
    case '\u2019':
      return closing ? marks.secondary[1] : mark;
    default:
      return mark;
  }
}

/** The shape of mark `k`; `beforeClass` overrides the class of what precedes it (-1: look). */
/** `cjkQuotes`: a book not in English, where a ' touching Han, kana or Hangul is a quotation mark. */
function shapeOf(s: string, positions: number[], shapes: Uint8Array, k: number, beforeClass: number, cjkQuotes: boolean): number {
  const i = positions[k];
  const prev = skipTransparent(s, i - 1, -1);
  const next = skipTransparent(s, i + 1, 1);
  let before = beforeClass;
  if (before < 0) {
    before = k > 0 && positions[k - 1] === prev ? (isOpeningShape(shapes[k - 1]) ? OPEN : CLOSE) : neighbourClass(s, prev);
  }
  const after = k + 1 < positions.length && positions[k + 1] === next ? QUOTE : neighbourClass(s, next);
  if (s.charCodeAt(i) !== 39) return doubleShape(before, after);
  const shape = singleShape(before, after);
  // Chinese, Japanese and Korean have no apostrophe and no spaces: a ' touching their letters is a quote.
  if (cjkQuotes && (shape === S_MID || shape === S_LEAD || shape === S_TRAIL_WEAK) && (isCjkLetter(s, prev) || isCjkLetter(s, next))) return S_CJK;
  return shape;
}

/** Han ideographs, kana and Hangul syllables. */
function isCjkLetter(s: string, i: number): boolean {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff);
}

const DOUBLE = 100;
const SINGLE = 115;

function popTo(stack: number[], kind: number): void {
  const at = stack.lastIndexOf(kind);
  if (at >= 0) stack.length = at;
}

function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (classOf(c) !== SPACE && !isTransparent(c)) return i;
  }
  return -1;
}

/** Hair space, zero-width space, word joiner, BOM: typeset between marks, invisible to the rules. */
function isTransparent(c: number): boolean {
  return c === 0x200a || c === 0x200b || c === 0x2060 || c === 0xfeff;
}

function skipTransparent(s: string, i: number, step: 1 | -1): number {
  while (i >= 0 && i < s.length && isTransparent(s.charCodeAt(i))) i += step;
  return i;
}

function neighbourClass(s: string, i: number): number {
  if (i < 0 || i >= s.length) return SPACE;
  const c = s.charCodeAt(i);
  // A protected straight quote (escaped by the author) is plain context, like a letter.
  if (c === 34 || c === 39) return WORD;
  return classOf(c);
}

function singleShape(before: number, after: number): number {
  if (before === WORD) return after === WORD ? S_MID : S_TRAIL_WEAK;
  if (before === SPACE || before === OPEN) {
    if (after === WORD || after === QUOTE || after === ELLIPSIS || after === DASH) return S_LEAD;
    return S_AMBIGUOUS;
  }
  // After punctuation, a dash or an ellipsis: closing unless a word follows at once.
  if (after === WORD || after === ELLIPSIS) return S_LEAD;
  return S_TRAIL_STRONG;
}

function doubleShape(before: number, after: number): number {
  switch (before) {
    case SPACE:
    case OPEN:
      return after === SPACE || after === CLOSE ? D_AMBIGUOUS : D_OPEN;
    case WORD:
      return after === WORD ? D_BY_STACK : D_CLOSE;
    case DASH:
      return after === SPACE || after === CLOSE || after === DASH ? D_CLOSE : D_OPEN;
    default:
      // CLOSE or ELLIPSIS before: `."` closes; `:"Go` or `…"and` depends on what is open.
      return after === WORD || after === OPEN ? D_BY_STACK : D_CLOSE;
  }
}

/** Letters and digits (any script); not symbols, apostrophes or the object placeholder. */
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
  return c !== PLACEHOLDER && c !== 0x2019 && classOf(c) === WORD;
}

/** The word that starts at `i`, lower-cased. */
function wordAfter(s: string, i: number): string {
  let j = i;
  while (j < s.length && isWordChar(s.charCodeAt(j))) j++;
  return s.slice(i, j).toLowerCase();
}

/** The word that ends just before `i`, lower-cased. */
function wordBefore(s: string, i: number): string {
  let j = i;
  while (j > 0 && isWordChar(s.charCodeAt(j - 1))) j--;
  return s.slice(j, i).toLowerCase();
}

/** `words' then a word (`the Smiths' house`): more likely a possessive than a closing quote. */
function possessiveLike(s: string, i: number): boolean {
  return classOf(s.charCodeAt(i + 1)) === SPACE && classOf(s.charCodeAt(i + 2)) === WORD && !isUpper(s.charCodeAt(i + 2));
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** True when a leading mark follows the start, punctuation or an opening mark (not a word). */
function strongLead(s: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && classOf(s.charCodeAt(j)) === SPACE) j--;
  if (j < 0) return true;
  const c = s.charCodeAt(j);
  return c === 34 || c === 39 || classOf(c) !== WORD;
}

const NONE = 0;
/** No closing mark, and the quote level runs on to the end of the paragraph. */
const RUNS_ON = 3;
const WEAK = 1;
const STRONG = 2;

/**
 * The first closing single mark after mark `k` at the same quote level: STRONG (after punctuation),
 * WEAK (after a word that is not a known elision or a plural possessive), NONE when the level ends
 * first, RUNS_ON when the paragraph ends first. A leading mark of an ordinary word in strong
 * position (`. 'Yes`) ends the search: it opens a quote of its own.
 */
function closerAhead(
  s: string,
  positions: number[],
  shapes: Uint8Array,
  k: number,
  strongOnly: boolean,
  ambiguousLead = false,
  inSpeech = false,
  englishElisions = true,
): number {
  let depth = 0;
  for (let j = k + 1; j < positions.length; j++) {
    const shape = shapes[j];
    const i = positions[j];
    if (shape === D_OPEN) depth++;
    else if (shape === D_CLOSE || shape === D_AMBIGUOUS || shape === D_BY_STACK) {
      if (depth === 0) return NONE;
      depth--;
    } else if (depth > 0) {
      continue;
    } else if (shape === S_TRAIL_STRONG) {
      return STRONG;
    } else if (shape === S_TRAIL_WEAK) {
      if (strongOnly) continue;
      const before = wordBefore(s, i);
      if (englishElisions && isTrailingElision(before)) continue;
      // In dialogue, `the missis' attempts` is a plural possessive after a dropped letter, not the
      // end of a quote; in narration, `the 'experts' say` is a quote.
      if (englishElisions && inSpeech && possessiveLike(s, i) && (ambiguousLead || before.endsWith('s'))) continue;
      return WEAK;
    } else if (shape === S_LEAD && positions[j - 1] !== i - 1) {
      if (strongLead(s, i) && leadingKind(wordAfter(s, i + 1)) === 'word') return NONE;
    }
  }
  return RUNS_ON;
}

/** Decides whether a leading `'` opens a quote (else it is an elision). */
function opensHere(
  s: string,
  positions: number[],
  shapes: Uint8Array,
  k: number,
  word: string,
  stack: number[],
  singleClosedBefore: boolean,
  englishElisions: boolean,
): boolean {
  // English drops letters ('un, 'em, 'tis); another language's 'Un or 'em opens a quotation.
  const kind = englishElisions ? leadingKind(word) : 'word';
  if (kind === 'elision') return false;
  const before = positions[k] > 0 ? classOf(s.charCodeAt(positions[k] - 1)) : SPACE;
  if (before !== SPACE && before !== OPEN && before !== QUOTE && isClitic(word)) return false;
  if (stack[stack.length - 1] === SINGLE) return false;
  const ahead = closerAhead(s, positions, shapes, k, false, kind === 'ambiguous', stack.includes(DOUBLE), englishElisions);
  if (ahead === WEAK || ahead === STRONG) return true;
  if (kind === 'ambiguous') return false;
  // No closing mark in this paragraph: a quote that runs on into the next paragraph, or a dropped
  // letter ('ungry, 'Vantage). Runs on only where a quote starts: inside a double quote that runs
  // on too (`"'Well,' said he, 'I have` …), or at paragraph level when it starts the paragraph
  // or follows a closed single quote (a book that quotes in single marks).
  const i = positions[k];
  if (!strongLead(s, i)) return false;
  if (stack.includes(DOUBLE)) return ahead === RUNS_ON;
  return firstNonSpace(s) === i || singleClosedBefore;
}

/** Decides whether `word'` closes the open single quote (else it is an elision or a possessive). */
function closesHere(s: string, positions: number[], shapes: Uint8Array, k: number, englishElisions: boolean): boolean {
  const elision = englishElisions && isTrailingElision(wordBefore(s, positions[k]));
  const ahead = closerAhead(s, positions, shapes, k, !elision, false, false, englishElisions);
  return ahead !== WEAK && ahead !== STRONG;
}
