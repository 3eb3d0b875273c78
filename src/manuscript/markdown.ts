// markdown-it tokens → model blocks. The only place (with front-matter templates) that knows markdown-it.
import MarkdownIt from 'markdown-it';
import footnotePlugin from 'markdown-it-footnote';
import { isFollowableHref, type Block, type Footnote, type Inline } from '../model/book.js';
import type * as HtmlSupport from './html.js';
import { languageAttributes, spanPlugin } from './spans.js';

/**
 * The sanitizer for `allow-html: true` (sanitize-html and its parser are large): loaded only for a book
 * that asks for it, by `loadHtmlSupport()` before such a book is parsed.
 */
let html: typeof HtmlSupport | undefined;

export async function loadHtmlSupport(): Promise<void> {
  html ??= await import('./html.js');
}

function htmlSupport(): typeof HtmlSupport {
  if (!html) throw new Error('allow-html: loadHtmlSupport() must run before parsing');
  return html;
}

export interface ParsedMarkdown {
  blocks: Block[];
  footnotes: Footnote[];
}

/** Turns an image `src` as written into an asset id (or throws nothing and returns undefined to drop it). */
export type ImageResolver = (src: string, line: number) => string | undefined;

export interface ParseOptions {
  /** File name recorded in block positions. */
  file: string;
  /** Added to token line numbers (for text that starts below line 1 of its file). */
  lineOffset?: number;
  resolveImage?: ImageResolver;
  /** Which link targets stay links (default: the model's rule); templates keep `{{placeholder}}` targets. */
  keepLink?: (href: string) => boolean;
  /** `allow-html: true`: raw HTML goes through the sanitizer into the model instead of staying text. */
  allowHtml?: boolean;
}

type Parser = InstanceType<typeof MarkdownIt>;
type Token = ReturnType<Parser['parse']>[number];

const parsers = new Map<boolean, Parser>();

/** The model node of each markdown-it opening token that wraps inlines (links apart). */
const INLINE_KIND: Record<string, 'emphasis' | 'strong' | 'strike' | 'smallCaps'> = {
  em_open: 'emphasis',
  strong_open: 'strong',
  s_open: 'strike',
  smallcaps_open: 'smallCaps',
};

function getParser(allowHtml = false): Parser {
  let parser = parsers.get(allowHtml);
  if (!parser) {
    // CommonMark (no tables: `|` is ordinary story text) plus strike-through, which needs a pair of
    // `~~` (a lone `~~` stays text);
    // html off (unless the book allows it) so raw HTML is escaped text; typographer off because our own
    // pass does it better.
    parser = new MarkdownIt('commonmark', { html: allowHtml, linkify: false, typographer: false });
    parser.enable('strikethrough');
    parser.use(footnotePlugin);
    parser.use(spanPlugin);
    // Keep backslash escapes and entities as separate tokens so typography can leave them alone.
    parser.core.ruler.disable('text_join');
    parsers.set(allowHtml, parser);
  }
  return parser;
}

export function parseMarkdown(source: string, options: ParseOptions): ParsedMarkdown {
  const env: Record<string, unknown> = {};
  const tokens = getParser(options.allowHtml).parse(source, env);
  const ctx: Ctx = { options, pos: 0, tokens };
  const blocks = readBlocks(ctx, undefined);
  const footnotes: Footnote[] = [];
  // Footnote definitions come last, inside footnote_block_open … footnote_block_close.
  while (ctx.pos < tokens.length) {
    const t = tokens[ctx.pos++];
    if (t.type === 'footnote_open') {
      const id = Number(t.meta?.id);
      const body = readBlocks(ctx, 'footnote_close');
      ctx.pos++;
      footnotes.push({ id: footnoteId(id), number: id + 1, blocks: body });
    }
  }
  return { blocks, footnotes };
}

interface Ctx {
  options: ParseOptions;
  pos: number;
  tokens: Token[];
}

function footnoteId(index: number): string {
  return `fn${index + 1}`;
}

function lineOf(ctx: Ctx, t: Token): number | undefined {
  return t.map ? t.map[0] + 1 + (ctx.options.lineOffset ?? 0) : undefined;
}

