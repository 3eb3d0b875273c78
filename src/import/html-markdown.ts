// HTML (an EPUB's XHTML, an AO3 download, what mammoth makes of a .docx) → the Markdown a chapter file
// holds. Keeps what the manuscript can say (italics, bold, block quotes, lists, links, footnotes, images,
// scene breaks); drops scripts, event attributes, styles and empty paragraphs, counting each for the report.
import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { escapeInlineText, escapeLineStart } from './markdown-escape.js';

export type { ChildNode, Element };

/** Parses HTML or XHTML leniently; named HTML entities decode, no DTD is read, no entity is declared. */
export function parseHtml(text: string): ChildNode[] {
  return parseDocument(text, { recognizeSelfClosing: true, lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true }).children;
}

export const isElement = (n: ChildNode | undefined): n is Element => n !== undefined && (n.type === 'tag' || n.type === 'script' || n.type === 'style');

export function attr(el: Element, name: string): string {
  return el.attribs[name] ?? '';
}

export function hasClass(el: Element, cls: string): boolean {
  return attr(el, 'class').split(/\s+/).includes(cls);
}

/** Every element below `nodes`, depth first, in document order. */
export function* elements(nodes: readonly ChildNode[]): Generator<Element> {
  for (const n of nodes) {
    if (!isElement(n)) continue;
    yield n;
    yield* elements(n.children);
  }
}

export function find(nodes: readonly ChildNode[], test: (el: Element) => boolean): Element | undefined {
  for (const el of elements(nodes)) if (test(el)) return el;
  return undefined;
}

/** The first script or event attribute in a page (head included), described; undefined when it has none. */
export function activeContent(nodes: readonly ChildNode[]): string | undefined {
  for (const el of elements(nodes)) {
    if (el.name === 'script' || el.type === 'script') return 'a <script>';
    const event = Object.keys(el.attribs).find((a) => /^on/i.test(a));
    if (event) return `an ${event} attribute on <${el.name}>`;
    const href = attr(el, 'href') || attr(el, 'src');
    if (/^\s*javascript:/i.test(href)) return `a javascript: link on <${el.name}>`;
  }
  return undefined;
}

/** The text of nodes as a reader sees it, whitespace collapsed. */
export function textOf(nodes: readonly ChildNode[] | ChildNode): string {
  const list = Array.isArray(nodes) ? nodes : [nodes as ChildNode];
  let out = '';
  const walk = (ns: readonly ChildNode[]) => {
    for (const n of ns) {
      if (n.type === 'text') out += n.data;
      else if (isElement(n) && n.type === 'tag') {
        if (n.name === 'br') out += '\n';
        else walk(n.children);
        if (BLOCK.has(n.name)) out += '\n';
      }
    }
  };
  walk(list);
  return out.replace(/[ \t\r\f\u00a0]*\n[ \t\r\f\u00a0\n]*/g, '\n').replace(/[ \t\r\f]+/g, ' ').trim();
}

const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'aside', 'main', 'header', 'footer', 'nav', 'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'pre', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'figure', 'figcaption',
  'center', 'body', 'html', 'address', 'details', 'summary', 'caption',
]);
const DROP = new Set(['script', 'style', 'head', 'title', 'noscript', 'template', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'select', 'textarea', 'svg', 'math', 'audio', 'video', 'canvas', 'link', 'meta']);

/** What the conversion left out or could not keep, for the report. */
export interface Dropped {
  scripts: number;
  eventAttributes: number;
  emptyParagraphs: number;
  styles: number;
  remoteImages: string[];
  images: number;
}

export function newDropped(): Dropped {
  return { scripts: 0, eventAttributes: 0, emptyParagraphs: 0, styles: 0, remoteImages: [], images: 0 };
}

export interface ConvertContext {
  dropped: Dropped;
  /** An <img>'s src → the path in the book folder (`images/x.png`), or undefined to drop it (reported by the caller). */
  image(src: string): string | undefined;
  /** The element a same-book link points at (`#id`, `file.xhtml#id`), to tell footnote references. */
  target(href: string): Element | undefined;
}

