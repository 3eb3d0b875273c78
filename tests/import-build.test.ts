// Plain text → import → check → build → epubcheck, and the round trip: the words of the story
// as the file has them are the words of the EPUB's chapters, in order.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { decodeText } from '../src/import/decode.js';
import { tempDir } from './helpers/book-folder.js';
import { pdfText } from './helpers/pdf.js';
import { SHARED_SAMPLES } from './helpers/tools.js';
import { problemLines, validateEpub } from './helpers/validate-epub.js';

// The project's shared samples sit beside the clone (../shared); a clone without them skips their cases
// (tests/global-setup.ts says so once) and still runs the fixtures of its own.
const SAMPLES = join(SHARED_SAMPLES, 'plaintext');
const FIXTURES = resolve(__dirname, 'fixtures/import');

interface Case {
  file: string;
  book: Record<string, unknown>;
  chapters: number;
  sceneBreaks: number;
  /** The story's first and last lines as the file has them, and lines between that are not story text. */
  story: { from: string; to: string; omit: string[] };
  /** Words the front matter must show (summary, disclaimer, notes). */
  frontWords?: Record<string, string>;
}

const cases: Case[] = [
  {
    file: join(SAMPLES, 'lantern-keeper.txt'),
    book: {
      title: 'The Lantern Keeper',
      subtitle: 'A Hollow Creek/Tidewater Crossover',
      series: { name: 'Lanterns Over Hollow Creek', number: 3 },
      fandoms: ['Hollow Creek', 'Tidewater'],
    },
    chapters: 1,
    sceneBreaks: 1,
    story: { from: 'The lanterns along the east bank', to: 'The End', omit: [] },
    frontWords: { summary: 'The night the river lanterns go dark', disclaimer: 'Hollow Creek and Tidewater belong to their creators' },
  },
  {
    file: join(SAMPLES, 'salt-and-signal.txt'),
    book: {
      title: 'Salt and Signal',
      author: 'Wren Alder',
      series: { name: 'Lanterns Over Hollow Creek', number: 4 },
      rating: 'General Audiences',
      status: 'complete',
    },
    chapters: 2,
    sceneBreaks: 2,
    story: { from: 'Chapter 1: The Radio', to: 'THE END', omit: ['xXx', '~*~', 'A/N: Part 5 is in progress. Comments keep the lights on!'] },
    frontWords: { summary: 'Two keepers, one radio', disclaimer: 'Hollow Creek is not mine', 'notes-before': 'Thanks to everyone who asked for more Jo', 'notes-after': 'Part 5 is in progress' },
  },
  {
    file: join(FIXTURES, 'kettle-cp1252-crlf.txt'),
    book: { title: 'Kettle Weather', author: 'Ash Morrow', rating: 'G' },
    chapters: 2,
    sceneBreaks: 1,
    story: { from: 'CHAPTER ONE', to: '~fin~', omit: ['oOo'] },
    frontWords: { summary: 'The storm keeps Bel indoors', 'notes-after': 'Written during an actual storm' },
  },
  {
    file: join(FIXTURES, 'harbour-lines.txt'),
    book: { title: 'Harbour Lines', author: 'Ash Morrow', series: { name: 'The Kettle Years', number: 2 } },
    chapters: 3,
    sceneBreaks: 2,
    story: { from: 'Prologue', to: 'THE END', omit: ['+++'] },
  },
  {
    file: join(FIXTURES, 'glass-float-wrapped.txt'),
    book: {
      title: 'THE GLASS FLOAT',
      subtitle: 'A Kettle Town/Harbour Lights Crossover',
      author: 'Bel Hart',
      series: { name: 'The Kettle Years', number: 1 },
      summary: 'Ned finds a glass float on the beach. It does not want to be found.',
    },
    chapters: 1,
    sceneBreaks: 1,
    story: { from: 'The float was green', to: 'Fin', omit: ['-x-'] },
  },
];

/**
 * Words as letter-and-digit runs, quotes and dashes aside: an apostrophe inside a word belongs to
 * it, and a hyphen between letters joins (so a word the PDF hyphenated at a line end compares equal).
 */
function words(text: string): string[] {
  const normalised = text
    .normalize('NFKC')
    .replace(/\u00ad/g, '')
    .replace(/[’‘ʼ]/g, "'")
    .replace(/(?<=\p{L})-\s*\n\s*(?=\p{L})/gu, '')
    .replace(/(?<=\p{L})-(?=\p{L})/gu, '');
  return normalised.match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? [];
}

/** pdftotext's text without page furniture: folios and the running heads beside them. */
function pdfBodyText(pdf: string, runningHeads: string[]): string {
  const heads = new Set(runningHeads.map((h) => h.trim().toLowerCase()));
  const pages = pdf.split('\f').map((page) => {
    const lines = page.split('\n');
    const filled = lines.map((l, i) => (l.trim() ? i : -1)).filter((i) => i >= 0);
    const top = filled.slice(0, 3);
    const drop = new Set<number>();
    if (top.some((i) => /^\d+$/.test(lines[i].trim()))) {
      for (const i of top) if (/^\d+$/.test(lines[i].trim()) || heads.has(lines[i].trim().toLowerCase())) drop.add(i);
    }
    const last = filled[filled.length - 1];
    if (last !== undefined && /^\d+$/.test(lines[last].trim())) drop.add(last);
    return lines.filter((_, i) => !drop.has(i)).join('\n');
  });
  return pages.join('\n');
}

