// The one document model every reader produces and every writer consumes.
// Writers import this file (and nothing from markdown-it or yaml).
import type { Direction, Locale } from '../locale/locale.js';

export type { Direction, Locale };

import type { FlipEdge, ImposeKind, PaperName } from '../print/options.js';

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
  /** Strike-through (`~~text~~`, `<s>`, `<del>`). */
  | { kind: 'strike'; children: Inline[] }
  /** Small capitals (`[text]{.smallcaps}`, `font-variant: small-caps`). */
  | { kind: 'smallCaps'; children: Inline[] }
  /** Code span: typography never touches it. */
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: Inline[] }
  /** A reference to a footnote of the same chapter; `number` is 1-based within the chapter. */
  | { kind: 'footnoteRef'; id: string; number: number }
  /** `assetId` names an entry of `Book.assets`. */
  | { kind: 'image'; assetId: string; alt: string }
  | { kind: 'lineBreak' }
  /** Words in another language (`[texte]{lang=fr}`, `<span lang="fr">`): `dir` follows from `lang`. */
  | { kind: 'span'; lang?: string; dir?: Direction; children: Inline[] };

/** A block in another language or direction than the text around it (absent: as around it). */
export interface Languaged {
  lang?: string;
  dir?: Direction;
}

/** How a paragraph is set; writers map each to their own styling. */
export type ParagraphRole =
  | 'body'
  /** "The End", "Fin": the closing line of a story. */
  | 'end-mark'
  | 'centered';

export type Block =
  | ({ kind: 'paragraph'; children: Inline[]; role?: ParagraphRole; pos?: SourcePos } & Languaged)
  | ({ kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[]; pos?: SourcePos } & Languaged)
  | { kind: 'sceneBreak'; pos?: SourcePos }
  | ({ kind: 'blockquote'; children: Block[] } & Languaged)
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { kind: 'codeBlock'; text: string };

export interface Footnote {
  id: string;
  number: number;
  blocks: Block[];
}

/** A chapter as read from its file, before the book's structure is resolved (src/book/structure.ts). */
export interface ParsedChapter {
  /** File-name-safe id, unique in the book (e.g. `chapter-003`). */
  id: string;
  /** The chapter heading; undefined for a chapter without a title. */
  title?: Inline[];
  /** The heading's plain text; undefined for a chapter without a title. */
  titleText?: string;
  /** Work this chapter belongs to, in an omnibus (index into Book.works); undefined otherwise. */
  work?: number;
  source: string;
  blocks: Block[];
  footnotes: Footnote[];
  /** From the chapter file's front matter: shown before the text ("Chapter Summary", "Chapter Notes")… */
  summary?: Block[];
  notes?: Block[];
  /** …and after it ("Chapter End Notes"). */
  endNotes?: Block[];
}


export interface Chapter extends ParsedChapter {
  /** What navigation, outlines, running heads and the document title call it: the title's text, the
   * book's title for a one-shot's untitled chapter, else the locale's "Chapter N". */
  label: string;
  /** 1-based, within its work in an omnibus. */
  number: number;
  /** "Chapter 3" (the locale's `terms.chapter`) when the book numbers its chapters; undefined otherwise. */
  numberLabel?: string;
  /** The only chapter of its book (or work), and untitled: a one-shot, labelled by the book's title. */
  oneShot?: boolean;
  /** The title's direction, when it is written in a script of the other direction than the book's. */
  titleDir?: Direction;
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
  /** A title page: which of `blocks` is which, recorded as its template was filled (block indices). */
  titleBlocks?: Partial<Record<TitlePart, number>>;
}

export type TitlePart = 'title' | 'subtitle' | 'byline' | 'seriesLine';

/** What a title page says, part by part (resolved from the title page's `titleBlocks`, or the metadata). */
export interface TitlePageParts {
  title: Inline[];
  subtitle?: Inline[];
  /** "by Maren Holt" (the locale's `terms.byline`). */
  byline?: Inline[];
  /** "No. 2 in the series Harbour Lights" (the locale's `terms.seriesLine`). */
  seriesLine?: Inline[];
  /** Any other line a title page has (an omnibus's "The collected stories"), in order, and on which
   * side of the byline it stands. */
  other: { children: Inline[]; afterByline: boolean }[];
}

/** One entry of the book's navigation: the EPUB's nav and NCX, the PDF's contents and outline. */
export interface NavEntry {
  kind: 'page' | 'chapter' | 'work';
  /** A page's title, a chapter's label, a work's title. */
  label: string;
  /** Id of the page or chapter it leads to (a work: its first page or chapter). */
  target: string;
  /** A chapter's number, when the book (or its work) numbers its chapters. */
  number?: number;
  /** A page set before the contents (the contents list itself starts after these). */
  beforeContents?: boolean;
  /** An omnibus work: its pages and chapters. */
  children: NavEntry[];
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
  /** Where the story was first posted. */
  source?: string;
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
  /** Where `cover` is in book.yaml, for messages about the image. */
  coverPos?: SourcePos;
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
  /** Pages on printer sheets for folding (the `.imposed.pdf` edition). */
  impose?: ImposeOptions;
  /** Where `print.impose` is in book.yaml, for messages. */
  imposePos?: SourcePos;
  /** A print-on-demand interior and cover (`.interior.pdf`, `.cover.pdf`). */
  pod?: PodOptions;
}

