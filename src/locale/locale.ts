// The words and typographic conventions of a language, as plain data the model carries to every writer.
// Read from templates/locale/<tag>.yaml by ./load.ts (a writer never reads YAML itself).

export type Direction = 'ltr' | 'rtl';

/** Words the tool prints. `{name}` placeholders are filled by `fillTerm`. */
export interface LocaleTerms {
  /** An untitled or numbered chapter's label: "Chapter {number}". */
  chapter: string;
  contents: string;
  cover: string;
  /** The cover image's alternative text: "Cover of {title}". */
  coverOf: string;
  titlePage: string;
  /** The landmark to the first chapter. */
  startOfStory: string;
  landmarks: string;
  series: string;
  disclaimer: string;
  summary: string;
  authorsNote: string;
  whatComesNext: string;
  /** The title page's author line: "by {authors}". */
  byline: string;
  /** The title page's series line: "No. {number} in the series {name}". */
  seriesLine: string;
  /** After the current work in a series list: "(this story)". */
  thisStory: string;
  /** A footnote's link back to its reference: "Back to note {number} in the text". */
  backToNote: string;
  inProgress: string;
  complete: string;
  // The added pages' sentences and labels (templates/pages/*.md use them as {{term.NAME}}).
  /** "This story is No. {seriesNumber} in the series "{seriesName}"." */
  seriesPosition: string;
  readFirst: string;
  /** "Before this one: {earlierWorks}." */
  earlierWorks: string;
  /** Before a work in a series list whose numbering skips: "No. {number}: " (trailing space included). */
  workNumber: string;
  /** "The story continues in No. {nextNumber}, {nextTitle}." */
  continuesIn: string;
  readItAt: string;
  /** "The whole series "{seriesName}":" */
  wholeSeriesNamed: string;
  wholeSeries: string;
  /** "This is the last story of the series "{seriesName}" so far." */
  lastStory: string;
  introduction: string;
  collectedStories: string;
  /** "The stories of "{seriesName}", in reading order:" */
  storiesInOrder: string;
  fandomLabel: string;
  ratingLabel: string;
  warningsLabel: string;
  relationshipsLabel: string;
  charactersLabel: string;
  tagsLabel: string;
  statusLabel: string;
  publishedLabel: string;
  updatedLabel: string;
  /** Headings of a chapter's notes, as the archives print them. */
  chapterSummary: string;
  chapterNotes: string;
  chapterEndNotes: string;
}

export interface NameJoiner {
  /** Between two names: " and ". */
  pair: string;
  /** Between names of a longer list: ", ". */
  list: string;
  /** Before the last of three or more: " and " (", " + "and " is written as ", and "). */
  last: string;
}

export interface Locale {
  /** The BCP 47 tag this locale was resolved for (the book's language). */
  lang: string;
  /** The file it was read from (for messages). */
  file: string;
  dir: Direction;
  terms: LocaleTerms;
  names: NameJoiner;
  quotes: {
    /** Outer pair, e.g. ["“", "”"], ["„", "“"], ["«", "»"], ["「", "」"]. */
    primary: [string, string];
    /** Pair inside the outer one. */
    secondary: [string, string];
  };
  /** French-style spaces: a narrow no-break space before ; : ! ? and inside « ». */
  frenchSpacing: boolean;
  /** Closing lines a story may end with ("The End", "Fin"), styled as end marks. */
  endMarks: string[];
}

/** Replaces `{key}` with the value; an unknown key stays as written. */
export function fillTerm(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in values ? String(values[key]) : m));
}

/** "A", "A and B", "A, B and C", in the locale's words. */
export function joinNames(names: readonly string[], joiner: NameJoiner): string {
  if (names.length <= 1) return names.join('');
  if (names.length === 2) return names.join(joiner.pair);
  return `${names.slice(0, -1).join(joiner.list)}${joiner.last}${names[names.length - 1]}`;
}

/** Scripts written right to left, by the primary language subtag (or a script subtag). */
const RTL_LANGUAGES = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'yi', 'ps', 'dv', 'ckb', 'sd', 'ug', 'syr', 'ji']);
const RTL_SCRIPTS = new Set(['arab', 'hebr', 'syrc', 'thaa', 'nkoo', 'adlm', 'rohg']);

/** The direction a language is written in, from its BCP 47 tag. */
export function directionOf(tag: string): Direction {
  const parts = tag.toLowerCase().split(/[-_]/);
  const script = parts.slice(1).find((p) => p.length === 4);
  if (script) return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  return RTL_LANGUAGES.has(parts[0]) ? 'rtl' : 'ltr';
}
