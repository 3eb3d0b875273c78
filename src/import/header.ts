// The header block before the story: title, author, series notice and `Key: value` fields,
// in any order and capitalisation. Everything in it lands in a field; what has no field of
// its own is kept for the notes before the story.
import type { Diagnostic } from '../diagnostics.js';
import { warning } from '../diagnostics.js';
import type { SourceLine, Unit } from './layout.js';
import { matchSeriesLine, parseSeriesValue, type SeriesNotice } from './series.js';

export type FieldName =
  | 'title' | 'subtitle' | 'author' | 'summary' | 'disclaimer' | 'notes' | 'rating' | 'fandoms'
  | 'characters' | 'relationships' | 'warnings' | 'tags' | 'status' | 'series' | 'language'
  | 'published' | 'updated' | 'rights' | 'wordCount' | 'chapterCount' | 'crossover'
  /** An archive's counters (kudos, hits, "Stats:"): about the page, not the story; not kept. */
  | 'archiveStat';

const FIELD_KEYS: Record<string, FieldName> = {
  title: 'title', 'story title': 'title',
  subtitle: 'subtitle',
  author: 'author', authors: 'author', by: 'author', writer: 'author', 'written by': 'author', 'pen name': 'author',
  summary: 'summary', description: 'summary', blurb: 'summary', synopsis: 'summary',
  disclaimer: 'disclaimer', disclaimers: 'disclaimer',
  'a/n': 'notes', an: 'notes', 'a.n.': 'notes', "author's note": 'notes', "author's notes": 'notes',
  'authors note': 'notes', 'authors notes': 'notes', 'author note': 'notes', 'author notes': 'notes',
  note: 'notes', notes: 'notes',
  rating: 'rating', rated: 'rating',
  fandom: 'fandoms', fandoms: 'fandoms', crossover: 'crossover',
  character: 'characters', characters: 'characters',
  pairing: 'relationships', pairings: 'relationships', relationship: 'relationships', relationships: 'relationships', ship: 'relationships', ships: 'relationships',
  warning: 'warnings', warnings: 'warnings', 'archive warning': 'warnings', 'archive warnings': 'warnings', 'content warning': 'warnings', 'content warnings': 'warnings', 'trigger warning': 'warnings', 'trigger warnings': 'warnings', cw: 'warnings', tw: 'warnings',
  tags: 'tags', tag: 'tags', 'additional tags': 'tags', genre: 'tags', genres: 'tags', category: 'tags', categories: 'tags', keywords: 'tags',
  status: 'status',
  series: 'series',
  language: 'language',
  published: 'published', posted: 'published', 'date posted': 'published', date: 'published', written: 'published',
  updated: 'updated', completed: 'updated', 'last updated': 'updated',
  rights: 'rights', copyright: 'rights', license: 'rights', licence: 'rights',
  'word count': 'wordCount', words: 'wordCount', wordcount: 'wordCount', length: 'wordCount',
  chapters: 'chapterCount',
  stats: 'archiveStat', kudos: 'archiveStat', hits: 'archiveStat', bookmarks: 'archiveStat', comments: 'archiveStat', reviews: 'archiveStat', favs: 'archiveStat', follows: 'archiveStat',
};

/** Keys an archive puts several of on one line ("Published: 2020-01-02 Words: 1,234 Chapters: 1/1"). */
const STAT_KEY = /\s+(?=(?:Published|Updated|Completed|Words|Chapters|Comments|Kudos|Bookmarks|Hits|Language|Status|Reviews|Favs|Follows):\s)/;

/** Splits a line of several `Key: value` stats into one line each. */
function splitStats(line: SourceLine): SourceLine[] {
  if (!matchField(line.text) || !STAT_KEY.test(line.text)) return [line];
  return line.text.split(STAT_KEY).map((text) => ({ ...line, text: text.trim() })).filter((l) => l.text !== '');
}

/** Fields whose value may run on over the following lines of the same paragraph. */
const RUNNING_FIELDS = new Set<FieldName>(['summary', 'disclaimer', 'notes']);