/** Reads block tokens until `closeType` (not consumed) or the end / the footnote block. */
function readBlocks(ctx: Ctx, closeType: string | undefined): Block[] {
  const out: Block[] = [];
  const { tokens } = ctx;
  while (ctx.pos < tokens.length) {
    const t = tokens[ctx.pos];
    if (t.type === closeType) return out;
    if (t.type === 'footnote_block_open') return out;
    ctx.pos++;
    const line = lineOf(ctx, t);
    const pos = line !== undefined ? { file: ctx.options.file, line } : undefined;
    switch (t.type) {
      case 'paragraph_open': {
        const inline = tokens[ctx.pos++];
        const children = readInlines(ctx, inline.children ?? [], line ?? 0);
        skipTo(ctx, 'paragraph_close');
        if (children.length > 0) out.push({ kind: 'paragraph', children, ...(pos && { pos }) });
        break;
      }
      case 'heading_open': {
        const inline = tokens[ctx.pos++];
        const level = Number(t.tag.slice(1)) as 1 | 2 | 3 | 4 | 5 | 6;
        const children = readInlines(ctx, inline.children ?? [], line ?? 0);
        skipTo(ctx, 'heading_close');
        out.push({ kind: 'heading', level, children, ...(pos && { pos }) });
        break;
      }
      case 'hr':
        out.push({ kind: 'sceneBreak', ...(pos && { pos }) });
        break;
      case 'blockquote_open': {
        const children = readBlocks(ctx, 'blockquote_close');
        ctx.pos++;
        out.push({ kind: 'blockquote', children });
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const ordered = t.type === 'ordered_list_open';
        const start = Number(t.attrGet('start') ?? 1);
        const close = ordered ? 'ordered_list_close' : 'bullet_list_close';
        const items: Block[][] = [];
        while (ctx.pos < tokens.length && tokens[ctx.pos].type !== close) {
          if (tokens[ctx.pos].type === 'list_item_open') {
            ctx.pos++;
            items.push(readBlocks(ctx, 'list_item_close'));
          }
          ctx.pos++;
        }
        ctx.pos++;
        out.push({ kind: 'list', ordered, start, items });
        break;
      }
      case 'code_block':
      case 'fence':
        out.push({ kind: 'codeBlock', text: t.content.replace(/\n$/, '') });
        break;
      case 'html_block':
        if (ctx.options.allowHtml) {
          const resolveImage = ctx.options.resolveImage;
          out.push(...htmlSupport().htmlBlocks(t.content, { resolveImage: resolveImage && ((src) => resolveImage(src, line ?? 0)) }));
        } else {
          // Unreachable with html off; kept as text so nothing is lost if that changes.
          out.push({ kind: 'paragraph', children: [{ kind: 'text', text: t.content, literal: true }] });
        }
        break;
      default:
        // footnote_anchor and closing tokens of structures handled above carry no content.
        break;
    }
  }
  return out;
}

function skipTo(ctx: Ctx, type: string): void {
  while (ctx.pos < ctx.tokens.length && ctx.tokens[ctx.pos].type !== type) ctx.pos++;
  ctx.pos++;
}

/** Converts a flat list of inline tokens (with _open/_close pairs) into nested inlines. */
function readInlines(ctx: Ctx, children: Token[], line: number): Inline[] {
  if (ctx.options.allowHtml && children.some((t) => t.type === 'html_inline')) {
    const resolveImage = ctx.options.resolveImage;
    return htmlSupport().htmlInlines(children, {
      leaf: (t) => readInlines(ctx, [t as Token], line),
      resolveImage: resolveImage && ((src) => resolveImage(src, line)),
    });
  }
  const root: Inline[] = [];
  const stack: Inline[][] = [root];
  const top = () => stack[stack.length - 1];
  for (const t of children) {
    switch (t.type) {
      case 'text':
        pushText(top(), t.content, false);
        break;
      case 'text_special':
        // A backslash escape or an entity: the author asked for this exact character.
        pushText(top(), t.content, true);
        break;
      case 'softbreak':
        pushText(top(), ' ', false);
        break;
      case 'hardbreak':
        top().push({ kind: 'lineBreak' });
        break;
      case 'code_inline':
        top().push({ kind: 'code', text: t.content });
        break;
      case 'link_open':
        // A target no reader should follow (a relative file, `file:`, `ftp:`…): keep the words, not the link.
        if (!(ctx.options.keepLink ?? isFollowableHref)(String(t.attrGet('href') ?? ''))) {
          stack.push(top());
          break;
        }
      // falls through
      case 'em_open':
      case 'strong_open':
      case 's_open':
      case 'smallcaps_open': {
        const node: Inline =
          t.type === 'link_open'
            ? { kind: 'link', href: String(t.attrGet('href') ?? ''), children: [] }
            : { kind: INLINE_KIND[t.type], children: [] };
        top().push(node);
        stack.push((node as { children: Inline[] }).children);
        break;
      }
      case 'span_open': {
        const attrs = languageAttributes(String(t.attrGet('lang') ?? ''), String(t.attrGet('dir') ?? ''));
        const node: Inline = { kind: 'span', ...attrs, children: [] };
        top().push(node);
        stack.push(node.children);
        break;
      }
      case 'em_close':
      case 'strong_close':
      case 's_close':
      case 'smallcaps_close':
      case 'link_close':
      case 'span_close':
        if (stack.length > 1) stack.pop();
        break;
      case 'image': {
        const src = String(t.attrGet('src') ?? '');
        const alt = (t.children ?? []).map((c) => c.content).join('');
        const assetId = ctx.options.resolveImage?.(src, line);
        if (assetId) top().push({ kind: 'image', assetId, alt });
        else pushText(top(), alt, false);
        break;
      }
      case 'footnote_ref': {
        const index = Number(t.meta?.id);
        top().push({ kind: 'footnoteRef', id: footnoteId(index), number: index + 1 });
        break;
      }
      case 'html_inline':
        pushText(top(), t.content, true);
        break;
      default:
        if (t.content) pushText(top(), t.content, false);
        break;
    }
  }
  return root;
}

function pushText(into: Inline[], text: string, literal: boolean): void {
  if (text === '') return;
  const last = into[into.length - 1];
  if (last && last.kind === 'text' && Boolean(last.literal) === literal) {
    last.text += text;
    return;
  }
  into.push(literal ? { kind: 'text', text, literal: true } : { kind: 'text', text });
}
