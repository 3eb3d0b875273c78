// The natural order of chapter file names: `2-x.md` before `10-y.md`, case and accents ignored. That is
// ICU's collation (Intl.Collator, numeric, base strength), but creating a collator loads ICU's data, ~9 ms
// of every build. Names in printable ASCII, nearly all of them, are compared here with the same result;
// any other name brings in the collator.

// ICU's root order of printable ASCII at base strength (read off Intl.Collator): space and punctuation,
// symbols, digits, then letters with case ignored.
const ASCII_ORDER = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz';
const RANK = new Int8Array(128).fill(-1);
for (let i = 0; i < ASCII_ORDER.length; i++) {
  RANK[ASCII_ORDER.charCodeAt(i)] = i;
  const upper = ASCII_ORDER[i].toUpperCase().charCodeAt(0);
  if (upper !== ASCII_ORDER.charCodeAt(i)) RANK[upper] = i;
}
const DIGIT_RANK = RANK[0x30];
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/** The end of the run of digits that starts at `from`. */
function digitsEnd(s: string, from: number): number {
  let i = from;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  return i;
}

/** Compares two digit runs by value, as ICU's numeric collation does: leading zeros do not count. */
function compareNumbers(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare for printable-ASCII strings. */
export function compareAsciiNatural(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      const endA = digitsEnd(a, i);
      const endB = digitsEnd(b, j);
      const order = compareNumbers(a.slice(i, endA), b.slice(j, endB));
      if (order !== 0) return order;
      i = endA;
      j = endB;
      continue;
    }
    const ra = isDigit(ca) ? DIGIT_RANK : RANK[ca];
    const rb = isDigit(cb) ? DIGIT_RANK : RANK[cb];
    if (ra !== rb) return ra - rb;
    i++;
    j++;
  }
  return a.length - i - (b.length - j);
}

let collator: Intl.Collator | undefined;

/** Sorts file names into natural order (a stable sort: names that compare equal keep their order). */
export function sortNatural(names: string[]): string[] {
  if (names.every((n) => PRINTABLE_ASCII.test(n))) return names.sort(compareAsciiNatural);
  collator ??= new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  return names.sort(collator.compare);
}
