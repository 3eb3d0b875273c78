// Page templates: Markdown with `{{name}}` placeholders, filled after parsing so a value can never
// inject Markdown, and a block that needs a missing value is left out.
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { BookError, error } from '../diagnostics.js';
import { resolveInside } from '../input/inside.js';
import { displayPath } from '../input/text-file.js';
import { isFollowableHref, type Block, type Inline } from '../model/book.js';
import { parseMarkdown } from '../manuscript/markdown.js';
import { PACKAGE_ROOT } from '../package-files.js';

/** The templates shipped with the tool (…/templates beside lib/ or src/). */
export const BUILTIN_TEMPLATES = join(PACKAGE_ROOT, 'templates');

/** A book's own `templates/NAME` wins over the built-in one; it must be a file inside the book folder. */
export function templatePath(name: string, bookDir?: string): string {
  if (bookDir) {
    const own = join(bookDir, 'templates', name);
    if (existsSync(own) || lstatSync(own, { throwIfNoEntry: false })?.isSymbolicLink()) {
      const inside = resolveInside(realpathSync(bookDir), own);
      if (!inside.ok) {
        throw new BookError([
          error(displayPath(own), inside.reason === 'outside' ? `is a symbolic link to ${inside.real} outside the book folder` : inside.reason === 'loop' ? 'is a symbolic link loop' : inside.reason === 'missing' ? 'is a symbolic link to a file that does not exist' : 'is not a file', {
            hint: `make it a file, or delete it to use the built-in ${name}`,
          }),
        ]);
      }
      return inside.real;
    }
  }
  return join(BUILTIN_TEMPLATES, name);
}

export function readTemplate(name: string, bookDir?: string): { text: string; file: string } {
  const file = templatePath(name, bookDir);
  return { text: readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), file };
}

/** A value is text, a list of blocks (for a paragraph that is only the placeholder), or absent. */
export type TemplateValue = string | Block[] | undefined;
export type TemplateValues = Record<string, TemplateValue>;

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)?)\s*\}\}/g;

export function fillTemplate(source: string, file: string, values: TemplateValues): Block[] {
  return fillTemplateTracked(source, file, values).blocks;
}

/** Fills a template and says, for each block of the result, which values it shows (so a title page knows
 * which line is the byline without reading its words). */
export function fillTemplateTracked(source: string, file: string, values: TemplateValues): { blocks: Block[]; uses: string[][] } {
  // Link targets are judged once filled (a `{{seriesUrl}}` target is not a URL until then).
  const uses: string[][] = [];
  const blocks = fillBlocks(parseMarkdown(source, { file, keepLink: () => true }).blocks, values, uses);
  return { blocks, uses };
}

/** The placeholder names a template block's text holds. */
function placeholdersOf(inlines: readonly Inline[], into: string[] = []): string[] {
  for (const node of inlines) {
    if (node.kind === 'text' && !node.literal) for (const m of node.text.matchAll(PLACEHOLDER)) into.push(m[1]);
    else if ('children' in node) placeholdersOf(node.children, into);
  }
  return into;
}

function isEmpty(v: TemplateValue): boolean {
  return v === undefined || (typeof v === 'string' ? v.trim() === '' : v.length === 0);
}

function fillBlocks(blocks: Block[], values: TemplateValues, uses?: string[][]): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    const before = out.length;
    if (block.kind === 'paragraph' || block.kind === 'heading') {
      const only = soloPlaceholder(block.children);
      if (only !== undefined) {
        const v = values[only];
        if (isEmpty(v)) continue;
        if (Array.isArray(v)) {
          out.push(...v);
          uses?.push(...v.map(() => [only]));
          continue;
        }
      }
      const filled = fillInlines(block.children, values);
      if (filled) out.push({ ...block, children: filled });
    } else if (block.kind === 'blockquote') {
      const children = fillBlocks(block.children, values);
      if (children.length > 0) out.push({ ...block, children });
    } else if (block.kind === 'list') {
      const items = block.items.map((item) => fillBlocks(item, values)).filter((item) => item.length > 0);
      if (items.length > 0) out.push({ ...block, items });
    } else {
      out.push(block);
    }
    if (uses && out.length > before) uses.push(block.kind === 'paragraph' || block.kind === 'heading' ? placeholdersOf(block.children) : []);
  }
  return out;
}

function soloPlaceholder(children: Inline[]): string | undefined {
  if (children.length !== 1 || children[0].kind !== 'text') return undefined;
  const m = /^\s*\{\{\s*([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)?)\s*\}\}\s*$/.exec(children[0].text);
  return m ? m[1] : undefined;
}

/** Returns the inlines with placeholders replaced, or undefined when one of them has no value. */
function fillInlines(inlines: Inline[], values: TemplateValues): Inline[] | undefined {
  const out: Inline[] = [];
  for (const node of inlines) {
    if (node.kind === 'text' && !node.literal) {
      let missing = false;
      const text = node.text.replace(PLACEHOLDER, (_, name: string) => {
        const v = values[name];
        if (isEmpty(v) || typeof v !== 'string') {
          missing = true;
          return '';
        }
        return v;
      });
      if (missing) return undefined;
      out.push({ ...node, text });
    } else if (node.kind === 'link') {
      const children = fillInlines(node.children, values);
      const href = fillHref(node.href, values);
      if (!children || href === undefined) return undefined;
      if (isFollowableHref(href)) out.push({ ...node, href, children });
      else out.push(...children);
    } else if (node.kind === 'emphasis' || node.kind === 'strong' || node.kind === 'strike' || node.kind === 'smallCaps' || node.kind === 'span') {
      const children = fillInlines(node.children, values);
      if (!children) return undefined;
      out.push({ ...node, children });
    } else {
      out.push(node);
    }
  }
  return out;
}

/** `[…]({{seriesUrl}})`: markdown-it percent-encodes the braces of a link target, so decode before filling. */
function fillHref(href: string, values: TemplateValues): string | undefined {
  let decoded = href;
  try {
    decoded = decodeURI(href);
  } catch {
    return href;
  }
  const only = /^\{\{\s*([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)?)\s*\}\}$/.exec(decoded);
  if (!only) return href;
  const v = values[only[1]];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}
