// Building every book of a series folder with one command.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/book-folder.js';
import { runCli } from './helpers/cli.js';
import { readEpub } from './helpers/epub-files.js';
import { problemLines, validateEpub } from './helpers/validate-epub.js';
import { makeSeriesFolder } from './helpers/series-folder.js';

const ENV = { SOURCE_DATE_EPOCH: '1700000000' };

function text(xhtml: string | undefined): string {
  return (xhtml ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

function opfMeta(opf: string, property: string): string | undefined {
  return new RegExp(`<meta[^>]*property="${property}"[^>]*>([^<]*)</meta>`).exec(opf)?.[1];
}

describe('build-ebook build SERIES', () => {
  let series: string;
  let dist: string;
  let stdout: string;

  beforeAll(() => {
    series = makeSeriesFolder();
    const r = runCli(['build', series, '--format', 'epub'], { env: ENV });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    stdout = r.stdout;
    dist = join(series, 'dist');
  });

  it('builds every work with a path into SERIES/dist, named to sort in reading order', () => {
    expect(readdirSync(dist).sort()).toEqual(['01-first-light.epub', '02-help-wanted.epub', '04-the-long-way-round.epub']);
    expect(stdout.trim().split('\n')).toHaveLength(3);
    expect(stdout).toMatch(/02-help-wanted\.epub {2}\d+(\.\d)? kB {2}\d+ ms/);
  });

  it('writes EPUBs that pass epubcheck with no errors and no warnings', async () => {
    for (const name of readdirSync(dist)) {
      const result = await validateEpub(join(dist, name));
      expect(problemLines(result), `${result.checker}: ${name}`).toEqual([]);
      expect(result.fatals + result.errors + result.warnings).toBe(0);
    }
  });

  it('gives each book its own number in the series metadata', () => {
    for (const [name, number] of [
      ['01-first-light.epub', '1'],
      ['02-help-wanted.epub', '2'],
      ['04-the-long-way-round.epub', '4'],
    ]) {
      const opf = readEpub(join(dist, name)).get('EPUB/package.opf')!;
      expect(opfMeta(opf, 'belongs-to-collection'), name).toBe('The Tide Tables');
      expect(opf).toContain(`<meta refines="#meta-series" property="group-position">${number}</meta>`);
      expect(opf).toContain(`<meta name="calibre:series_index" content="${number}"/>`);
      expect(opf).toContain('<meta name="calibre:series" content="The Tide Tables"/>');
    }
  });

  it('lists the whole series on each series page, this work marked, the earlier ones named from No. 2 on', () => {
    const first = text(readEpub(join(dist, '01-first-light.epub')).get('EPUB/text/series.xhtml'));
    expect(first).toContain('This story is No. 1 in the series “The Tide Tables”.');
    expect(first).not.toContain('preceding stories');
    expect(first).toContain('First Light (this story)');

    const files = readEpub(join(dist, '04-the-long-way-round.epub'));
    const fourth = text(files.get('EPUB/text/series.xhtml'));
    expect(fourth).toContain('This story is No. 4 in the series “The Tide Tables”. You may wish to read the series introduction and the preceding stories first.');
    expect(fourth).toContain('Before this one: First Light, Help Wanted and Third Time Lucky.');
    expect(fourth).toContain('The Long Way Round (this story)');
    // The work without a folder is listed, linked to where it is published.
    expect(files.get('EPUB/text/series.xhtml')).toContain('<a href="https://example.org/works/third-time-lucky">Third Time Lucky</a>');
  });

  it('says at the back where the story continues, and gives the series address', () => {
    const first = readEpub(join(dist, '01-first-light.epub')).get('EPUB/text/continues.xhtml');
    expect(text(first)).toContain('The story continues in No. 2, Help Wanted.');
    expect(first).toContain('<a href="https://example.org/series/tide-tables">');

    // The next work has no folder here but is published: its address is given.
    const second = readEpub(join(dist, '02-help-wanted.epub')).get('EPUB/text/continues.xhtml');
    expect(text(second)).toContain('The story continues in No. 3, Third Time Lucky.');
    expect(second).toContain('<a href="https://example.org/works/third-time-lucky">');

    // The last work has no next one; the series' address remains.
    const last = readEpub(join(dist, '04-the-long-way-round.epub'));
    const spine = [...last.get('EPUB/package.opf')!.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => m[1]);
    expect(spine.at(-1)).toBe('continues');
    expect(text(last.get('EPUB/text/continues.xhtml'))).not.toContain('continues in');
    expect(last.get('EPUB/text/continues.xhtml')).toContain('href="https://example.org/series/tide-tables"');
  });

  it('applies series.yaml defaults to books that do not set them; a book\'s own value wins', () => {
    const first = readEpub(join(dist, '01-first-light.epub'));
    const opf1 = first.get('EPUB/package.opf')!;
    expect(opf1).toContain('<dc:creator id="author-1">Ada Quill</dc:creator>');
    expect(opf1).toContain('<dc:language>en-GB</dc:language>');
    expect(text(first.get('EPUB/text/disclaimer.xhtml'))).toContain('The town of Saltmarsh is mine');
    expect(text(first.get('EPUB/text/summary.xhtml'))).toContain('Rating: General Audiences');

    const fourth = readEpub(join(dist, '04-the-long-way-round.epub'));
    const opf4 = fourth.get('EPUB/package.opf')!;
    expect(opf4).toContain('<dc:language>en-US</dc:language>');
    expect(opf4).toContain('<dc:creator id="author-2">Ben Marsh</dc:creator>');
    expect(text(fourth.get('EPUB/text/disclaimer.xhtml'))).toContain('Ben lent me the lighthouse.');
  });

  it('builds the same bytes on worker threads as in one thread', () => {
    const out = tempDir();
    expect(runCli(['build', series, '--format', 'epub', '--out', out, '--jobs', '1'], { env: ENV }).status).toBe(0);
    for (const name of readdirSync(dist)) expect(readFileSync(join(out, name)).equals(readFileSync(join(dist, name))), name).toBe(true);
  });
});

describe('build-ebook build SERIES --out, and check SERIES', () => {
  it('writes into --out when given, and nothing into the series folder', () => {
    const series = makeSeriesFolder();
    const out = tempDir();
    const r = runCli(['build', series, '--out', out, '--format', 'epub'], { env: ENV });
    expect(r.status).toBe(0);
    expect(readdirSync(out)).toHaveLength(3);
    expect(existsSync(join(series, 'dist'))).toBe(false);
  });

  it('checks every book of the series and writes nothing', () => {
    const series = makeSeriesFolder();
    const r = runCli(['check', series]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/01-first-light: OK — "First Light", 2 chapters/);
    expect(r.stdout).toMatch(/02-help-wanted: OK — "Help Wanted", 1 chapter/);
    expect(r.stdout).toMatch(/04-the-long-way-round: OK — "The Long Way Round", 2 chapters/);
    expect(existsSync(join(series, 'dist'))).toBe(false);
  });

  it('still builds a single book of the series folder on its own, knowing its place', () => {
    const series = makeSeriesFolder();
    const out = tempDir();
    expect(runCli(['build', join(series, '02-help-wanted'), '--out', out, '--format', 'epub'], { env: ENV }).status).toBe(0);
    const opf = readEpub(join(out, 'help-wanted.epub')).get('EPUB/package.opf')!;
    expect(opf).toContain('<meta refines="#meta-series" property="group-position">2</meta>');
  });
});
