// A series build: plan (series.yaml) → every book loaded and rendered on worker threads → only when no book
// has an error, every edition written, plus the omnibus when asked. One bad book means nothing is written.
import { join } from 'node:path';
import { DEFAULT_FORMATS, editionFileName, renderEdition, slug, type Edition, type Format, type PrintRequest } from '../build.js';
import { BookError, formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import { displayPath } from '../input/text-file.js';
import type { Book } from '../model/book.js';
import { writeFilesAtomic } from '../output.js';
import { resolveStructure } from '../book/structure.js';
import { loadLocale } from '../locale/load.js';
import { applyTypography } from '../typography/index.js';
import type { BookJob, BookJobResult, RenderedEdition } from './job.js';
import { assembleOmnibus } from './omnibus.js';
import { planSeries, type PlannedWork, type SeriesPlan } from './plan.js';
import { runJobs } from './pool.js';
import { milliseconds } from '../clock.js';

export interface SeriesBuildOptions {
  /** Default: `dist/` inside the series folder. */
  outDir?: string;
  formats?: readonly Format[];
  /** PDF page size, overriding print.trim. */
  trim?: string;
  /** Print editions of every book, over their book.yaml's. */
  print?: PrintRequest;
  omnibus?: boolean;
  /** Worker threads; default one per core. 1 builds in this thread. */
  jobs?: number;
  /** Return each work's Book model with its editions (for `serve`'s catalog). */
  keepBooks?: boolean;
}

export interface BuiltWork {
  book: Book;
  editions: Edition[];
  /** The book folder; the series folder for the omnibus. */
  dir: string;
}

export interface SeriesBuildResult {
  editions: Edition[];
  warnings: Diagnostic[];
  /** With `keepBooks`: the works in reading order, then the omnibus if one was built. */
  books?: (BuiltWork & { omnibus: boolean })[];
}

/** `02-help-wanted`: the position first, padded, so a file listing sorts in reading order. */
export function editionName(number: number, title: string, width = 2): string {
  return `${String(number).padStart(width, '0')}-${slug(title)}`;
}

export function omnibusName(seriesName: string): string {
  return `${slug(seriesName)}-omnibus`;
}

interface LoadedWork {
  work: PlannedWork;
  result: Extract<BookJobResult, { ok: true }>;
}

/** Plans the series and runs every book's job; throws BookError with every problem of every book. */
async function loadSeries(
  dir: string,
  formats: Format[] | undefined,
  wantBooks: boolean,
  options: { jobs?: number; trim?: string; print?: PrintRequest } = {},
): Promise<{ plan: SeriesPlan; loaded: LoadedWork[]; warnings: Diagnostic[] }> {
  const { plan, diagnostics } = await planSeries(dir);
  if (!plan) throw new BookError(diagnostics);
  const buildable = plan.works.filter((w): w is PlannedWork & { dir: string } => w.dir !== undefined);
  const bookJobs: BookJob[] = buildable.map((w, id) => ({
    id,
    bookDir: w.dir,
    seriesFile: plan.file,
    ...(formats && { formats }),
    wantBook: wantBooks,
    ...(options.trim && { trim: options.trim }),
    ...(options.print && { print: options.print }),
  }));
  const results = await runJobs(bookJobs, options.jobs);

  const all = [...diagnostics];
  const loaded: LoadedWork[] = [];
  results.forEach((result, i) => {
    if (result.ok) {
      all.push(...result.warnings);
      loaded.push({ work: buildable[i], result });
    } else {
      all.push(...result.diagnostics);
    }
  });
  // Every book re-reads series.yaml; a problem there is reported once, not once per book.
  const seen = new Set<string>();
  const unique = all.filter((d) => {
    const key = formatDiagnostic(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (unique.some((d) => d.severity === 'error')) throw new BookError(unique);
  return { plan, loaded, warnings: unique };
}

export async function buildSeries(dir: string, options: SeriesBuildOptions = {}): Promise<SeriesBuildResult> {
  const formats = options.formats && [...options.formats];
  const { plan, loaded, warnings } = await loadSeries(dir, formats, Boolean(options.omnibus || options.keepBooks), options);
  const outDir = options.outDir ?? join(plan.dir, 'dist');
  const width = Math.max(2, String(Math.max(...plan.works.map((w) => w.number))).length);

  const pending: { path: string; rendered: RenderedEdition; work: number }[] = [];
  loaded.forEach(({ work, result }, w) => {
    const name = editionName(work.number, result.book?.meta.title ?? work.title, width);
    for (const rendered of result.editions) {
      const file = rendered.suffix ? `${name}.${rendered.suffix}` : editionFileName(name, rendered.format);
      pending.push({ path: join(outDir, file), rendered, work: w });
    }
  });

  let omnibus: Book | undefined;
  if (options.omnibus) {
    const book = omnibusBook(plan, loaded.map((l) => l.result.book as Book));
    omnibus = book;
    // The omnibus: what the command line asks, else series.yaml's defaults, else epub and pdf.
    for (const format of formats ?? plan.series.defaults?.formats ?? DEFAULT_FORMATS) {
      const started = milliseconds();
      const { data, warnings: editionWarnings } = await renderEdition(book, format, { bookDir: plan.dir, trim: options.trim });
      warnings.push(...editionWarnings);
      pending.push({
        path: join(outDir, editionFileName(omnibusName(plan.series.name), format)),
        rendered: { format, data, milliseconds: milliseconds() - started },
        work: loaded.length,
      });
    }
  }

  // Nothing is written until every book (and the omnibus) is ready.
  // All in one atomic step, so an interrupt leaves every book's previous editions or every new one.
  await writeFilesAtomic(pending.map(({ path, rendered }) => ({ path, data: rendered.data })));
  const editions: Edition[] = pending.map(({ path, rendered }) => ({
    format: rendered.format,
    path,
    bytes: rendered.data.byteLength,
    milliseconds: rendered.milliseconds,
  }));
  if (!options.keepBooks) return { editions, warnings };
  const editionsOf = (w: number) => editions.filter((_, i) => pending[i].work === w);
  const books = loaded.map(({ work, result }, w) => ({ book: result.book as Book, editions: editionsOf(w), dir: work.dir as string, omnibus: false }));
  if (omnibus) books.push({ book: omnibus, editions: editionsOf(loaded.length), dir: plan.dir, omnibus: true });
  return { editions, warnings, books };
}

export function omnibusBook(plan: SeriesPlan, books: Book[]): Book {
  const book = assembleOmnibus(
    {
      name: plan.series.name,
      introduction: plan.series.introduction,
      url: plan.series.url,
      works: plan.works.map((w) => ({ number: w.number, title: w.title, ...(w.url && { url: w.url }) })),
      dir: plan.dir,
      file: displayPath(plan.file),
    },
    books,
  );
  // The works were set already when each was loaded; the omnibus's own pages and metadata are new.
  const own = { ...book, front: book.front.filter((p) => p.work === undefined), chapters: [], back: [], works: undefined };
  applyTypography(own, { dashes: plan.series.defaults?.typography?.dashes, locale: loadLocale(book.meta.language, plan.dir) });
  // Then its structure: navigation work → chapters, chapters numbered within their work, title pages.
  return resolveStructure(book);
}

/** For `check` on a series folder: every book validated, nothing written. */
export async function checkSeries(
  dir: string,
  options: { jobs?: number } = {},
): Promise<{ books: { dir: string; book: Book }[]; warnings: Diagnostic[] }> {
  const { loaded, warnings } = await loadSeries(dir, [], true, options);
  return { books: loaded.map((l) => ({ dir: l.work.dir as string, book: l.result.book as Book })), warnings };
}
