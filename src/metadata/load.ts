// Loads book.yaml and the series.yaml that applies to it, merged and validated.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { error, type Diagnostic } from '../diagnostics.js';
import { displayPath, readTextFile } from '../input/text-file.js';
import { bookSchema, seriesSchema, type BookYaml, type SeriesYaml } from './schema.js';
import { workPositions } from './series-positions.js';
import { parseYaml } from './yaml-file.js';

export interface ResolvedSeriesWork {
  title: string;
  number: number;
  url?: string;
  /** Absolute book folder, when series.yaml gives a path. */
  dir?: string;
  current: boolean;
}

export interface ResolvedSeries {
  name: string;
  number: number;
  introduction?: string;
  url?: string;
  works: ResolvedSeriesWork[];
  /** The series.yaml it came from, if any. */
  file?: string;
}

export interface LoadedMetadata {
  book: BookYaml;
  series?: ResolvedSeries;
  /** Every metadata file read (for the reproducible build date). */
  files: string[];
  /** Line and column of a value in book.yaml, for problems found after validation (a cover that is not an image). */
  locateBook?: (path: readonly PropertyKey[]) => { line: number; column: number };
}

export interface LoadOptions {
  /** The series.yaml that lists this book (a series build knows it); default: found beside or above the book. */
  seriesFile?: string;
}

