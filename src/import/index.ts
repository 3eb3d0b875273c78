// `build-ebook import`: a plain-text story → a book folder (book.yaml + chapter Markdown)
// that the Markdown pipeline reads. importPlainText is pure; runImport does the I/O.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { error, formatDiagnostic, warning } from '../diagnostics.js';
import { decodeText, type LineEnds, type SourceEncoding } from './decode.js';
import { headerLineNumbers, parseHeader, type Header } from './header.js';
import { detectLayout, HEADER_LAYOUT, splitLines, toUnits, type LayoutMode } from './layout.js';
import { escapeMarkdownLine, paragraphMarkdown, paragraphsMarkdown } from './markdown-escape.js';
import { doubleQuoteBalance } from './quotes.js';
import { matchSeriesLine } from './series.js';
import { slugify } from './slug.js';
import { ImportRefused, refuse } from './refused.js';
import { sniff } from './sniff.js';
import { unique, writeBookFolder, type SourceImage, type SourceStory } from './source-story.js';
import { parseStory, type Story, type StoryChapter } from './story.js';

export interface ImportedFile {
  /** Relative to the output folder. */
  path: string;
  content: string;
}

/** The header fields the report gives as the header has them. */
type HeaderAsIs = Pick<
  Header,
  'subtitle' | 'authors' | 'fandoms' | 'rating' | 'characters' | 'relationships' | 'warnings' | 'tags' | 'status' | 'language' | 'statedWordCount'
>;

export interface ImportReport extends HeaderAsIs {
  title: string;
  /** Where the title came from: the header, or the file name when the text names none. */
  titleSource: 'header' | 'file name' | 'default';
  series?: { name: string; number?: number };
  /** Header paragraphs joined into one text each. */
  summary?: string;
  disclaimer?: string;
  notesBefore?: string;
  notesAfter?: string;
  chapters: number;
  chapterTitles: (string | undefined)[];
  sceneBreaks: number;
  /** Words of the story text (paragraphs and end mark; not headings or header). */
  words: number;
  endMark?: string;
  encoding: SourceEncoding;
  lineEnds: LineEnds;
  layout: LayoutMode;
}

export interface ImportResult {
  files: ImportedFile[];
  report: ImportReport;
  warnings: Diagnostic[];
}

export interface ImportOptions {
  /** The input's file name, for messages and as the title when the text has none. */
  sourceName?: string;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "2009-03-04", "4 March 2009", "March 4, 2009", "2009/3/4", "2009" → ISO form book.yaml takes. */
export function isoDate(value: string): string | undefined {
  const s = value
    .trim()
    .replace(/(\d)(st|nd|rd|th)\b/gi, '$1')
    // An e-mail's "Sat, 14 Mar 2009 10:00:00 -0500": the weekday and the time say nothing more.
    .replace(/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i, '')
    .replace(/(\d{4})\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[+-]\d{4}|[A-Z]{2,4}))?$/, '$1');
  const pad = (n: number) => String(n).padStart(2, '0');
  const valid = (y: number, m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1900 && y <= 2200;
  let m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) : 1, m[3] ? Number(m[3]) : 1];
    if (!valid(y, mo, d)) return undefined;
    return m[3] ? `${y}-${pad(mo)}-${pad(d)}` : m[2] ? `${y}-${pad(mo)}` : `${y}`;
  }
  const month = (name: string) => MONTHS.findIndex((x) => x.startsWith(name.toLowerCase().replace(/\.$/, '')) && name.length >= 3) + 1;
  m = /^(\d{1,2})\s+([A-Za-z]+\.?),?\s+(\d{4})$/.exec(s);
  if (m && month(m[2]) && valid(Number(m[3]), month(m[2]), Number(m[1]))) return `${m[3]}-${pad(month(m[2]))}-${pad(Number(m[1]))}`;
  m = /^([A-Za-z]+\.?)\s+(\d{1,2}),?\s+(\d{4})$/.exec(s);
  if (m && month(m[1]) && valid(Number(m[3]), month(m[1]), Number(m[2]))) return `${m[3]}-${pad(month(m[1]))}-${pad(Number(m[2]))}`;
  m = /^([A-Za-z]+)\s+(\d{4})$/.exec(s);
  if (m && month(m[1]) && valid(Number(m[2]), month(m[1]), 1)) return `${m[2]}-${pad(month(m[1]))}`;
  return undefined;
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** The title printed again over the story, after the header, is the header's, not a paragraph. */
function dropRepeatedTitle(story: Story, title: string | undefined): void {
  const first = story.chapters[0];
  const block = first?.blocks[0];
  if (!title || !first || first.heading !== undefined || block?.kind !== 'paragraph' || block.lines.length !== 1) return;
  if (block.lines[0].text.toLowerCase() !== title.toLowerCase()) return;
  first.blocks.shift();
  if (first.blocks[0]?.kind === 'sceneBreak') first.blocks.shift();
  if (first.blocks.length === 0) story.chapters.shift();
}

