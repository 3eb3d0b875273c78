// Raw HTML in a manuscript, for a book with `allow-html: true`: an allow-list sanitizer (sanitize-html)
// first, then the few elements that mean something in a story are mapped INTO THE MODEL. Writers never see
// HTML, so nothing an author (or a pasted web page) writes can reach a reader's browser engine as markup:
// no scripts, frames, forms, event handlers, styles, or remote resources.
import sanitizeHtml from 'sanitize-html';
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import { isFollowableHref, type Block, type Inline } from '../model/book.js';
import { languageAttributes } from './spans.js';

/** The part of a markdown-it token this module reads (it never imports markdown-it itself). */
export interface InlineToken {
  type: string;
  content: string;
  attrGet(name: string): string | number | null;
}

export interface HtmlOptions {
  /** Asset id for a local image `src`, or undefined (the image store has recorded why). */
  resolveImage?: (src: string) => string | undefined;
}

export interface InlineHtmlOptions extends HtmlOptions {
  /** The model inlines of a Markdown token this module does not serialise (code, footnote ref, image…). */
  leaf: (token: InlineToken) => Inline[];
}

/** Elements kept by the sanitizer; every other element is dropped and its text kept. */
const KEPT_TAGS = ['em', 'i', 'strong', 'b', 's', 'del', 'strike', 'a', 'br', 'p', 'div', 'blockquote', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'img', 'span'];

