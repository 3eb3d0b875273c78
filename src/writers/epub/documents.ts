// The EPUB's content documents in reading order, and the table of contents tree, from the Book model.
import { readingOrder, type Book, type Chapter, type Page, type PageRole } from '../../model/book.js';
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

export interface TocEntry {
  label: string;
  href: string;
  children: TocEntry[];
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

function contextFor(book: Book, headingShift: number, kobo: boolean): RenderContext {
  const hrefs = new Map(book.assets.map((a) => [a.id, `../${a.href}`]));
  return { assetHref: (id) => hrefs.get(id), headingShift, noteRefs: new Map(), ...(kobo && { kobo: koboSpans() }) };
}

/** Shift so the first heading of a page becomes an h1 (every document then has one, as assistive tech expects). */
function firstHeadingLevel(page: Page): number {
  const h = page.blocks.find((b) => b.kind === 'heading');
  return h && h.kind === 'heading' ? h.level : 1;
}

/** `kobo`: the kepub edition's document (Kobo's spans and wrappers), else the EPUB's. */
export function pageDocument(book: Book, page: Page, language: string, kobo = false): ContentDocument {
  const sem = PAGE_SEMANTICS[page.role];
  const ctx = contextFor(book, firstHeadingLevel(page) - 1, kobo);
  const role = sem.role ? ` role="${sem.role}"` : '';
  const body = `<section epub:type="${sem.type}"${role} class="${page.role}" aria-label="${escapeAttr(page.title)}">
${renderBlocks(page.blocks, ctx)}
</section>`;
  return {
    id: page.id,
    href: `${TEXT_DIR}/${page.id}.xhtml`,
    title: page.title,
    xhtml: xhtmlDocument({ language, title: page.title, stylesheetHref: `../${STYLESHEET_HREF}`, body, kobo }),
  };
}

export function chapterDocument(book: Book, chapter: Chapter, language: string, kobo = false): ContentDocument {
  const ctx = contextFor(book, 0, kobo);
  if (ctx.kobo) nextParagraph(ctx.kobo);
  ctx.fragments = new Set([...(chapter.title ? [`${chapter.id}-title`] : []), ...chapter.footnotes.map((fn) => fn.id)]);
  const heading = chapter.title ? `<h1 id="${chapter.id}-title">${renderInlines(chapter.title, ctx)}</h1>\n` : '';
  const label = chapter.title ? `aria-labelledby="${chapter.id}-title"` : `aria-label="${escapeAttr(chapter.titleText)}"`;
  const blocks = renderBlocks(chapter.blocks, ctx);
  const notes = renderFootnotes(chapter.footnotes, ctx);
  const body = `<section epub:type="chapter" role="doc-chapter" class="chapter" ${label}>
${heading}${blocks}
${notes}
</section>`;
  return {
    id: chapter.id,
    href: `${TEXT_DIR}/${chapter.id}.xhtml`,
    title: chapter.titleText,
    xhtml: xhtmlDocument({ language, title: chapter.titleText, stylesheetHref: `../${STYLESHEET_HREF}`, body, kobo }),
  };
}

export function coverDocument(book: Book, language: string, kobo = false): ContentDocument | undefined {
  const cover = book.assets.find((a) => a.id === book.meta.coverAssetId);
  if (!cover) return undefined;
  const alt = `Cover of ${book.meta.title}`;
  const body = `<section epub:type="cover" class="cover">
<img src="../${escapeAttr(cover.href)}" alt="${escapeAttr(alt)}"/>
</section>`;
  return {
    id: 'cover',
    href: `${TEXT_DIR}/cover.xhtml`,
    title: 'Cover',
    xhtml: xhtmlDocument({ language, title: 'Cover', stylesheetHref: `../${STYLESHEET_HREF}`, body, kobo }),
  };
}

/** Pages and chapters as a tree: flat for one story; in an omnibus, work → its pages and chapters. */
export function tocTree(book: Book): TocEntry[] {
  const entry = (label: string, id: string): TocEntry => ({ label, href: `${id}.xhtml`, children: [] });
  const items: { work?: number; role?: PageRole; entry: TocEntry }[] = readingOrder(book).map((item) =>
    item.kind === 'page'
      ? { work: item.page.work, role: item.page.role, entry: entry(item.page.title, item.page.id) }
      : { work: item.chapter.work, entry: entry(item.chapter.titleText, item.chapter.id) },
  );
  if (!book.works) return items.filter((i) => i.role !== 'titlepage').map((i) => i.entry);

  const top: TocEntry[] = [];
  const workEntries = new Map<number, TocEntry>();
  for (const item of items) {
    if (item.work === undefined) {
      // The omnibus's own title page is where the book opens; the contents need not point at it.
      if (item.role !== 'titlepage') top.push(item.entry);
      continue;
    }
    let parent = workEntries.get(item.work);
    if (!parent) {
      parent = { label: book.works[item.work].meta.title, href: item.entry.href, children: [] };
      workEntries.set(item.work, parent);
      top.push(parent);
    }
    if (item.role !== 'titlepage') parent.children.push(item.entry);
  }
  return top;
}

export function navDocument(book: Book, toc: TocEntry[], landmarks: { type: string; href: string; label: string }[]): string {
  const list = (entries: TocEntry[]): string =>
    `<ol>\n${entries
      .map(
        (e) =>
          `<li><a href="${escapeAttr(e.href)}">${escapeText(e.label)}</a>${e.children.length > 0 ? list(e.children) : ''}</li>`,
      )
      .join('\n')}\n</ol>`;
  const marks = landmarks
    .map((l) => `<li><a epub:type="${l.type}" href="${escapeAttr(l.href)}">${escapeText(l.label)}</a></li>`)
    .join('\n');
  const body = `<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-title">
<h1 id="toc-title">Contents</h1>
${list(toc)}
</nav>
<nav epub:type="landmarks" id="landmarks" hidden="">
<h2>Landmarks</h2>
<ol>
${marks}
</ol>
</nav>`;
  return xhtmlDocument({ language: book.meta.language, title: 'Contents', stylesheetHref: `../${STYLESHEET_HREF}`, body });
}