function titleFromFileName(sourceName: string | undefined): string | undefined {
  if (!sourceName) return undefined;
  const stem = basename(sourceName, extname(sourceName)).replace(/[-_]+/g, ' ').trim();
  return stem ? stem[0].toUpperCase() + stem.slice(1) : undefined;
}

function chapterFileName(chapter: StoryChapter, index: number, total: number, bookTitle: string): string {
  const width = Math.max(2, String(total).length);
  const number = String(index + 1).padStart(width, '0');
  const name = chapter.parsed?.name ?? chapter.heading ?? (total === 1 ? bookTitle : 'chapter');
  return `${number}-${slugify(name, 'chapter', 40)}.md`;
}

function chapterMarkdown(chapter: StoryChapter, hardBreaks: boolean): string {
  const parts: string[] = [];
  if (chapter.heading !== undefined) parts.push(`# ${escapeMarkdownLine(chapter.heading)}`);
  for (const block of chapter.blocks) {
    parts.push(block.kind === 'sceneBreak' ? '* * *' : paragraphMarkdown(block.lines.map((l) => l.text), hardBreaks));
  }
  return parts.join('\n\n') + '\n';
}

function bookYaml(header: Header, title: string, story: Story, extraNotesBefore: string[]): Record<string, unknown> {
  const data: Record<string, unknown> = { title };
  if (header.subtitle) data.subtitle = header.subtitle;
  if (header.authors.length === 1) data.author = header.authors[0];
  else if (header.authors.length > 1) data.author = header.authors;
  if (header.language) data.language = header.language;
  if (header.series) data.series = header.series.number ? { name: header.series.name, number: header.series.number } : { name: header.series.name };
  if (header.summary.length > 0) data.summary = paragraphsMarkdown(header.summary);
  if (header.disclaimer.length > 0) data.disclaimer = paragraphsMarkdown(header.disclaimer);
  if (header.fandoms.length > 0) data.fandoms = unique(header.fandoms);
  if (header.rating) data.rating = header.rating;
  if (header.warnings.length > 0) data.warnings = unique(header.warnings);
  if (header.relationships.length > 0) data.relationships = unique(header.relationships);
  if (header.characters.length > 0) data.characters = unique(header.characters);
  if (header.tags.length > 0) data.tags = unique(header.tags);
  if (header.status) data.status = header.status;
  if (header.published) data.published = header.published;
  if (header.updated) data.updated = header.updated;
  if (header.rights) data.rights = header.rights;
  const before = [...header.notesBefore, ...extraNotesBefore];
  const notes: Record<string, string> = {};
  if (before.length > 0) notes.before = paragraphsMarkdown(before);
  if (story.notesAfter.length > 0) notes.after = paragraphsMarkdown(story.notesAfter);
  if (Object.keys(notes).length > 0) data.notes = notes;
  return data;
}