/** Elements whose `lang` (and `dir`) the model keeps: words or passages in another language. */
const LANGUAGE_TAGS = ['span', 'p', 'div', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

/** Classes of a `<span>` that mean small capitals (pandoc writes the first). */
const SMALL_CAPS_CLASSES = ['smallcaps', 'small-caps'];

/** Elements whose content is code or form state, not story text: dropped with their content. */
const DROPPED_WITH_CONTENT = ['script', 'style', 'textarea', 'option', 'select', 'noscript', 'template', 'title', 'head', 'iframe', 'object', 'svg', 'math'];

// Placeholders for Markdown constructs inside an HTML paragraph. Authors' own tags with this prefix are
// removed before sanitizing, so they cannot forge one.
const PLACEHOLDER = 'x-md-leaf';
const LITERAL = 'x-md-literal';
const PLACEHOLDER_TAG = /^<\/?x-md-/i;

function sanitizerOptions(inline: boolean): sanitizeHtml.IOptions {
  return {
    allowedTags: inline ? [...KEPT_TAGS, PLACEHOLDER, LITERAL] : KEPT_TAGS,
    allowedAttributes: {
      a: ['href'],
      img: ['src', 'alt'],
      ol: ['start'],
      ...Object.fromEntries(LANGUAGE_TAGS.map((tag) => [tag, ['lang', 'dir']])),
      ...(inline && { [PLACEHOLDER]: ['data-n'] }),
    },
    // The one class the model keeps: small capitals (`<span class="smallcaps">`).
    allowedClasses: { span: SMALL_CAPS_CLASSES },
    allowedSchemes: ['http', 'https', 'mailto'],
    // Kept so the image store can refuse them with a message instead of the image vanishing silently.
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: DROPPED_WITH_CONTENT,
    allowVulnerableTags: false,
    // Comments, processing instructions and CDATA are never content.
    parseStyleAttributes: false,
  };
}


function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// HTML's white space (not U+00A0, which an author types on purpose).
const HTML_SPACE = /[ \t\n\r\f]+/g;

/** Nesting deeper than this is flattened to its text: no input can exhaust the stack. */
const MAX_DEPTH = 48;

interface Walk {
  options: HtmlOptions;
  leaves: Inline[][];
}

function isElement(node: ChildNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** The text inside a node, without recursion (the node may be nested thousands deep). */
function textOf(node: ChildNode): string {
  let out = '';
  const stack: ChildNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'text') out += n.data;
    else if (isElement(n)) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

function pushText(into: Inline[], text: string, literal = false): void {
  if (text === '') return;
  const last = into[into.length - 1];
  if (last?.kind === 'text' && Boolean(last.literal) === literal) last.text += text;
  else into.push(literal ? { kind: 'text', text, literal: true } : { kind: 'text', text });
}

function toInlines(nodes: readonly ChildNode[], walk: Walk, depth: number, into: Inline[] = []): Inline[] {
  for (const node of nodes) {
    if (node.type === 'text') {
      pushText(into, node.data.replace(HTML_SPACE, ' '));
      continue;
    }
    if (!isElement(node)) continue;
    if (depth > MAX_DEPTH) {
      pushText(into, textOf(node).replace(HTML_SPACE, ' '));
      continue;
    }
    const children = () => toInlines(node.children, walk, depth + 1);
    switch (node.name) {
      case 'em':
      case 'i':
        into.push({ kind: 'emphasis', children: children() });
        break;
      case 'strong':
      case 'b':
        into.push({ kind: 'strong', children: children() });
        break;
      case 's':
      case 'del':
      case 'strike':
        into.push({ kind: 'strike', children: children() });
        break;
      case 'a': {
        const href = node.attribs.href;
        if (href !== undefined && isFollowableHref(href)) into.push({ kind: 'link', href: href.trim(), children: children() });
        else toInlines(node.children, walk, depth + 1, into);
        break;
      }
      case 'br':
        into.push({ kind: 'lineBreak' });
        break;
      case 'img': {
        const src = node.attribs.src;
        const alt = node.attribs.alt ?? '';
        const assetId = src ? walk.options.resolveImage?.(src) : undefined;
        if (assetId) into.push({ kind: 'image', assetId, alt });
        else pushText(into, alt);
        break;
      }
      case 'span': {
        const attrs = languageAttributes(node.attribs.lang, node.attribs.dir);
        const smallCaps = (node.attribs.class ?? '').split(/\s+/).some((c) => SMALL_CAPS_CLASSES.includes(c.toLowerCase()));
        // A span that says nothing about language or small capitals is only its content.
        if (!smallCaps && !attrs.lang && !attrs.dir) {
          toInlines(node.children, walk, depth + 1, into);
          break;
        }
        const inner: Inline[] = attrs.lang || attrs.dir ? [{ kind: 'span', ...attrs, children: children() }] : children();
        into.push(smallCaps ? { kind: 'smallCaps', children: inner } : inner[0]);
        break;
      }
      case PLACEHOLDER:
        into.push(...(walk.leaves[Number(node.attribs['data-n'])] ?? []));
        break;
      case LITERAL:
        pushText(into, textOf(node), true);
        break;
      default:
        // Block elements inside a paragraph, and anything else the sanitizer kept: their content only.
        toInlines(node.children, walk, depth + 1, into);
        break;
    }
  }
  return into;
}

/** Drops leading and trailing spaces of a paragraph (HTML's source indentation is not text). */
function trimInlines(inlines: Inline[]): Inline[] {
  const first = inlines[0];
  if (first?.kind === 'text' && !first.literal) first.text = first.text.replace(/^ +/, '');
  const last = inlines[inlines.length - 1];
  if (last?.kind === 'text' && !last.literal) last.text = last.text.replace(/ +$/, '');
  return inlines.filter((i) => !(i.kind === 'text' && i.text === ''));
}

const BLOCK_TAGS = new Set(['p', 'div', 'blockquote', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr']);

function toBlocks(nodes: readonly ChildNode[], walk: Walk, depth: number): Block[] {
  const out: Block[] = [];
  let run: ChildNode[] = [];
  const flush = () => {
    const children = trimInlines(toInlines(run, walk, depth));
    if (children.length > 0) out.push({ kind: 'paragraph', children });
    run = [];
  };
  for (const node of nodes) {
    if (!isElement(node) || !BLOCK_TAGS.has(node.name) || depth > MAX_DEPTH) {
      run.push(node);
      continue;
    }
    flush();
    switch (node.name) {
      case 'p':
      case 'h1': {
        // h1 is the chapter's own title level: a heading in raw HTML is h2–h6, so an h1 is kept as text.
        const children = trimInlines(toInlines(node.children, walk, depth + 1));
        if (children.length > 0) out.push({ kind: 'paragraph', children, ...languageOf(node) });
        break;
      }
      case 'div':
        out.push(...withLanguage(toBlocks(node.children, walk, depth + 1), languageOf(node)));
        break;
      case 'li':
        out.push(...toBlocks(node.children, walk, depth + 1));
        break;
      case 'blockquote':
        out.push({ kind: 'blockquote', children: toBlocks(node.children, walk, depth + 1), ...languageOf(node) });
        break;
      case 'ul':
      case 'ol': {
        const items = node.children
          .filter((c): c is Element => isElement(c) && c.name === 'li')
          .map((li) => toBlocks(li.children, walk, depth + 1));
        const start = Number.parseInt(node.attribs.start ?? '1', 10);
        if (items.length > 0) {
          out.push({ kind: 'list', ordered: node.name === 'ol', start: Number.isSafeInteger(start) ? start : 1, items });
        }
        break;
      }
      case 'hr':
        out.push({ kind: 'sceneBreak' });
        break;
      default: {
        const level = Number(node.name.slice(1)) as 2 | 3 | 4 | 5 | 6;
        out.push({ kind: 'heading', level, children: trimInlines(toInlines(node.children, walk, depth + 1)), ...languageOf(node) });
        break;
      }
    }
  }
  flush();
  return out;
}

function languageOf(node: Element): { lang?: string; dir?: 'ltr' | 'rtl' } {
  return languageAttributes(node.attribs.lang, node.attribs.dir);
}

/** A `<div lang>`'s blocks take its language, unless they say their own. */
function withLanguage(blocks: Block[], language: { lang?: string; dir?: 'ltr' | 'rtl' }): Block[] {
  if (!language.lang && !language.dir) return blocks;
  return blocks.map((b) => (b.kind === 'paragraph' || b.kind === 'heading' || b.kind === 'blockquote') && !b.lang && !b.dir ? { ...b, ...language } : b);
}

function parse(html: string, inline: boolean): ChildNode[] {
  const clean = sanitizeHtml(html, sanitizerOptions(inline));
  return parseDocument(clean, { decodeEntities: true }).children;
}

/** An HTML block (markdown-it `html_block`) → model blocks. */
export function htmlBlocks(html: string, options: HtmlOptions = {}): Block[] {
  return toBlocks(parse(html, false), { options, leaves: [] }, 0);
}

/**
 * A paragraph's inline tokens that include raw HTML → model inlines. markdown-it gives every tag of inline
 * HTML as its own token (`<span>`, text, `</span>`), so the whole stream is serialised to one HTML string
 * (Markdown emphasis and links as their HTML elements, every other Markdown construct as a placeholder),
 * sanitized and parsed as one fragment; the parser pairs and repairs the tags.
 */
export function htmlInlines(tokens: readonly InlineToken[], options: InlineHtmlOptions): Inline[] {
  const leaves: Inline[][] = [];
  let html = '';
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
        html += escapeHtml(t.content);
        break;
      case 'softbreak':
        html += '\n';
        break;
      case 'hardbreak':
        html += '<br>';
        break;
      case 'em_open':
        html += '<em>';
        break;
      case 'em_close':
        html += '</em>';
        break;
      case 'strong_open':
        html += '<strong>';
        break;
      case 'strong_close':
        html += '</strong>';
        break;
      case 's_open':
        html += '<s>';
        break;
      case 's_close':
        html += '</s>';
        break;
      case 'smallcaps_open':
        html += '<span class="smallcaps">';
        break;
      case 'smallcaps_close':
        html += '</span>';
        break;
      case 'link_open':
        html += `<a href="${escapeHtml(String(t.attrGet('href') ?? ''))}">`;
        break;
      case 'link_close':
        html += '</a>';
        break;
      case 'span_open': {
        const dir = t.attrGet('dir');
        html += `<span lang="${escapeHtml(String(t.attrGet('lang') ?? ''))}"${dir !== null ? ` dir="${escapeHtml(String(dir))}"` : ''}>`;
        break;
      }
      case 'span_close':
        html += '</span>';
        break;
      case 'text_special':
        html += `<${LITERAL}>${escapeHtml(t.content)}</${LITERAL}>`;
        break;
      case 'html_inline':
        if (!PLACEHOLDER_TAG.test(t.content)) html += t.content;
        break;
      default:
        leaves.push(options.leaf(t));
        html += `<${PLACEHOLDER} data-n="${leaves.length - 1}"></${PLACEHOLDER}>`;
        break;
    }
  }
  return toInlines(parse(html, true), { options, leaves }, 0);
}