const LANGUAGES: Record<string, string> = {
  english: 'en', french: 'fr', 'français': 'fr', german: 'de', deutsch: 'de', spanish: 'es', 'español': 'es',
  italian: 'it', portuguese: 'pt', dutch: 'nl', russian: 'ru', japanese: 'ja', chinese: 'zh', korean: 'ko',
  polish: 'pl', swedish: 'sv', norwegian: 'no', danish: 'da', finnish: 'fi', czech: 'cs', turkish: 'tr',
  // As AO3 names them, in their own language.
  italiano: 'it', 'português': 'pt', 'português brasileiro': 'pt-BR', 'русский': 'ru', '中文': 'zh', '日本語': 'ja', '한국어': 'ko',
  polski: 'pl', nederlands: 'nl', svenska: 'sv', suomi: 'fi', dansk: 'da', norsk: 'no', 'čeština': 'cs', magyar: 'hu', 'türkçe': 'tr',
  'العربية': 'ar', 'עברית': 'he', 'bahasa indonesia': 'id', 'tiếng việt': 'vi', 'ελληνικά': 'el', 'українська': 'uk', 'català': 'ca',
};

export interface Header {
  title?: string;
  subtitle?: string;
  authors: string[];
  series?: SeriesNotice;
  summary: string[];
  disclaimer: string[];
  notesBefore: string[];
  rating?: string;
  fandoms: string[];
  characters: string[];
  relationships: string[];
  warnings: string[];
  tags: string[];
  status?: 'complete' | 'in-progress';
  language?: string;
  published?: string;
  updated?: string;
  rights?: string;
  /** The header's own "Word count:", if it had one (not used: the import counts the words itself). */
  statedWordCount?: string;
  /** The story's first line: what is above it is header (or decoration between). */
  storyStartLine: number;
}

interface FieldLine {
  field: FieldName;
  /** The key as written, for fields kept as notes. */
  key: string;
  value: string;
}

