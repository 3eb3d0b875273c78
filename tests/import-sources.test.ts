// EPUB, AO3 HTML and .docx → import → build: every word of the story in order, every metadata field,
// chapter titles and notes in their chapters, italics kept, no archive boilerplate; the built EPUB passes
// epubcheck and its PDF carries every word. Fixtures: scripts/make-import-fixtures.mjs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import MarkdownIt from 'markdown-it';
import footnotePlugin from 'markdown-it-footnote';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { epubcheck } from './helpers/epubcheck.js';
import { tools } from './helpers/tools.js';
// @ts-expect-error: a plain .mjs module shared with the fixture script
import { STORY, storyParagraphs } from './fixtures/import/sources/story.mjs';

const FIXTURES = resolve(__dirname, 'fixtures/import');
const tmp = mkdtempSync(join(tmpdir(), 'import-sources-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const md = new MarkdownIt('commonmark').use(footnotePlugin);
/** Words as a reader sees them: quotes and dashes of any shape alike, punctuation off the edges. */
export function words(text: string): string[] {
  return text
    // A footnote's number set after the word it follows ("thumb.1" in a PDF's text).
    .replace(/([.!?,;:’”])\d+(?=\s|$)/g, '$1 ')
    .replace(/[“”„"]/g, '"')
    .replace(/[‘’']/g, "'")
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toLowerCase())
    .filter(Boolean);
}

/** Is `needle` found in `hay` in order (other words may come between)? Returns the first missing word. */
export function missingInOrder(hay: string[], needle: string[]): string | undefined {
  let at = 0;
  for (const w of needle) {
    const found = hay.indexOf(w, at);
    if (found < 0) return `${w} (after word ${at})`;
    at = found + 1;
  }
  return undefined;
}

function importFixture(name: string) {
  const out = join(tmp, name.replace(/\W/g, '-'));
  const r = runCli(['import', join(FIXTURES, name), '--out', out]);
  expect(r.status, r.stderr).toBe(0);
  const files = readdirSync(out).filter((f) => f.endsWith('.md')).sort();
  const chapters = files.map((f) => readFileSync(join(out, f), 'utf8'));
  const book = parseYaml(readFileSync(join(out, 'book.yaml'), 'utf8'));
  return { out, book, chapters, stdout: r.stdout, stderr: r.stderr };
}

function frontMatter(chapter: string): Record<string, string> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(chapter);
  return m ? parseYaml(m[1]) : {};
}

function bodyText(chapter: string): string {
  const body = chapter.replace(/^---\n[\s\S]*?\n---\n/, '');
  return md.render(body).replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#39;/g, "'");
}

function epubChapterText(file: string): string {
  const zip = unzipSync(readFileSync(file));
  return Object.keys(zip)
    .filter((n) => /chapter-\d+\.xhtml$/.test(n))
    .sort()
    .map((n) => strFromU8(zip[n]).replace(/^[\s\S]*<body>/, '').replace(/<[^>]+>/g, ' ').replace(/&#160;|&nbsp;/g, ' ').replace(/&amp;/g, '&'))
    .join(' ');
}

const BOILERPLATE = [/Posted originally/i, /See the end of the (?:work|chapter)/i, /drop by the Archive/i, /\bWords:\s*\d/, /\bChapters:\s*\d/, /Preface|Afterword/];

const sources = [
  { file: 'ao3.html', format: 'an AO3 HTML download', archive: true },
  { file: 'ao3.epub', format: 'an AO3 EPUB download', archive: true },
  { file: 'fanficfare.epub', format: 'a FanFicFare EPUB', archive: false, fanficfare: true },
  { file: 'pandoc.epub', format: 'an EPUB 3', archive: false, opfOnly: true },
  { file: 'pandoc.docx', format: 'a Word document', archive: false },
  { file: 'docx-package.docx', format: 'a Word document', archive: false },
];

describe.each(sources)('import $file', ({ file, format, archive, fanficfare, opfOnly }) => {
  const imported = importFixture(file);

  it('says what it recognised', () => {
    expect(imported.stdout).toContain(`Imported ${format}`);
  });

  it('keeps every word of the story in order, chapter by chapter, with the chapter titles', () => {
    expect(imported.chapters).toHaveLength(STORY.chapters.length);
    STORY.chapters.forEach((ch: { title: string }, i: number) => {
      expect(imported.chapters[i]).toContain(`# ${ch.title}`);
      const expected = words(storyParagraphs()[i].join(' ').replace(/\*/g, ''));
      expect(missingInOrder(words(bodyText(imported.chapters[i])), expected)).toBeUndefined();
    });
  });

  it('keeps italics, bold, the block quote and the scene break', () => {
    const first = imported.chapters[0];
    expect(first).toContain('*everything*');
    expect(first).toContain('**perfectly good**');
    expect(first).toMatch(/^> Measure twice/m);
    expect(first).toMatch(/^\* \* \*$/m);
    expect(imported.chapters[1]).toContain('*map of this one*');
  });

  it('reads the metadata', () => {
    const b = imported.book;
    expect(b.title).toBe(STORY.title);
    expect(b.author).toBe(STORY.author);
    expect(b.summary).toBe(STORY.summary[0]);
    if (opfOnly) {
      // All a plain EPUB says of itself is in its package document.
      expect([b.language, b.published]).toEqual([STORY.languageTag, STORY.published]);
      return;
    }
    expect([b.fandoms].flat()).toEqual([STORY.fandom]);
    expect(b.rating).toBe(STORY.rating);
    if (fanficfare) {
      // FanFicFare's title page: Series "Name [N]", Category, Genre, Characters, Relationships, Status, dates, Warnings.
      expect(b.series).toEqual(STORY.series[0]);
      expect(b.warnings).toEqual([STORY.warning]);
      expect(b.relationships).toEqual(STORY.relationships);
      expect([...b.characters].sort()).toEqual([...STORY.characters].sort());
      expect([...b.tags].sort()).toEqual([...STORY.tags].sort());
      expect(b.language).toBe(STORY.languageTag);
      expect([b.published, b.updated, b.status]).toEqual([STORY.published, STORY.updated, 'complete']);
      expect(b.source).toBe('http://test1.com?sid=2024');
      expect(imported.stderr).toContain('dropped FanFicFare\'s "Table of Contents" page');
      expect(imported.stderr).toContain('dropped FanFicFare\'s "Update Log" page');
      for (const chapter of imported.chapters) expect(chapter).not.toMatch(/Update Log|Table of Contents|Packaged/);
    }
    if (!archive) return;
    expect(b.warnings).toEqual([STORY.warning]);
    expect(b.relationships).toEqual(STORY.relationships);
    expect(b.characters).toEqual(STORY.characters);
    expect(b.tags).toEqual([STORY.category, ...STORY.tags]);
    expect(b.language).toBe(STORY.languageTag);
    expect(b.series).toEqual(STORY.series[0]);
    expect(imported.stderr).toContain(`also part of the series "${STORY.series[1].name}"`);
    expect(b.published).toBe(STORY.published);
    expect(b.updated).toBe(STORY.updated);
    expect(b.status).toBe('complete');
    expect(b.source).toBe(STORY.url);
    expect(b.notes).toEqual({ before: STORY.notes[0], after: STORY.endNotes[0] });
  });

  it.skipIf(!opfOnly)('keeps the footnote in its chapter and copies the image', () => {
    expect(imported.chapters[0]).toMatch(/thumb\.\[\^1\]/);
    expect(imported.chapters[0]).toMatch(/^\[\^1\]: An old cloth tape, in inches\.$/m);
    const image = /!\[A compass rose\]\((images\/[\w-]+\.png)\)/.exec(imported.chapters[0]);
    expect(image).not.toBeNull();
    expect([...readFileSync(join(imported.out, image![1])).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(imported.chapters[0].match(/A compass rose/g)).toHaveLength(1);
  });

  it.skipIf(!archive)('puts each chapter\'s summary, notes and end notes in its own front matter', () => {
    STORY.chapters.forEach((ch: { summary: string[]; notes: string[]; endNotes: string[] }, i: number) => {
      expect(frontMatter(imported.chapters[i])).toEqual({ summary: ch.summary[0], notes: ch.notes[0], 'end-notes': ch.endNotes[0] });
    });
  });

  it('leaves no archive boilerplate in the text', () => {
    for (const chapter of imported.chapters) for (const re of BOILERPLATE) expect(chapter).not.toMatch(re);
  });

  it('builds: the EPUB passes epubcheck and carries every word; the PDF too', () => {
    const dist = join(imported.out, 'dist');
    const r = runCli(['build', imported.out, '--out', dist]);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const epub = join(dist, readdirSync(dist).find((f) => f.endsWith('.epub'))!);
    const all = words(storyParagraphs().flat().join(' ').replace(/\*/g, ''));
    expect(missingInOrder(words(epubChapterText(epub)), all)).toBeUndefined();
    if (archive) {
      const zip = unzipSync(readFileSync(epub));
      const first = strFromU8(zip['EPUB/text/chapter-001.xhtml']);
      expect(first).toMatch(/<aside class="chapter-summary"[^>]*>\s*<h2[^>]*>Chapter Summary<\/h2>\s*<p>Ines begins with the smallest room\.<\/p>/);
      expect(first.indexOf('Chapter End Notes')).toBeGreaterThan(first.indexOf('she found the door'));
    }
    if (tools.epubcheck) {
      const check = epubcheck(epub);
      expect(check.errors + check.warnings, JSON.stringify(check)).toBe(0);
    }
    if (tools.poppler) {
      const pdf = join(dist, readdirSync(dist).find((f) => f.endsWith('.pdf'))!);
      const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/-\n/g, '');
      expect(missingInOrder(words(text), all)).toBeUndefined();
      if (archive) expect(text).toContain('Chapter End Notes');
    }
  }, 60_000);
});

describe('round trip: build → import → build', () => {
  it.each([
    { name: 'the sample book (No. 2 of a series)', dir: () => resolve(__dirname, '../manuscript') },
    {
      name: 'a series book with chapter notes (imported from AO3)',
      dir: () => {
        const dir = join(tmp, 'rt-ao3-source');
        expect(runCli(['import', join(FIXTURES, 'ao3.html'), '--out', dir]).status).toBe(0);
        return dir;
      },
    },
  ])('gives the same chapter text and metadata for $name', ({ name, dir: source }) => {
    const dir = source();
    const key = name.replace(/\W+/g, '-');
    const first = join(tmp, `rt-first-${key}`);
    const env = { SOURCE_DATE_EPOCH: '1712793600' };
    expect(runCli(['build', dir, '--out', first, '--format', 'epub'], { env }).status).toBe(0);
    const epub1 = join(first, readdirSync(first)[0]);
    const folder = join(tmp, `rt-folder-${key}`);
    const imp = runCli(['import', epub1, '--out', folder]);
    expect(imp.status, imp.stderr).toBe(0);
    expect(imp.stdout).toContain('Imported an EPUB made by build-ebook');
    const second = join(tmp, `rt-second-${key}`);
    const b2 = runCli(['build', folder, '--out', second, '--format', 'epub'], { env });
    expect(b2.status, b2.stderr).toBe(0);
    const epub2 = join(second, readdirSync(second)[0]);
    const z1 = unzipSync(readFileSync(epub1));
    const z2 = unzipSync(readFileSync(epub2));
    const chapters = Object.keys(z1).filter((n) => /chapter-\d+\.xhtml$/.test(n)).sort();
    expect(Object.keys(z2).filter((n) => /chapter-\d+\.xhtml$/.test(n)).sort()).toEqual(chapters);
    const pages = ['summary', 'titlepage', 'disclaimer', 'notes-before', 'notes-after'].map((p) => `EPUB/text/${p}.xhtml`).filter((n) => z1[n]);
    for (const n of [...chapters, ...pages]) expect(strFromU8(z2[n]), n).toBe(strFromU8(z1[n]));
    const meta = (z: Record<string, Uint8Array>) => strFromU8(z['EPUB/package.opf']).replace(/<meta property="dcterms:modified">[^<]*<\/meta>/, '').replace(/[\s\S]*<metadata[^>]*>|<\/metadata>[\s\S]*/g, '');
    expect(meta(z2)).toBe(meta(z1));
  }, 60_000);
});