/** A scene break written as text: `* * *`, `~~~`, `###`, `-----`, `o0o`, a row of ornaments. */
export function isBreakText(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  if (t.length < 1 || t.length > 40) return false;
  // "o0o" and "-x-x-" are dividers; "xxx" and "ooo" are kisses and sounds, and stay text.
  if (/^(?:o0)+o$|^(?:0o)+0$/i.test(t)) return true;
  return (/^(?:[*~#=_\-–—•·◆◇♦♥❖✦✧⁂§+xXoO0]|&){2,}$/.test(t) && !/^[xXoO0]+$/.test(t)) || t === '⁂' || t === '§';
}

const DIVIDER_IMAGE = /(?:divider|separator|scene-?break|hr\b|line|rule|break)/i;

/** Footnote references: a link marked as one, or pointing at an element marked as a note. */
function isNoteRef(el: Element, ctx: ConvertContext): Element | undefined {
  const href = attr(el, 'href');
  if (!href.includes('#')) return undefined;
  const marked = /noteref/.test(attr(el, 'epub:type')) || attr(el, 'role') === 'doc-noteref' || /^#?(?:footnote|fn|_ftn|endnote)-?\d/i.test(href.replace(/^[^#]*/, '').replace(/^#/, ''));
  const target = ctx.target(href);
  if (!target) return undefined;
  const noteLike = /(?:foot|end|rear)note/.test(attr(target, 'epub:type')) || /doc-(?:foot|end)note/.test(attr(target, 'role')) || /^(?:footnote|fn|_ftn|endnote)/i.test(attr(target, 'id'));
  return marked || noteLike ? target : undefined;
}

export class MarkdownConverter {
  readonly notes: string[] = [];
  /** Note elements already taken as footnotes; skipped where they stand. */
  readonly consumed = new Set<Element>();
  private noteNumbers = new Map<Element, number>();

  constructor(private ctx: ConvertContext) {}

  /** The blocks of `nodes` as Markdown blocks. */
  blocks(nodes: readonly ChildNode[]): string[] {
    const out: string[] = [];
    let inline: ChildNode[] = [];
    const flush = () => {
      // Whitespace between blocks is layout, not an empty paragraph.
      if (inline.every((n) => n.type === 'text' && !n.data.trim())) {
        inline = [];
        return;
      }
      this.paragraph(inline, out);
      inline = [];
    };
    for (const n of nodes) {
      if (n.type === 'text' || n.type === 'cdata') {
        inline.push(n);
        continue;
      }
      if (!isElement(n)) continue;
      if (this.drops(n)) continue;
      if (this.consumed.has(n) || this.isNoteBody(n)) continue;
      if (!BLOCK.has(n.name)) {
        inline.push(n);
        continue;
      }
      flush();
      this.block(n, out);
    }
    flush();
    return out;
  }

  /** Footnote definitions for the notes referred to so far. */
  footnoteDefinitions(): string[] {
    return this.notes;
  }

  private isNoteBody(el: Element): boolean {
    return /(?:foot|end|rear)notes?/.test(attr(el, 'epub:type')) || /doc-(?:foot|end)notes?/.test(attr(el, 'role')) || this.noteNumbers.has(el);
  }

  /**
   * Whether an element is left out (scripts, styles and the like), counting what is dropped for the
   * import's report: the element itself, and its event-handler attributes whether it is kept or not.
   */
  private drops(el: Element): boolean {
    for (const name of Object.keys(el.attribs)) if (/^on/i.test(name)) this.ctx.dropped.eventAttributes++;
    if (!DROP.has(el.name) && el.type === 'tag') return false;
    if (el.name === 'script' || el.type === 'script') this.ctx.dropped.scripts++;
    if (el.name === 'style' || el.type === 'style') this.ctx.dropped.styles++;
    return true;
  }

  private block(el: Element, out: string[]): void {
    switch (el.name) {
      case 'p':
      case 'dt':
      case 'dd':
      case 'figcaption':
      case 'caption':
      case 'address':
      case 'summary':
        this.paragraph(el.children, out, el);
        return;
      case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': {
        const text = this.inline(el.children).trim().replace(/\s*\\\n\s*/g, ' ');
        if (text) out.push(`${'#'.repeat(Math.max(2, Number(el.name[1])))} ${text}`);
        return;
      }
      case 'hr':
        out.push('* * *');
        return;
      case 'blockquote': {
        const inner = this.blocks(el.children);
        if (inner.length > 0) out.push(inner.map((b) => b.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n')).join('\n>\n'));
        return;
      }
      case 'ul':
      case 'ol': {
        const ordered = el.name === 'ol';
        let n = Number(attr(el, 'start')) || 1;
        const items: string[] = [];
        for (const li of el.children) {
          if (!isElement(li) || li.type !== 'tag') continue;
          if (this.consumed.has(li) || this.noteNumbers.has(li)) continue;
          const marker = ordered ? `${n++}. ` : '- ';
          const inner = this.blocks(li.name === 'li' ? li.children : [li]);
          if (inner.length === 0) continue;
          const pad = ' '.repeat(marker.length);
          items.push(marker + inner.join('\n\n').split('\n').map((l, i) => (i === 0 || l === '' ? l : pad + l)).join('\n'));
        }
        if (items.length > 0) out.push(items.join('\n'));
        return;
      }
      case 'figure': {
        // A caption that only repeats the image's alternative text (pandoc writes both) is said once.
        const alt = [...elements(el.children)].find((e) => e.name === 'img');
        const caption = el.children.find((c): c is Element => isElement(c) && c.name === 'figcaption');
        const kept = caption && alt && textOf(caption) === attr(alt, 'alt').trim() ? el.children.filter((c) => c !== caption) : el.children;
        out.push(...this.blocks(kept));
        return;
      }
      case 'pre': {
        const lines = textOf(el.children).split('\n').map((l) => escapeLineStart(escapeInlineText(l.trim())));
        if (lines.some((l) => l)) out.push(lines.join('\\\n'));
        return;
      }
      default:
        // Containers (div, section, table rows and cells…): their content, block by block.
        out.push(...this.blocks(el.children));
    }
  }

  private paragraph(nodes: readonly ChildNode[], out: string[], el?: Element): void {
    const onlyImage = nodes.filter((n) => !(n.type === 'text' && !n.data.trim()));
    if (onlyImage.length === 1 && isElement(onlyImage[0]) && onlyImage[0].name === 'img') {
      const img = onlyImage[0];
      if (DIVIDER_IMAGE.test(attr(img, 'src')) || DIVIDER_IMAGE.test(attr(img, 'class')) || DIVIDER_IMAGE.test(attr(img, 'alt'))) {
        out.push('* * *');
        return;
      }
    }
    // Line breaks at a paragraph's edges (a `<br/>` closing a summary) mean nothing.
    const md = this.inline(nodes).replace(/^(?:\s|\\\n)+|(?:\s|\\\n)+$/g, '');
    if (!md || /^(?:&nbsp;|\s)*$/.test(md)) {
      this.ctx.dropped.emptyParagraphs++;
      return;
    }
    const plain = textOf(el ? [el] : [...nodes]);
    if (isBreakText(plain) && !/!\[/.test(md)) {
      out.push('* * *');
      return;
    }
    out.push(md.split('\n').map((line) => escapeLineStart(line)).join('\n'));
  }

  /** Inline nodes → Markdown (text escaped; emphasis delimiters kept off the edges' spaces). */
  inline(nodes: readonly ChildNode[]): string {
    let out = '';
    for (const n of nodes) {
      if (n.type === 'text' || n.type === 'cdata') {
        const data = n.type === 'text' ? n.data : textOf(n.children as ChildNode[]);
        out += escapeInlineText(data.replace(/[\t\n\r\f ]+/g, ' '));
        continue;
      }
      if (!isElement(n)) continue;
      if (this.drops(n)) continue;
      const style = attr(n, 'style').toLowerCase();
      switch (n.name) {
        case 'br':
          out += '\\\n';
          break;
        case 'i': case 'em': case 'cite': case 'dfn': case 'var':
          out += wrap('*', this.inline(n.children));
          break;
        case 'b': case 'strong':
          out += wrap('**', this.inline(n.children));
          break;
        case 's': case 'strike': case 'del':
          out += wrap('~~', this.inline(n.children));
          break;
        case 'a': {
          const target = isNoteRef(n, this.ctx);
          if (target) {
            out += this.noteRef(target);
            break;
          }
          const href = attr(n, 'href');
          const text = this.inline(n.children);
          if (/^(?:https?:|mailto:)/i.test(href) && text.trim()) out += `[${text}](<${href.replace(/[<>\s]/g, encodeURIComponent)}>)`;
          else out += text;
          break;
        }
        case 'img': {
          const src = attr(n, 'src');
          if (/^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(src)) {
            this.ctx.dropped.remoteImages.push(src);
            break;
          }
          const path = this.ctx.image(src);
          if (!path) break;
          this.ctx.dropped.images++;
          out += `![${escapeInlineText(attr(n, 'alt').replace(/\s+/g, ' ').trim())}](${path})`;
          break;
        }
        case 'sup':
        case 'span':
        default: {
          // A span styled italic or bold (word processors, AO3's rich text editor) is italic or bold.
          let inner = this.inline(n.children);
          if (/line-through/.test(style)) inner = wrap('~~', inner);
          if (/font-style\s*:\s*(?:italic|oblique)/.test(style)) inner = wrap('*', inner);
          if (/font-weight\s*:\s*(?:bold|[6-9]00)/.test(style)) inner = wrap('**', inner);
          if (/font-variant\s*:\s*small-caps/.test(style) || hasClass(n, 'smallcaps') || hasClass(n, 'small-caps')) inner = wrapSmallCaps(inner);
          out += inner;
        }
      }
    }
    return out;
  }

  private noteRef(target: Element): string {
    let number = this.noteNumbers.get(target);
    if (number === undefined) {
      number = this.noteNumbers.size + 1;
      this.noteNumbers.set(target, number);
      this.consumed.add(target);
      const body = this.blocks(noteContent(target)).map((b) => b.replace(/\n/g, '\n    '));
      this.notes.push(`[^${number}]: ${body.join('\n\n    ') || '(empty note)'}`);
    }
    return `[^${number}]`;
  }
}

/** A note's own words, without its number and its link back to the text. */
function noteContent(note: Element): ChildNode[] {
  const strip = (nodes: readonly ChildNode[]): ChildNode[] =>
    nodes.flatMap((n): ChildNode[] => {
      if (!isElement(n)) return [n];
      if (n.name === 'a' && (attr(n, 'role') === 'doc-backlink' || /^#?(?:footnote-ref|fnref|_ftnref)/i.test(attr(n, 'href').replace(/^[^#]*#/, '')))) return [];
      if (hasClass(n, 'note-number')) return [];
      const copy = Object.create(Object.getPrototypeOf(n)) as Element;
      Object.assign(copy, n, { children: strip(n.children) });
      return [copy];
    });
  return strip(note.children);
}

/** Wraps Markdown in a small-caps span, `[…]{.smallcaps}`, edge spaces outside it; an empty one vanishes. */
function wrapSmallCaps(inner: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  if (!m[2]) return inner;
  return `${m[1]}[${m[2]}]{.smallcaps}${m[3]}`;
}

/** Wraps Markdown in an emphasis delimiter, leaving edge spaces outside it; empty emphasis vanishes. */
function wrap(delim: string, inner: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  if (!m[2]) return inner;
  // A line break at an edge stays outside too.
  return `${m[1]}${delim}${m[2]}${delim}${m[3]}`;
}
