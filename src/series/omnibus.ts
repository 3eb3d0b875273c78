// The omnibus: every work of a series that has a book folder, as one Book. In reading order: a series title
// page, the series introduction, then per work its title page, its disclaimer (only where it differs from
// the last one shown), summary, notes and chapters. Page, chapter and image ids get a per-work prefix so they
// stay unique; `works` and each page's and chapter's `work` tell the writers where a work starts.
import { basename } from 'node:path';
import { derivedIdentifier } from '../book/identifier.js';
import { termValues, titleBlocksOf, titleLines, worksList } from '../front-matter/pages.js';
import { fillTemplateTracked, readTemplate, type TemplateValues } from '../front-matter/templates.js';
import { loadLocale } from '../locale/load.js';
import { joinNames, type Locale } from '../locale/locale.js';
import { parseMarkdown } from '../manuscript/markdown.js';
import {
  blocksText,
  type Asset,
  type Block,
  type Book,
  type BookDraft,
  type BookMeta,
  type Inline,
  inlineText,
  type Page,
  type PageRole,
  type ParsedChapter,
  type SeriesWork,
} from '../model/book.js';

export interface OmnibusSeries {
  name: string;
  introduction?: string;
  url?: string;
  /** Every work of the series, with a path or not, for the introduction's list. */
  works: { number: number; title: string; url?: string }[];
  /** The series folder: its own templates/ may override the built-in ones. */
  dir?: string;
  /** Display name of series.yaml, for positions in the introduction's Markdown. */
  file: string;
}

/** The per-work pages an omnibus keeps; the series page and "what comes next" belong to a single book. */
const KEPT_FRONT: readonly PageRole[] = ['titlepage', 'disclaimer', 'summary', 'notes-before'];
const KEPT_BACK: readonly PageRole[] = ['notes-after'];

export function workPrefix(number: number, width: number): string {
  return `work-${String(number).padStart(width, '0')}-`;
}

/** The omnibus before typography of its own pages and its structure (src/series/build.ts omnibusBook). */
export function assembleOmnibus(series: OmnibusSeries, books: readonly Book[]): BookDraft {
  if (books.length === 0) throw new Error('an omnibus needs at least one work');
  const width = Math.max(2, String(Math.max(...books.map((b) => b.meta.series?.number ?? 0))).length);
  const meta = omnibusMeta(series, books);
  const locale = loadLocale(meta.language, series.dir);
  const front: Page[] = leadingPages(series, meta, locale);
  const chapters: ParsedChapter[] = [];
  const back: Page[] = [];
  const assets: Asset[] = [];
  let lastDisclaimer: string | undefined;

  books.forEach((book, work) => {
    const prefix = workPrefix(book.meta.series?.number ?? work + 1, width);
    const assetIds = new Map<string, string>();
    const mapAsset = (id: string): string => {
      let mapped = assetIds.get(id);
      if (!mapped) {
        const asset = book.assets.find((a) => a.id === id);
        mapped = `${prefix}${id}`;
        assetIds.set(id, mapped);
        if (asset) assets.push({ ...asset, id: mapped, href: `images/${prefix}${basename(asset.href)}` });
      }
      return mapped;
    };
    const page = (p: Page): Page => ({ ...p, id: `${prefix}${p.id}`, work, blocks: remapBlocks(p.blocks, mapAsset) });

    for (const p of book.front) {
      if (!KEPT_FRONT.includes(p.role)) continue;
      if (p.role === 'disclaimer') {
        const text = book.meta.disclaimer ? blocksText(book.meta.disclaimer) : blocksText(p.blocks);
        if (text === lastDisclaimer) continue;
        lastDisclaimer = text;
      }
      front.push(page(p));
    }
    for (const c of book.chapters) {
      // The chapter as read: its label and number are the omnibus's structure to decide again.
      chapters.push({
        id: `${prefix}${c.id}`,
        ...(c.title && { title: c.title }),
        ...(c.titleText !== undefined && { titleText: c.titleText }),
        work,
        source: c.source,
        blocks: remapBlocks(c.blocks, mapAsset),
        footnotes: c.footnotes.map((f) => ({ ...f, blocks: remapBlocks(f.blocks, mapAsset) })),
      });
    }
    for (const p of book.back) if (KEPT_BACK.includes(p.role)) back.push(page(p));
  });

  return {
    meta,
    front,
    chapters,
    back,
    assets,
    print: books[0].print,
    locale,
    // Each work keeps its own language, direction and words.
    works: books.map((b) => ({ meta: b.meta, locale: b.locale, dir: b.dir })),
  };
}

