// The omnibus: every work of a series with a folder, as one book with two-level navigation.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBook } from '../src/build.js';
import { readingOrder, type Book } from '../src/model/book.js';
import { omnibusBook } from '../src/series/build.js';
import { planSeries } from '../src/series/plan.js';
import { tempDir } from './helpers/book-folder.js';
import { runCli } from './helpers/cli.js';
import { readEpub } from './helpers/epub-files.js';
import { pdfCheck, pdfLines, pdfOutline, type PdfLine, type PdfOutlineItem } from './helpers/pdf.js';
import { makeSeriesFolder } from './helpers/series-folder.js';
import { problemLines, validateEpub } from './helpers/validate-epub.js';

const ENV = { SOURCE_DATE_EPOCH: '1700000000' };
const OMNIBUS = 'the-tide-tables-omnibus.epub';

function spineOf(opf: string): string[] {
  return [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => m[1]);
}

/** The nav's table of contents as nested [label, children] pairs. */
function navTree(nav: string): unknown[] {
  const toc = /<nav epub:type="toc"[\s\S]*?<\/nav>/.exec(nav)![0];
  const stack: unknown[][] = [[]];
  for (const m of toc.matchAll(/<ol>|<\/ol>|<a href="[^"]*">([^<]*)<\/a>/g)) {
    if (m[0] === '<ol>') {
      const parent = stack[stack.length - 1];
      const last = parent[parent.length - 1] as [string, unknown[]] | undefined;
      stack.push(last ? last[1] : parent);
    } else if (m[0] === '</ol>') stack.pop();
    else stack[stack.length - 1].push([m[1], []]);
  }
  return stack[0];
}

describe('build-ebook build SERIES --omnibus', () => {
  let series: string;
  let dist: string;
  let files: Map<string, string>;

  beforeAll(() => {
    series = makeSeriesFolder();
    const r = runCli(['build', series, '--omnibus', '--format', 'epub'], { env: ENV });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    dist = join(series, 'dist');
    files = readEpub(join(dist, OMNIBUS));
  });

  it('adds one book beside the single ones', () => {
    expect(readdirSync(dist).sort()).toEqual(['01-first-light.epub', '02-help-wanted.epub', '04-the-long-way-round.epub', OMNIBUS]);
  });

  it('passes epubcheck with no errors and no warnings', async () => {
    const result = await validateEpub(join(dist, OMNIBUS));
    expect(problemLines(result), result.checker).toEqual([]);
    expect(result.fatals + result.errors + result.warnings).toBe(0);
  });

  it('reads: series title page, introduction, contents, then each work: title page, disclaimer where it changes, notes, chapters', () => {
    expect(spineOf(files.get('EPUB/package.opf')!)).toEqual([
      'titlepage',
      'introduction',
      'nav',
      'work-01-titlepage',
      'work-01-disclaimer',
      'work-01-summary',
      'work-01-notes-before',
      'work-01-chapter-001',
      'work-01-chapter-002',
      'work-02-titlepage',
      // Help Wanted has the series' default disclaimer, the same as First Light's: not repeated.
      'work-02-summary',
      'work-02-chapter-001',
      'work-04-titlepage',
      'work-04-disclaimer',
      'work-04-summary',
      'work-04-chapter-001',
      'work-04-chapter-002',
      'work-04-notes-after',
    ]);
    const title = files.get('EPUB/text/titlepage.xhtml')!;
    expect(title).toContain('<h1>The Tide Tables</h1>');
    expect(title).toContain('by Ada Quill and Ben Marsh');
    expect(files.get('EPUB/text/introduction.xhtml')).toContain('Four stories of a harbour town');
    expect(files.get('EPUB/text/work-02-titlepage.xhtml')).toContain('No. 2 in the series The Tide Tables');
    // Each work keeps its language: The Long Way Round is en-US, the series default en-GB.
    expect(files.get('EPUB/text/work-04-chapter-001.xhtml')).toContain('xml:lang="en-US"');
    expect(files.get('EPUB/text/work-01-chapter-001.xhtml')).toContain('xml:lang="en-GB"');
  });

  it('has two-level navigation, work → its pages and chapters, in nav.xhtml and toc.ncx', () => {
    expect(navTree(files.get('EPUB/text/nav.xhtml')!)).toEqual([
      ['Introduction', []],
      ['First Light', [['Disclaimer', []], ['Summary', []], ['Author’s Note', []], ['Dawn', []], ['Dusk', []]]],
      ['Help Wanted', [['Summary', []], ['Help Wanted', []]]],
      ['The Long Way Round', [['Disclaimer', []], ['Summary', []], ['Out', []], ['Back', []], ['Author’s Note', []]]],
    ]);
    const ncx = files.get('EPUB/toc.ncx')!;
    expect(ncx).toContain('<meta name="dtb:depth" content="2"/>');
    expect(ncx).toMatch(/<navPoint [^>]*><navLabel><text>First Light<\/text><\/navLabel><content src="text\/work-01-titlepage\.xhtml"\/>\n<navPoint [^>]*><navLabel><text>Disclaimer/);
  });

  it('keeps every id unique across works, and the images of two works apart', () => {
    const opf = files.get('EPUB/package.opf')!;
    const ids = [...opf.matchAll(/<item id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const images = [...opf.matchAll(/<item id="[^"]+" href="(images\/[^"]+)"/g)].map((m) => m[1]);
    expect(images.sort()).toEqual(['images/work-01-map.png', 'images/work-02-map.png']);
    expect(files.get('EPUB/text/work-02-chapter-001.xhtml')).toContain('src="../images/work-02-map.png"');
  });

  it('is reproducible: one thread or many, any time zone, the same bytes', () => {
    const out = tempDir();
    const r = runCli(['build', series, '--omnibus', '--format', 'epub', '--jobs', '1', '--out', out], { env: { ...ENV, TZ: 'America/New_York' } });
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, OMNIBUS)).equals(readFileSync(join(dist, OMNIBUS)))).toBe(true);
  });

  it('is a book of its own: no series position, its own identifier, the introduction as description', () => {
    const opf = files.get('EPUB/package.opf')!;
    expect(opf).not.toContain('group-position');
    expect(opf).toContain('<dc:title id="title">The Tide Tables</dc:title>');
    expect(opf).toContain('<dc:description>Four stories of a harbour town');
    const single = readEpub(join(dist, '01-first-light.epub')).get('EPUB/package.opf')!;
    const id = (s: string) => /<dc:identifier id="book-id">([^<]+)</.exec(s)![1];
    expect(id(opf)).not.toBe(id(single));
  });
});

