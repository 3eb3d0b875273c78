// The pages the tool adds around the story, as model blocks filled from templates/pages/*.md.
import { loadLocale } from '../locale/load.js';
import { fillTerm, joinNames, type Locale, type LocaleTerms } from '../locale/locale.js';
import { inlineText, type Block, type BookMeta, type Inline, type Page, type PageRole, type TitlePart } from '../model/book.js';
import { fillTemplateTracked, readTemplate, type TemplateValues } from './templates.js';

export interface AddedPages {
  front: Page[];
  back: Page[];
}

export interface PageInputs {
  meta: BookMeta;
  notesBefore?: Block[];
  notesAfter?: Block[];
  /** A book folder whose own templates/ may override the built-in ones. */
  bookDir?: string;
  /** Prefix for page ids (an omnibus has several title pages). */
  idPrefix?: string;
  work?: number;
  /** The book's language; default: loaded for meta.language (with the book folder's overrides). */
  locale?: Locale;
}

/**
 * Every locale term as the template value `term.NAME`, its `{placeholders}` filled from the other values
 * (`{number}` and `{name}` are the story's place in its series). A term that needs a missing value is
 * missing itself, so its paragraph is left out like any other.
 */
export function termValues(terms: LocaleTerms, values: TemplateValues): TemplateValues {
  const strings: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (typeof value === 'string' && value.trim() !== '') strings[key] = value;
  if (strings.seriesNumber !== undefined) strings.number = strings.seriesNumber;
  if (strings.seriesName !== undefined) strings.name = strings.seriesName;
  const out: TemplateValues = {};
  for (const [key, term] of Object.entries(terms) as [string, string][]) {
    const needed = [...term.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    out[`term.${key}`] = needed.every((k) => k in strings) ? fillTerm(term, strings) : undefined;
  }
  return out;
}

/** The title page's author and series lines, in the locale's words. */
export function titleLines(meta: Pick<BookMeta, 'authors' | 'series'>, locale: Locale): { byline?: string; seriesLine?: string } {
  const { terms } = locale;
  return {
    ...(meta.authors.length > 0 && { byline: fillTerm(terms.byline, { authors: joinNames(meta.authors, locale.names) }) }),
    ...(meta.series && { seriesLine: fillTerm(terms.seriesLine, { number: meta.series.number, name: meta.series.name }) }),
  };
}

/** Which part of a title page a block is: its first level-1 heading is the title (an omnibus's shows
 * `{{seriesName}}`); any other block by the values it shows: `{{byline}}`, or `by {{authors}}` in an older
 * template. */
const TITLE_PARTS: [TitlePart, readonly string[]][] = [
  ['title', ['title']],
  ['subtitle', ['subtitle']],
  ['byline', ['byline', 'term.byline', 'authors']],
  ['seriesLine', ['seriesLine', 'term.seriesLine', 'seriesName', 'seriesNumber']],
];

export function titleBlocksOf(blocks: readonly Block[], uses: readonly string[][]): Partial<Record<TitlePart, number>> {
  const parts: Partial<Record<TitlePart, number>> = {};
  blocks.forEach((block, i) => {
    if (block.kind !== 'paragraph' && block.kind !== 'heading') return;
    if (block.kind === 'heading' && block.level === 1 && parts.title === undefined) {
      parts.title = i;
      return;
    }
    const part = TITLE_PARTS.find(([name, values]) => parts[name] === undefined && values.some((v) => uses[i]?.includes(v)));
    if (part) parts[part[0]] = i;
  });
  return parts;
}

export function templateValues(meta: BookMeta, locale: Locale = loadLocale(meta.language)): TemplateValues {
  const series = meta.series;
  const earlier = series?.works.filter((w) => w.number < series.number).map((w) => w.title);
  // The next work: the first listed after this one (numbers may skip).
  const next = series?.works.find((w) => w.number > series.number);
  return {
    title: meta.title,
    subtitle: meta.subtitle,
    authors: joinNames(meta.authors, locale.names),
    ...titleLines(meta, locale),
    seriesName: series?.name,
    seriesNumber: series ? String(series.number) : undefined,
    earlierWorks: earlier && earlier.length > 0 ? joinNames(earlier, locale.names) : undefined,
    seriesUrl: series?.url,
    seriesIntroduction: series?.introduction,
    seriesWorks: series && series.works.length > 0 ? [worksList(series.works, locale.terms)] : undefined,
    nextNumber: next ? String(next.number) : undefined,
    nextTitle: next?.title,
    nextUrl: next?.url,
    summary: meta.summary,
    disclaimer: meta.disclaimer,
    fandoms: meta.fandoms.join(', '),
    rating: meta.rating,
    warnings: meta.warnings.join(', '),
    relationships: meta.relationships.join(', '),
    characters: meta.characters.join(', '),
    tags: meta.tags.join(', '),
    status: meta.status === 'in-progress' ? locale.terms.inProgress : meta.status === 'complete' ? locale.terms.complete : undefined,
    published: meta.published,
    updated: meta.updated,
  };
}

/** A space between words, except before a full-width mark (CJK: `作品（本作）`). */
function spaced(word: string): string {
  return /^[\u3000-\u303f\uff00-\uffef]/.test(word) ? word : ` ${word}`;
}

/** The works of a series as a list, the current one (if any) marked. */
export function worksList(works: NonNullable<BookMeta['series']>['works'], terms: LocaleTerms): Block {
  // An ordered list numbers itself; a series whose numbering skips says each number instead.
  const consecutive = works.every((w, i) => w.number === works[0].number + i);
  return {
    kind: 'list',
    ordered: consecutive,
    start: consecutive ? works[0].number : 1,
    items: works.map((w) => {
      const title: Inline = w.url
        ? { kind: 'link', href: w.url, children: [{ kind: 'text', text: w.title }] }
        : { kind: 'text', text: w.title };
      const label: Inline[] = consecutive ? [] : [{ kind: 'text', text: fillTerm(terms.workNumber, { number: w.number }) }];
      const children: Inline[] = w.current
        ? [...label, { kind: 'strong', children: [title] }, { kind: 'text', text: spaced(terms.thisStory) }]
        : [...label, title];
      return [{ kind: 'paragraph', children }];
    }),
  };
}

/** The locale's word for each page in the navigation, where the page has no heading of its own. */
const NAV_TERMS: Record<PageRole, keyof LocaleTerms> = {
  titlepage: 'titlePage',
  series: 'series',
  disclaimer: 'disclaimer',
  summary: 'summary',
  'notes-before': 'authorsNote',
  'notes-after': 'authorsNote',
  continues: 'whatComesNext',
};

export function makePages(input: PageInputs): AddedPages {
  const { meta } = input;
  const locale = input.locale ?? loadLocale(meta.language, input.bookDir);
  const base: TemplateValues = {
    ...templateValues(meta, locale),
    notesBefore: input.notesBefore,
    notesAfter: input.notesAfter,
  };
  const values: TemplateValues = { ...base, ...termValues(locale.terms, base) };
  const prefix = input.idPrefix ?? '';
  const page = (role: PageRole, template: string): Page | undefined => {
    const { text, file } = readTemplate(template, input.bookDir);
    const { blocks, uses } = fillTemplateTracked(text, file, values);
    // A page whose template kept nothing but its heading has nothing to say.
    if (role !== 'titlepage' && blocks.every((b) => b.kind === 'heading')) return undefined;
    const heading = blocks.find((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading' && b.level === 2);
    const title = role === 'titlepage' || !heading ? locale.terms[NAV_TERMS[role]] : inlineText(heading.children);
    return {
      role,
      id: `${prefix}${role}`,
      title,
      blocks,
      ...(input.work !== undefined && { work: input.work }),
      ...(role === 'titlepage' && { titleBlocks: titleBlocksOf(blocks, uses) }),
    };
  };

  const series = meta.series;
  const front = [
    page('titlepage', 'pages/title.md'),
    series ? page('series', series.number > 1 ? 'pages/series-later.md' : 'pages/series-first.md') : undefined,
    meta.disclaimer ? page('disclaimer', 'pages/disclaimer.md') : undefined,
    page('summary', 'pages/summary.md'),
    input.notesBefore ? page('notes-before', 'pages/notes-before.md') : undefined,
  ].filter((p): p is Page => p !== undefined);
  // After the story: where it continues, or for the last work the series' address when there is one.
  const continues = !series
    ? undefined
    : values.nextTitle !== undefined
      ? page('continues', 'pages/continues.md')
      : series.url
        ? page('continues', 'pages/series-end.md')
        : undefined;
  const back = [input.notesAfter ? page('notes-after', 'pages/notes-after.md') : undefined, continues].filter(
    (p): p is Page => p !== undefined,
  );
  return { front, back };
}

