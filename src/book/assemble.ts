// Metadata + chapters → the one Book model that every writer reads.
import type { Diagnostic } from '../diagnostics.js';
import { makePages } from '../front-matter/pages.js';
import { loadLocale } from '../locale/load.js';
import { parseMarkdown } from '../manuscript/markdown.js';
import type { LoadedMetadata } from '../metadata/load.js';
import { blocksText, type Asset, type Block, type Book, type BookMeta, type ParsedChapter, type PrintOptions, type SourcePos } from '../model/book.js';
import { printEditions } from '../print/from-yaml.js';
import { applyTypography, type TypographyOptions } from '../typography/index.js';
import { derivedIdentifier } from './identifier.js';
import { resolveStructure } from './structure.js';

export interface AssembleInput {
  bookDir: string;
  /** Display name of book.yaml, for positions of Markdown inside metadata. */
  bookFile: string;
  metadata: LoadedMetadata;
  chapters: ParsedChapter[];
  assets: Asset[];
  coverAssetId?: string;
  modified: Date;
}

function markdownField(text: string | undefined, file: string): Block[] | undefined {
  if (text === undefined) return undefined;
  const blocks = parseMarkdown(text, { file }).blocks;
  return blocks.length > 0 ? blocks : undefined;
}

export function bookMeta(input: Omit<AssembleInput, 'chapters' | 'assets'>): BookMeta {
  const { book, series } = input.metadata;
  const authors = book.author ?? [];
  const summary = markdownField(book.summary, input.bookFile);
  return {
    title: book.title,
    ...(book.subtitle && { subtitle: book.subtitle }),
    authors,
    language: book.language ?? 'en',
    identifier: book.identifier ?? derivedIdentifier(book.title, authors),
    ...(summary && { summary, summaryText: blocksText(summary) }),
    disclaimer: markdownField(book.disclaimer, input.bookFile),
    rights: book.rights,
    ...(book.source && { source: book.source }),
    fandoms: book.fandoms ?? [],
    rating: book.rating,
    warnings: book.warnings ?? [],
    relationships: book.relationships ?? [],
    characters: book.characters ?? [],
    tags: book.tags ?? [],
    status: book.status,
    published: book.published,
    updated: book.updated,
    ...(series && {
      series: {
        name: series.name,
        number: series.number,
        introduction: markdownField(series.introduction, series.file ?? input.bookFile),
        url: series.url,
        works: series.works.map((w) => ({ number: w.number, title: w.title, url: w.url, current: w.current })),
      },
    }),
    modified: input.modified,
    ...(input.coverAssetId && { coverAssetId: input.coverAssetId }),
    ...(input.coverAssetId && input.metadata.locateBook && { coverPos: { file: input.bookFile, line: input.metadata.locateBook(['cover']).line } }),
  };
}

export function printOptions(book: LoadedMetadata['book'], locate?: (path: readonly PropertyKey[]) => SourcePos): PrintOptions {
  const p = book.print ?? {};
  return {
    ...(p.trim && { trim: p.trim }),
    ...(p['running-head'] && { runningHead: p['running-head'] }),
    ...(p.opener && { opener: p.opener }),
    ...(p['scene-break'] && { sceneBreak: p['scene-break'] }),
    ...(p['number-chapters'] !== undefined && { numberChapters: p['number-chapters'] }),
    ...printEditions(p, locate),
  };
}

/**
 * The whole book, as every writer reads it: metadata, added pages and chapters put together, typeset, then
 * its structure resolved (navigation, chapter labels, title page; src/book/structure.ts), so labels are
 * made from the typeset titles. Returns typography's warnings beside it.
 */
export function assembleBook(input: AssembleInput): { book: Book; diagnostics: Diagnostic[] } {
  const meta = bookMeta(input);
  const { book } = input.metadata;
  const locale = loadLocale(meta.language, input.bookDir);
  const pages = makePages({
    meta,
    notesBefore: markdownField(book.notes?.before, input.bookFile),
    notesAfter: markdownField(book.notes?.after, input.bookFile),
    bookDir: input.bookDir,
    locale,
  });
  const draft = {
    meta,
    front: pages.front,
    chapters: input.chapters,
    back: pages.back,
    assets: input.assets,
    print: printOptions(book, input.metadata.locateBook && ((path) => ({ file: input.bookFile, line: input.metadata.locateBook!(path).line }))),
    locale,
  };
  const diagnostics = applyTypography(draft, { ...typographyOptions(book), locale });
  return { book: resolveStructure(draft), diagnostics };
}

export function typographyOptions(book: LoadedMetadata['book']): TypographyOptions {
  return { dashes: book.typography?.dashes };
}
