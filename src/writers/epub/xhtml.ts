// Model blocks and inlines → XHTML for the EPUB's content documents.
import { fillTerm } from '../../locale/locale.js';
import { isFollowableHref, type Block, type Direction, type Footnote, type Inline, type Languaged } from '../../model/book.js';
import { koboSpan, koboText, koboWrap, nextParagraph, type KoboSpans } from './kobo.js';
import { escapeAttr, escapeText } from './xml.js';

export interface RenderContext {
  /** Asset id → path relative to the content document. */
  assetHref: (assetId: string) => string | undefined;
  /** Shift applied to heading levels so each document's first heading is an h1. */
  headingShift: number;
  /** Counts references per footnote, so each reference gets its own id for the back link. */
  noteRefs: Map<string, number>;
  /** Ids this document defines: a `#…` link to anything else would dangle, so it is written as its text. */
  fragments?: ReadonlySet<string>;
  /** The direction of the text around what is being written (a `dir` is written only where it changes). */
  dir: Direction;
  /** The footnote back link's words, "Back to note {number} in the text" (the locale's `backToNote`). */
  backToNote: string;
  /** The kepub edition: text cut into Kobo's sentence spans (kobo.ts); undefined for the EPUB. */
  kobo?: KoboSpans;
}

/** ` xml:lang="fr" lang="fr" dir="rtl"` for an element in another language or direction than around it. */
export function languageAttrs(node: Languaged, around: Direction): string {
  let out = '';
  if (node.lang) out += ` xml:lang="${escapeAttr(node.lang)}" lang="${escapeAttr(node.lang)}"`;
  if (node.dir && node.dir !== around) out += ` dir="${node.dir}"`;
  return out;
}

/** Link targets a reader may follow: the web, mail, and places in the book. Anything else becomes text. */
export function safeHref(href: string): string | undefined {
  return isFollowableHref(href) ? href.trim() : undefined;
}

export function renderInlines(inlines: readonly Inline[], ctx: RenderContext): string {
  let out = '';
  for (const node of inlines) {
    switch (node.kind) {
      case 'text':
        out += ctx.kobo ? koboText(ctx.kobo, node.text) : escapeText(node.text);
        break;
      case 'emphasis':
        out += `<em>${renderInlines(node.children, ctx)}</em>`;
        break;
      case 'strong':
        out += `<strong>${renderInlines(node.children, ctx)}</strong>`;
        break;
      case 'strike':
        out += `<s>${renderInlines(node.children, ctx)}</s>`;
        break;
      case 'smallCaps':
        out += `<span class="smallcaps">${renderInlines(node.children, ctx)}</span>`;
        break;
      case 'code': {
        const code = `<code>${escapeText(node.text)}</code>`;
        out += ctx.kobo ? koboSpan(ctx.kobo, code) : code;
        break;
      }
      case 'link': {
        let href = safeHref(node.href);
        if (href?.startsWith('#') && !ctx.fragments?.has(href.slice(1))) href = undefined;
        const inner = renderInlines(node.children, ctx);
        out += href ? `<a href="${escapeAttr(href)}">${inner}</a>` : inner;
        break;
      }
      case 'footnoteRef': {
        const seen = (ctx.noteRefs.get(node.id) ?? 0) + 1;
        ctx.noteRefs.set(node.id, seen);
        const refId = seen === 1 ? `${node.id}-ref` : `${node.id}-ref-${seen}`;
        out += `<sup><a epub:type="noteref" role="doc-noteref" id="${refId}" href="#${node.id}">${node.number}</a></sup>`;
        break;
      }
      case 'image': {
        const src = ctx.assetHref(node.assetId);
        if (src) {
          const img = `<img src="${escapeAttr(src)}" alt="${escapeAttr(node.alt)}"/>`;
          out += ctx.kobo ? koboSpan(ctx.kobo, img) : img;
        } else out += ctx.kobo ? koboText(ctx.kobo, node.alt) : escapeText(node.alt);
        break;
      }
      case 'lineBreak':
        out += '<br/>';
        break;
      case 'span': {
        const inner = renderInlines(node.children, { ...ctx, dir: node.dir ?? ctx.dir });
        const attrs = languageAttrs(node, ctx.dir);
        out += attrs ? `<span${attrs}>${inner}</span>` : inner;
        break;
      }
    }
  }
  return out;
}