export function matchField(text: string): FieldLine | undefined {
  const m = /^[(\[]?\s*([A-Za-z][A-Za-z'’./ ]{0,24}?)\s*(?::|\s-\s|\s–\s|\s—\s)\s*(.*)$/.exec(text);
  if (!m) return undefined;
  const key = m[1].toLowerCase().replace(/’/g, "'").replace(/\s+/g, ' ').trim();
  const field = FIELD_KEYS[key];
  // A dash is a separator only for unmistakable keys ("Rating - T"), never for "Note - …" prose.
  if (!field || (!text.includes(':') && !['rating', 'summary', 'disclaimer', 'fandoms', 'characters', 'relationships', 'warnings', 'status', 'author', 'title'].includes(field))) return undefined;
  return { field, key: m[1], value: m[2].replace(/[)\]]\s*$/, (s) => (m[0].startsWith('(') || m[0].startsWith('[') ? '' : s)).trim() };
}

const BY_LINE = /^(?:by|written\s+by|story\s+by|a\s+story\s+by|a\s+fic\s+by)\s*:?\s+(.+)$/i;

export function matchByLine(text: string): string[] | undefined {
  const m = BY_LINE.exec(text.trim());
  if (!m) return undefined;
  const value = m[1].trim();
  // "By the time she got there, …" is prose: names carry no sentence punctuation and are short.
  if (value.length > 80 || /[,;!?]\s+\p{Ll}/u.test(value) || /[.!?]["”]?$/.test(value) && !/\b\p{Lu}\.$/u.test(value)) return undefined;
  const authors = splitAuthors(value);
  if (authors.some((a) => a.split(/\s+/).length > 5)) return undefined;
  return authors;
}

export function splitAuthors(value: string): string[] {
  return value.split(/\s*(?:,|&|\band\b)\s*/i).map((s) => s.trim()).filter((s) => s !== '');
}

export interface Crossover {
  title: string;
  subtitle: string;
  fandoms: string[];
}

// "Title: A X/Y Crossover", "Title (X/Y crossover)", "Title - An X x Y Crossover"; the last
// separator before the crossover words divides title from subtitle.
const CROSSOVER = /^(.+)(?::|\s-|\s–|\s—|\s\()\s*((?:an?\s+)?([^:(]+?)\s+cross-?over(?:\s+fic|\s+story)?)\)?\s*$/i;
const CROSSOVER_SUBTITLE = /^(?:an?\s+)?([^:(]+?)\s+cross-?over(?:\s+fic|\s+story)?$/i;

function splitFandoms(text: string): string[] {
  return text.split(/\s*\/\s*|\s+x\s+|\s+&\s+|\s+and\s+/i).map((s) => s.trim()).filter((s) => s !== '');
}

/** The fandoms named by a subtitle such as "A Hollow Creek/Tidewater Crossover". */
export function crossoverFandoms(subtitle: string): string[] {
  const m = CROSSOVER_SUBTITLE.exec(subtitle.trim());
  const fandoms = m ? splitFandoms(m[1]) : [];
  return fandoms.length >= 2 ? fandoms : [];
}

export function matchCrossover(text: string): Crossover | undefined {
  // Cheap test first: the pattern backtracks over long lines of prose.
  if (!/cross-?over/i.test(text)) return undefined;
  const m = CROSSOVER.exec(text.trim());
  if (!m) return undefined;
  const fandoms = splitFandoms(m[3]);
  if (fandoms.length < 2 || m[1].trim() === '') return undefined;
  return { title: m[1].trim(), subtitle: m[2].trim(), fandoms };
}

/** "“Salt and Signal”" → "Salt and Signal": quotes around a whole title are decoration. */
export function unquoteTitle(text: string): string {
  const m = /^["“'‘](.+)["”'’]$/u.exec(text.trim());
  return m && !/["“”]/u.test(m[1]) ? m[1].trim() : text.trim();
}

/** A title in quotes; speech too looks like this, so it counts only beside other header lines. */
function isQuotedTitle(text: string): boolean {
  const inner = unquoteTitle(text);
  return inner !== text.trim() && isTitleCandidate(inner);
}

/** A line that can stand as a story's title: short, not a sentence, not speech. */
export function isTitleCandidate(text: string): boolean {
  const s = text.trim();
  const words = s.split(/\s+/);
  if (s.length > 100 || words.length > 15) return false;
  if (/^["“'‘(\-–—]/u.test(s)) return false;
  if (/[.,;:"”'’]$/u.test(s) && !/\.\.\.$|…$/.test(s)) return false;
  if (/[!?]$/.test(s) && words.length > 8) return false;
  return /\p{L}/u.test(s);
}

function splitList(value: string): string[] {
  return value.split(/\s*[,;]\s*/).map((s) => s.trim()).filter((s) => s !== '');
}

function parseStatus(value: string): 'complete' | 'in-progress' | undefined {
  const v = value.toLowerCase().replace(/[.!]$/, '').trim();
  if (/^(complete|completed|finished|done|one-?shot)$/.test(v)) return 'complete';
  if (/^(in[\s-]?progress|wip|work in progress|ongoing|incomplete|unfinished|on[\s-]?going)$/.test(v)) return 'in-progress';
  return undefined;
}

export function parseLanguage(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  if (/^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i.test(v)) return value.trim();
  return LANGUAGES[v];
}

type LineKind =
  | { kind: 'field'; field: FieldLine }
  | { kind: 'series'; notice: SeriesNotice }
  | { kind: 'by'; authors: string[] }
  | { kind: 'crossover'; crossover: Crossover }
  /** `Key: value` with a key we have no field for ("Beta: Sam"); header only beside known fields. */
  | { kind: 'unknownField'; key: string; value: string }
  | { kind: 'other' };

const UNKNOWN_FIELD = /^([A-Z][A-Za-z'’]*(?: [A-Za-z'’]+){0,2})\s*:\s+(\S.*)$/;

/** A line of the header block by its form alone (for layout detection). */
export function isHeaderLine(text: string): boolean {
  const kind = classify(text).kind;
  return kind !== 'other' && kind !== 'unknownField';
}

function classify(text: string): LineKind {
  const crossover = matchCrossover(text);
  if (crossover && !matchField(text)) return { kind: 'crossover', crossover };
  const field = matchField(text);
  if (field) return { kind: 'field', field };
  const series = matchSeriesLine(text);
  if (series) return { kind: 'series', notice: series };
  const by = matchByLine(text);
  if (by) return { kind: 'by', authors: by };
  const unknown = UNKNOWN_FIELD.exec(text);
  if (unknown) return { kind: 'unknownField', key: unknown[1], value: unknown[2] };
  return { kind: 'other' };
}

interface Pending {
  field: FieldLine;
  /** A `Key: value` line with a key of no field, kept whole in the notes. */
  unknownKey?: boolean;
  lines: string[];
  firstLine: number;
}

export interface HeaderOptions {
  /** A paragraph may be part header, part story (the file has one paragraph per line). */
  partial: boolean;
  /** One paragraph per line: field values do not run on over lines, except under a bare key. */
  linesMode: boolean;
}

/** Lines that belong to the header by their form, with the values written under a bare "Key:". */
export function headerLineNumbers(lines: readonly SourceLine[]): Set<number> {
  const out = new Set<number>();
  let underBareKey = false;
  for (const line of lines) {
    if (line.text === '') {
      underBareKey = false;
      continue;
    }
    const kind = classify(line.text);
    if (kind.kind !== 'other' && kind.kind !== 'unknownField') {
      out.add(line.no);
      underBareKey = kind.kind === 'field' && kind.field.value === '';
    } else if (underBareKey && line.indented) {
      out.add(line.no);
    } else {
      underBareKey = false;
    }
  }
  return out;
}

/**
 * Reads header units from the start of the file. The header ends at the first chapter
 * heading, or at the first paragraph that is neither fields nor (while no title is known)
 * a title line.
 */
export function parseHeader(units: Unit[], file: string, diagnostics: Diagnostic[], options: HeaderOptions): Header {
  const header: Header = {
    authors: [], summary: [], disclaimer: [], notesBefore: [], fandoms: [], characters: [],
    relationships: [], warnings: [], tags: [], storyStartLine: 1,
  };
  let consumedAny = false;
  /** Where the last running field (summary, disclaimer, note) went, for its further paragraphs. */
  let lastRunning: string[] | undefined;
  let i = 0;

  const apply = (p: Pending) => {
    const parts = p.lines.map((l) => l.trim()).filter((l) => l !== '');
    // A value under its key (archive layout: "Characters:" then one name a line) is a list.
    const listed = p.lines[0].trim() === '' && parts.length > 1 && !RUNNING_FIELDS.has(p.field.field);
    const value = parts.join(listed ? ', ' : ' ');
    const f = p.field;
    const keep = () => header.notesBefore.push(`${f.key}: ${value}`);
    switch (f.field) {
      case 'title': {
        // "Title: The Float: A Kettle Town/Harbour Lights Crossover"
        const crossover = matchCrossover(value);
        header.title = unquoteTitle(crossover?.title ?? value);
        if (crossover) {
          header.subtitle = crossover.subtitle;
          header.fandoms.push(...crossover.fandoms);
        }
        break;
      }
      case 'subtitle':
        header.subtitle = value;
        header.fandoms.push(...crossoverFandoms(value));
        break;
      case 'author': header.authors.push(...splitAuthors(value.replace(/^by\s+/i, ''))); break;
      case 'summary': if (value) header.summary.push(value); break;
      case 'disclaimer': if (value) header.disclaimer.push(value); break;
      case 'notes': if (value) header.notesBefore.push(value); break;
    }
    lastRunning = f.field === 'summary' ? header.summary : f.field === 'disclaimer' ? header.disclaimer
      : f.field === 'notes' && !p.unknownKey ? header.notesBefore : undefined;
    switch (f.field) {
      case 'rating': header.rating = value; break;
      case 'fandoms': header.fandoms.push(...splitList(value)); break;
      case 'crossover': header.fandoms.push(...value.split(/\s*\/\s*|\s*,\s*|\s+x\s+|\s+&\s+/i).filter(Boolean)); break;
      case 'characters': header.characters.push(...splitList(value)); break;
      case 'relationships': header.relationships.push(...splitList(value)); break;
      case 'warnings': header.warnings.push(...splitList(value)); break;
      case 'tags': header.tags.push(...splitList(value)); break;
      case 'rights': header.rights = value; break;
      case 'published': header.published = value; break;
      case 'updated': header.updated = value; break;
      case 'wordCount': header.statedWordCount = value; break;
      case 'chapterCount': case 'archiveStat': break;
      case 'status': {
        const status = parseStatus(value);
        if (status) header.status = status;
        else {
          keep();
          diagnostics.push(warning(file, `status "${value}" is neither complete nor in progress; kept in the notes before the story`, { line: p.firstLine }));
        }
        break;
      }
      case 'language': {
        const language = parseLanguage(value);
        if (language) header.language = language;
        else {
          keep();
          diagnostics.push(warning(file, `language "${value}" not recognised; kept in the notes before the story`, { line: p.firstLine, hint: 'set `language:` in book.yaml to a BCP 47 tag such as `en`' }));
        }
        break;
      }
      case 'series': {
        const notice = parseSeriesValue(value);
        if (notice) setSeries(notice, p.firstLine);
        break;
      }
    }
  };

  const setSeries = (notice: SeriesNotice, line: number) => {
    if (header.series && header.series.name !== notice.name) {
      diagnostics.push(warning(file, `a second series notice names "${notice.name}"; kept "${header.series.name}"`, { line }));
      header.notesBefore.push(`Series: ${notice.name}${notice.number ? `, part ${notice.number}` : ''}`);
      return;
    }
    header.series = { ...header.series, ...notice };
  };

  /**
   * Reads a text unit as header lines. Returns how many of its lines are header: all, none
   * (nothing applied), or, where `options.partial` allows (each line is a paragraph), the lines
   * before the first one that is story.
   */
  const readTextUnit = (unitLines: SourceLine[]): number => {
    const lines = unitLines.flatMap(splitStats);
    const hasKnownField = lines.some((l) => classify(l.text).kind === 'field');
    // An unknown `Key: value` counts as a field only in a paragraph of known fields.
    const kinds = lines.map((l) => {
      const kind = classify(l.text);
      return kind.kind === 'unknownField' && !hasKnownField ? ({ kind: 'other' } as const) : kind;
    });
    const actions: (() => void)[] = [];
    let pending: Pending | undefined;
    let pendingIndent = false;
    let titleTaken = false;
    let subtitleTaken = false;
    let titleIndex = -2;
    let consumed = lines.length;
    const finish = (count: number): number => {
      if (count < lines.length && (count === 0 || !options.partial)) return 0;
      if (pending) {
        const p = pending;
        actions.push(() => apply(p));
      }
      actions.forEach((a) => a());
      // Stats lines split from one source line count as that one line.
      return count === lines.length ? unitLines.length : unitLines.findIndex((l) => l.no === lines[count].no);
    };
    for (let k = 0; k < lines.length; k++) {
      const kind = kinds[k];
      const line = lines[k];
      const runsOn = pending && RUNNING_FIELDS.has(pending.field.field) && (kind.kind === 'by' || kind.kind === 'crossover');
      if (kind.kind === 'other' || runsOn) {
        if (pending) {
          const bare = pending.lines[0] === '';
          // Where each line is a paragraph, a value runs on only under a bare "Key:", indented
          // (or for one line); elsewhere a running field goes on and a bare key takes what is under it.
          const continues = options.linesMode
            ? bare && (line.indented || pending.lines.length === 1) && (pendingIndent || pending.lines.length === 1)
            : RUNNING_FIELDS.has(pending.field.field) || bare;
          if (continues) {
            if (pending.lines.length === 1) pendingIndent = line.indented;
            pending.lines.push(line.text);
            continue;
          }
        }
        const quotedTitle = !titleTaken && !header.title && isQuotedTitle(line.text) && kinds.some((x) => x.kind !== 'other');
        if (!titleTaken && !header.title && (isTitleCandidate(line.text) || quotedTitle)) {
          titleIndex = k;
          titleTaken = true;
          // "Title, by Name" / "Title - by Name" on one line.
          const byOnLine = /^(.+?)\s*(?:,|\s-|\s–|\s—)\s+by\s+(.+)$/i.exec(line.text);
          const authors = byOnLine ? matchByLine(`by ${byOnLine[2]}`) : undefined;
          actions.push(() => {
            header.title = unquoteTitle(authors ? byOnLine![1] : line.text);
            if (authors) header.authors.push(...authors);
          });
          continue;
        }
        if (titleTaken && !subtitleTaken && k === titleIndex + 1 && !options.linesMode && isTitleCandidate(line.text)) {
          subtitleTaken = true;
          actions.push(() => {
            header.subtitle = line.text;
            header.fandoms.push(...crossoverFandoms(line.text));
          });
          continue;
        }
        consumed = k;
        break;
      }
      if (pending) {
        const p = pending;
        actions.push(() => apply(p));
        pending = undefined;
      }
      switch (kind.kind) {
        case 'field':
          pending = { field: kind.field, lines: [kind.field.value], firstLine: line.no };
          pendingIndent = false;
          break;
        case 'series':
          actions.push(() => setSeries(kind.notice, line.no));
          break;
        case 'by':
          actions.push(() => header.authors.push(...kind.authors));
          break;
        case 'unknownField':
          pending = { field: { field: 'notes', key: kind.key, value: `${kind.key}: ${kind.value}` }, lines: [`${kind.key}: ${kind.value}`], firstLine: line.no, unknownKey: true };
          break;
        case 'crossover':
          if (header.title || titleTaken) return finish(k);
          titleTaken = true;
          actions.push(() => {
            header.title = kind.crossover.title;
            header.subtitle = kind.crossover.subtitle;
            header.fandoms.push(...kind.crossover.fandoms);
          });
          break;
      }
    }
    if (consumed === lines.length && pending && pending.lines.join('').trim() === '' && RUNNING_FIELDS.has(pending.field.field)) {
      // "Summary:" alone on its line: the next paragraph is the summary.
      const next = nextTextUnit(i + 1);
      if (next !== undefined) {
        const unit = units[next] as Extract<Unit, { kind: 'text' }>;
        pending.lines.push(...unit.lines.map((l) => l.text));
        i = next;
      }
    }
    return finish(consumed);
  };

  /**
   * How many units from `from` are further paragraphs of the last running field: text that is
   * not header, followed by header fields (or, for a note, by the first chapter heading).
   */
  const furtherParagraphs = (from: number): number => {
    if (!lastRunning) return 0;
    let j = from;
    let paragraphs = 0;
    while (j < units.length && paragraphs <= 4) {
      const u = units[j];
      if (u.kind === 'gap') { j++; continue; }
      if (u.kind === 'heading') return lastRunning === header.notesBefore && paragraphs > 0 ? j - from : 0;
      if (u.kind !== 'text') return 0;
      // An author's note alone does not end it: the story may close with one.
      if (u.lines.every((l) => isHeaderLine(l.text))) {
        const notesOnly = u.lines.every((l) => matchField(l.text)?.field === 'notes');
        return paragraphs > 0 && !notesOnly ? j - from : 0;
      }
      // A lone short line may be the title still to come.
      if (!header.title && u.lines.length === 1 && isTitleCandidate(u.lines[0].text)) return 0;
      paragraphs++;
      j++;
    }
    return 0;
  };

  const nextTextUnit = (from: number): number | undefined => {
    let j = from;
    while (j < units.length && units[j].kind === 'gap') j++;
    return j < units.length && units[j].kind === 'text' ? j : undefined;
  };

  let storyStartLine: number | undefined;
  for (; i < units.length && storyStartLine === undefined; i++) {
    const unit = units[i];
    if (unit.kind === 'gap') continue;
    if (unit.kind === 'heading') {
      storyStartLine = unit.line.no;
      break;
    }
    if (unit.kind === 'divider') {
      // A divider under the title or between header paragraphs is decoration; after the
      // header it separates the header from the story.
      const next = nextTextUnit(i + 1);
      if (!consumedAny) continue;
      if (next !== undefined) {
        const peek = units[next] as Extract<Unit, { kind: 'text' }>;
        if (peek.lines.every((l) => isHeaderLine(l.text))) continue;
      }
      storyStartLine = unit.line.no + 1;
      break;
    }
    const further = furtherParagraphs(i);
    if (further > 0) {
      // More paragraphs of a summary or note: they stand between it and more header lines.
      for (let j = i; j < i + further; j++) {
        const u = units[j];
        if (u.kind === 'text') lastRunning!.push(u.lines.map((l) => l.text).join(' '));
      }
      i += further - 1;
      continue;
    }
    const taken = readTextUnit(unit.lines);
    if (taken < unit.lines.length) {
      storyStartLine = unit.lines[taken].no;
      if (taken > 0) consumedAny = true;
      break;
    }
    consumedAny = true;
  }
  header.storyStartLine = storyStartLine ?? Number.POSITIVE_INFINITY;
  return header;
}
