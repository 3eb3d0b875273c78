// The pages the tool adds around the story, as model blocks filled from templates/pages/*.md.
import { loadLocale } from '../locale/load.js';
import { fillTerm, joinNames as joinLocaleNames, type Locale, type LocaleTerms } from '../locale/locale.js';
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
  /** The book's locale (default: that of meta.language). */
  locale?: Locale;
}

/** "A", "A and B", "A, B and C". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The title page's author and series lines, in the locale's words. */
export function titleLines(meta: Pick<BookMeta, 'authors' | 'series'>, locale: Locale): { byline?: string; seriesLine?: string } {
  const { terms } = locale;
  return {
    ...(meta.authors.length > 0 && { byline: fillTerm(terms.byline, { authors: joinLocaleNames(meta.authors, locale.names) }) }),
    ...(meta.series && { seriesLine: fillTerm(terms.seriesLine, { number: meta.series.number, name: meta.series.name }) }),
  };
}

/** Which part of a title page a block is: its first level-1 heading is the title (an omnibus's shows
 * `{{seriesName}}`); any other block by the values it shows: `{{byline}}`, or `by {{authors}}` in an older
 * template. */
const TITLE_PARTS: [TitlePart, readonly string[]][] = [
  ['title', ['title']],
  ['subtitle', ['subtitle']],
  ['byline', ['byline', 'authors']],
  ['seriesLine', ['seriesLine', 'seriesName', 'seriesNumber']],
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
    authors: joinNames(meta.authors),
    ...titleLines(meta, locale),
    seriesName: series?.name,
    seriesNumber: series ? String(series.number) : undefined,
    earlierWorks: earlier && earlier.length > 0 ? joinNames(earlier) : undefined,
    seriesUrl: series?.url,
    seriesIntroduction: series?.introduction,
    seriesWorks: series && series.works.length > 0 ? [worksList(series.works)] : undefined,
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
    status: meta.status === 'in-progress' ? 'In progress' : meta.status === 'complete' ? 'Complete' : undefined,
    published: meta.published,
    updated: meta.updated,
  };
}

/** The works of a series as a list, the current one (if any) marked. */
export function worksList(works: NonNullable<BookMeta['series']>['works']): Block {
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
      const label: Inline[] = consecutive ? [] : [{ kind: 'text', text: `No. ${w.number}: ` }];
      const children: Inline[] = w.current
        ? [...label, { kind: 'strong', children: [title] }, { kind: 'text', text: ' (this story)' }]
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
  const values: TemplateValues = {
    ...templateValues(meta, locale),
    notesBefore: input.notesBefore,
    notesAfter: input.notesAfter,
  };
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