function headingTag(level: number, shift: number): string {
  return `h${Math.min(6, Math.max(1, level - shift))}`;
}

export function renderBlocks(blocks: readonly Block[], ctx: RenderContext): string {
  const parts: string[] = [];
  let afterBreak = false;
  for (const block of blocks) {
    switch (block.kind) {
      case 'paragraph': {
        const inner = { ...ctx, dir: block.dir ?? ctx.dir };
        const classes: string[] = [];
        if (block.role === 'end-mark') classes.push('end-mark');
        else if (block.role === 'centered') classes.push('centered');
        if (afterBreak) classes.push('after-break');
        if (block.children.length === 1 && block.children[0].kind === 'image') classes.push('image');
        const cls = classes.length > 0 ? ` class="${classes.join(' ')}"` : '';
        if (ctx.kobo) nextParagraph(ctx.kobo);
        parts.push(`<p${cls}${languageAttrs(block, ctx.dir)}>${renderInlines(block.children, inner)}</p>`);
        break;
      }
      case 'heading': {
        const tag = headingTag(block.level, ctx.headingShift);
        if (ctx.kobo) nextParagraph(ctx.kobo);
        parts.push(`<${tag}${languageAttrs(block, ctx.dir)}>${renderInlines(block.children, { ...ctx, dir: block.dir ?? ctx.dir })}</${tag}>`);
        break;
      }
      case 'sceneBreak':
        parts.push('<hr class="scene-break"/>');
        break;
      case 'blockquote':
        parts.push(`<blockquote${languageAttrs(block, ctx.dir)}>${renderBlocks(block.children, { ...ctx, dir: block.dir ?? ctx.dir })}</blockquote>`);
        break;
      case 'list': {
        const tag = block.ordered ? 'ol' : 'ul';
        const start = block.ordered && block.start !== 1 ? ` start="${block.start}"` : '';
        const items = block.items.map((item) => `<li>${renderListItem(item, ctx)}</li>`).join('');
        parts.push(`<${tag}${start}>${items}</${tag}>`);
        break;
      }
      case 'codeBlock':
        parts.push(`<pre><code>${escapeText(block.text)}</code></pre>`);
        break;
    }
    afterBreak = block.kind === 'sceneBreak';
  }
  return parts.join('\n');
}

/** A tight list item of one paragraph is written without the <p>, as HTML lists usually are. */
function renderListItem(item: Block[], ctx: RenderContext): string {
  const only = item[0];
  if (item.length === 1 && only.kind === 'paragraph' && !only.lang && !only.dir) {
    if (ctx.kobo) nextParagraph(ctx.kobo);
    return renderInlines(only.children, ctx);
  }
  return renderBlocks(item, ctx);
}

export function renderFootnotes(footnotes: readonly Footnote[], ctx: RenderContext): string {
  if (footnotes.length === 0) return '';
  const notes = footnotes.map((fn) => {
    const body = renderBlocks(fn.blocks, { ...ctx, headingShift: 0 });
    // The note's number links back to where it was referenced, as printed notes are read.
    const number = ctx.noteRefs.has(fn.id)
      ? `<a href="#${fn.id}-ref" role="doc-backlink" aria-label="${escapeAttr(fillTerm(ctx.backToNote, { number: fn.number }))}">${fn.number}</a>`
      : String(fn.number);
    return `<aside epub:type="footnote" role="doc-footnote" id="${fn.id}">\n<p class="note-number">${number}</p>\n${body}\n</aside>`;
  });
  return `<section epub:type="footnotes" role="doc-endnotes" class="footnotes" aria-label="Notes">\n${notes.join('\n')}\n</section>`;
}

export interface DocumentParts {
  language: string;
  dir: Direction;
  title: string;
  stylesheetHref: string;
  body: string;
  /** The kepub edition: the body inside Kobo's layout wrappers. */
  kobo?: boolean;
}

export function xhtmlDocument(doc: DocumentParts): string {
  const lang = escapeAttr(doc.language);
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${lang}" lang="${lang}" dir="${doc.dir}">
<head>
<meta charset="UTF-8"/>
<title>${escapeText(doc.title)}</title>
<link rel="stylesheet" type="text/css" href="${escapeAttr(doc.stylesheetHref)}"/>
</head>
<body>
${doc.kobo ? koboWrap(doc.body) : doc.body}
</body>
</html>
`;
}