export async function loadMetadata(
  bookDir: string,
  options: LoadOptions = {},
): Promise<{ metadata?: LoadedMetadata; diagnostics: Diagnostic[] }> {
  const bookFile = join(bookDir, 'book.yaml');
  if (!existsSync(bookFile)) {
    return {
      diagnostics: [
        error(displayPath(bookFile), 'not found', {
          hint: `a book folder needs a book.yaml with at least \`title: …\`; \`build-ebook init ${displayPath(bookDir) || '.'}\` makes one`,
        }),
      ],
    };
  }
  const files = [bookFile];
  const diagnostics: Diagnostic[] = [];

  const bookLoaded = await loadYamlLocated(bookFile, bookSchema, diagnostics);
  const book = bookLoaded?.value;
  const seriesFile = options.seriesFile ?? findSeriesFile(bookDir);
  let seriesYaml: SeriesYaml | undefined;
  let locateSeries: ((path: readonly PropertyKey[]) => { line: number; column: number }) | undefined;
  if (seriesFile) {
    files.push(seriesFile);
    const loaded = await loadYamlLocated(seriesFile, seriesSchema, diagnostics);
    seriesYaml = loaded?.value;
    locateSeries = loaded?.locate;
  }
  if (!book || diagnostics.length > 0) return { diagnostics };

  const merged = seriesYaml?.defaults ? applyDefaults(book, seriesYaml.defaults) : book;
  let series: ResolvedSeries | undefined;
  if (seriesYaml && seriesFile && locateSeries) {
    series = resolveSeries(bookDir, merged, seriesYaml, seriesFile, locateSeries, diagnostics);
  } else if (merged.series) {
    if (merged.series.number === undefined) {
      diagnostics.push(
        error(displayPath(bookFile), '`series.number` is missing', {
          hint: 'give the story\'s place in the series (`number: 2`), or list the works in a series.yaml',
        }),
      );
    } else {
      series = { name: merged.series.name, number: merged.series.number, works: [] };
    }
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { metadata: { book: merged, series, files, locateBook: bookLoaded?.locate }, diagnostics };
}

/** series.yaml in the book folder, else in its parent (a series folder holding book folders). */
export function findSeriesFile(bookDir: string): string | undefined {
  for (const dir of [bookDir, dirname(resolve(bookDir))]) {
    const file = join(dir, 'series.yaml');
    if (existsSync(file)) return file;
  }
  return undefined;
}

export async function loadYamlLocated<T>(
  file: string,
  schema: import('zod/mini').ZodMiniType<T>,
  diagnostics: Diagnostic[],
): Promise<{ value: T; locate: (path: readonly PropertyKey[]) => { line: number; column: number } } | undefined> {
  const read = await readTextFile(file);
  if ('diagnostic' in read) {
    diagnostics.push(read.diagnostic);
    return undefined;
  }
  const parsed = parseYaml(read.text, displayPath(file), schema);
  if (!parsed.ok) {
    diagnostics.push(...parsed.diagnostics);
    return undefined;
  }
  return parsed.result as { value: T; locate: (path: readonly PropertyKey[]) => { line: number; column: number } };
}

/** A book's own values win; nested groups (notes, print, typography) merge key by key. */
export function applyDefaults(book: BookYaml, defaults: Partial<BookYaml>): BookYaml {
  const out: Record<string, unknown> = { ...defaults, ...book };
  for (const key of ['notes', 'print', 'typography'] as const) {
    if (defaults[key] && book[key]) out[key] = { ...defaults[key], ...book[key] };
  }
  return out as BookYaml;
}

function normalizeTitle(title: string): string {
  return title.trim().toLowerCase().replace(/\s+/g, ' ');
}

function resolveSeries(
  bookDir: string,
  book: BookYaml,
  series: SeriesYaml,
  seriesFile: string,
  locate: (path: readonly PropertyKey[]) => { line: number; column: number },
  diagnostics: Diagnostic[],
): ResolvedSeries | undefined {
  const seriesDir = dirname(seriesFile);
  const here = resolve(bookDir);
  const file = displayPath(seriesFile);
  const bookFile = displayPath(join(bookDir, 'book.yaml'));
  const positions = workPositions(series.works ?? [], file, locate);
  if (positions.diagnostics.length > 0) {
    diagnostics.push(...positions.diagnostics);
    return undefined;
  }
  const works = (series.works ?? []).map((w, i) => ({
    title: w.title,
    number: positions.numbers[i],
    url: w.url,
    dir: w.path ? resolve(seriesDir, w.path) : undefined,
  }));

  if (book.series && book.series.name !== series.name) {
    diagnostics.push(
      error(bookFile, `\`series.name\` is "${book.series.name}" but ${file} names the series "${series.name}"`, {
        hint: 'remove `series.name` from book.yaml (series.yaml names the series) or make them the same',
      }),
    );
    return undefined;
  }

  const byPath = works.findIndex((w) => w.dir === here);
  const byTitle = works.findIndex((w) => normalizeTitle(w.title) === normalizeTitle(book.title));
  const listed = byPath >= 0 ? byPath : byTitle;
  const explicit = book.series?.number;

  if (explicit !== undefined && listed >= 0 && works[listed].number !== explicit) {
    diagnostics.push(
      error(file, `"${works[listed].title}" is No. ${works[listed].number} in \`works\`, but its book.yaml says \`series.number: ${explicit}\``, {
        ...locate(['works', listed]),
        hint: 'the order of `works` is the reading order; fix the list or remove series.number from book.yaml',
      }),
    );
    return undefined;
  }
  const holder = works.find((w) => w.number === explicit);
  if (explicit !== undefined && listed < 0 && holder) {
    diagnostics.push(
      error(file, `"${book.title}" says \`series.number: ${explicit}\` in its book.yaml, but No. ${explicit} is "${holder.title}"`, {
        ...locate(['works', works.indexOf(holder)]),
        hint: `two works cannot share a position; add "${book.title}" to \`works\` in its place, or fix series.number`,
      }),
    );
    return undefined;
  }
  const number = explicit ?? (listed >= 0 ? works[listed].number : undefined);
  if (number === undefined) {
    diagnostics.push(
      error(file, `"${book.title}" is not among the works of the series`, {
        ...locate(['works']),
        hint: `add \`- title: ${book.title}\` to \`works\` in reading order, or set \`series.number\` in book.yaml`,
      }),
    );
    return undefined;
  }
  return {
    name: series.name,
    number,
    introduction: series.introduction,
    url: series.url,
    works: works.map((w) => ({ ...w, current: w.number === number })),
    file: seriesFile,
  };
}
