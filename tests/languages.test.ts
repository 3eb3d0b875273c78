// One short story in each of seven languages (tests/fixtures/languages/), built as a user would with the
// CLI: both editions open, every word comes back in reading order, the language's quotation marks and
// direction reach both editions, and every face the PDF uses is embedded.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from './helpers/cli.js';
import { readEpub } from './helpers/epub-files.js';
import { tempDir } from './helpers/book-folder.js';
import * as mupdf from 'mupdf';
import { pdfFonts, pdfReader, pdfText } from './helpers/pdf.js';
import { tools } from './helpers/tools.js';
import { epubChecker, problemLines, validateEpub } from './helpers/validate-epub.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'languages');
const LANGUAGES = ['de', 'fr', 'ru', 'zh', 'ja', 'ar', 'he'] as const;
const RTL = new Set(['ar', 'he']);

/** Letters, marks and digits only, compatibility forms folded (Arabic presentation forms → letters). */
function letters(text: string): string {
  return text.normalize('NFKC').replace(/[^\p{L}\p{M}\p{N}]+/gu, '');
}

/** The story's words in reading order, from its Markdown (headings and scene breaks included). */
function sourceWords(dir: string): string[] {
  const chapters = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
  const text = chapters.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  return text
    .normalize('NFKC')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
}

/** Asserts each word occurs in `text` after the previous one (running heads and folios may come between). */
function expectInOrder(text: string, words: readonly string[], what: string): void {
  const stream = letters(text);
  let at = 0;
  for (const word of words) {
    const found = stream.indexOf(word, at);
    expect(found, `${what}: "${word}" after position ${at} of ${stream.slice(Math.max(0, at - 20), at + 40)}`).toBeGreaterThanOrEqual(0);
    at = found + word.length;
  }
}

function xhtmlText(xhtml: string): string {
  return xhtml
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"');
}

const out = tempDir();
/** The edition the build wrote for a language (named after the story's title). */
function edition(lang: string, ext: 'epub' | 'pdf'): string {
  const dir = join(out, lang);
  const name = readdirSync(dir).find((f) => f.endsWith(`.${ext}`));
  if (!name) throw new Error(`no .${ext} in ${dir}`);
  return join(dir, name);
}
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.each(LANGUAGES)('a story in %s', (lang) => {
  const source = join(FIXTURES, lang);
  const dest = join(out, lang);
  let built: ReturnType<typeof runCli>;
  let epub = '';
  let pdf = '';

  beforeAll(() => {
    built = runCli(['build', source, '--out', dest], { env: { SOURCE_DATE_EPOCH: '0' } });
    epub = edition(lang, 'epub');
    pdf = edition(lang, 'pdf');
  }, 120_000);

  test('builds both editions with no warning (no character without a glyph)', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr).not.toMatch(/warning/i);
  });

  test('the EPUB names its language and direction on every document, and reads in order', () => {
    const entries = readEpub(epub);
    const opf = entries.get('EPUB/package.opf') ?? '';
    expect(opf).toContain(`<dc:language>${lang}</dc:language>`);
    if (RTL.has(lang)) expect(opf).toMatch(/<spine[^>]*page-progression-direction="rtl"/);
    else expect(opf).not.toContain('page-progression-direction="rtl"');
    const documents = [...entries.keys()].filter((n) => n.endsWith('.xhtml'));
    for (const name of documents) {
      const html = /<html[^>]*>/.exec(entries.get(name) ?? '')?.[0] ?? '';
      expect(html, name).toContain(`xml:lang="${lang}"`);
      expect(html, name).toContain(`lang="${lang}"`);
      if (RTL.has(lang)) expect(html, name).toContain('dir="rtl"');
    }
    const chapter = documents.filter((n) => /chapter/.test(n)).map((n) => xhtmlText(entries.get(n) ?? '')).join('\n');
    expectInOrder(chapter, sourceWords(source).slice(1), 'EPUB');
  });

  test(`${epubChecker} finds nothing`, async () => {
    const result = await validateEpub(epub);
    expect(problemLines(result)).toEqual([]);
    expect(result.errors + result.fatals + result.warnings).toBe(0);
  });

  // pdftotext turns a right-to-left line around into reading order; the MuPDF stand-in reads words left to
  // right as they stand on the page, so there the right-to-left stories are checked for every word only.
  const ordered = !RTL.has(lang) || pdfReader === 'poppler';
  test(`${pdfReader === 'poppler' ? 'pdftotext' : 'MuPDF'} gives back every word${ordered ? ' in reading order' : ' (order needs poppler)'}`, () => {
    const text = pdfText(pdf);
    if (ordered) expectInOrder(text, sourceWords(source).slice(1), 'PDF');
    else for (const word of sourceWords(source)) expect(letters(text), word).toContain(word);
  });

  test(`every face in the PDF is embedded as a subset (${pdfReader === 'poppler' ? 'pdffonts' : 'MuPDF'})`, () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true);
      expect(font.subset, font.name).toBe(true);
      expect(font.unicode, font.name).toBe(true);
    }
  });
});

