// The one document model every reader produces and every writer consumes.
// Writers import this file (and nothing from markdown-it or yaml).

/** Where a piece of the model came from, for warnings that name file and line. */
export interface SourcePos {
  file: string;
  line: number;
}

export type Inline =
  /** `literal`: the author escaped it (`\"`, an entity): typography leaves it as written. */
  | { kind: 'text'; text: string; literal?: boolean }
  | { kind: 'emphasis'; children: Inline[] }
  | { kind: 'strong'; children: Inline[] }
  /** Code span: typography never touches it. */
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: Inline[] }
  /** A reference to a footnote of the same chapter; `number` is 1-based within the chapter. */
  | { kind: 'footnoteRef'; id: string; number: number }
  /** `assetId` names an entry of `Book.assets`. */
  | { kind: 'image'; assetId: string; alt: string }
  | { kind: 'lineBreak' };

/** How a paragraph is set; writers map each to their own styling. */
export type ParagraphRole =
  | 'body'
  /** "The End", "Fin": the closing line of a story. */
  | 'end-mark'
  | 'centered';

export type Block =
  | { kind: 'paragraph'; children: Inline[]; role?: ParagraphRole; pos?: SourcePos }
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[]; pos?: SourcePos }
  | { kind: 'sceneBreak'; pos?: SourcePos }
  | { kind: 'blockquote'; children: Block[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { kind: 'codeBlock'; text: string };

export interface Footnote {
  id: string;
  number: number;
  blocks: Block[];
}

export interface Chapter {
  /** File-name-safe id, unique in the book (e.g. `chapter-003`). */
  id: string;
  /** The chapter heading; undefined for a chapter without a title. */
  title?: Inline[];
  /** Label for navigation, running heads and outlines: the title's text, or the book title for a
   * one-shot, or "Chapter N" for an untitled chapter of a longer book. Always set. */
  titleText: string;
  /** Work this chapter belongs to, in an omnibus (index into Book.works); undefined otherwise. */
  work?: number;
  source: string;
  blocks: Block[];
  footnotes: Footnote[];
}

/** The front- and back-matter pages the tool adds, in reading order. */
export type PageRole =
  | 'titlepage'
  | 'series'
  | 'disclaimer'
  | 'summary'
  | 'notes-before'
  | 'notes-after'
  | 'continues';

export interface Page {
  role: PageRole;
  /** File-name-safe id, unique in the book. */
  id: string;
  /** Heading for navigation (the page shows it too when not empty). */
  title: string;
  blocks: Block[];
  /** Work this page belongs to, in an omnibus. */
  work?: number;
}

export interface Asset {
  id: string;
  /** Path inside the edition, URL-safe (e.g. `images/cover.jpg`). */
  href: string;
  mediaType: 'image/jpeg' | 'image/png';
  data: Uint8Array;
  width?: number;
  height?: number;
  /** Where it was read from, for messages. */
  source: string;
}

export interface SeriesWork {
  number: number;
  title: string;
  url?: string;
  /** True for the book being built. */
  current: boolean;
}

export interface SeriesInfo {
  name: string;
  number: number;
  introduction?: Block[];
  url?: string;
  works: SeriesWork[];
}

export interface BookMeta {
  title: string;
  subtitle?: string;
  authors: string[];
  /** BCP 47. */
  language: string;
  /** `urn:uuid:…` or whatever the author gave. */
  identifier: string;
  summary?: Block[];
  /** Plain-text summary, for dc:description and the PDF subject. */
  summaryText?: string;
  disclaimer?: Block[];
  rights?: string;
  fandoms: string[];
  rating?: string;
  warnings: string[];
  relationships: string[];
  characters: string[];
  tags: string[];
  status?: 'complete' | 'in-progress';
  published?: string;
  updated?: string;
  series?: SeriesInfo;
  /** Build time stand-in: SOURCE_DATE_EPOCH or the newest input's mtime, never the clock. */
  modified: Date;
  /** Cover image (assetId). */
  coverAssetId?: string;
}

/** The editions a book can be built into. `kepub`: the EPUB for Kobo readers (`name.kepub.epub`). */
export const FORMATS = ['epub', 'kepub', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];
/** What a build makes when neither the command line nor book.yaml's `formats` says. */
export const DEFAULT_FORMATS: readonly Format[] = ['epub', 'pdf'];

/** An edition's file name: Kobo knows a kepub by its double extension. */
export function editionFileName(name: string, format: Format): string {
  return format === 'kepub' ? `${name}.kepub.epub` : `${name}.${format}`;
}

/** The page sizes the print edition offers: book.yaml, the CLI and the PDF writer all take these names. */
export const TRIMS = ['5x8', '5.5x8.5', '6x9', 'a5', 'letter', 'a4'] as const;
export type Trim = (typeof TRIMS)[number];

export interface PrintOptions {
  trim?: Trim;
  runningHead?: 'title' | 'chapter';
  opener?: 'small-caps' | 'drop-cap';
  sceneBreak?: string;
  numberChapters?: boolean;
}

/** One work of an omnibus: its own metadata (title, authors, its place in the series). Its pages and
 * chapters are those of `Book.front`, `Book.chapters` and `Book.back` whose `work` is its index. */
export interface Work {
  meta: BookMeta;
}

export interface Book {
  meta: BookMeta;
  /** Pages before the table of contents position, in reading order. */
  front: Page[];
  chapters: Chapter[];
  /** Pages after the story. */
  back: Page[];
  assets: Asset[];
  print: PrintOptions;
  /** Set for an omnibus: the works it holds, in order. */
  works?: Work[];
}

export type ReadingItem =
  | { kind: 'page'; page: Page; section: 'front' | 'back' }
  | { kind: 'chapter'; chapter: Chapter };

/**
 * Everything in the order a reader meets it. A single book: `front`, `chapters`, `back`. An omnibus: its own
 * front pages (those without `work`), then per work its front pages, chapters and back pages, then its own
 * back pages. Writers lay out an omnibus in this order (and put the contents after the leading pages).
 */
export function readingOrder(book: Book): ReadingItem[] {
  const front = (page: Page): ReadingItem => ({ kind: 'page', page, section: 'front' });
  const back = (page: Page): ReadingItem => ({ kind: 'page', page, section: 'back' });
  const chapter = (c: Chapter): ReadingItem => ({ kind: 'chapter', chapter: c });
  if (!book.works) return [...book.front.map(front), ...book.chapters.map(chapter), ...book.back.map(back)];
  const items: ReadingItem[] = book.front.filter((p) => p.work === undefined).map(front);
  book.works.forEach((_, w) => {
    items.push(
      ...book.front.filter((p) => p.work === w).map(front),
      ...book.chapters.filter((c) => c.work === w).map(chapter),
      ...book.back.filter((p) => p.work === w).map(back),
    );
  });
  items.push(...book.back.filter((p) => p.work === undefined).map(back));
  return items;
}

/** The pages before the contents: all of `front` for one book; an omnibus's own leading pages. */
export function leadingPages(book: Book): Page[] {
  return book.works ? book.front.filter((p) => p.work === undefined) : book.front;
}

/** Link targets a reader may follow: the web, mail, and places in the book. Readers make anything else
 * plain text; writers check again with this same rule rather than one of their own. */
export function isFollowableHref(href: string): boolean {
  return /^(https?:|mailto:|#)/i.test(href.trim());
}

/** Plain text of a run of inlines (for navigation labels, outlines, metadata). */
export function inlineText(inlines: readonly Inline[]): string {
  let out = '';
  for (const node of inlines) {
    switch (node.kind) {
      case 'text':
      case 'code':
        out += node.text;
        break;
      case 'emphasis':
      case 'strong':
      case 'link':
        out += inlineText(node.children);
        break;
      case 'image':
        out += node.alt;
        break;
      case 'lineBreak':
        out += ' ';
        break;
      case 'footnoteRef':
        break;
    }
  }
  return out;
}

/** Plain text of blocks, paragraphs separated by blank lines. */
export function blocksText(blocks: readonly Block[]): string {
  const parts: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'paragraph':
      case 'heading':
        parts.push(inlineText(block.children));
        break;
      case 'blockquote':
        parts.push(blocksText(block.children));
        break;
      case 'list':
        for (const item of block.items) parts.push(blocksText(item));
        break;
      case 'codeBlock':
        parts.push(block.text);
        break;
      case 'sceneBreak':
        break;
    }
  }
  return parts.join('\n\n');
}
