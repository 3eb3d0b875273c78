import { existsSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync as readZip } from 'node:fs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../src/build.js';
import { makeBookFolder, tempDir } from './helpers/book-folder.js';
import { problemLines, validateEpub } from './helpers/validate-epub.js';
import { readEpub } from './helpers/epub-files.js';
import { REPO } from './helpers/cli.js';
import { makePng } from './helpers/png.js';

async function buildEpub(dir: string, env: Record<string, string> = { SOURCE_DATE_EPOCH: '1700000000' }): Promise<string> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const { editions } = await buildBook(dir, { outDir: tempDir(), formats: ['epub'] });
    return editions[0].path;
  } finally {
    process.env = saved;
  }
}

async function expectValid(file: string): Promise<void> {
  const result = await validateEpub(file);
  expect(problemLines(result), result.checker).toEqual([]);
  expect(result.errors + result.fatals + result.warnings).toBe(0);
}

describe('the sample manuscript as an EPUB', () => {
  let file: string;
  let entries: Map<string, string>;
  beforeAll(async () => {
    file = await buildEpub(join(REPO, 'manuscript'));
    entries = readEpub(file);
  });

  it('passes epubcheck with 0 errors and 0 warnings', () => expectValid(file));

  it('starts with an uncompressed mimetype entry', () => {
    const bytes = readZip(file);
    expect(bytes.subarray(30, 38).toString()).toBe('mimetype');
    expect(bytes.readUInt16LE(8)).toBe(0); // stored
    expect(bytes.subarray(38, 58).toString()).toBe('application/epub+zip');
  });

  it('carries the metadata readers show', () => {
    const opf = entries.get('EPUB/package.opf')!;
    expect(opf).toContain('<dc:title id="title">The Night Ferry</dc:title>');
    expect(opf).toContain('<meta refines="#subtitle" property="title-type">subtitle</meta>');
    expect(opf).toMatch(/<dc:creator id="author-1">Maren Holt<\/dc:creator>\s*<meta refines="#author-1" property="role" scheme="marc:relators">aut<\/meta>/);
    expect(opf).toContain('<dc:language>en</dc:language>');
    expect(opf).toMatch(/<dc:description>When the last ferry of the season/);
    expect(opf).toContain('<dc:subject>Harbour Lights</dc:subject>');
    expect(opf).toContain('<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>');
    expect(opf).toMatch(/<dc:identifier id="book-id">urn:uuid:[0-9a-f-]{36}<\/dc:identifier>/);
    expect(opf).toContain('<meta property="schema:accessibilitySummary">');
    expect(opf).toContain('<meta property="schema:accessModeSufficient">textual</meta>');
  });

  it('carries the series both ways readers know', () => {
    const opf = entries.get('EPUB/package.opf')!;
    expect(opf).toContain('<meta property="belongs-to-collection" id="meta-series">Harbour Lights</meta>');
    expect(opf).toContain('<meta refines="#meta-series" property="collection-type">series</meta>');
    expect(opf).toContain('<meta refines="#meta-series" property="group-position">2</meta>');
    expect(opf).toContain('<meta name="calibre:series" content="Harbour Lights"/>');
    expect(opf).toContain('<meta name="calibre:series_index" content="2"/>');
  });

  it('puts the front matter before the contents and the story', () => {
    const opf = entries.get('EPUB/package.opf')!;
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => m[1]);
    expect(spine).toEqual([
      'cover', 'titlepage', 'series', 'disclaimer', 'summary', 'notes-before', 'nav',
      'chapter-001', 'chapter-002', 'chapter-003', 'notes-after', 'continues',
    ]);
  });

  it('marks sections with epub:type and has toc and landmarks', () => {
    expect(entries.get('EPUB/text/titlepage.xhtml')).toContain('epub:type="titlepage"');
    expect(entries.get('EPUB/text/chapter-001.xhtml')).toContain('epub:type="chapter"');
    const nav = entries.get('EPUB/text/nav.xhtml')!;
    expect(nav).toContain('<nav epub:type="toc"');
    expect(nav).toContain('<nav epub:type="landmarks"');
    expect(nav).toContain('<a href="chapter-002.xhtml">The Logbook</a>');
    expect(entries.has('EPUB/toc.ncx')).toBe(true);
  });

  it('uses URL-safe file names only', () => {
    for (const name of entries.keys()) expect(name).toMatch(/^[A-Za-z0-9._/-]+$/);
  });
});