export interface ImposeOptions {
  kind: ImposeKind;
  /** letter, a4, … or WxH in in/mm (src/print/sheets.ts); default letter. */
  sheet?: string;
  sheetsPerSignature?: number;
  /** The printer's duplex flip edge; default the one that needs no turned backs. */
  flip?: FlipEdge;
  /** Fold and trim marks. */
  marks?: boolean;
}

export interface PodOptions {
  /** 0.125 in beyond the trim on the interior's outer edges. */
  bleed?: boolean;
  /** A paper preset, or its thickness per page in inches. */
  paper?: PaperName | number;
  /** Where `print.pod` is in book.yaml, for messages. */
  pos?: SourcePos;
}

/** One work of an omnibus: its own metadata (title, authors, its place in the series). Its pages and
 * chapters are those of `Book.front`, `Book.chapters` and `Book.back` whose `work` is its index. */
export interface Work {
  meta: BookMeta;
  /** The work's own locale, language and direction (a work keeps its language in an omnibus). */
  locale: Locale;
  dir: Direction;
  /** Its title page, part by part (set by the structure stage). */
  titlePage?: TitlePageParts;
}

/** A book as assembled from its parts, before typography and the structure stage. */
export interface BookDraft {
  meta: BookMeta;
  /** Pages before the table of contents position, in reading order. */
  front: Page[];
  chapters: ParsedChapter[];
  /** Pages after the story. */
  back: Page[];
  assets: Asset[];
  print: PrintOptions;
  /** The words and conventions of the book's language (templates/locale/). */
  locale: Locale;
  /** Set for an omnibus: the works it holds, in order. */
  works?: Work[];
}

/** The whole book as every writer reads it: structure resolved (src/book/structure.ts). */
export interface Book extends BookDraft {
  chapters: Chapter[];
  /** The book's language (BCP 47, as meta.language) and writing direction. */
  lang: string;
  dir: Direction;
  /** Pages and chapters in reading order: flat for one story; an omnibus: work → its pages and chapters.
   * A single book's own title page is not listed (the book opens on it). */
  navigation: NavEntry[];
  /** The book's title page, part by part. */
  titlePage: TitlePageParts;
  works?: (Work & { titlePage: TitlePageParts })[];
}

export type ReadingItem<C extends ParsedChapter = Chapter> =
  | { kind: 'page'; page: Page; section: 'front' | 'back' }
  | { kind: 'chapter'; chapter: C };

/**
 * Everything in the order a reader meets it. A single book: `front`, `chapters`, `back`. An omnibus: its own
 * front pages (those without `work`), then per work its front pages, chapters and back pages, then its own
 * back pages. Writers lay out an omnibus in this order (and put the contents after the leading pages).
 */
export function readingOrder(book: Book): ReadingItem[];
export function readingOrder(book: BookDraft): ReadingItem<ParsedChapter>[];
export function readingOrder(book: BookDraft): ReadingItem<ParsedChapter>[] {
  const front = (page: Page): ReadingItem<ParsedChapter> => ({ kind: 'page', page, section: 'front' });
  const back = (page: Page): ReadingItem<ParsedChapter> => ({ kind: 'page', page, section: 'back' });
  const chapter = (c: ParsedChapter): ReadingItem<ParsedChapter> => ({ kind: 'chapter', chapter: c });
  if (!book.works) return [...book.front.map(front), ...book.chapters.map(chapter), ...book.back.map(back)];
  const items: ReadingItem<ParsedChapter>[] = book.front.filter((p) => p.work === undefined).map(front);
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
export function leadingPages(book: BookDraft): Page[] {
  return book.works ? book.front.filter((p) => p.work === undefined) : book.front;
}

/** Link targets a reader may follow: the web, mail, and places in the book. Readers make anything else
 * plain text; writers check again with this same rule rather than one of their own. */
export function isFollowableHref(href: string): boolean {
  return /^(https?:|mailto:|#)/i.test(href.trim());
}

/** An inline that holds others: emphasis, strong, strike, small caps, a link, a span. */
export type ContainerInline = Extract<Inline, { children: Inline[] }>;

/** Whether an inline holds others; a walk that treats every such kind alike descends into its children. */
export function hasChildren(node: Inline): node is ContainerInline {
  return 'children' in node;
}

/** Plain text of a run of inlines (for navigation labels, outlines, metadata). */
export function inlineText(inlines: readonly Inline[]): string {
  let out = '';
  for (const node of inlines) {
    if (hasChildren(node)) {
      out += inlineText(node.children);
      continue;
    }
    switch (node.kind) {
      case 'text':
      case 'code':
        out += node.text;
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

/** The headings of a chapter's notes ("Chapter Summary", "Chapter Notes", "Chapter End Notes") in the
 * language of the work it belongs to. */
export function chapterNoteLabels(book: Book, chapter: Chapter): { summary: string; notes: string; endNotes: string } {
  const { terms } = chapter.work !== undefined && book.works ? book.works[chapter.work].locale : book.locale;
  return { summary: terms.chapterSummary, notes: terms.chapterNotes, endNotes: terms.chapterEndNotes };
}
