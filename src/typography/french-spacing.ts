// French spacing: a narrow no-break space (U+202F) inside « » and ‹ ›, and before ; : ! ?.
// A space the author typed there (ordinary or no-break) becomes the narrow one; none is added inside
// protected text (URLs, escaped characters), between the digits of a time (10:30), before a mark that a
// word follows at once (a ratio, `ISBN:123`), or after another of these marks (`?!` takes one space).

export const NNBSP = '\u202f';

/** Flags per character of a paragraph's text: what to do at it. */
export const REPLACE = 1; // this space becomes U+202F
export const BEFORE = 2; // U+202F goes before this character
export const AFTER = 4; // U+202F goes after this character

const HIGH_MARKS = ';:!?';
const OPENERS = '\u00ab\u2039'; // « ‹
const CLOSERS = '\u00bb\u203a'; // » ›

/** Spaces that French spacing turns into U+202F (not line breaks or tabs). */
function isTypedSpace(c: string): boolean {
  return c === ' ' || c === '\u00a0' || c === '\u2009' || c === NNBSP || c === '\u2007';
}

/** A letter or digit (an inline object such as a note reference is not: `Quoi ?[^1]`). */
function isWordLike(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

/**
 * Where the paragraph `text` needs a narrow no-break space, as flags per character, or undefined when
 * nothing changes. `protectedRanges` holds sorted [start, end) pairs of text to leave as written.
 */
export function frenchSpaces(text: string, protectedRanges: readonly number[]): Uint8Array | undefined {
  let flags: Uint8Array | undefined;
  const set = (i: number, flag: number) => {
    if (isProtected(protectedRanges, i)) return;
    flags ??= new Uint8Array(text.length);
    flags[i] |= flag;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const high = HIGH_MARKS.includes(c);
    if (!high && !OPENERS.includes(c) && !CLOSERS.includes(c)) continue;
    if (isProtected(protectedRanges, i)) continue;
    if (OPENERS.includes(c)) {
      const next = text[i + 1];
      if (next === undefined || next === '\n') continue;
      if (isTypedSpace(next)) {
        if (next !== NNBSP) set(i + 1, REPLACE);
      } else set(i, AFTER);
      continue;
    }
    const prev = text[i - 1];
    if (prev === undefined || prev === '\n') continue;
    if (high) {
      // `10:30`, `ISBN:123`, `?abc`: not the end of a sentence or clause.
      if (isWordLike(text[i + 1])) continue;
      // `?!` and `...!!` take one space, before the first mark; `(!)` and `«!` none.
      if (HIGH_MARKS.includes(prev) || '([{'.includes(prev) || OPENERS.includes(prev)) continue;
    }
    if (isTypedSpace(prev)) {
      if (prev !== NNBSP) set(i - 1, REPLACE);
    } else set(i, BEFORE);
  }
  return flags;
}

function isProtected(ranges: readonly number[], i: number): boolean {
  for (let k = 0; k < ranges.length; k += 2) {
    if (ranges[k] > i) return false;
    if (i < ranges[k + 1]) return true;
  }
  return false;
}

/** `text[from, to)` with the flagged spaces applied. */
export function applyFrenchSpaces(text: string, flags: Uint8Array, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const f = flags[i];
    if (f === 0) {
      out += text[i];
      continue;
    }
    if (f & BEFORE) out += NNBSP;
    out += f & REPLACE ? NNBSP : text[i];
    if (f & AFTER) out += NNBSP;
  }
  return out;
}
