// The thread pool of a series build: results in job order, and a failure in one job comes back as a
// diagnostic for that book while the others build. Uses the compiled pool (lib/, built by `npm test`),
// since worker threads run the compiled worker script.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BookJob, BookJobResult } from '../src/series/job.js';
import { makeSeriesFolder } from './helpers/series-folder.js';

type RunJobs = (jobs: readonly BookJob[], threads?: number) => Promise<BookJobResult[]>;

async function compiledPool(): Promise<RunJobs> {
  const url = new URL('../lib/series/pool.js', import.meta.url).href;
  return ((await import(url)) as { runJobs: RunJobs }).runJobs;
}

describe('the series thread pool', () => {
  it('returns every result in job order, a faulty job as a diagnostic for its book', async () => {
    const runJobs = await compiledPool();
    const series = makeSeriesFolder();
    const seriesFile = join(series, 'series.yaml');
    const dirs = ['01-first-light', '02-help-wanted', '04-the-long-way-round'].map((d) => join(series, d));
    const jobs: BookJob[] = dirs.map((bookDir, id) => ({
      id,
      bookDir,
      seriesFile,
      // No writer answers to this format: the job fails inside the build, not in the book.
      formats: id === 1 ? (['docx'] as unknown as BookJob['formats']) : ['epub'],
      wantBook: true,
    }));
    const results = await runJobs(jobs, 2);
    expect(results.map((r) => r.id)).toEqual([0, 1, 2]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const failed = results[1];
    if (failed.ok) throw new Error('unreachable');
    expect(failed.diagnostics[0].file).toContain('02-help-wanted');
    expect(failed.diagnostics[0].message).toMatch(/^could not be built: /);
    const good = results[2];
    if (!good.ok) throw new Error('unreachable');
    expect(good.book?.meta.series?.number).toBe(4);
    expect(good.book?.meta.modified).toBeInstanceOf(Date);
    expect(good.editions[0].data.byteLength).toBeGreaterThan(1000);
  });

  it('reports a book with errors as its diagnostics', async () => {
    const runJobs = await compiledPool();
    const series = makeSeriesFolder({ '02-help-wanted/book.yaml': 'title: Help Wanted\nratng: Teen\n' });
    const jobs: BookJob[] = [{ id: 0, bookDir: join(series, '02-help-wanted'), seriesFile: join(series, 'series.yaml'), formats: ['epub'], wantBook: false }];
    const [result] = await runJobs(jobs, 2);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics.map((d) => d.message)).toEqual(['unknown key `ratng`']);
  });
});