describe('EPUB structure', () => {
  it('navigates a one-shot by the book title', async () => {
    const dir = makeBookFolder({ 'book.yaml': 'title: Only Once\nauthor: A\n', 'story.md': 'A single untitled chapter.\n' });
    const file = await buildEpub(dir);
    const nav = readEpub(file).get('EPUB/text/nav.xhtml')!;
    expect(nav).toContain('<a href="chapter-001.xhtml">Only Once</a>');
    await expectValid(file);
  });

  it('writes the language in the OPF and in every document', async () => {
    const dir = makeBookFolder({ 'book.yaml': 'title: Le Phare\nlanguage: fr\n', '1.md': '# Un\n\nBonjour.\n' });
    const entries = readEpub(await buildEpub(dir));
    expect(entries.get('EPUB/package.opf')).toContain('<dc:language>fr</dc:language>');
    for (const [name, text] of entries) {
      if (name.endsWith('.xhtml')) expect(text, name).toContain('xml:lang="fr" lang="fr"');
    }
  });

  it('includes a cover, local images, footnotes, lists and quotations, and stays valid', async () => {
    const dir = makeBookFolder({
      'book.yaml': 'title: Pictures\ncover: art/cover.png\n',
      'art/cover.png': makePng(60, 90),
      'art/map.png': makePng(20, 10, [10, 120, 200]),
      '1.md': [
        '# With Everything',
        '',
        'A map of the coast: ![The coast, drawn in blue](art/map.png)',
        '',
        'A claim that needs a note.[^n] And *emphasis*, **strong**, `code` and a [link](https://example.org/?a=1&b=2).',
        '',
        '> A letter,',
        '> quoted.',
        '',
        '1. first',
        '2. second',
        '',
        '- loose',
        '',
        '- items',
        '',
        '[^n]: The note, with *emphasis*.',
        '',
      ].join('\n'),
    });
    const file = await buildEpub(dir);
    const entries = readEpub(file);
    const opf = entries.get('EPUB/package.opf')!;
    expect(opf).toMatch(/<item id="img-1" href="images\/cover\.png" media-type="image\/png" properties="cover-image"\/>/);
    expect(opf).toContain('<meta property="schema:accessMode">visual</meta>');
    expect(entries.get('EPUB/text/cover.xhtml')).toContain('<img src="../images/cover.png"');
    const chapter = entries.get('EPUB/text/chapter-001.xhtml')!;
    expect(chapter).toContain('alt="The coast, drawn in blue"');
    expect(chapter).toContain('epub:type="noteref"');
    expect(chapter).toContain('epub:type="footnote"');
    expect(chapter).toContain('href="https://example.org/?a=1&amp;b=2"');
    await expectValid(file);
  });

  it('escapes hostile text in metadata and chapters', async () => {
    const dir = makeBookFolder({
      'book.yaml': 'title: "A ]]> & <b>bold</b> title -- \\"quoted\\""\nauthor: "<script>x</script>"\n',
      '1.md': '# <img src=x onerror=alert(1)>\n\n<iframe src="https://evil.example"></iframe> [click](javascript:alert(1))\n',
    });
    const file = await buildEpub(dir);
    const entries = readEpub(file);
    const all = [...entries.values()].join('\n');
    expect(all).not.toMatch(/<script|<iframe|<img src=x|href="javascript/i);
    await expectValid(file);
  });
});

describe('reproducibility', () => {
  it('gives the same bytes for the same input and SOURCE_DATE_EPOCH, whatever the time zone', async () => {
    const { runCli } = await import('./helpers/cli.js');
    const outs = [tempDir(), tempDir()];
    runCli(['build', 'manuscript', '--out', outs[0], '--format', 'epub'], { env: { SOURCE_DATE_EPOCH: '1700000000', TZ: 'UTC' } });
    runCli(['build', 'manuscript', '--out', outs[1], '--format', 'epub'], { env: { SOURCE_DATE_EPOCH: '1700000000', TZ: 'Pacific/Kiritimati' } });
    const a = readFileSync(join(outs[0], 'the-night-ferry.epub'));
    const b = readFileSync(join(outs[1], 'the-night-ferry.epub'));
    expect(a.length).toBeGreaterThan(1000);
    expect(a.equals(b)).toBe(true);
  });

  it('dates a build without SOURCE_DATE_EPOCH by its newest input, not the clock', async () => {
    const dir = makeBookFolder({ 'book.yaml': 'title: Dated\n', '1.md': 'Text.\n', '2.md': 'More.\n' });
    utimesSync(join(dir, 'book.yaml'), new Date('2020-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'));
    utimesSync(join(dir, '1.md'), new Date('2021-06-01T12:00:00Z'), new Date('2021-06-01T12:00:00Z'));
    utimesSync(join(dir, '2.md'), new Date('2019-01-01T00:00:00Z'), new Date('2019-01-01T00:00:00Z'));
    const file = await buildEpub(dir, { SOURCE_DATE_EPOCH: '' });
    expect(readEpub(file).get('EPUB/package.opf')).toContain('<meta property="dcterms:modified">2021-06-01T12:00:00Z</meta>');
    const entries = unzipSync(readFileSync(file));
    expect(Object.keys(entries)[0]).toBe('mimetype');
  });
});

describe('output', () => {
  it('leaves no temporary files and keeps the previous edition when a build fails', async () => {
    const dir = makeBookFolder({ 'book.yaml': 'title: Kept\n', '1.md': 'First version.\n' });
    const out = tempDir();
    const saved = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      await buildBook(dir, { outDir: out, formats: ['epub'] });
      const before = readFileSync(join(out, 'kept.epub'));
      makeBookFolder({ 'book.yaml': 'title: Kept\ntypo: here\n' }, dir);
      await expect(buildBook(dir, { outDir: out, formats: ['epub'] })).rejects.toThrow(/unknown key `typo`/);
      expect(readFileSync(join(out, 'kept.epub')).equals(before)).toBe(true);
      expect(readdirSync(out)).toEqual(['kept.epub']);
    } finally {
      process.env.SOURCE_DATE_EPOCH = saved;
    }
    expect(existsSync(join(out, 'kept.epub'))).toBe(true);
  });
});
