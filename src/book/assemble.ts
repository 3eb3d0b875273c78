// Metadata + chapters → the one Book model that every writer reads.
import { makePages } from '../front-matter/pages.js';
import { parseMarkdown } from '../manuscript/markdown.js';
import type { LoadedMetadata } from '../metadata/load.js';
import { blocksText, type Asset, type Block, type Book, type BookMeta, type Chapter, type PrintOptions, type SourcePos } from '../model/book.js';
import { printEditions } from '../print/from-yaml.js';
import { derivedIdentifier } from './identifier.js';

export interface AssembleInput {
  bookDir: string;
  /** Display name of book.yaml, for positions of Markdown inside metadata. */
  bookFile: string;
  metadata: LoadedMetadata;
  chapters: Chapter[];
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

export function assembleBook(input: AssembleInput): Book {
  const meta = bookMeta(input);
  const { book } = input.metadata;
  const pages = makePages({
    meta,
    notesBefore: markdownField(book.notes?.before, input.bookFile),
    notesAfter: markdownField(book.notes?.after, input.bookFile),
    bookDir: input.bookDir,
  });
  // A one-shot's single untitled chapter is navigated to by the book's title.
  const chapters =
    input.chapters.length === 1 && !input.chapters[0].title
      ? [{ ...input.chapters[0], titleText: meta.title }]
      : input.chapters;
  return {
    meta,
    front: pages.front,
    chapters,
    back: pages.back,
    assets: input.assets,
    print: printOptions(book, input.metadata.locateBook && ((path) => ({ file: input.bookFile, line: input.metadata.locateBook!(path).line }))),
  };
}