export function importPlainText(bytes: Uint8Array, options: ImportOptions = {}): ImportResult {
  const file = options.sourceName ? basename(options.sourceName) : 'input';
  const diagnostics: Diagnostic[] = [];
  const decoded = decodeText(bytes);
  if (decoded.encoding !== 'utf-8' && decoded.encoding !== 'utf-8-bom' && /[\u0081\u008d\u008f\u0090\u009d]/.test(decoded.text)) {
    diagnostics.push(warning(file, 'bytes undefined in Windows-1252 found; the file may be in another encoding', { hint: 'save the file as UTF-8 and import again' }));
  }
  if (decoded.encoding === 'mixed') {
    diagnostics.push(warning(file, 'the file is UTF-8 with some lines in Windows-1252; each line was read in its own encoding', { hint: 'check accented letters and curly quotes in the result' }));
  }
  if (/Ã[\u0080-\u00bf]|â€/.test(decoded.text)) {
    diagnostics.push(warning(file, 'text looks double-encoded (UTF-8 read as Windows-1252 before it reached this file, e.g. "â€™")', { hint: 'fix the characters in the source file' }));
  }
  // Control characters (a DOS end-of-file ^Z, stray bytes) are invisible and invalid in XML.
  const controls = decoded.text.match(/[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g);
  if (controls) {
    const first = controls[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    diagnostics.push(warning(file, `removed ${controls.length} control character${controls.length === 1 ? '' : 's'} (first: U+${first})`));
  }
  const lines = splitLines(decoded.text.replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g, ''));
  const layout = detectLayout(lines, headerLineNumbers(lines));
  // The header is read paragraph by paragraph whatever the story's layout; the story from the
  // line where the header ends, with the layout it has.
  const header = parseHeader(toUnits(lines, HEADER_LAYOUT), file, diagnostics, {
    partial: layout.mode !== 'blocks',
    linesMode: layout.mode === 'lines',
  });
  const story = parseStory(toUnits(lines.filter((l) => l.no >= header.storyStartLine), layout), layout, file, diagnostics);
  dropRepeatedTitle(story, header.title);
  // Archives print the series notice after the story; it names the series all the same.
  if (!header.series) {
    const at = story.notesAfter.findIndex((p) => matchSeriesLine(p) !== undefined);
    if (at >= 0) {
      header.series = matchSeriesLine(story.notesAfter[at]);
      story.notesAfter.splice(at, 1);
    }
  }

  const extraNotesBefore: string[] = [];
  for (const key of ['published', 'updated'] as const) {
    const raw = header[key];
    if (raw === undefined) continue;
    const iso = isoDate(raw);
    if (iso) header[key] = iso;
    else {
      header[key] = undefined;
      extraNotesBefore.push(`${key === 'published' ? 'Published' : 'Updated'}: ${raw}`);
      diagnostics.push(warning(file, `${key} date "${raw}" not understood; kept in the notes before the story`, { hint: `write \`${key}: YYYY-MM-DD\` in book.yaml` }));
    }
  }

  let title = header.title;
  let titleSource: ImportReport['titleSource'] = 'header';
  if (!title) {
    title = titleFromFileName(options.sourceName);
    titleSource = title ? 'file name' : 'default';
    title ??= 'Untitled';
    diagnostics.push(warning(file, `no title line found; the title is "${title}", from the ${titleSource === 'file name' ? 'file name' : 'default'}`, { hint: 'put the title on the first line of the file, or edit `title:` in book.yaml' }));
  }
  const headerHasMore = header.authors.length + header.summary.length + header.disclaimer.length + header.notesBefore.length > 0
    || header.series !== undefined || header.rating !== undefined || header.fandoms.length > 0;
  if (header.title && !headerHasMore) {
    diagnostics.push(warning(file, `took the first line, "${header.title}", for the title: the file has no other header`, { hint: 'if it is the story\'s first line, move it back into the first chapter and set `title:` in book.yaml' }));
  }
  if (header.series && header.series.number === undefined) {
    diagnostics.push(warning(file, `series "${header.series.name}" named without this story's number in it`, { hint: 'add `number:` under `series:` in book.yaml' }));
  }
  if (header.authors.length === 0) {
    diagnostics.push(warning(file, 'no author found (a "by NAME" or "Author: NAME" line)', { hint: 'add `author:` to book.yaml' }));
  }

  const paragraphs = story.chapters.flatMap((c) => c.blocks.filter((b) => b.kind === 'paragraph'));
  if (paragraphs.length === 0) {
    diagnostics.push(error(file, 'no story text found after the header', { hint: 'the story paragraphs follow the title and the `Key: value` lines' }));
  }
  for (const p of paragraphs) {
    if (p.kind !== 'paragraph') continue;
    const text = p.lines.map((l) => l.text).join(' ');
    if (!doubleQuoteBalance(text).balanced) {
      const excerpt = text.length > 60 ? `${text.slice(0, 57)}...` : text;
      diagnostics.push(warning(file, `quotes do not balance in this paragraph: ${excerpt}`, { line: p.lines[0].no, hint: 'left as written; check whether a quote mark is missing' }));
    }
  }

  const hardBreaks = layout.mode === 'blocks' && !layout.wrapped;
  const files: ImportedFile[] = [];
  const chapters = story.chapters;
  chapters.forEach((chapter, index) => {
    files.push({ path: chapterFileName(chapter, index, chapters.length, title), content: chapterMarkdown(chapter, hardBreaks) });
  });
  const yamlData = bookYaml(header, title, story, extraNotesBefore);
  files.unshift({ path: 'book.yaml', content: stringify(yamlData, { lineWidth: 0 }) });

  const words = paragraphs.reduce((n, p) => n + (p.kind === 'paragraph' ? countWords(p.lines.map((l) => l.text).join(' ')) : 0), 0);
  const report: ImportReport = {
    title,
    titleSource,
    ...(header.subtitle && { subtitle: header.subtitle }),
    authors: header.authors,
    ...(header.series && { series: header.series }),
    ...(header.summary.length > 0 && { summary: header.summary.join('\n\n') }),
    ...(header.disclaimer.length > 0 && { disclaimer: header.disclaimer.join('\n\n') }),
    ...(header.notesBefore.length + extraNotesBefore.length > 0 && { notesBefore: [...header.notesBefore, ...extraNotesBefore].join('\n\n') }),
    ...(story.notesAfter.length > 0 && { notesAfter: story.notesAfter.join('\n\n') }),
    fandoms: unique(header.fandoms),
    ...(header.rating && { rating: header.rating }),
    characters: header.characters,
    relationships: header.relationships,
    warnings: header.warnings,
    tags: header.tags,
    ...(header.status && { status: header.status }),
    ...(header.language && { language: header.language }),
    chapters: chapters.length,
    chapterTitles: chapters.map((c) => c.heading),
    sceneBreaks: chapters.reduce((n, c) => n + c.blocks.filter((b) => b.kind === 'sceneBreak').length, 0),
    words,
    ...(header.statedWordCount && { statedWordCount: header.statedWordCount }),
    ...(story.endMark && { endMark: story.endMark.map((l) => l.text).join(' ') }),
    encoding: decoded.encoding,
    lineEnds: decoded.lineEnds,
    layout: layout.mode,
  };
  // In the order of the file, for reading the list against the source.
  const ordered = diagnostics.map((d, i) => ({ d, i })).sort((a, b) => (a.d.line ?? 0) - (b.d.line ?? 0) || a.i - b.i).map((x) => x.d);
  return { files, report, warnings: ordered };
}

function shorten(text: string, max = 70): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/** The report printed after an import: one line per thing recognised. */
export function formatReport(report: ImportReport, outDir: string): string[] {
  const out: string[] = [];
  const row = (label: string, value: string | undefined) => out.push(`  ${(label + ':').padEnd(14)}${value ?? '(none)'}`);
  out.push(`Imported into ${outDir}`);
  row('title', report.titleSource === 'header' ? report.title : `${report.title} (from the ${report.titleSource}, not the text)`);
  row('subtitle', report.subtitle);
  row('author', report.authors.length > 0 ? report.authors.join(', ') : undefined);
  row('series', report.series ? `${report.series.name}${report.series.number ? `, No. ${report.series.number}` : ' (number unknown)'}` : undefined);
  row('summary', report.summary && shorten(report.summary));
  row('disclaimer', report.disclaimer && shorten(report.disclaimer));
  row('notes before', report.notesBefore && shorten(report.notesBefore));
  row('notes after', report.notesAfter && shorten(report.notesAfter));
  if (report.fandoms.length > 0) row('fandoms', report.fandoms.join(', '));
  if (report.rating) row('rating', report.rating);
  if (report.relationships.length > 0) row('relationships', report.relationships.join(', '));
  if (report.characters.length > 0) row('characters', report.characters.join(', '));
  if (report.warnings.length > 0) row('warnings', report.warnings.join(', '));
  if (report.tags.length > 0) row('tags', report.tags.join(', '));
  if (report.status) row('status', report.status);
  if (report.language) row('language', report.language);
  row('chapters', String(report.chapters));
  row('scene breaks', String(report.sceneBreaks));
  row('words', `${report.words}${report.statedWordCount ? ` (the header says ${report.statedWordCount})` : ''}`);
  row('end mark', report.endMark);
  row('source', `${report.encoding}, ${report.lineEnds} line ends, ${report.layout === 'blocks' ? 'paragraphs between blank lines' : report.layout === 'lines' ? 'one paragraph per line' : 'indented paragraphs'}`);
  return out;
}

async function isNonEmptyFolder(path: string): Promise<boolean> {
  try {
    return (await readdir(path)).length > 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return true;
    throw e;
  }
}

/** The words of a Markdown chapter body, roughly as a reader counts them (syntax left out). */
function markdownWords(md: string): number {
  return countWords(md.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/!\[[^\]]*\]\([^)]*\)|\[\^\d+\]:?|[*_#>\\]|^\s*[-\d.]+\s/gm, ' '));
}

/** A rich source (EPUB, .docx, HTML) → the book folder's files and the report. */
export function richImport(story: SourceStory, file: string): { files: ImportedFile[]; images: SourceImage[]; lines: string[]; title: string } {
  const { files, images, title } = writeBookFolder(story, file, titleFromFileName(file) ?? 'Untitled');
  const m = story.meta;
  const lines: string[] = [];
  const row = (label: string, value: string | undefined) => lines.push(`  ${(label + ':').padEnd(14)}${value ?? '(none)'}`);
  row('title', title);
  if (m.subtitle) row('subtitle', m.subtitle);
  row('author', m.authors.length ? m.authors.join(', ') : undefined);
  row('series', m.series.length ? m.series.map((s) => `${s.name}${s.number ? `, No. ${s.number}` : ''}`).join('; ') : undefined);
  row('summary', m.summary && shorten(m.summary));
  if (m.notesBefore) row('notes before', shorten(m.notesBefore));
  if (m.notesAfter) row('notes after', shorten(m.notesAfter));
  if (m.fandoms.length) row('fandoms', m.fandoms.join(', '));
  if (m.rating) row('rating', m.rating);
  if (m.warnings.length) row('warnings', m.warnings.join(', '));
  if (m.categories.length) row('categories', `${m.categories.join(', ')} (kept as tags)`);
  if (m.relationships.length) row('relationships', m.relationships.join(', '));
  if (m.characters.length) row('characters', m.characters.join(', '));
  if (m.tags.length) row('tags', m.tags.join(', '));
  if (m.status) row('status', m.status);
  if (m.language) row('language', m.language);
  if (m.published) row('published', m.published);
  if (m.updated) row('updated', m.updated);
  if (m.source) row('source', m.source);
  row('chapters', `${story.chapters.length}${story.chapters.some((c) => c.title) ? ` (${story.chapters.map((c) => c.title ?? 'untitled').join(' | ')})` : ''}`);
  const withNotes = story.chapters.filter((c) => c.summary || c.notes || c.endNotes).length;
  if (withNotes) row('chapter notes', `${withNotes} chapter${withNotes === 1 ? '' : 's'} (in each file's front matter)`);
  row('words', String(story.chapters.reduce((n, c) => n + markdownWords(c.body), 0)));
  if (images.length) row('images', String(images.length));
  return { files, images, lines, title };
}

/** `build-ebook import FILE [--out DIR]`: returns the exit code (0 done, 1 bad input or refused). */
export async function runImport(
  file: string,
  outDir: string | undefined,
  io: { log: (s: string) => void; /** Problems and warnings; default: log. */ error?: (s: string) => void },
): Promise<number> {
  const problem = io.error ?? io.log;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    problem(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a story file' : `cannot be read (${code ?? String(e)})`}`);
    return 1;
  }
  let files: ImportedFile[];
  let images: SourceImage[] = [];
  let reportLines: string[];
  let warnings: Diagnostic[];
  let title: string;
  let format: string;
  try {
    const kind = sniff(bytes);
    if (kind.kind === 'refused') refuse(`looks like ${kind.looksLike}, not a story the importer reads (text, HTML, EPUB or .docx)${kind.hint ? `; ${kind.hint}` : ''}`);
    if (kind.kind === 'text') {
      const result = importPlainText(bytes, { sourceName: file });
      const errors = result.warnings.filter((d) => d.severity === 'error');
      if (errors.length > 0) {
        for (const d of errors) problem(formatDiagnostic(d));
        problem('nothing written');
        return 1;
      }
      files = result.files;
      warnings = result.warnings;
      title = result.report.title;
      reportLines = formatReport(result.report, '').slice(1);
      format = 'plain text';
    } else {
      const story = kind.kind === 'epub' ? (await import('./read-epub.js')).readEpub(bytes, file)
        : kind.kind === 'docx' ? await (await import('./read-docx.js')).readDocx(bytes, file)
        : (await import('./read-html.js')).readHtmlFile(bytes, file);
      if (story.chapters.every((c) => !c.body.trim())) refuse(`${story.format} with no story text in it`);
      const out = richImport(story, file);
      ({ files, images, title } = out);
      reportLines = out.lines;
      warnings = story.warnings;
      format = story.format;
    }
  } catch (e) {
    if (e instanceof ImportRefused) {
      problem(`${file}: ${e.message}; nothing written`);
      return 1;
    }
    throw e;
  }
  const target = resolve(outDir ?? slugify(title));
  const shown = relative(process.cwd(), target) || '.';
  if (await isNonEmptyFolder(target)) {
    problem(`${shown}: already exists and is not empty; nothing written`);
    problem('  hint: choose another folder with --out, or remove this one');
    return 1;
  }
  for (const f of [...files, ...images.map((i) => ({ path: i.path, content: i.data }))]) {
    const path = join(target, f.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.content);
  }
  io.log(`Imported ${format} into ${shown}`);
  for (const line of reportLines) io.log(line);
  io.log(`  ${'files:'.padEnd(14)}${files.map((f) => f.path).join(', ')}${images.length ? `, ${images.length} in images/` : ''}`);
  if (warnings.length > 0) {
    problem(`${warnings.length} thing${warnings.length === 1 ? '' : 's'} to check:`);
    for (const d of warnings) problem(formatDiagnostic(d));
  }
  return 0;
}
