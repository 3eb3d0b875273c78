// What `serve` and `watch` keep in their one warm process: the last good build (its books and the edition
// files it wrote) and the last build's failure. Rebuilds run one at a time; a change that comes in during
// a build asks for one more build after it, never two at once. A failed build changes no edition (they
// are written atomically, all or none: src/output.ts), so the last good ones stay served.
import { basename, resolve } from 'node:path';
import { BookError, formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import { editionFileName, FORMATS, type Asset, type Book, type Format } from '../model/book.js';
import { milliseconds } from '../clock.js';

export interface ServedEdition {
  format: Format;
  /** The file name in the output folder, and the last segment of its download URL. */
  fileName: string;
  path: string;
  bytes: number;
}

export interface ServedBook {
  /** URL-safe name of the book: its editions' file name without the extension. */
  key: string;
  book: Book;
  /** The book folder (its templates/ hold the book's own epub.css); the series folder for the omnibus. */
  dir: string;
  omnibus: boolean;
  editions: ServedEdition[];
  cover?: Asset;
}

export interface Catalog {
  /** Set for a series folder. */
  series?: { name: string };
  /** In reading order; an omnibus last. */
  books: ServedBook[];
  /** When this build finished (for Atom's <updated> and the page). */
  built: Date;
}

export interface SiteOptions {
  outDir: string;
  /** Default: book.yaml's `formats`, else epub and pdf. */
  formats?: readonly Format[];
  trim?: string;
  jobs?: number;
}

export type SiteEvent =
  | { kind: 'building'; generation: number }
  | { kind: 'built'; generation: number; milliseconds: number } | { kind: 'failed'; generation: number; message: string };

export interface Site {
  readonly dir: string;
  readonly options: SiteOptions;
  /** The last good build; undefined until one succeeds. */
  catalog(): Catalog | undefined;
  /** The last build's problems, until a build succeeds. */
  failure(): string | undefined;
  /** Counts finished builds, good or failed: the preview reloads when it changes. */
  generation(): number;
  /** Builds now, or once more after the build under way; resolves when the books are current. */
  rebuild(): Promise<void>;
  /** Called after every build. Returns a function that unsubscribes. */
  subscribe(listener: (event: SiteEvent) => void): () => void;
}

/** All three editions unless the command line says: a device picks what it reads. */
export const SERVE_FORMATS: readonly Format[] = FORMATS;

export function failureText(e: unknown): string {
  if (e instanceof BookError) {
    const count = e.diagnostics.filter((d) => d.severity === 'error').length;
    return [...e.diagnostics.map(formatDiagnostic), `${count} problem${count === 1 ? '' : 's'} found; the editions were not changed.`].join('\n');
  }
  return `build-ebook could not build this book: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
}

function servedBook(built: { book: Book; dir: string; omnibus: boolean; editions: { format: Format; path: string; bytes: number }[] }): ServedBook {
  const editions = built.editions.map((e) => ({ format: e.format, path: e.path, bytes: e.bytes, fileName: basename(e.path) }));
  // The key is the name the build gave the editions, so it sorts and reads as the files do.
  const first = editions[0];
  const key = first ? first.fileName.slice(0, first.fileName.length - editionFileName('', first.format).length) : 'book';
  const cover = built.book.assets.find((a) => a.id === built.book.meta.coverAssetId);
  return { key, book: built.book, dir: built.dir, omnibus: built.omnibus, editions, ...(cover && { cover }) };
}

/** One build of a book or series folder, with the models serve needs (a series: every work and the omnibus). */
export async function buildCatalog(dir: string, options: SiteOptions): Promise<{ catalog: Catalog; warnings: Diagnostic[] }> {
  const { isSeriesFolder } = await import('../series/plan.js');
  const build = { outDir: options.outDir, ...(options.formats && { formats: options.formats }), ...(options.trim && { trim: options.trim }) };
  if (isSeriesFolder(dir)) {
    const { buildSeries } = await import('../series/build.js');
    const result = await buildSeries(dir, { ...build, omnibus: true, keepBooks: true, ...(options.jobs && { jobs: options.jobs }) });
    const books = (result.books ?? []).map(servedBook);
    const name = books[0]?.book.meta.series?.name ?? basename(resolve(dir));
    return { catalog: { series: { name }, books, built: new Date() }, warnings: result.warnings };
  }
  const { buildBook } = await import('../build.js');
  const result = await buildBook(dir, build);
  const book = servedBook({ book: result.book, dir: resolve(dir), omnibus: false, editions: result.editions });
  return { catalog: { books: [book], built: new Date() }, warnings: result.warnings };
}

export interface SiteLog {
  out: (s: string) => void;
  err: (s: string) => void;
}

export function createSite(dir: string, options: SiteOptions, log: SiteLog): Site {
  let catalog: Catalog | undefined;
  let failure: string | undefined;
  let generation = 0;
  const listeners = new Set<(event: SiteEvent) => void>();
  let running: Promise<void> | undefined;
  let again = false;

  const emit = (event: SiteEvent) => {
    for (const listener of listeners) listener(event);
  };

  async function buildOnce(): Promise<void> {
    const started = milliseconds();
    emit({ kind: 'building', generation });
    try {
      const result = await buildCatalog(dir, options);
      const took = milliseconds() - started;
      catalog = result.catalog;
      failure = undefined;
      generation++;
      for (const w of result.warnings) log.err(formatDiagnostic(w));
      const files = result.catalog.books.flatMap((b) => b.editions.map((e) => e.fileName));
      log.out(`built ${files.join(', ')} in ${Math.round(took)} ms`);
      emit({ kind: 'built', generation, milliseconds: took });
    } catch (e) {
      failure = failureText(e);
      generation++;
      log.err(failure);
      emit({ kind: 'failed', generation, message: failure });
    }
  }

  function rebuild(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await buildOnce();
      } while (again);
      running = undefined;
    })();
    return running;
  }

  return {
    dir,
    options,
    catalog: () => catalog,
    failure: () => failure,
    generation: () => generation,
    rebuild,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
