// The structure stage: everything about a book's shape that more than one writer needs, decided once, on the
// model, after typography and before any writer. The navigation tree (EPUB nav and NCX, PDF contents and
// outline), each chapter's label and number, the title page part by part, and the direction of every
// paragraph written in a script of the other direction. Writers render these; they derive none of them.
import * as bidiJs from 'bidi-js';
import type { Bidi } from 'bidi-js';
import { titleLines } from '../front-matter/pages.js';
import { fillTerm, type Direction, type Locale } from '../locale/locale.js';
import {
  hasChildren,
  leadingPages,
  readingOrder,
  type Block,
  type Book,
  type BookDraft,
  type BookMeta,
  type Chapter,
  type Inline,
  type NavEntry,
  type Page,
  type ParsedChapter,
  type PrintOptions,
  type TitlePageParts,
  type Work,
} from '../model/book.js';

export function resolveStructure(draft: BookDraft): Book {
  const works = draft.works?.map((work, w): Work & { titlePage: TitlePageParts } => ({
    ...work,
    titlePage: titlePageParts(draft.front.find((p) => p.work === w && p.role === 'titlepage'), work.meta, work.locale),
  }));
  const chapters = labelChapters(draft, works);
  const { works: _, ...rest } = draft;
  const book: Book = {
    ...rest,
    chapters,
    lang: draft.meta.language,
    dir: draft.locale.dir,
    navigation: [],
    titlePage: titlePageParts(leadingPages(draft).find((p) => p.role === 'titlepage'), draft.meta, draft.locale),
    ...(works && { works }),
  };
  book.navigation = navigationOf(book);
  markDirections(book);
  return book;
}

// ---- Chapters

/** How a title that numbers itself starts: "Chapter 3", "Part Two", "12", or the locale's word before its
 * number ("Chapitre", "第"). A word in a script that spaces its words must end there ("Partridge" is not). */
function selfNumbering(locale: Locale): RegExp {
  const word = locale.terms.chapter.split('{number}')[0].trim();
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const own = !word ? '' : /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]$/u.test(word) ? `|${escaped}(?![\\p{L}\\p{N}])` : `|${escaped}`;
  return new RegExp(`^(?:(?:chapter|part)(?![\\p{L}\\p{N}])${own})|^\\d+\\.?$`, 'iu');
}

/**
 * Whether a book (or an omnibus work) numbers its chapters: `print.number-chapters` when given; else when
 * it has several chapters, all titled, and no title already says its number ("Chapter 3", "12").
 */
export function numbersChapters(chapters: readonly ParsedChapter[], print: PrintOptions, locale: Locale): boolean {
  if (print.numberChapters !== undefined) return print.numberChapters;
  // Only then the pattern: its Unicode classes take V8 a millisecond or two to compile.
  if (chapters.length < 2 || chapters.some((c) => c.titleText === undefined)) return false;
  const numbering = selfNumbering(locale);
  return chapters.every((c) => !numbering.test(c.titleText!));
}

