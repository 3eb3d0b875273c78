// One build: load → read → model (typography, structure) → writers → output.
import { statSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { assembleBook } from './book/assemble.js';
import { BookError, error, type Diagnostic } from './diagnostics.js';
import { readTemplate } from './front-matter/templates.js';
import { displayPath } from './input/text-file.js';
import { listChapterFiles, readChapters } from './manuscript/chapters.js';
import { createImageStore, safeFileName } from './manuscript/images.js';
import { loadLocale } from './locale/load.js';
import { loadMetadata, type LoadOptions } from './metadata/load.js';
import { DEFAULT_FORMATS, editionFileName, FORMATS, type Book, type Format, type ImposeOptions, type PodOptions } from './model/book.js';
import { writeFilesAtomic } from './output.js';
import type { ChapterHelper } from './writers/pdf/layout/chapter-helper.js';
import { milliseconds } from './clock.js';

/**
 * Chapter text (bytes of the files) from which a PDF's layout uses a second thread (layout/chapter-helper.ts):
 * below it, the worker costs more (it boots and warms its own copy of the code, and on two cores each thread
 * of a build runs about a quarter slower while both allocate) than it saves. Measured in interleaved runs of
 * the PDF alone on a 2-core machine: novels of 12,000 words (75 kB) 1.01x the time with it, 15,000 (93 kB)
 * 0.96x, 18,000 (113 kB) 0.93x, 33,000 (198 kB) 0.84x; one-chapter stories of 8,000 words (50 kB) 1.09x,
 * 19,000 (110 kB) 0.97x, 26,000 (150 kB) 0.93x, 40,000 (237 kB) 0.89x.
 */
const MIN_PARALLEL_BYTES = 90_000;

export { DEFAULT_FORMATS, editionFileName, FORMATS, type Format };

export interface LoadedBook {
  book: Book;
  warnings: Diagnostic[];
  /** Every input file read, for the build date. */
  inputs: string[];
  /** book.yaml's `formats`, if it gives them. */
  formats?: Format[];
}

/** The build date: SOURCE_DATE_EPOCH when set (reproducible builds), else the newest input's mtime. */
export async function buildDate(inputs: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Date> {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) {
      throw new BookError([error('SOURCE_DATE_EPOCH', `must be a whole number of seconds, not "${epoch}"`)]);
    }
    return new Date(Number(epoch) * 1000);
  }
  let newest = 0;
  for (const file of inputs) newest = Math.max(newest, statSync(file).mtimeMs);
  // Whole seconds: that is all dcterms:modified and zip times keep.
  return new Date(Math.floor(newest / 1000) * 1000);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Reads and validates a book folder into the model; throws BookError listing every problem found. */
export async function loadBook(dir: string, options: LoadOptions = {}): Promise<LoadedBook> {
  const bookDir = resolve(dir);
  const diagnostics: Diagnostic[] = [];
  const folder = statOrUndefined(bookDir);
  if (!folder?.isDirectory()) {
    throw new BookError([
      error(displayPath(bookDir) || dir, folder ? 'is not a folder' : 'does not exist', {
        hint: 'give the folder that holds book.yaml and the chapters (`build-ebook init DIR` creates one)',
      }),
    ]);
  }

  const { metadata, diagnostics: metaProblems } = await loadMetadata(bookDir, options);
  diagnostics.push(...metaProblems);
  const images = createImageStore(bookDir);
  const bookFile = displayPath(join(bookDir, 'book.yaml'));
  const coverAssetId = metadata?.book.cover
    ? images.resolve(metadata.book.cover, bookDir, bookFile, metadata.locateBook?.(['cover']).line)
    : undefined;
  const locale = loadLocale(metadata?.book.language ?? 'en', bookDir);
  const { chapters, diagnostics: chapterProblems, files: chapterFiles } = await readChapters(bookDir, images, {
    allowHtml: metadata?.book['allow-html'],
    locale,
  });
  diagnostics.push(...chapterProblems, ...images.diagnostics);

  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !metadata) throw new BookError(diagnostics);

  const inputs = [
    ...metadata.files,
    ...chapterFiles,
    ...images.assets.map((a) => join(bookDir, a.source)),
  ];
  const { book, diagnostics: typography } = assembleBook({
    bookDir,
    bookFile,
    metadata,
    chapters,
    assets: images.assets,
    coverAssetId,
    modified: await buildDate(inputs),
  });
  diagnostics.push(...typography);
  return { book, warnings: diagnostics, inputs, ...(metadata.book.formats && { formats: [...new Set(metadata.book.formats)] }) };
}

export interface BuildOptions {
  outDir?: string;
  formats?: readonly Format[];
  /** Base name of the editions; default: the title as a slug. */
  name?: string;
  /** PDF trim size; default: print.trim in book.yaml, else 6x9. */
  trim?: string;
  /** The print editions beside the PDF, over book.yaml's print.impose and print.pod. */
  print?: PrintRequest;
}

/** Print editions asked for on the command line; each field overrides book.yaml's. */
export interface PrintRequest {
  impose?: Partial<ImposeOptions>;
  pod?: boolean;
}

export interface Edition {
  format: Format;
  path: string;
  bytes: number;
  milliseconds: number;
}

/** The editions' base name: the title folded to ASCII, or for a title in another script its own letters
 * ("最后一班渡轮"), so a Chinese or Arabic book is not named after nothing. */