describe('the omnibus model', () => {
  let book: Book;

  beforeAll(async () => {
    const series = makeSeriesFolder();
    const { plan } = await planSeries(series);
    const books = await Promise.all(plan!.works.filter((w) => w.dir).map(async (w) => (await loadBook(w.dir!, { seriesFile: plan!.file })).book));
    book = omnibusBook(plan!, books);
  });

  it('tells writers which work each page and chapter belongs to', () => {
    expect(book.works!.map((w) => [w.meta.title, w.meta.series?.number])).toEqual([
      ['First Light', 1],
      ['Help Wanted', 2],
      ['The Long Way Round', 4],
    ]);
    expect(book.chapters.map((c) => c.work)).toEqual([0, 0, 1, 2, 2]);
    expect(book.front.filter((p) => p.work === undefined).map((p) => p.id)).toEqual(['titlepage', 'introduction']);
    for (const p of [...book.front, ...book.back]) if (p.work !== undefined) expect(p.id.startsWith(`work-0${[1, 2, 4][p.work]}-`)).toBe(true);
  });

  it('gives a reading order where every work follows the one before it', () => {
    const works = readingOrder(book).map((item) => (item.kind === 'page' ? item.page.work : item.chapter.work));
    expect(works.filter((w) => w !== undefined)).toEqual([...works.filter((w) => w !== undefined)].sort());
  });

});

describe('the PDF editions of a series', () => {
  let dist: string;

  beforeAll(() => {
    // A chapter long enough to run over several pages, so running heads appear.
    const long = Array.from({ length: 40 }, (_, i) => `Mile ${i + 1} of the cliff road went by under grey cloud, and the sea kept its own counsel below the path while she walked and counted the gulls that followed.`).join('\n\n');
    const series = makeSeriesFolder({ '04-the-long-way-round/1-out.md': `# Out\n\n${long}\n` });
    const r = runCli(['build', series, '--omnibus', '--format', 'pdf'], { env: ENV });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    dist = join(series, 'dist');
  });

  it('writes one PDF per book and one omnibus PDF, all passing qpdf --check', () => {
    const names = readdirSync(dist).sort();
    expect(names).toEqual(['01-first-light.pdf', '02-help-wanted.pdf', '04-the-long-way-round.pdf', 'the-tide-tables-omnibus.pdf']);
    for (const name of names) expect(pdfCheck(join(dist, name)).problems, name).toEqual([]);
  });

  it('gives the omnibus a two-level outline and contents: work → chapters', () => {
    const file = join(dist, 'the-tide-tables-omnibus.pdf');
    const tree = (items: PdfOutlineItem[]): unknown[] => items.map((o) => (o.kids.length > 0 ? [o.title, tree(o.kids)] : o.title));
    expect(tree(pdfOutline(file))).toEqual([
      'The Tide Tables',
      'Introduction',
      'Contents',
      ['First Light', ['Dawn', 'Dusk']],
      ['Help Wanted', ['Help Wanted']],
      ['The Long Way Round', ['Out', 'Back']],
    ]);
    const contents = pdfLines(file).find((page) => page.some((l) => l.text === 'Contents'))!;
    const entries = contents.filter((l) => /\.\s+\d+\s*$/.test(l.text));
    const left = Math.min(...entries.map((l) => l.x));
    // Chapters are numbered within their work, and indented under it.
    expect(entries.map((l) => (l.x > left + 1 ? '    ' : '') + l.text.replace(/[ .]+\d+\s*$/, ''))).toEqual([
      'First Light',
      '    1. Dawn',
      '    2. Dusk',
      'Help Wanted',
      '    Help Wanted',
      'The Long Way Round',
      '    1. Out',
      '    2. Back',
    ]);
  });

  it('names the work in the running heads of the omnibus', () => {
    /** A page's top row: the lines on the first baseline, left to right (folio and running head). */
    const topRow = (page: PdfLine[]) => page.filter((l) => Math.abs(l.y - page[0].y) < 1).map((l) => l.text).join(' ');
    const pages = pdfLines(join(dist, 'the-tide-tables-omnibus.pdf'));
    const heads = pages.filter((p) => p.some((l) => l.text.includes('cliff road'))).map(topRow);
    // Rectos carry the work's title, versos its authors.
    expect(heads.some((h) => /The Long Way Round\s+\d+$/.test(h))).toBe(true);
    expect(heads.some((h) => /^\d+\s+Ada Quill & Ben Marsh$/.test(h))).toBe(true);
    expect(heads.some((h) => h.includes('The Tide Tables'))).toBe(false);
  });
});
