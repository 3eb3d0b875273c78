// A series with a problem anywhere builds nothing, and says where: series.yaml and the line.
import { readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/diagnostics.js';
import { workPositions } from '../src/metadata/series-positions.js';
import { planSeries } from '../src/series/plan.js';
import { tempDir } from './helpers/book-folder.js';
import { runCli } from './helpers/cli.js';
import { makeSeriesFolder, SERIES_YAML } from './helpers/series-folder.js';

/** SERIES_YAML with one work's lines replaced; returns the folder. */
function seriesWith(works: string, extra: Record<string, string> = {}): string {
  const yaml = SERIES_YAML.replace(/works:\n[\s\S]*?defaults:/, `works:\n${works}defaults:`);
  return makeSeriesFolder({ 'series.yaml': yaml, ...extra });
}

const THREE = `  - title: First Light
    path: 01-first-light
  - title: Help Wanted
    path: 02-help-wanted
`;

/** Runs a series build into a fresh folder; asserts exit 1 and that nothing was written. */
function failedBuild(series: string): string {
  const out = tempDir();
  const r = runCli(['build', series, '--out', out, '--format', 'epub', '--omnibus']);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(readdirSync(out)).toEqual([]);
  expect(r.stderr).toContain('nothing was written');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return r.stderr;
}

/** The line of series.yaml holding `needle`. */
function lineOf(series: string, needle: string): number {
  const lines = readFileSync(join(series, 'series.yaml'), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(needle));
  expect(index, needle).toBeGreaterThanOrEqual(0);
  return index + 1;
}

describe('series errors (exit 1, nothing written, series.yaml:LINE)', () => {
  it('a path that does not exist, with a did-you-mean', () => {
    const series = seriesWith(`${THREE}  - title: The Long Way Round\n    path: 04-the-long-way-rund\n`);
    const err = failedBuild(series);
    expect(err).toContain(`series.yaml:${lineOf(series, '04-the-long-way-rund')}:11: path \`04-the-long-way-rund\` does not exist`);
    expect(err).toContain('did you mean `04-the-long-way-round`?');
  });

  it('a path without book.yaml', () => {
    const series = seriesWith(`${THREE}  - title: Notes\n    path: notes\n`, { 'notes/ideas.md': 'Ideas.\n' });
    expect(failedBuild(series)).toContain(`series.yaml:${lineOf(series, 'path: notes')}:11: path \`notes\` has no book.yaml`);
  });

  it('two works with the same position', () => {
    const series = seriesWith(`${THREE}  - title: The Long Way Round\n    number: 2\n    path: 04-the-long-way-round\n`);
    const err = failedBuild(series);
    expect(err).toContain(`series.yaml:${lineOf(series, 'number: 2')}:13: "The Long Way Round" and "Help Wanted" (line ${lineOf(series, 'title: Help Wanted')}) are both No. 2`);
  });

  it('a book.yaml whose series.number contradicts its place in works', () => {
    const series = seriesWith(THREE, { '02-help-wanted/book.yaml': 'title: Help Wanted\nseries:\n  name: The Tide Tables\n  number: 3\n' });
    expect(failedBuild(series)).toContain(
      `series.yaml:${lineOf(series, 'title: Help Wanted')}:5: "Help Wanted" is No. 2 in \`works\`, but its book.yaml says \`series.number: 3\``,
    );
  });

  it('a path back to the series folder itself', () => {
    const series = seriesWith(`${THREE}  - title: Everything\n    path: .\n`);
    expect(failedBuild(series)).toContain(`series.yaml:${lineOf(series, 'path: .')}:11: path \`.\` leads back to the series folder itself`);
  });

  it('a symbolic link back to the series folder, or to a folder already listed', () => {
    const series = seriesWith(`${THREE}  - title: Up\n    path: up\n  - title: Again\n    path: again\n`);
    symlinkSync('.', join(series, 'up'));
    symlinkSync('01-first-light', join(series, 'again'));
    const err = failedBuild(series);
    expect(err).toContain(`series.yaml:${lineOf(series, 'path: up')}:11: path \`up\` leads back to the series folder itself`);
    expect(err).toContain(`series.yaml:${lineOf(series, 'path: again')}:11: path \`again\` leads to the same folder as "First Light"`);
  });

  it('a loop of symbolic links', () => {
    const series = seriesWith(`${THREE}  - title: Round\n    path: round\n`);
    symlinkSync('about', join(series, 'round'));
    symlinkSync('round', join(series, 'about'));
    expect(failedBuild(series)).toContain(`series.yaml:${lineOf(series, 'path: round')}:11: path \`round\` is a loop of symbolic links`);
  });

  it('reports the problems of every book and of series.yaml together', () => {
    const series = seriesWith(`${THREE}  - title: Lost\n    path: lost\n`, {
      '01-first-light/book.yaml': 'title: First Light\nratng: Teen\n',
      '02-help-wanted/story.md': '   \n',
    });
    const err = failedBuild(series);
    expect(err).toMatch(/01-first-light\/book\.yaml:2:1: unknown key `ratng`/);
    expect(err).toMatch(/02-help-wanted\/story\.md: is empty/);
    expect(err).toContain('path `lost` does not exist');
    expect(err).toContain('3 problems found');
  });

  it('a series.yaml with no work that has a path', () => {
    const series = seriesWith('  - title: First Light\n  - title: Help Wanted\n');
    expect(failedBuild(series)).toContain(`series.yaml:${lineOf(series, 'title: First Light')}:3: no work in \`works\` has a \`path\``);
  });

  it('a typo in series.yaml', () => {
    const series = seriesWith(`${THREE}  - title: Three\n    pth: x\n`);
    const err = failedBuild(series);
    expect(err).toContain(`series.yaml:${lineOf(series, 'pth:')}:5: unknown key \`pth\` in \`works[2]\``);
    expect(err).toContain('did you mean `path`?');
  });

  it('--omnibus on a book folder is a usage error', () => {
    const series = makeSeriesFolder();
    expect(runCli(['build', join(series, '01-first-light'), '--omnibus', '--out', tempDir()]).status).toBe(2);
  });
});

describe('positions of the works', () => {
  const locate = (path: readonly PropertyKey[]) => ({ line: typeof path[1] === 'number' ? path[1] + 3 : 1, column: 5 });

  it('count on from the place in works, or from a given number', () => {
    const works = [{ title: 'A' }, { title: 'B', number: 4 }, { title: 'C' }];
    expect(workPositions(works, 'series.yaml', locate)).toEqual({ numbers: [1, 4, 5], diagnostics: [] });
  });

  it('may not repeat or go backwards', () => {
    const dup = workPositions([{ title: 'A' }, { title: 'B', number: 1 }], 'series.yaml', locate);
    expect(dup.diagnostics.map(formatDiagnostic)[0]).toMatch(/^series\.yaml:4:5: "B" and "A" \(line 3\) are both No\. 1/);
    const back = workPositions([{ title: 'A', number: 5 }, { title: 'B', number: 3 }], 'series.yaml', locate);
    expect(back.diagnostics.map(formatDiagnostic)[0]).toMatch(/"B" is No\. 3 but comes after No\. 5/);
  });

  it('give a book outside works that claims a taken number an error', async () => {
    const series = seriesWith(THREE, { 'extra/book.yaml': 'title: Extra\nseries:\n  name: The Tide Tables\n  number: 2\n', 'extra/1.md': 'x\n' });
    const r = runCli(['check', join(series, 'extra')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('"Extra" says `series.number: 2` in its book.yaml, but No. 2 is "Help Wanted"');
  });

  it('are planned without reading any book', async () => {
    const series = seriesWith(`  - title: One\n    path: 01-first-light\n  - title: Elsewhere\n    number: 5\n  - title: Two\n    path: 02-help-wanted\n`);
    const { plan, diagnostics } = await planSeries(series);
    expect(diagnostics).toEqual([]);
    expect(plan!.works.map((w) => [w.number, w.dir !== undefined])).toEqual([
      [1, true],
      [5, false],
      [6, true],
    ]);
  });
});




