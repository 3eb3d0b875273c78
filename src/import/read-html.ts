// An HTML page: AO3's download, or any other page (and what mammoth makes of a .docx): chapters at the
// top heading level, a header block before the first heading read like the plain-text importer's.
import type { Diagnostic } from '../diagnostics.js';
import { parseHeader } from './header.js';
import { activeContent, attr, elements, find, isElement, MarkdownConverter, newDropped, parseHtml, textOf, type ChildNode, type ConvertContext, type Dropped, type Element } from './html-markdown.js';
import { HEADER_LAYOUT, splitLines, toUnits } from './layout.js';
import { paragraphsMarkdown } from './markdown-escape.js';
import { isAo3, readAo3 } from './read-ao3.js';
import { refuseActiveContent, reportDropped } from './read-epub.js';
import { emptyMeta, type SourceChapter, type SourceMeta, type SourceStory } from './source-story.js';
import { warning } from '../diagnostics.js';
import { refuse } from './refused.js';

/** Blocks of a page at the top level: what is inside html/body/section/div wrappers. */
function topBlocks(nodes: readonly ChildNode[]): ChildNode[] {
  const out: ChildNode[] = [];
  for (const n of nodes) {
    if (isElement(n) && ['html', 'body', 'main', 'article', 'section', 'div'].includes(n.name) && n.children.some((c) => isElement(c) && /^(?:p|h[1-6]|div|section|blockquote|ul|ol|hr|table)$/.test(c.name))) {
      out.push(...topBlocks(n.children));
    } else if (isElement(n) && n.name === 'head') continue;
    else out.push(n);
  }
  return out;
}

/** Splits a page into chapters at its top heading level, the blocks before the first heading read as a header. */
export function readHeadedHtml(nodes: readonly ChildNode[], ctx: ConvertContext, file: string, warnings: Diagnostic[]): { meta: SourceMeta; chapters: SourceChapter[] } {
  const blocks = topBlocks(nodes);
  const levels = blocks.filter((n): n is Element => isElement(n) && /^h[1-6]$/.test(n.name)).map((h) => Number(h.name[1]));
  const top = levels.length > 0 ? Math.min(...levels) : 0;
  const isChapterHeading = (n: ChildNode) => isElement(n) && n.name === `h${top}` && textOf(n) !== '';
  const firstHeading = blocks.findIndex(isChapterHeading);
  const preamble = firstHeading < 0 ? blocks : blocks.slice(0, firstHeading);
  const meta = emptyMeta();

  // The header: the preamble's paragraphs as the plain-text importer reads a header.
  const paragraphs = preamble.filter((n): n is Element => isElement(n) && textOf(n) !== '');
  const texts = paragraphs.map((p) => textOf(p).replace(/\s+/g, ' '));
  let storyFrom = 0;
  if (texts.length > 0) {
    const diagnostics: Diagnostic[] = [];
    const header = parseHeader(toUnits(splitLines(texts.join('\n\n')), HEADER_LAYOUT), file, diagnostics, { partial: false, linesMode: false });
    // Paragraph i is on line 2i+1.
    storyFrom = Math.min(texts.length, Math.max(0, Math.ceil((header.storyStartLine - 1) / 2)));
    const isHeader = storyFrom > 0 && (header.title !== undefined || header.authors.length > 0);
    if (isHeader) {
      Object.assign(meta, {
        title: header.title,
        subtitle: header.subtitle,
        authors: header.authors,
        language: header.language,
        series: header.series ? [header.series] : [],
        summary: header.summary.length ? paragraphsMarkdown(header.summary) : undefined,
        disclaimer: header.disclaimer.length ? paragraphsMarkdown(header.disclaimer) : undefined,
        notesBefore: header.notesBefore.length ? paragraphsMarkdown(header.notesBefore) : undefined,
        fandoms: header.fandoms,
        rating: header.rating,
        warnings: header.warnings,
        relationships: header.relationships,
        characters: header.characters,
        tags: header.tags,
        status: header.status,
        published: header.published,
        updated: header.updated,
        rights: header.rights,
      } satisfies Partial<SourceMeta>);
      warnings.push(...diagnostics.filter((d) => d.severity === 'warning').map((d) => ({ ...d, line: undefined })));
    } else storyFrom = 0;
  }
  const headerNodes = new Set<ChildNode>(paragraphs.slice(0, storyFrom));

  const chapters: SourceChapter[] = [];
  let current: { title?: string; nodes: ChildNode[] } = { nodes: preamble.filter((n) => !headerNodes.has(n)) };
  const groups: { title?: string; nodes: ChildNode[] }[] = [current];
  for (const n of firstHeading < 0 ? [] : blocks.slice(firstHeading)) {
    if (isChapterHeading(n)) {
      current = { title: textOf(n).replace(/\s+/g, ' '), nodes: [] };
      groups.push(current);
    } else current.nodes.push(n);
  }
  for (const g of groups) {
    const conv = new MarkdownConverter(ctx);
    const body = conv.blocks(g.nodes);
    if (g.title === undefined && body.length === 0) continue;
    chapters.push({ ...(g.title !== undefined && { title: g.title }), body: [...body, ...conv.footnoteDefinitions()].join('\n\n') });
  }
  return { meta, chapters };
}

/** An .html file: AO3's download, or any page. */
export function readHtmlFile(bytes: Uint8Array, file: string): SourceStory {
  const text = new TextDecoder('utf-8').decode(bytes);
  const nodes = parseHtml(text);
  const active = activeContent(nodes);
  if (active) refuse(`contains ${active}; a story never needs code, and none is run or imported`);
  const warnings: Diagnostic[] = [];
  const dropped: Dropped = newDropped();
  const ids = new Map<string, Element>();
  for (const el of elements(nodes)) if (attr(el, 'id')) ids.set(attr(el, 'id'), el);
  const ctx: ConvertContext = {
    dropped,
    image: (src) => {
      if (!/^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(src)) warnings.push(warning(file, `image ${src} is outside this HTML file; left out`, { hint: 'put it in images/ and add it to the chapter' }));
      else dropped.remoteImages.push(src);
      return undefined;
    },
    target: (href) => (href.startsWith('#') ? ids.get(decodeURIComponent(href.slice(1))) : undefined),
  };
  const body = find(nodes, (e) => e.name === 'body')?.children ?? nodes;
  if (isAo3(body)) {
    const ao3 = readAo3(body, ctx);
    if (ao3.boilerplate) warnings.push(warning(file, `dropped ${ao3.boilerplate} lines of archive boilerplate`));
    for (const n of ao3.notes) warnings.push(warning(file, n));
    refuseActiveContent(dropped);
    reportDropped(dropped, file, warnings);
    return { format: 'an AO3 HTML download', meta: ao3.meta, chapters: ao3.chapters, images: [], warnings };
  }
  const { meta, chapters } = readHeadedHtml(body, ctx, file, warnings);
  const title = find(nodes, (e) => e.name === 'title');
  if (!meta.title && title) meta.title = textOf(title);
  refuseActiveContent(dropped);
  reportDropped(dropped, file, warnings);
  return { format: 'an HTML page', meta, chapters, images: [], warnings };
}
