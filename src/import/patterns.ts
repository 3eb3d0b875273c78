// Recognisers for single lines of a plain-text story: chapter headings, scene-break
// dividers, end marks, author's-note labels, and the numbers they carry.

const UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
};

/** "3", "III", "three", "Twenty-One", "first" → the number; undefined if it is none of them. */
export function parseNumber(raw: string): number | undefined {
  const s = raw.trim().toLowerCase();
  if (/^\d{1,4}$/.test(s)) return Number(s);
  if (/^[ivxlc]+$/.test(s)) return parseRoman(s);
  if (s in ORDINALS) return ORDINALS[s];
  const parts = s.split(/[\s-]+/);
  if (parts.length === 1) {
    const u = UNITS.indexOf(parts[0]);
    if (u >= 0) return u;
    const t = TENS.indexOf(parts[0]);
    return t >= 2 ? t * 10 : undefined;
  }
  if (parts.length === 2) {
    const t = TENS.indexOf(parts[0]);
    const u = UNITS.indexOf(parts[1]);
    if (t >= 2 && u >= 1 && u <= 9) return t * 10 + u;
  }
  return undefined;
}

function parseRoman(s: string): number | undefined {
  const value: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = value[s[i]];
    const next = value[s[i + 1]] ?? 0;
    total += v < next ? -v : v;
  }
  // Reject non-canonical strings ("IIII", "VX") so ordinary words are not taken for numerals.
  return toRoman(total) === s ? total : undefined;
}

function toRoman(n: number): string {
  const table: [number, string][] = [[100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [v, r] of table) while (n >= v) { out += r; n -= v; }
  return out;
}

/** Number tokens as they appear in headings and series notices. */
export const NUMBER_SOURCE =
  String.raw`\d{1,4}|[IVXLCivxlc]{1,8}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth`;

export interface ChapterHeading {
  kind: 'chapter' | 'part' | 'prologue' | 'epilogue' | 'interlude';
  number?: number;
  /** The words after the label and number ("The Radio" in "Chapter 1: The Radio"). */
  name?: string;
  /** The heading without decoration ("Chapter 1" for "~ Chapter 1 ~"). */
  text: string;
}

const NUMBERED_HEADING = new RegExp(
  String.raw`^(chapter|chap\.?|ch\.?|part|book)\s+(${NUMBER_SOURCE})(?:\s*(?:[:.\-–—|]|\s-\s)\s*(.*\S))?\s*[:.]?$`,
  'i',
);
const NAMED_HEADING = /^(prologue|epilogue|interlude|afterword|foreword|coda)(?:\s*(?:[:.\-–—|])\s*(.*\S))?\s*[:.]?$/i;

/** A line that starts a chapter ("Chapter 3: Title", "CHAPTER THREE", "Part II", "Prologue"). */
export function matchChapterHeading(line: string): ChapterHeading | undefined {
  // Decorated headings: "~ Chapter 1 ~", "== Part II ==", "[Prologue]", "*Chapter 3*".
  const s = line.trim().replace(/^[~*=_#\-–—•·[\]({<>\s]+(?=\p{L})/u, '').replace(/(?<=[\p{L}\p{N}.])[~*=_#\-–—•·\])}<>\s]+$/u, '');
  if (s.length > 120) return undefined;
  const numbered = NUMBERED_HEADING.exec(s);
  if (numbered) {
    const number = parseNumber(numbered[2]);
    if (number === undefined) return undefined;
    const label = numbered[1].toLowerCase();
    // A Roman numeral that is also a word ("Part I" is fine, "Chapter Mix" is not) passed parseNumber.
    const name = numbered[3]?.trim();
    if (name !== undefined && /[.!?]["'”’]?$/.test(name) && name.split(/\s+/).length > 8) return undefined;
    return { kind: label === 'part' || label === 'book' ? 'part' : 'chapter', number, name: name || undefined, text: s };
  }
  const named = NAMED_HEADING.exec(s);
  if (named) {
    const label = named[1].toLowerCase();
    const kind = label === 'prologue' || label === 'foreword' ? 'prologue'
      : label === 'interlude' ? 'interlude' : 'epilogue';
    return { kind, name: named[2]?.trim() || undefined, text: s };
  }
  return undefined;
}

const DIVIDER_SYMBOLS = /^[*\-~=_#+•·°◊♦❦❧★☆✦✧※⁂§¤|/\\<>^:oOxX0\s]+$/u;

/**
 * A line that only marks a scene break: symbols (`* * *`, `---`, `~*~`, `#`, `+++`)
 * or a short letter divider (`xXx`, `oOo`, `-x-`). Lines of only dots, `?` or `!` and
 * anything in quotes are text (a character's silence: `"..."`).
 */
export function isDividerLine(line: string): boolean {
  const s = line.trim();
  if (s === '' || s.length > 200) return false;
  // An archive's label over the text ("Chapter Text", "Work Text:") marks where the text starts.
  if (/^(?:chapter|work)\s+text:?$/i.test(s)) return true;
  if (!/[^\s.…?!,;'"“”‘’]/u.test(s)) return false;
  if (/['"“”‘’]/u.test(s)) return false;
  if (/^[^\p{L}\p{N}]+$/u.test(s)) return true;
  if (s.length > 40 || !DIVIDER_SYMBOLS.test(s)) return false;
  const letters = s.replace(/[^\p{L}\p{N}]/gu, '');
  // Letter dividers are short and built from x/o (any case, 0 for o); "OK", "ox", "Xo" are words.
  return letters.length >= 1 && letters.length <= 9 && s.replace(/\s/g, '').length >= 3;
}

/** The closing line of a story: "The End", "THE END", "Fin", "~fin~", "Finis", "End." */
export function isEndMark(text: string): boolean {
  return /^[\s~*\-–—_=.()[\]]*(?:the\s+end|fin|finis|end)[\s.!~*\-–—_=()[\]]*$/i.test(text.trim());
}

/** A label that opens an author's note: "A/N:", "AN:", "Author's Note:", "Notes:". */
export const NOTE_LABEL = /^\s*[(\[]?\s*(?:a\/n|a\.n\.|an|author['’]?s?\s+notes?|notes?|end\s+notes?|ending\s+notes?)\s*(?::|-|–|—)\s*/i;

export function matchNoteLabel(text: string): { rest: string } | undefined {
  const m = NOTE_LABEL.exec(text);
  if (!m) return undefined;
  // "AN - " is too loose for prose ("An - what?"); require the colon for plain "an"/"note".
  if (/^\s*[(\[]?\s*(?:an|notes?)\s*[-–—]/i.test(m[0])) return undefined;
  return { rest: text.slice(m[0].length) };
}

/** A label that can only be the author speaking: "A/N", "AN", "Author's Note", "End Notes". */
export function isAuthorNoteLabel(text: string): boolean {
  return /^\s*[(\[]?\s*(?:a\/n|a\.n\.|an|author['’]?s?\s+notes?|end(?:ing)?\s+notes?)\s*[:\-–—]/i.test(text);
}