export function slug(title: string): string {
  const ascii = safeFileName(title);
  if (ascii !== 'image') return ascii;
  const letters = title
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return [...letters].slice(0, 60).join('') || 'book';
}

export interface RenderedEdition {
  data: Uint8Array;
  warnings: Diagnostic[];
  /** More files of the same format (the imposed, interior and cover PDFs), named NAME.SUFFIX. */
  extras?: { suffix: string; data: Uint8Array; milliseconds?: number }[];
}

export async function renderEdition(
  book: Book,
  format: Format,
  /** helper: a worker thread for the PDF's layout (a single book's build, not one inside the series pool). */
  options: { bookDir?: string; trim?: string; print?: PrintRequest; helper?: ChapterHelper } = {},
): Promise<RenderedEdition> {
  switch (format) {
    case 'epub':
    case 'kepub': {
      const stylesheet = readTemplate('epub.css', options.bookDir).text;
      // Loaded only when an EPUB is wanted, as the PDF writer is.
      const { writeEpub } = await import('./writers/epub/index.js');
      return { data: await writeEpub(book, { stylesheet, kobo: format === 'kepub' }), warnings: [] };
    }
    case 'pdf': {
      // Loaded only when a PDF is wanted: pdfkit, fonts and hyphenation patterns cost start-up time.
      if (options.print) {
        const { writePdfEditions } = await import('./writers/pdf/editions.js');
        return writePdfEditions(book, { trim: options.trim, helper: options.helper, ...printEditions(book, options.print) });
      }
      const { writePdf } = await import('./writers/pdf/index.js');
      return writePdf(book, { trim: options.trim, helper: options.helper });
    }
  }
}

export async function buildBook(
  dir: string,
  options: BuildOptions = {},
): Promise<{ editions: Edition[]; warnings: Diagnostic[]; book: Book }> {
  const started = milliseconds();
  const pdf = (options.formats ?? DEFAULT_FORMATS).includes('pdf');
  // The PDF's fonts are read on other threads while the book is read (fonts.ts, readFacesAhead).
  if (pdf) (await import('./writers/pdf/fonts.js')).readFacesAhead();
  // A long book's PDF lays out on two threads; the worker boots while the book is read.
  let helper = pdf ? await startLayoutHelper(dir) : undefined;
  try {
    return await buildLoadedBook(dir, options, started, helper);
  } finally {
    helper?.close();
    helper = undefined;
  }
}

async function startLayoutHelper(dir: string): Promise<ChapterHelper | undefined> {
  let bytes = 0;
  try {
    for (const file of await listChapterFiles(resolve(dir))) bytes += statSync(file).size;
  } catch {
    return undefined;
  }
  if (bytes < MIN_PARALLEL_BYTES) return undefined;
  const { startChapterHelper } = await import('./writers/pdf/layout/chapter-helper.js');
  return startChapterHelper();
}

async function buildLoadedBook(dir: string, options: BuildOptions, started: number, helper: ChapterHelper | undefined): Promise<{ editions: Edition[]; warnings: Diagnostic[]; book: Book }> {
  const { book, warnings, formats } = await loadBook(dir);
  const outDir = resolve(options.outDir ?? 'dist');
  const name = options.name ?? slug(book.meta.title);
  const editions: Edition[] = [];
  const files: { path: string; data: Uint8Array }[] = [];
  let clock = started;
  // Every edition is made before any is written, so an interrupted or failed build replaces none of them.
  for (const format of options.formats ?? formats ?? DEFAULT_FORMATS) {
    const { data, warnings: editionWarnings, extras = [] } = await renderEdition(book, format, { bookDir: resolve(dir), trim: options.trim, print: options.print ?? {}, helper: format === 'pdf' ? helper : undefined });
    warnings.push(...editionWarnings);
    const now = milliseconds();
    // The extras' time is part of the edition's; the reading edition is reported without it.
    const extraTime = extras.reduce((sum, e) => sum + (e.milliseconds ?? 0), 0);
    const main = [editionFileName(name, format), data, now - clock - extraTime] as const;
    for (const [file, bytes, ms] of [main, ...extras.map((e) => [`${name}.${e.suffix}`, e.data, e.milliseconds ?? 0] as const)]) {
      const path = join(outDir, file);
      files.push({ path, data: bytes });
      editions.push({ format, path, bytes: bytes.byteLength, milliseconds: ms });
    }
    clock = now;
  }
  await writeFilesAtomic(files);
  return { editions, warnings, book };
}

/** book.yaml's print editions with the command line's over them; none unless one is asked for. */
export function printEditions(book: Book, request: PrintRequest): { impose?: ImposeOptions; pod?: PodOptions } {
  const fromBook = book.print.impose;
  const kind = request.impose?.kind ?? fromBook?.kind;
  const impose = kind ? { ...fromBook, ...definedOnly(request.impose ?? {}), kind } : undefined;
  const pod = request.pod || book.print.pod ? { ...book.print.pod } : undefined;
  return { ...(impose && { impose }), ...(pod && { pod }) };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** For `check`: validate only, nothing written. */
export async function checkBook(dir: string): Promise<{ book: Book; warnings: Diagnostic[] }> {
  const { book, warnings } = await loadBook(dir);
  return { book, warnings };
}
