// Text that looks like a URL or an e-mail address is left exactly as written.

// Quotes and trailing sentence punctuation end a URL, so `"see www.example.com."` keeps its marks.
const URL = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:)[^\s<>"'\u201c\u201d\u2018\u2019]*[^\s<>"'\u201c\u201d\u2018\u2019.,;:!?)\]]|\b[\w.+-]+@[\w-]+\.[\w.-]*\w/gi;
// What every match of URL contains (a scheme's `://`, `www.`, `mailto:`, an address's `@`): prose is full of
// colons, and the full expression is slow to fail on a long paragraph.
const MAYBE_URL = /:\/\/|www\.|mailto:|@/i;

/** [start, end) pairs of URL-like spans in `text`, or an empty array (no allocation when none). */
export function urlRanges(text: string): number[] {
  if (!MAYBE_URL.test(text)) return NO_RANGES;
  const out: number[] = [];
  URL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = URL.exec(text)) !== null) out.push(m.index, m.index + m[0].length);
  return out.length > 0 ? out : NO_RANGES;
}

const NO_RANGES: number[] = [];

/** Applies `rewrite` to the parts of `text` outside URL-like spans. */
export function outsideUrls(text: string, rewrite: (part: string) => string): string {
  const ranges = urlRanges(text);
  if (ranges.length === 0) return rewrite(text);
  let out = '';
  let from = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    out += rewrite(text.slice(from, ranges[k])) + text.slice(ranges[k], ranges[k + 1]);
    from = ranges[k + 1];
  }
  return out + rewrite(text.slice(from));
}