function sourceStoryWords(c: Case): string[] {
  const lines = decodeText(readFileSync(c.file)).text.split('\n').map((l) => l.trim());
  const from = lines.findIndex((l) => l.startsWith(c.story.from));
  const to = lines.lastIndexOf(c.story.to);
  expect(from, 'story start').toBeGreaterThanOrEqual(0);
  expect(to, 'story end').toBeGreaterThan(from);
  return words(lines.slice(from, to + 1).filter((l) => !c.story.omit.includes(l)).join('\n'));
}

function xhtmlText(xhtml: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(xhtml)?.[1] ?? '';
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

interface Epub {
  opf: string;
  /** Documents in spine order, by manifest id. */
  spine: { id: string; text: string }[];
}

function readEpub(path: string): Epub {
  const files = unzipSync(readFileSync(path));
  const container = strFromU8(files['META-INF/container.xml']);
  const opfPath = /full-path="([^"]+)"/.exec(container)![1];
  const opf = strFromU8(files[opfPath]);
  const base = opfPath.includes('/') ? opfPath.slice(0, opfPath.lastIndexOf('/') + 1) : '';
  const hrefs = new Map<string, string>();
  for (const m of opf.matchAll(/<item\b[^>]*\bid="([^"]+)"[^>]*\bhref="([^"]+)"/g)) hrefs.set(m[1], m[2]);
  const spine = [...opf.matchAll(/<itemref\b[^>]*\bidref="([^"]+)"/g)].map((m) => ({
    id: m[1],
    text: xhtmlText(strFromU8(files[base + hrefs.get(m[1])!])),
  }));
  return { opf, spine };
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'build-ebook', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe.each(cases.filter((c) => existsSync(c.file)))('importing $file', (c) => {
  const work = tempDir('import-build-');
  const bookDir = join(work, 'book');
  const distDir = join(work, 'dist');

  it('imports, checks and builds an EPUB that epubcheck passes without errors or warnings', async () => {
    const imported = await cli('import', c.file, '--out', bookDir);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toMatch(new RegExp(`chapters:\\s+${c.chapters}\\n`));
    expect(imported.out).toMatch(new RegExp(`scene breaks:\\s+${c.sceneBreaks}\\n`));
    expect(readdirSync(bookDir)).not.toContain('series.yaml');
    const book = parseYaml(readFileSync(join(bookDir, 'book.yaml'), 'utf8'));
    expect(book).toMatchObject(c.book);

    const checked = await cli('check', bookDir);
    expect(checked.code, checked.err).toBe(0);
    const built = await cli('build', bookDir, '--out', distDir);
    expect(built.code, built.err).toBe(0);
    const epubs = readdirSync(distDir).filter((f) => f.endsWith('.epub'));
    expect(epubs).toHaveLength(1);

    const check = await validateEpub(join(distDir, epubs[0]));
    expect(problemLines(check), check.checker).toEqual([]);
    expect(check.fatals + check.errors + check.warnings).toBe(0);
  }, 60_000);

  it('keeps every word of the story, in order, in the EPUB chapters', () => {
    const epubs = readdirSync(distDir).filter((f) => f.endsWith('.epub'));
    const epub = readEpub(join(distDir, epubs[0]));
    const chapters = epub.spine.filter((d) => /^chapter-/.test(d.id));
    expect(chapters).toHaveLength(c.chapters);
    expect(words(chapters.map((d) => d.text).join('\n'))).toEqual(sourceStoryWords(c));
  });

  it('keeps every word of the story, in order, in the PDF (pdftotext)', () => {
    const pdfs = readdirSync(distDir).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(1);
    const text = pdfText(join(distDir, pdfs[0]));
    const book = parseYaml(readFileSync(join(bookDir, 'book.yaml'), 'utf8'));
    const heads = [book.title, ...[book.author ?? []].flat()];
    const pdfWords = words(pdfBodyText(text, heads)).map((w) => w.toLowerCase());
    const expected = sourceStoryWords(c).map((w) => w.toLowerCase());
    // The story is one unbroken run of the PDF's words: nothing lost, added or reordered inside it.
    const start = pdfWords.findIndex((_, i) => expected.slice(0, 8).every((w, k) => pdfWords[i + k] === w));
    expect(start, 'start of the story in the PDF').toBeGreaterThanOrEqual(0);
    expect(pdfWords.slice(start, start + expected.length)).toEqual(expected);
  });

  it('shows the header text in the front matter', () => {
    const epubs = readdirSync(distDir).filter((f) => f.endsWith('.epub'));
    const epub = readEpub(join(distDir, epubs[0]));
    const title = String(c.book.title);
    expect(epub.opf).toContain(`>${title}</dc:title>`);
    for (const [page, text] of Object.entries(c.frontWords ?? {})) {
      const doc = epub.spine.find((d) => d.id === page);
      expect(doc, `${page} page`).toBeDefined();
      expect(words(doc!.text).join(' ')).toContain(words(text).join(' '));
    }
  });
});

it('decodes the Windows-1252 fixture into the EPUB with its curly quotes, dashes and accents', async () => {
  const work = tempDir('import-build-');
  expect((await cli('import', join(FIXTURES, 'kettle-cp1252-crlf.txt'), '--out', join(work, 'book'))).code).toBe(0);
  expect((await cli('build', join(work, 'book'), '--out', join(work, 'dist'))).code).toBe(0);
  const epub = readEpub(join(work, 'dist', readdirSync(join(work, 'dist'))[0]));
  const text = epub.spine.filter((d) => /^chapter-/.test(d.id)).map((d) => d.text).join('\n');
  for (const s of ['It’s coming down sideways', 'kettle — the old copper', 'café', 'naïve', '‘the dragon’']) expect(text).toContain(s);
});
