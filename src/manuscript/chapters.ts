// The chapters of a book folder: `*.md` in natural file-name order, each parsed into a model Chapter.
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { error, warning, type Diagnostic } from '../diagnostics.js';
import { resolveInside, type Inside } from '../input/inside.js';
import { decodeUtf8, displayPath } from '../input/text-file.js';
import type { Locale } from '../locale/locale.js';
import { inlineText, type Block, type ParsedChapter } from '../model/book.js';
import type { ImageStore } from './images.js';
import { sortNatural } from './file-order.js';
import { splitChapterFrontMatter, type ChapterFrontMatter } from './chapter-notes.js';
import { loadHtmlSupport, parseMarkdown } from './markdown.js';

/** `2-x.md` before `10-y.md`; hidden files and editor backups are not chapters. */
export function chapterFileNames(names: readonly string[]): string[] {
  return sortNatural(names.filter((n) => /\.md$/i.test(n) && !n.startsWith('.') && !n.startsWith('~')));
}

export async function listChapterFiles(bookDir: string): Promise<string[]> {
  const entries = readdirSync(bookDir, { withFileTypes: true });
  const names = entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
  return chapterFileNames(names).map((n) => join(bookDir, n));
}

// C0 controls other than tab and line ends, and DEL: invisible, and invalid in XML.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Removes control characters, warning once per file with the first line that had one. */
export function stripControlCharacters(text: string, file: string): { text: string; diagnostics: Diagnostic[] } {
  CONTROL_CHARS.lastIndex = 0;
  const first = CONTROL_CHARS.exec(text);
  if (!first) return { text, diagnostics: [] };
  const line = text.slice(0, first.index).split('\n').length;
  const count = text.match(CONTROL_CHARS)?.length ?? 0;
  const code = first[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return {
    text: text.replace(CONTROL_CHARS, ''),
    diagnostics: [warning(file, `removed ${count} control character${count === 1 ? '' : 's'} (first: U+${code})`, { line })],
  };
}

/** End marks a story closes with ("The End", "Fin"): styled as such, never dropped. */
const END_MARK = /^[~*\s]*(the\s+end|fin|end)[.!~*\s]*$/i;
/** Decoration around a closing line in any script: `~ Ende ~`, `— Конец —`, `（完）`, `**סוף**`. */
const END_DECORATION = /^[\s~*_=.!\-–—()[\]（）【】「」。！]+|[\s~*_=.!\-–—()[\]（）【】「」。！]+$/gu;

/** True for a closing line: the English ones in every book, and the book language's `end-marks`. */
export function isEndMarkText(text: string, endMarks: readonly string[] = []): boolean {
  if (END_MARK.test(text)) return true;
  if (endMarks.length === 0) return false;
  const bare = text.replace(END_DECORATION, '').replace(/\s+/g, ' ').toLocaleLowerCase();
  return bare !== '' && endMarks.some((m) => m.replace(END_DECORATION, '').replace(/\s+/g, ' ').toLocaleLowerCase() === bare);
}

export function markEndMark(blocks: Block[], endMarks: readonly string[] = []): void {
  const last = blocks[blocks.length - 1];
  if (last?.kind === 'paragraph' && isEndMarkText(inlineText(last.children), endMarks)) last.role = 'end-mark';
}

export interface ReadChaptersResult {
  chapters: ParsedChapter[];
  diagnostics: Diagnostic[];
  /** The chapter files read, in order (the build's inputs, for its date). */
  files: string[];
}

/** Why a chapter file that is a link cannot be read, as the author should hear it. */
function chapterLinkProblem(file: string, inside: Exclude<Inside, { ok: true }>): Diagnostic {
  switch (inside.reason) {
    case 'loop':
      return error(file, 'is a symbolic link loop', { hint: 'replace the link with the chapter file itself' });
    case 'missing':
      return error(file, 'is a symbolic link to a file that does not exist', { hint: 'fix the link or delete it' });
    case 'outside':
      return error(file, `is a symbolic link to ${inside.real} outside the book folder`, {
        hint: 'copy the chapter into the book folder; build-ebook reads nothing outside it',
      });
    case 'not-a-file':
      return error(file, 'is not a file', { hint: 'a chapter is a Markdown file; rename or move this one' });
  }
}

export interface ReadChaptersOptions {
  /** `allow-html: true` in book.yaml: raw HTML is sanitized into the model instead of shown as text. */
  allowHtml?: boolean;
  /** The book's language: its end-mark words, and the label of an untitled chapter ("Kapitel 2"). */
  locale?: Locale;
}

export async function readChapters(
  bookDir: string,
  images: ImageStore,
  options: ReadChaptersOptions = {},
): Promise<ReadChaptersResult> {
  const diagnostics: Diagnostic[] = [];
  if (options.allowHtml) await loadHtmlSupport();
  const files = await listChapterFiles(bookDir);
  if (files.length === 0) {
    diagnostics.push(
      error(displayPath(bookDir) || '.', 'has no chapters', { hint: 'add the story as one or more Markdown files, e.g. 01-beginning.md' }),
    );
    return { chapters: [], diagnostics, files };
  }
  const chapters: ParsedChapter[] = [];
  const root = realpathSync(bookDir);
  for (const path of files) {
    const file = displayPath(path);
    const inside = resolveInside(root, path);
    if (!inside.ok) {
      diagnostics.push(chapterLinkProblem(file, inside));
      continue;
    }
    const decoded = decodeUtf8(readFileSync(inside.real), file);
    if ('diagnostic' in decoded) {
      diagnostics.push(decoded.diagnostic);
      continue;
    }
    const cleaned = stripControlCharacters(decoded.text, file);
    diagnostics.push(...cleaned.diagnostics);
    if (cleaned.text.trim() === '') {
      diagnostics.push(error(file, 'is empty', { hint: 'write the chapter, or delete the file' }));
      continue;
    }
    const front = splitChapterFrontMatter(cleaned.text, file);
    diagnostics.push(...front.diagnostics);
    const resolveImage = (src: string, line: number) => images.resolve(src, dirname(path), file, line);
    const chapter = parseChapter(front.body, file, chapters.length + 1, resolveImage, options.allowHtml);
    if (front.notes) {
      // Notes are Markdown like the chapter; their footnotes, if any, are the chapter's.
      for (const [key, value] of Object.entries(front.notes) as [keyof ChapterFrontMatter, string][]) {
        const parsed = parseMarkdown(value, { file, resolveImage, allowHtml: options.allowHtml });
        if (parsed.blocks.length > 0) chapter[key] = parsed.blocks;
      }
    }
    chapters.push(chapter);
  }
  if (chapters.length > 0) markEndMark(chapters[chapters.length - 1].blocks, options.locale?.endMarks);
  return { chapters, diagnostics, files };
}

export function parseChapter(
  text: string,
  file: string,
  index: number,
  resolveImage?: (src: string, line: number) => string | undefined,
  allowHtml?: boolean,
): ParsedChapter {
  const parsed = parseMarkdown(text, { file, resolveImage, allowHtml });
  const blocks = parsed.blocks;
  const first = blocks[0];
  let title;
  if (first?.kind === 'heading' && first.level === 1) {
    blocks.shift();
    title = first.children;
  }
  // An untitled chapter's label ("Chapter 4", or the book's title for a one-shot) is the structure
  // stage's to decide (src/book/structure.ts), in the book's language.
  const titleText = title && inlineText(title).trim();
  return {
    id: `chapter-${String(index).padStart(3, '0')}`,
    ...(title && { title }),
    ...(titleText && { titleText }),
    source: file,
    blocks,
    footnotes: parsed.footnotes,
  };
}
