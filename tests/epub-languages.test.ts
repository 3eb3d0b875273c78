// The EPUB says what language and direction every part of it is in: each document's <html>, passages and
// spans in another language, paragraphs in a script of the other direction, and the page progression of
// a right-to-left book.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../src/build.js';
import { makeBookFolder, tempDir } from './helpers/book-folder.js';
import { epubcheck, problems } from './helpers/epubcheck.js';
import { readEpub } from './helpers/epub-files.js';
import { tools } from './helpers/tools.js';

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

async function build(files: Record<string, string>): Promise<{ file: string; entries: Map<string, string> }> {
  const dir = makeBookFolder(files);
  const out = tempDir();
  folders.push(dir, out);
  const { editions } = await buildBook(dir, { outDir: out, formats: ['epub'] });
  const file = editions[0].path;
  return { file, entries: readEpub(file) };
}

const htmlTag = (xhtml: string) => /<html [^>]*>/.exec(xhtml)![0];

describe('an English book with passages in other languages', () => {
  let file: string;
  let entries: Map<string, string>;
  beforeAll(async () => {
    ({ file, entries } = await build({
      'book.yaml': 'title: Harbour Words\nauthor: Maren Holt\nlanguage: en-GB\nallow-html: true\n',
      '1-one.md': [
        '# Greetings',
        '',
        'Tess said [bonjour]{lang=fr} to the ferryman, who answered [שלום]{lang=he} and went below.',
        '',
        'The sign over the door read:',
        '',
        'שָׁלוֹם עֲלֵיכֶם, ברוכים הבאים',
        '',
        '<p lang="de">Willkommen im Hafen.</p>',
        '',
        'Then the bell rang[^1].',
        '',
        '[^1]: It rang [trois fois]{lang=fr}.',
        '',
      ].join('\n'),
      '2-two.md': '# שער\n\nA chapter whose title is Hebrew.\n',
    }));
  });

  it('puts the book’s language and direction on every document’s <html>', () => {
    for (const [name, xhtml] of entries) {
      if (!name.endsWith('.xhtml')) continue;
      expect(htmlTag(xhtml), name).toBe('<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en-GB" lang="en-GB" dir="ltr">');
    }
    expect(entries.get('EPUB/package.opf')).toContain('<dc:language>en-GB</dc:language>');
    expect(entries.get('EPUB/package.opf')).not.toContain('page-progression-direction');
  });

  it('marks spans with lang and xml:lang, and dir only where the direction changes', () => {
    const chapter = entries.get('EPUB/text/chapter-001.xhtml')!;
    expect(chapter).toContain('<span xml:lang="fr" lang="fr">bonjour</span>');
    expect(chapter).toContain('<span xml:lang="he" lang="he" dir="rtl">שלום</span>');
    // In a footnote too.
    expect(chapter).toContain('<span xml:lang="fr" lang="fr">trois fois</span>');
  });

  it('gives a Hebrew paragraph dir="rtl", and an HTML paragraph its lang', () => {
    const chapter = entries.get('EPUB/text/chapter-001.xhtml')!;
    expect(chapter).toContain('<p dir="rtl">שָׁלוֹם עֲלֵיכֶם, ברוכים הבאים</p>');
    expect(chapter).toContain('<p xml:lang="de" lang="de">Willkommen im Hafen.</p>');
    // The paragraph that starts in English with a Hebrew word later stays as the book is.
    expect(chapter).toMatch(/<p>Tess said /);
    expect(entries.get('EPUB/text/chapter-002.xhtml')).toContain('<h1 id="chapter-002-title" dir="rtl">שער</h1>');
  });

  it.skipIf(!tools.epubcheck)('passes epubcheck with no errors and no warnings', () => {
    const result = epubcheck(file);
    expect(problems(result)).toEqual([]);
    expect(result.fatals + result.errors + result.warnings).toBe(0);
  });
});

describe.each([
  ['he', 'ספר הנמל', 'פרק ראשון', 'הספינה יצאה עם שחר, ו־[Tess]{lang=en} עמדה על הרציף.'],
  ['ar', 'كتاب الميناء', 'الفصل الأول', 'خرجت السفينة عند الفجر، ووقفت [Tess]{lang=en} على الرصيف.'],
])('a right-to-left book (language: %s)', (lang, title, chapterTitle, sentence) => {
  let file: string;
  let entries: Map<string, string>;
  beforeAll(async () => {
    ({ file, entries } = await build({
      'book.yaml': `title: ${title}\nauthor: Maren Holt\nlanguage: ${lang}\n`,
      '1.md': `# ${chapterTitle}\n\n${sentence}\n\nThe captain wrote this line in English.\n`,
      '2.md': `# 2\n\n${sentence}\n`,
    }));
  });

  it('reads right to left: page-progression-direction="rtl", dir="rtl" on every document', () => {
    expect(entries.get('EPUB/package.opf')).toContain('<spine toc="ncx" page-progression-direction="rtl">');
    expect(entries.get('EPUB/package.opf')).toContain(`<dc:language>${lang}</dc:language>`);
    for (const [name, xhtml] of entries) {
      if (name.endsWith('.xhtml')) expect(htmlTag(xhtml), name).toContain(`xml:lang="${lang}" lang="${lang}" dir="rtl"`);
    }
  });

  it('sets an English span and an English paragraph left to right', () => {
    const chapter = entries.get('EPUB/text/chapter-001.xhtml')!;
    expect(chapter).toContain('<span xml:lang="en" lang="en" dir="ltr">Tess</span>');
    expect(chapter).toContain('<p dir="ltr">The captain wrote this line in English.</p>');
    expect(chapter).toContain(`<h1 id="chapter-001-title">${chapterTitle}</h1>`);
  });

  it.skipIf(!tools.epubcheck)('passes epubcheck with no errors and no warnings', () => {
    const result = epubcheck(file);
    expect(problems(result)).toEqual([]);
    expect(result.fatals + result.errors + result.warnings).toBe(0);
  });
});

describe('a Japanese book', () => {
  it('keeps its language on every document, and the stylesheet names no Latin face for it', async () => {
    const { entries } = await build({ 'book.yaml': 'title: 港の本\nlanguage: ja\n', '1.md': '# 第一章\n\n船は夜明けに出た。\n' });
    expect(htmlTag(entries.get('EPUB/text/chapter-001.xhtml')!)).toContain('xml:lang="ja" lang="ja" dir="ltr"');
    const css = entries.get('EPUB/css/book.css')!;
    expect(css).not.toMatch(/font-family/);
    expect(css).toMatch(/p:lang\(ja\)[^{]*\{\s*text-indent: 2em;/);
    expect(css).toMatch(/:lang\(ja\)[^{]*\{\s*line-height: 1\.7;\s*hyphens: none;/);
  });
});
