// The one shape every reader (EPUB, AO3 HTML, FanFicFare, .docx) produces, and the one writer that turns
// it into a book folder: book.yaml, a Markdown file per chapter (chapter notes in its front matter), images/.
import { stringify } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { warning } from '../diagnostics.js';
import { parseLanguage } from './header.js';
import { isoDate, type ImportedFile } from './index.js';
import { escapeMarkdownLine } from './markdown-escape.js';
import { slugify } from './slug.js';

export interface SeriesRef {
  name: string;
  number?: number;
}

export interface SourceMeta {
  title?: string;
  subtitle?: string;
  authors: string[];
  language?: string;
  series: SeriesRef[];
  /** Markdown. */
  summary?: string;
  disclaimer?: string;
  notesBefore?: string;
  notesAfter?: string;
  fandoms: string[];
  rating?: string;
  warnings: string[];
  relationships: string[];
  characters: string[];
  /** AO3's categories (F/M, Gen…): kept as tags, book.yaml has no field for them. */
  categories: string[];
  tags: string[];
  status?: 'complete' | 'in-progress';
  /** As the source writes them; made ISO by the writer. */
  published?: string;
  updated?: string;
  rights?: string;
  /** Where the story was posted. */
  source?: string;
  /** The cover image, as copied into the book folder (images/…). */
  cover?: string;
}

export interface SourceChapter {
  title?: string;
  /** Markdown, each. */
  summary?: string;
  notes?: string;
  endNotes?: string;
  body: string;
}

export interface SourceImage {
  /** `images/name.ext`, as the chapters refer to it. */
  path: string;
  data: Uint8Array;
}

export interface SourceStory {
  /** What the file was recognised as ("an AO3 HTML download"). */
  format: string;
  meta: SourceMeta;
  chapters: SourceChapter[];
  images: SourceImage[];
  warnings: Diagnostic[];
}

export function emptyMeta(): SourceMeta {
  return { authors: [], series: [], fandoms: [], warnings: [], relationships: [], characters: [], categories: [], tags: [] };
}

/** A comma-separated tag list as archives print it ("A, B, C"). */
export function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return value.split(/\s*,\s*/).map((s) => s.trim()).filter(Boolean);
}

/** The values without repeats, compared ignoring case, first spelling kept. */
export function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = v.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function bookYamlData(meta: SourceMeta, title: string, file: string, warnings: Diagnostic[]): Record<string, unknown> {
  const data: Record<string, unknown> = { title };
  if (meta.subtitle) data.subtitle = meta.subtitle;
  if (meta.authors.length === 1) data.author = meta.authors[0];
  else if (meta.authors.length > 1) data.author = meta.authors;
  const language = meta.language && parseLanguage(meta.language);
  if (language) data.language = language;
  else if (meta.language) warnings.push(warning(file, `language "${meta.language}" is not a language tag; left out`, { hint: 'add `language:` (like en or pt-BR) to book.yaml' }));
  const [series, ...others] = meta.series;
  if (series) data.series = series.number ? { name: series.name, number: series.number } : { name: series.name };
  for (const s of others) warnings.push(warning(file, `also part of the series "${s.name}"${s.number ? ` (No. ${s.number})` : ''}; book.yaml names one series`, { hint: 'a series folder (series.yaml) can hold this story too' }));
  if (meta.summary) data.summary = meta.summary;
  if (meta.disclaimer) data.disclaimer = meta.disclaimer;
  if (meta.fandoms.length) data.fandoms = unique(meta.fandoms);
  if (meta.rating) data.rating = meta.rating;
  if (meta.warnings.length) data.warnings = unique(meta.warnings);
  if (meta.relationships.length) data.relationships = unique(meta.relationships);
  if (meta.characters.length) data.characters = unique(meta.characters);
  const tags = unique([...meta.categories, ...meta.tags]);
  if (tags.length) data.tags = tags;
  if (meta.status) data.status = meta.status;
  const notesBefore: string[] = meta.notesBefore ? [meta.notesBefore] : [];
  for (const key of ['published', 'updated'] as const) {
    const raw = meta[key];
    if (!raw) continue;
    const iso = isoDate(raw);
    if (iso) data[key] = iso;
    else warnings.push(warning(file, `${key} date "${raw}" not understood; left out`, { hint: `write \`${key}: YYYY-MM-DD\` in book.yaml` }));
  }
  if (meta.rights) data.rights = meta.rights;
  if (meta.source) data.source = meta.source;
  if (meta.cover) data.cover = meta.cover;
  const notes: Record<string, string> = {};
  if (notesBefore.length) notes.before = notesBefore.join('\n\n');
  if (meta.notesAfter) notes.after = meta.notesAfter;
  if (Object.keys(notes).length) data.notes = notes;
  return data;
}

function chapterFile(chapter: SourceChapter, index: number, total: number, title: string): ImportedFile {
  const width = Math.max(2, String(total).length);
  const name = `${String(index + 1).padStart(width, '0')}-${slugify(chapter.title ?? (total === 1 ? title : 'chapter'), 'chapter', 40)}.md`;
  const front: Record<string, string> = {};
  if (chapter.summary) front.summary = chapter.summary;
  if (chapter.notes) front.notes = chapter.notes;
  if (chapter.endNotes) front['end-notes'] = chapter.endNotes;
  const parts: string[] = [];
  if (Object.keys(front).length) parts.push(`---\n${stringify(front, { lineWidth: 0 }).trimEnd()}\n---`);
  if (chapter.title) parts.push(`# ${escapeMarkdownLine(chapter.title)}`);
  if (chapter.body.trim()) parts.push(chapter.body.trim());
  return { path: name, content: parts.join('\n\n') + '\n' };
}

/** The book folder's files (text as strings, images as bytes). */
export function writeBookFolder(story: SourceStory, file: string, fallbackTitle: string): { files: ImportedFile[]; images: SourceImage[]; title: string } {
  let title = story.meta.title?.trim();
  if (!title) {
    title = fallbackTitle;
    story.warnings.push(warning(file, `no title found; the title is "${title}", from the file name`, { hint: 'edit `title:` in book.yaml' }));
  }
  if (story.meta.authors.length === 0) story.warnings.push(warning(file, 'no author found', { hint: 'add `author:` to book.yaml' }));
  const data = bookYamlData(story.meta, title, file, story.warnings);
  const files: ImportedFile[] = [{ path: 'book.yaml', content: stringify(data, { lineWidth: 0 }) }];
  story.chapters.forEach((c, i) => files.push(chapterFile(c, i, story.chapters.length, title)));
  return { files, images: story.images, title };
}
