// The EPUB's content documents in reading order, and the navigation document, from the Book model.
import { fillTerm } from '../../locale/locale.js';
import { chapterNoteLabels, type Book, type Chapter, type Direction, type Locale, type NavEntry, type Page, type PageRole } from '../../model/book.js';
import { renderBlocks, renderFootnotes, renderInlines, xhtmlDocument, type RenderContext } from './xhtml.js';
import { koboSpans, nextParagraph } from './kobo.js';
import { escapeAttr, escapeText } from './xml.js';

export interface ContentDocument {
  id: string;
  /** Path relative to the package document (EPUB/). */
  href: string;
  title: string;
  xhtml: string;
  /** Manifest properties (e.g. `svg`), if any. */
  properties?: string;
}

/** The language, direction and words of a document: the book's, or in an omnibus its work's. */
export interface DocumentLanguage {
  lang: string;
  dir: Direction;
  locale: Locale;
}

export function languageOf(book: Book, work: number | undefined): DocumentLanguage {
  const w = work !== undefined ? book.works?.[work] : undefined;
  return w ? { lang: w.meta.language, dir: w.dir, locale: w.locale } : { lang: book.lang, dir: book.dir, locale: book.locale };
}

/** A navigation entry's target as a path beside the nav document. */
export function navHref(entry: NavEntry): string {
  return `${entry.target}.xhtml`;
}

export const TEXT_DIR = 'text';
export const STYLESHEET_HREF = 'css/book.css';

/** EPUB structural semantics and DPUB-ARIA role for each page the tool adds. */
const PAGE_SEMANTICS: Record<PageRole, { type: string; role?: string }> = {
  titlepage: { type: 'titlepage' },
  series: { type: 'frontmatter' },
  disclaimer: { type: 'copyright-page' },
  summary: { type: 'abstract', role: 'doc-abstract' },
  'notes-before': { type: 'preface', role: 'doc-preface' },
  'notes-after': { type: 'afterword', role: 'doc-afterword' },
  continues: { type: 'afterword', role: 'doc-afterword' },
};

function contextFor(book: Book, headingShift: number, language: DocumentLanguage, kobo: boolean): RenderContext {
  const hrefs = new Map(book.assets.map((a) => [a.id, `../${a.href}`]));
  return { assetHref: (id) => hrefs.get(id), headingShift, noteRefs: new Map(), dir: language.dir, backToNote: language.locale.terms.backToNote, ...(kobo && { kobo: koboSpans() }) };
}

/** Shift so the first heading of a page becomes an h1 (every document then has one, as assistive tech expects). */
function firstHeadingLevel(page: Page): number {
  const h = page.blocks.find((b) => b.kind === 'heading');
  return h && h.kind === 'heading' ? h.level : 1;
}

/** `kobo`: the kepub edition's document (Kobo's spans and wrappers), else the EPUB's. */
export function pageDocument(book: Book, page: Page, language: DocumentLanguage, kobo = false): ContentDocument {
  const sem = PAGE_SEMANTICS[page.role];
  const ctx = contextFor(book, firstHeadingLevel(page) - 1, language, kobo);
  const role = sem.role ? ` role="${sem.role}"` : '';
  const body = `<section epub:type="${sem.type}"${role} class="${page.role}" aria-label="${escapeAttr(page.title)}">
${renderBlocks(page.blocks, ctx)}
</section>`;
  return {
    id: page.id,
    href: `${TEXT_DIR}/${page.id}.xhtml`,
    title: page.title,
    xhtml: xhtmlDocument({ language: language.lang, dir: language.dir, title: page.title, stylesheetHref: `../${STYLESHEET_HREF}`, body, kobo }),
  };
}

