// A series folder: series.yaml whose `works` give book folders (`path`), and no book.yaml of its own.
// Planning reads series.yaml once and checks what a series build needs before any book is read: every
// path is a book folder, positions are distinct, and no path leads back to the series or to a folder
// already listed (symbolic links included).
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { didYouMean, error, type Diagnostic } from '../diagnostics.js';
import { displayPath } from '../input/text-file.js';
import { loadYamlLocated } from '../metadata/load.js';
import { seriesSchema, type SeriesYaml } from '../metadata/schema.js';
import { workPositions } from '../metadata/series-positions.js';

export interface PlannedWork {
  title: string;
  number: number;
  url?: string;
  /** The book folder as series.yaml names it (resolved, symbolic links kept); set when the work has a path. */
  dir?: string;
}

export interface SeriesPlan {
  /** The series folder, absolute. */
  dir: string;
  /** Its series.yaml, absolute. */
  file: string;
  series: SeriesYaml;
  works: PlannedWork[];
}

/** True for a folder to build as a series: it has series.yaml and no book.yaml. */
export function isSeriesFolder(dir: string): boolean {
  return existsSync(join(dir, 'series.yaml')) && !existsSync(join(dir, 'book.yaml'));
}

/**
 * Reads series.yaml and checks its works. `plan` is undefined only when series.yaml itself cannot be read;
 * otherwise the works whose path failed a check have no `dir`, and `diagnostics` says why.
 */
export async function planSeries(seriesDir: string): Promise<{ plan?: SeriesPlan; diagnostics: Diagnostic[] }> {
  const dir = resolve(seriesDir);
  const file = join(dir, 'series.yaml');
  const shown = displayPath(file);
  const diagnostics: Diagnostic[] = [];
  const loaded = await loadYamlLocated(file, seriesSchema, diagnostics);
  if (!loaded) return { diagnostics };
  const { value: series, locate } = loaded;
  const listed = series.works ?? [];

  if (!listed.some((w) => w.path !== undefined)) {
    diagnostics.push(
      error(shown, 'no work in `works` has a `path`, so there is no book to build', {
        ...locate(series.works ? ['works'] : []),
        hint: 'give each book folder of the series as `path:` under its work (relative to series.yaml)',
      }),
    );
  }
  const positions = workPositions(listed, shown, locate);
  diagnostics.push(...positions.diagnostics);

  const seriesReal = realpathSync(dir);
  const visited = new Map<string, number>();
  const works: PlannedWork[] = listed.map((w, i) => {
    const work: PlannedWork = { title: w.title, number: positions.numbers[i], ...(w.url && { url: w.url }) };
    if (w.path === undefined) return work;
    const problem = checkWorkPath(dir, w.path, seriesReal, visited, i, listed);
    if (problem) {
      diagnostics.push(error(shown, problem.message, { ...locate(['works', i, 'path']), hint: problem.hint }));
      return work;
    }
    return { ...work, dir: resolve(dir, w.path) };
  });
  return { plan: { dir, file, series, works }, diagnostics };
}

function checkWorkPath(
  seriesDir: string,
  path: string,
  seriesReal: string,
  visited: Map<string, number>,
  index: number,
  works: NonNullable<SeriesYaml['works']>,
): { message: string; hint?: string } | undefined {
  const target = resolve(seriesDir, path);
  let real: string;
  try {
    real = realpathSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { message: `path \`${path}\` is a loop of symbolic links`, hint: 'point it at a real book folder' };
    const suggestion = didYouMean(path, subfolders(seriesDir));
    return {
      message: `path \`${path}\` does not exist`,
      hint: suggestion ? `did you mean \`${suggestion}\`?` : 'paths are relative to the folder that holds series.yaml',
    };
  }
  if (real === seriesReal) {
    return {
      message: `path \`${path}\` leads back to the series folder itself`,
      hint: 'a work\'s path names the book folder of that work, inside or beside the series folder',
    };
  }
  const earlier = visited.get(real);
  if (earlier !== undefined) {
    return {
      message: `path \`${path}\` leads to the same folder as "${works[earlier].title}"`,
      hint: 'each work of the series has a book folder of its own',
    };
  }
  visited.set(real, index);
  if (!statSync(real).isDirectory()) return { message: `path \`${path}\` is not a folder`, hint: 'give the book folder, not a file in it' };
  if (!existsSync(join(real, 'book.yaml'))) {
    return {
      message: `path \`${path}\` has no book.yaml`,
      hint: `a book folder holds book.yaml and the chapters; \`build-ebook init ${displayPath(target)}\` makes one`,
    };
  }
  return undefined;
}

function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.isSymbolicLink())
      .map((e) => e.name);
  } catch {
    return [];
  }
}