describe('the language’s quotation marks in both editions', () => {
  const NNBSP = '\u202F';
  const chapterText = (lang: string) =>
    [...readEpub(edition(lang, 'epub')).entries()]
      .filter(([n]) => /chapter.*\.xhtml$/.test(n))
      .map(([, x]) => xhtmlText(x))
      .join('\n');

  test('French: « Bonjour ! » with narrow no-break spaces, in the EPUB', () => {
    const text = chapterText('fr');
    expect(text).toContain(`«${NNBSP}Bonjour${NNBSP}!${NNBSP}»`);
    expect(text).toContain(`courrier${NNBSP};`);
    // Inside « », French quotes with “ ” (and 'Un is no English elision).
    expect(text).toContain('“Un bateau qu’on attend trouve son chemin.”');
  });

  test('French: « Bonjour ! » with narrow no-break spaces, in the PDF (read back by MuPDF)', () => {
    const doc = mupdf.Document.openDocument(readFileSync(edition('fr', 'pdf')), 'application/pdf');
    let text = '';
    // MuPDF keeps each space character as the PDF maps it (poppler turns every one into U+0020).
    for (let i = 0; i < doc.countPages(); i++) text += doc.loadPage(i).toStructuredText('preserve-whitespace').asText();
    doc.destroy();
    expect(text).toContain(`«${NNBSP}Bonjour${NNBSP}!${NNBSP}»`);
    expect(text).toContain(`courrier${NNBSP};`);
  });

  test.skipIf(!tools.poppler)('French: pdftotext reads « Bonjour ! » as one line (poppler writes every space as U+0020)', () => {
    expect(pdfText(edition('fr', 'pdf'))).toContain('« Bonjour ! »');
  });

  test('German: „…“ outside, ‚…‘ inside, in the EPUB', () => {
    const text = chapterText('de');
    expect(text).toContain('„Großvater“');
    expect(text).toContain('‚Ein Schiff, auf das jemand wartet, findet seinen Weg.‘“');
  });

  test('German: „…“ in the PDF', () => {
    expect(pdfText(edition('de', 'pdf'))).toContain('„Großvater“');
  });

  test('Russian «…» with „…“ inside; Japanese 「…」 with 『…』 inside; Chinese “…”', () => {
    expect(chapterText('ru')).toContain('«Дедушка, „Мэриголд“ ещё не вернулась»');
    expect(chapterText('ja')).toContain('『待っている人がいる船は、必ず道を見つける』');
    expect(chapterText('ja')).toContain('「おじいちゃん、');
    expect(chapterText('zh')).toContain('“爷爷，”');
  });
});

describe('the contents of a right-to-left book', () => {
  test('a Hebrew title stands against the right edge, its page number on the left, leaders between', async () => {
    const { loadBook } = await import('../src/build.js');
    const { layoutBook } = await import('../src/writers/pdf/layout/index.js');
    const { book } = await loadBook(join(FIXTURES, 'he'));
    const { layout } = await layoutBook(book);
    const entry = layout.pages
      .flatMap((page) => page.items.map((item) => ({ page, item })))
      .find(({ item }) => item.kind === 'line' && item.role === 'toc' && item.runs.some((r) => r.text.includes('הערפל')));
    expect(entry).toBeDefined();
    const { page, item } = entry!;
    if (item.kind !== 'line') throw new Error('not a line');
    const title = item.runs.find((r) => r.text.includes('הערפל'))!;
    const number = item.runs.find((r) => /^\d+$/.test(r.text))!;
    expect(title.x + title.width).toBeCloseTo(page.textBlock.right, 0);
    expect(number.x).toBeCloseTo(page.textBlock.left, 0);
    expect(item.runs.some((r) => /^(\. )+\.$/.test(r.text))).toBe(true);
  });
});