function unique(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())];
}

/** The same value in every work, or undefined. */
function shared<T>(values: readonly (T | undefined)[]): T | undefined {
  return values.every((v) => v === values[0]) ? values[0] : undefined;
}

function omnibusMeta(series: OmnibusSeries, books: readonly Book[]): BookMeta {
  const metas = books.map((b) => b.meta);
  const authors = unique(metas.map((m) => m.authors));
  const introduction = series.introduction ? parseMarkdown(series.introduction, { file: series.file }).blocks : [];
  return {
    title: series.name,
    authors,
    language: metas[0].language,
    // Not the title alone: a story may share its series' name, and must not share its identifier.
    identifier: derivedIdentifier(`${series.name}\nomnibus`, authors),
    ...(introduction.length > 0 && { summary: introduction, summaryText: blocksText(introduction) }),
    rights: shared(metas.map((m) => m.rights)),
    fandoms: unique(metas.map((m) => m.fandoms)),
    rating: shared(metas.map((m) => m.rating)),
    warnings: unique(metas.map((m) => m.warnings)),
    relationships: unique(metas.map((m) => m.relationships)),
    characters: unique(metas.map((m) => m.characters)),
    tags: unique(metas.map((m) => m.tags)),
    status: shared(metas.map((m) => m.status)),
    modified: new Date(Math.max(...metas.map((m) => m.modified.getTime()))),
  };
}

function leadingPages(series: OmnibusSeries, meta: BookMeta, locale: Locale): Page[] {
  const works: SeriesWork[] = series.works.map((w) => ({ ...w, current: false }));
  const base: TemplateValues = {
    seriesName: series.name,
    authors: joinNames(meta.authors, locale.names),
    byline: titleLines(meta, locale).byline,
    seriesIntroduction: meta.summary,
    seriesUrl: series.url,
    seriesWorks: works.length > 0 ? [worksList(works, locale.terms)] : undefined,
  };
  const values: TemplateValues = { ...base, ...termValues(locale.terms, base) };
  const make = (role: PageRole, id: string, template: string, navTitle: string): Page | undefined => {
    const { text, file } = readTemplate(template, series.dir);
    const { blocks, uses } = fillTemplateTracked(text, file, values);
    if (role !== 'titlepage' && blocks.every((b) => b.kind === 'heading')) return undefined;
    const heading = blocks.find((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading' && b.level === 2);
    const title = role === 'titlepage' || !heading ? navTitle : inlineText(heading.children);
    return { role, id, title, blocks, ...(role === 'titlepage' && { titleBlocks: titleBlocksOf(blocks, uses) }) };
  };
  return [
    make('titlepage', 'titlepage', 'pages/omnibus-title.md', locale.terms.titlePage),
    make('series', 'introduction', 'pages/omnibus-introduction.md', locale.terms.introduction),
  ].filter((p): p is Page => p !== undefined);
}

function remapInlines(inlines: readonly Inline[], mapAsset: (id: string) => string): Inline[] {
  return inlines.map((i) => {
    if (i.kind === 'image') return { ...i, assetId: mapAsset(i.assetId) };
    if (i.kind === 'emphasis' || i.kind === 'strong' || i.kind === 'strike' || i.kind === 'smallCaps' || i.kind === 'link' || i.kind === 'span') return { ...i, children: remapInlines(i.children, mapAsset) };
    return i;
  });
}

function remapBlocks(blocks: readonly Block[], mapAsset: (id: string) => string): Block[] {
  return blocks.map((b) => {
    switch (b.kind) {
      case 'paragraph':
      case 'heading':
        return { ...b, children: remapInlines(b.children, mapAsset) };
      case 'blockquote':
        return { ...b, children: remapBlocks(b.children, mapAsset) };
      case 'list':
        return { ...b, items: b.items.map((item) => remapBlocks(item, mapAsset)) };
      default:
        return b;
    }
  });
}