export function chapterDocument(book: Book, chapter: Chapter, language: DocumentLanguage, kobo = false): ContentDocument {
  const ctx = contextFor(book, 0, language, kobo);
  if (ctx.kobo) nextParagraph(ctx.kobo);
  ctx.fragments = new Set([...(chapter.title ? [`${chapter.id}-title`] : []), ...chapter.footnotes.map((fn) => fn.id)]);
  const titleDir = chapter.titleDir ? ` dir="${chapter.titleDir}"` : '';
  const heading = chapter.title
    ? `<h1 id="${chapter.id}-title"${titleDir}>${renderInlines(chapter.title, { ...ctx, dir: chapter.titleDir ?? ctx.dir })}</h1>\n`
    : '';
  const label = chapter.title ? `aria-labelledby="${chapter.id}-title"` : `aria-label="${escapeAttr(chapter.label)}"`;
  const blocks = renderBlocks(chapter.blocks, ctx);
  const notes = renderFootnotes(chapter.footnotes, ctx);
  const before = chapterNotes(book, chapter, ctx, 'before');
  const after = chapterNotes(book, chapter, ctx, 'after');
  const body = `<section epub:type="chapter" role="doc-chapter" class="chapter" ${label}>
${heading}${before}${blocks}
${after}${notes}
</section>`;
  return {
    id: chapter.id,
    href: `${TEXT_DIR}/${chapter.id}.xhtml`,
    title: chapter.label,
    xhtml: xhtmlDocument({ language: language.lang, dir: language.dir, title: chapter.label, stylesheetHref: `../${STYLESHEET_HREF}`, body, kobo }),
  };
}

/** The chapter's summary and notes (before the text) or end notes (after it), each an aside with its heading. */
function chapterNotes(book: Book, chapter: Chapter, ctx: RenderContext, where: 'before' | 'after'): string {
  const labels = chapterNoteLabels(book, chapter);
  const parts = where === 'before'
    ? [['summary', chapter.summary, labels.summary], ['notes', chapter.notes, labels.notes]] as const
    : [['end-notes', chapter.endNotes, labels.endNotes]] as const;
  return parts
    .filter(([, blocks]) => blocks && blocks.length > 0)
    .map(([cls, blocks, label]) => {
      const id = `${chapter.id}-${cls}`;
      return `<aside class="chapter-${cls}" aria-labelledby="${id}">\n<h2 id="${id}">${escapeText(label)}</h2>\n${renderBlocks(blocks!, { ...ctx, headingShift: 1 })}\n</aside>\n`;
    })
    .join('');
}

export function coverDocument(book: Book, kobo = false): ContentDocument | undefined {
  const cover = book.assets.find((a) => a.id === book.meta.coverAssetId);
  if (!cover) return undefined;
  const { terms } = book.locale;
  const alt = fillTerm(terms.coverOf, { title: book.meta.title });
  const body = `<section epub:type="cover" class="cover">
<img src="../${escapeAttr(cover.href)}" alt="${escapeAttr(alt)}"/>
</section>`;
  return {
    id: 'cover',
    href: `${TEXT_DIR}/cover.xhtml`,
    title: terms.cover,
    xhtml: xhtmlDocument({ language: book.lang, dir: book.dir, title: terms.cover, stylesheetHref: `../${STYLESHEET_HREF}`, body, kobo }),
  };
}

/** The navigation document: the book's navigation tree and landmarks, headed in the book's words. */
export function navDocument(book: Book, landmarks: { type: string; href: string; label: string }[]): string {
  const { terms } = book.locale;
  const list = (entries: readonly NavEntry[]): string =>
    `<ol>\n${entries
      .map(
        (e) =>
          `<li><a href="${escapeAttr(navHref(e))}">${escapeText(e.label)}</a>${e.children.length > 0 ? list(e.children) : ''}</li>`,
      )
      .join('\n')}\n</ol>`;
  const marks = landmarks
    .map((l) => `<li><a epub:type="${l.type}" href="${escapeAttr(l.href)}">${escapeText(l.label)}</a></li>`)
    .join('\n');
  const body = `<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-title">
<h1 id="toc-title">${escapeText(terms.contents)}</h1>
${list(book.navigation)}
</nav>
<nav epub:type="landmarks" id="landmarks" hidden="">
<h2>${escapeText(terms.landmarks)}</h2>
<ol>
${marks}
</ol>
</nav>`;
  return xhtmlDocument({ language: book.lang, dir: book.dir, title: terms.contents, stylesheetHref: `../${STYLESHEET_HREF}`, body });
}