/** Labels and numbers, per book, or per work in an omnibus (chapters count within their work). */
function labelChapters(draft: BookDraft, works: readonly Work[] | undefined): Chapter[] {
  const groups = new Map<number | undefined, ParsedChapter[]>();
  for (const c of draft.chapters) {
    const key = works ? c.work : undefined;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const labelled = new Map<ParsedChapter, Chapter>();
  for (const [work, group] of groups) {
    const meta = work !== undefined && works ? works[work].meta : draft.meta;
    const locale = work !== undefined && works ? works[work].locale : draft.locale;
    const numbered = numbersChapters(group, draft.print, locale);
    const oneShot = group.length === 1 && group[0].titleText === undefined;
    group.forEach((chapter, i) => {
      const number = i + 1;
      const numberLabel = fillTerm(locale.terms.chapter, { number });
      labelled.set(chapter, {
        ...chapter,
        label: chapter.titleText ?? (oneShot ? meta.title : numberLabel),
        number,
        ...(numbered && { numberLabel }),
        ...(oneShot && { oneShot }),
      });
    });
  }
  return draft.chapters.map((c) => labelled.get(c)!);
}

// ---- Navigation

/** Flat for one story; an omnibus: its own pages, then each work with its pages and chapters under it. */
export function navigationOf(book: Book): NavEntry[] {
  const leading = new Set(leadingPages(book));
  const numbered = (c: Chapter) => c.numberLabel !== undefined && c.titleText !== undefined;
  const items = readingOrder(book).map((item) => {
    if (item.kind === 'chapter') {
      const c = item.chapter;
      const entry: NavEntry = { kind: 'chapter', label: c.label, target: c.id, ...(numbered(c) && { number: c.number }), children: [] };
      return { work: c.work, titlePage: false, entry };
    }
    const p = item.page;
    const entry: NavEntry = { kind: 'page', label: p.title, target: p.id, ...(leading.has(p) && { beforeContents: true }), children: [] };
    return { work: p.work, titlePage: p.role === 'titlepage', entry };
  });
  // The book opens on its title page; the contents need not point at it (a work's does, through the work).
  if (!book.works) return items.filter((i) => !i.titlePage).map((i) => i.entry);
  const top: NavEntry[] = [];
  const workEntries = new Map<number, NavEntry>();
  for (const item of items) {
    if (item.work === undefined) {
      if (!item.titlePage) top.push(item.entry);
      continue;
    }
    let parent = workEntries.get(item.work);
    if (!parent) {
      parent = { kind: 'work', label: book.works[item.work].meta.title, target: item.entry.target, children: [] };
      workEntries.set(item.work, parent);
      top.push(parent);
    }
    if (!item.titlePage) parent.children.push(item.entry);
  }
  return top;
}

// ---- Title page

const text = (s: string): Inline[] => [{ kind: 'text', text: s }];

/**
 * The title page's parts: from the blocks its template filled (`Page.titleBlocks`, recorded by the values
 * each block shows), else from the metadata in the locale's words.
 */
export function titlePageParts(page: Page | undefined, meta: BookMeta, locale: Locale): TitlePageParts {
  if (!page?.titleBlocks) {
    const lines = titleLines(meta, locale);
    return {
      title: text(meta.title),
      ...(meta.subtitle && { subtitle: text(meta.subtitle) }),
      ...(lines.byline && { byline: text(lines.byline) }),
      ...(lines.seriesLine && { seriesLine: text(lines.seriesLine) }),
      other: [],
    };
  }
  const at = page.titleBlocks;
  const inlines = (i: number | undefined): Inline[] | undefined => {
    const b = i === undefined ? undefined : page.blocks[i];
    return b && (b.kind === 'paragraph' || b.kind === 'heading') ? b.children : undefined;
  };
  const known = new Set(Object.values(at));
  const other: TitlePageParts['other'] = [];
  page.blocks.forEach((b, i) => {
    if (known.has(i) || (b.kind !== 'paragraph' && b.kind !== 'heading')) return;
    other.push({ children: b.children, afterByline: at.byline !== undefined && i > at.byline });
  });
  const subtitle = inlines(at.subtitle);
  const byline = inlines(at.byline);
  const seriesLine = inlines(at.seriesLine);
  return {
    // A book's own title.md may leave the title out; the title page still names the book.
    title: inlines(at.title) ?? text(meta.title),
    ...(subtitle && { subtitle }),
    ...(byline && { byline }),
    ...(seriesLine && { seriesLine }),
    other,
  };
}

// ---- Direction

// bidi-js is CommonJS whose types declare an ES default export; Node and the bundler differ on which
// of the two the default import is.
type BidiFactory = () => Bidi;
const bidiModule = bidiJs as unknown as { default: BidiFactory | { default: BidiFactory } };
const bidiFactory: BidiFactory = typeof bidiModule.default === 'function' ? bidiModule.default : bidiModule.default.default;
let bidi: Bidi | undefined;

/** The direction of a character that has one (a strong character), else undefined. */
function strongDirection(ch: string): Direction | undefined {
  const code = ch.codePointAt(0)!;
  // Fast paths for Latin text and common punctuation, so most books never load the bidi tables.
  if (code < 0x0590) return /\p{L}/u.test(ch) ? 'ltr' : undefined;
  if (code >= 0x2000 && code <= 0x206f) return code === 0x200e ? 'ltr' : code === 0x200f ? 'rtl' : undefined;
  bidi ??= bidiFactory();
  const type = bidi.getBidiCharTypeName(ch);
  return type === 'L' ? 'ltr' : type === 'R' || type === 'AL' ? 'rtl' : undefined;
}

/**
 * The direction of the first strong character, as the Unicode bidirectional algorithm finds a paragraph's
 * (rule P2): text in a span of its own language or direction is isolated from it and skipped.
 */
export function firstStrongDirection(inlines: readonly Inline[]): Direction | undefined {
  for (const node of inlines) {
    let found: Direction | undefined;
    if (node.kind === 'text' || node.kind === 'code') {
      for (const ch of node.text) if ((found = strongDirection(ch))) break;
    } else if (hasChildren(node) && !(node.kind === 'span' && (node.lang || node.dir))) {
      found = firstStrongDirection(node.children);
    }
    if (found) return found;
  }
  return undefined;
}

/** A paragraph or heading in a script of the other direction than around it gets that direction. */
function markBlocks(blocks: readonly Block[], around: Direction): void {
  for (const block of blocks) {
    switch (block.kind) {
      case 'paragraph':
      case 'heading':
        if (!block.dir) {
          const dir = firstStrongDirection(block.children);
          if (dir && dir !== around) block.dir = dir;
        }
        break;
      case 'blockquote':
        markBlocks(block.children, block.dir ?? around);
        break;
      case 'list':
        for (const item of block.items) markBlocks(item, around);
        break;
      default:
        break;
    }
  }
}

function markDirections(book: Book): void {
  const dirOf = (work: number | undefined) => (work !== undefined && book.works ? book.works[work].dir : book.dir);
  for (const page of [...book.front, ...book.back]) markBlocks(page.blocks, dirOf(page.work));
  for (const chapter of book.chapters) {
    const around = dirOf(chapter.work);
    if (chapter.title) {
      const dir = firstStrongDirection(chapter.title);
      if (dir && dir !== around) chapter.titleDir = dir;
    }
    markBlocks(chapter.blocks, around);
    for (const note of chapter.footnotes) markBlocks(note.blocks, around);
  }
}
