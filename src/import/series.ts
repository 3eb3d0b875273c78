// Series notices in the forms authors and archives write them.
import { NUMBER_SOURCE, parseNumber } from './patterns.js';

export interface SeriesNotice {
  name: string;
  number?: number;
}

const N = `(${NUMBER_SOURCE})`;

/** Strips quotes, a trailing full stop and "the … series" wrapping from a series name. */
export function cleanSeriesName(raw: string): string {
  let s = raw.trim();
  const quoted = /^["“'‘](.+?)["”'’](?=\s|[.,;:!?]|$)/u.exec(s);
  if (quoted) return quoted[1].trim();
  s = s.replace(/[.;,]+$/, '').trim();
  // "the Lantern series" names the series "Lantern"; a capitalised "The" is part of the name.
  const wrapped = /^(?:the\s+)?(.+?)\s+series$/.exec(s);
  if (wrapped) return wrapped[1].replace(/^["“'‘](.+)["”'’]$/u, '$1').trim();
  return s.replace(/^["“'‘](.+)["”'’]$/u, '$1').trim();
}

function notice(name: string, number: string | undefined): SeriesNotice | undefined {
  const cleaned = cleanSeriesName(name);
  // "Part 1 of 3" counts parts of a story; a series has a name.
  if (!/\p{L}/u.test(cleaned)) return undefined;
  const n = number === undefined ? undefined : parseNumber(number);
  return n === undefined ? { name: cleaned } : { name: cleaned, number: n };
}

// "This story is No. 2 in the series "X". You may wish to read …"
const THIS_STORY = new RegExp(
  String.raw`^this\s+(?:story|work|fic|fanfic|one-?shot|book|is)\b.*?\b(?:no\.?|number|#|part|book|installment|instalment|entry|story)\s*${N}\s+(?:in|of)\s+(?:the\s+series\s+|series\s+)?(.+)$`,
  'i',
);
// "Part 2 of X", "Book 3 of the X series", "No. 2 in X"
const POSITION_OF = new RegExp(
  String.raw`^(?:part|book|no\.?|number|installment|instalment|entry|story)\s*${N}\s+(?:of|in)\s+(?:the\s+series\s+|series\s+)?(.+)$`,
  'i',
);
// "X, Part 4", "X (Book 2)", "X - Part 3", "X #4"
const NAME_POSITION = new RegExp(
  String.raw`^(.+?)\s*(?:,|\(|-|–|—|:)?\s*(?:part|book|no\.?|number|installment|instalment)\s*${N}\)?\.?$`,
  'i',
);
const NAME_HASH = /^(.+?)\s*#\s*(\d{1,4})\.?$/;

/** The name in the "This story is …" form ends at the closing quote or the first sentence end. */
function nameFromSentence(rest: string): string {
  const quoted = /^["“'‘](.+?)["”'’]/u.exec(rest.trim());
  if (quoted) return quoted[1];
  const sentenceEnd = /^(.+?)(?:\.\s|\.$|$)/.exec(rest.trim());
  return sentenceEnd ? sentenceEnd[1] : rest;
}

/** A header line that is a series notice by itself (not a `Series:` field). */
export function matchSeriesLine(line: string): SeriesNotice | undefined {
  const s = line.trim();
  const story = THIS_STORY.exec(s);
  if (story) return notice(nameFromSentence(story[2]), story[1]);
  const position = POSITION_OF.exec(s);
  if (position) return notice(nameFromSentence(position[2]), position[1]);
  const hash = s.includes('#') ? NAME_HASH.exec(s) : null;
  if (hash && hash[1].length <= 80) return notice(hash[1], hash[2]);
  return undefined;
}

/** The value of a `Series:` field: "X, Part 4", "Part 4 of X", "X #4", "X (Book 2)", or just "X". */
export function parseSeriesValue(value: string): SeriesNotice | undefined {
  const s = value.trim();
  const asLine = matchSeriesLine(s);
  if (asLine) return asLine;
  const named = NAME_POSITION.exec(s);
  if (named) return notice(named[1], named[2]);
  return notice(s, undefined);
}
