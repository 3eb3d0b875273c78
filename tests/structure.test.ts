// The structure stage (src/book/structure.ts): what the writers render, decided once on the model.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstStrongDirection, numbersChapters } from '../src/book/structure.js';
import { loadBook } from '../src/build.js';
import { loadLocale } from '../src/locale/load.js';
import { inlineText, type Block, type Book, type Inline, type NavEntry, type ParsedChapter } from '../src/model/book.js';
import { omnibusBook } from '../src/series/build.js';
import { planSeries } from '../src/series/plan.js';
import { makeBookFolder } from './helpers/book-folder.js';
import { makeSeriesFolder } from './helpers/series-folder.js';

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

async function book(files: Record<string, string>): Promise<Book> {
  const dir = makeBookFolder(files);
  folders.push(dir);
  return (await loadBook(dir)).book;
}

/** The navigation as [label, target, number?, children] rows, for whole-tree comparisons. */
function tree(entries: readonly NavEntry[]): unknown[] {
  return entries.map((e) => [e.kind, e.label, e.target, ...(e.number !== undefined ? [e.number] : []), ...(e.children.length > 0 ? [tree(e.children)] : [])]);
}

const text = (inlines: readonly Inline[] | undefined) => (inlines ? inlineText(inlines) : undefined);

describe('navigation', () => {
  it('of one story is flat: the pages before the contents, the chapters, the pages after, without the title page', async () => {
    const b = await book({
      'book.yaml': 'title: The Night Ferry\nauthor: Maren Holt\nsummary: A crossing.\nnotes:\n  before: Hello.\n  after: Goodbye.\n',
      '1-a.md': '# The Last Crossing\n\nText.\n',
      '2-b.md': '# The Logbook\n\nText.\n',
    });
    expect(tree(b.navigation)).toEqual([
      ['page', 'Summary', 'summary'],
      ['page', 'Author’s Note', 'notes-before'],
      ['chapter', 'The Last Crossing', 'chapter-001', 1],
      ['chapter', 'The Logbook', 'chapter-002', 2],
      ['page', 'Author’s Note', 'notes-after'],
    ]);
    // The contents page comes after the leading pages: the PDF lists only what follows it.
    expect(b.navigation.map((e) => Boolean(e.beforeContents))).toEqual([true, true, false, false, false]);
  });

  it('of an omnibus has two levels, work → its pages and chapters, chapters numbered within their work', async () => {
    const series = makeSeriesFolder();
    folders.push(series);
    const { plan } = await planSeries(series);
    const books = await Promise.all(plan!.works.filter((w) => w.dir).map(async (w) => (await loadBook(w.dir!, { seriesFile: plan!.file })).book));
    const omnibus = omnibusBook(plan!, books);
    expect(tree(omnibus.navigation)).toEqual([
      ['page', 'Introduction', 'introduction'],
      ['work', 'First Light', 'work-01-titlepage', [
        ['page', 'Disclaimer', 'work-01-disclaimer'],
        ['page', 'Summary', 'work-01-summary'],
        ['page', 'Author’s Note', 'work-01-notes-before'],
        ['chapter', 'Dawn', 'work-01-chapter-001', 1],
        ['chapter', 'Dusk', 'work-01-chapter-002', 2],
      ]],
      // A one-shot is labelled by its work's title, not the omnibus's.
      ['work', 'Help Wanted', 'work-02-titlepage', [['page', 'Summary', 'work-02-summary'], ['chapter', 'Help Wanted', 'work-02-chapter-001']]],
      ['work', 'The Long Way Round', 'work-04-titlepage', [
        ['page', 'Disclaimer', 'work-04-disclaimer'],
        ['page', 'Summary', 'work-04-summary'],
        ['chapter', 'Out', 'work-04-chapter-001', 1],
        ['chapter', 'Back', 'work-04-chapter-002', 2],
        ['page', 'Author’s Note', 'work-04-notes-after'],
      ]],
    ]);
    expect(omnibus.chapters.map((c) => [c.label, c.number])).toEqual([['Dawn', 1], ['Dusk', 2], ['Help Wanted', 1], ['Out', 1], ['Back', 2]]);
    // Each work's title page, part by part, in its own place in the series.
    expect(omnibus.works!.map((w) => text(w.titlePage.seriesLine))).toEqual([
      'No. 1 in the series The Tide Tables',
      'No. 2 in the series The Tide Tables',
      'No. 4 in the series The Tide Tables',
    ]);
    // The omnibus's own title page: the series name, its authors; "The collected stories" before them.
    expect(text(omnibus.titlePage.title)).toBe('The Tide Tables');
    expect(text(omnibus.titlePage.byline)).toBe('by Ada Quill and Ben Marsh');
    expect(omnibus.titlePage.other.map((o) => [text(o.children), o.afterByline])).toEqual([['The collected stories', false]]);
    expect(omnibus.titlePage.seriesLine).toBeUndefined();
  });
});

describe('chapter labels', () => {
  it('numbers titled chapters, and labels untitled ones "Chapter N" without numbering the book', async () => {
    const titled = await book({ 'book.yaml': 'title: T\n', '1.md': '# Dawn\n\nA.\n', '2.md': '# Dusk\n\nB.\n' });
    expect(titled.chapters.map((c) => [c.label, c.number, c.numberLabel])).toEqual([['Dawn', 1, 'Chapter 1'], ['Dusk', 2, 'Chapter 2']]);
    const untitled = await book({ 'book.yaml': 'title: T\n', '1.md': 'A.\n', '2.md': 'B.\n', '3.md': 'C.\n' });
    expect(untitled.chapters.map((c) => [c.label, c.number, c.numberLabel])).toEqual([['Chapter 1', 1, undefined], ['Chapter 2', 2, undefined], ['Chapter 3', 3, undefined]]);
    // Their navigation entries carry no number: "2. Chapter 2" would say it twice.
    expect(untitled.navigation.filter((e) => e.kind === 'chapter').map((e) => e.number)).toEqual([undefined, undefined, undefined]);
  });

  it('does not number chapters whose titles number themselves, unless print.number-chapters says so', async () => {
    const files = { '1.md': '# Chapter One\n\nA.\n', '2.md': '# Chapter Two\n\nB.\n' };
    const plain = await book({ 'book.yaml': 'title: T\n', ...files });
    expect(plain.chapters.map((c) => c.numberLabel)).toEqual([undefined, undefined]);
    const forced = await book({ 'book.yaml': 'title: T\nprint:\n  number-chapters: true\n', ...files });
    expect(forced.chapters.map((c) => c.numberLabel)).toEqual(['Chapter 1', 'Chapter 2']);
    const off = await book({ 'book.yaml': 'title: T\nprint:\n  number-chapters: false\n', '1.md': '# Dawn\n\nA.\n', '2.md': '# Dusk\n\nB.\n' });
    expect(off.chapters.map((c) => c.numberLabel)).toEqual([undefined, undefined]);
  });

  it('labels a one-shot’s untitled chapter with the book’s title, as typeset', async () => {
    const b = await book({ 'book.yaml': 'title: "The \\"Last\\" Ferry"\n', 'story.md': 'Once.\n' });
    expect(b.chapters[0]).toMatchObject({ label: 'The “Last” Ferry', number: 1, oneShot: true });
    expect(b.chapters[0].numberLabel).toBeUndefined();
    expect(tree(b.navigation)).toEqual([['chapter', 'The “Last” Ferry', 'chapter-001']]);
  });

  it('takes "Chapter N" and the numbering words from the book’s locale', async () => {
    const b = await book({ 'book.yaml': 'title: Le Bac\nlanguage: fr\n', '1.md': 'A.\n', '2.md': 'B.\n' });
    expect(b.locale.terms.chapter).toBe('Chapitre {number}');
    expect(b.chapters.map((c) => c.label)).toEqual(['Chapitre 1', 'Chapitre 2']);
    // A French title that numbers itself is recognised as such.
    const fr = loadLocale('fr');
    const chapter = (titleText: string): ParsedChapter => ({ id: titleText, titleText, source: 'x.md', blocks: [], footnotes: [] });
    expect(numbersChapters([chapter('Chapitre premier'), chapter('Chapitre deux')], {}, fr)).toBe(false);
    expect(numbersChapters([chapter('Le départ'), chapter('Le retour')], {}, fr)).toBe(true);
    expect(numbersChapters([chapter('Partridge'), chapter('Chapters of Life')], {}, fr)).toBe(true);
    // A script without spaces: the word before the number is enough.
    const zh = { ...fr, terms: { ...fr.terms, chapter: '第{number}章' } };
    expect(numbersChapters([chapter('第一章'), chapter('第二章')], {}, zh)).toBe(false);
    expect(numbersChapters([chapter('渡船'), chapter('灯塔')], {}, zh)).toBe(true);
    // The French file's own words reach the book.
    expect(b.locale.terms.byline).toBe('par {authors}');
  });
});

describe('the title page', () => {
  it('is recorded part by part as its template is filled: title, subtitle, byline, series line', async () => {
    const b = await book({
      'book.yaml': 'title: The Night Ferry\nsubtitle: A Harbour Lights Story\nauthor: [Maren Holt, Owen Pryce]\nseries:\n  name: Harbour Lights\n  number: 2\n',
      '1.md': 'Text.\n',
    });
    const t = b.titlePage;
    expect([text(t.title), text(t.subtitle), text(t.byline), text(t.seriesLine)]).toEqual([
      'The Night Ferry',
      'A Harbour Lights Story',
      'by Maren Holt and Owen Pryce',
      'No. 2 in the series Harbour Lights',
    ]);
    expect(t.other).toEqual([]);
  });

  it('knows the series line by the value it shows, never by searching its words', async () => {
    // A book's own title.md: the old `by {{authors}}` spelling, a line of its own that names the series,
    // and the series line worded differently.
    const b = await book({
      'book.yaml': 'title: The Night Ferry\nauthor: Maren Holt\nseries:\n  name: Harbour Lights\n  number: 2\n',
      '1.md': 'Text.\n',
      'templates/pages/title.md': '# {{title}}\n\nA Harbour Lights story\n\nby {{authors}}\n\nBook {{seriesNumber}} of {{seriesName}}\n\nFor R.\n',
    });
    const t = b.titlePage;
    expect(text(t.byline)).toBe('by Maren Holt');
    expect(text(t.seriesLine)).toBe('Book 2 of Harbour Lights');
    expect(t.other.map((o) => [text(o.children), o.afterByline])).toEqual([['A Harbour Lights story', false], ['For R.', true]]);
    expect(t.subtitle).toBeUndefined();
  });

  it('fills the byline and series line from the locale’s terms', async () => {
    const dir = makeBookFolder({
      'book.yaml': 'title: Le Bac\nlanguage: fr\nauthor: [Anne, Luc]\nseries:\n  name: Les Marées\n  number: 3\n',
      '1.md': 'Texte.\n',
      'templates/locale/fr.yaml': 'terms:\n  byline: de {authors}\n  seriesLine: Tome {number} de la série {name}\nnames:\n  pair: " et "\n',
    });
    folders.push(dir);
    const { book: b } = await loadBook(dir);
    expect(text(b.titlePage.byline)).toBe('de Anne et Luc');
    expect(text(b.titlePage.seriesLine)).toBe('Tome 3 de la série Les Marées');
    // The book's own override keeps the shipped French words it does not change.
    expect(b.locale.terms.contents).toBe('Table des matières');
  });
});

describe('directions', () => {
  it('finds a paragraph’s direction from its first strong character, skipping spans of their own language', () => {
    expect(firstStrongDirection([{ kind: 'text', text: '“12. שלום, world' }])).toBe('rtl');
    expect(firstStrongDirection([{ kind: 'text', text: '— Hello, שלום' }])).toBe('ltr');
    expect(firstStrongDirection([{ kind: 'text', text: '123 …' }])).toBeUndefined();
    expect(firstStrongDirection([{ kind: 'span', lang: 'he', dir: 'rtl', children: [{ kind: 'text', text: 'שלום' }] }, { kind: 'text', text: ' said Tess.' }])).toBe('ltr');
    expect(firstStrongDirection([{ kind: 'emphasis', children: [{ kind: 'text', text: 'مرحبا' }] }])).toBe('rtl');
    expect(firstStrongDirection([{ kind: 'text', text: '漢字' }])).toBe('ltr');
  });

  it('marks a paragraph in a script of the other direction than the book’s, and nothing else', async () => {
    const en = await book({ 'book.yaml': 'title: T\n', '1.md': '# One\n\nShe read it aloud:\n\nשָׁלוֹם עֲלֵיכֶם, said the sign.\n\n> مرحبا بكم\n\nAnd [שלום]{lang=he} again.\n' });
    const blocks = en.chapters[0].blocks;
    expect(blocks.map((b) => (b.kind === 'paragraph' || b.kind === 'blockquote' ? b.dir : undefined))).toEqual([undefined, 'rtl', undefined, undefined]);
    const quote = blocks[2] as Extract<Block, { kind: 'blockquote' }>;
    expect((quote.children[0] as Extract<Block, { kind: 'paragraph' }>).dir).toBe('rtl');
    expect(en.dir).toBe('ltr');

    const he = await book({ 'book.yaml': 'title: T\nlanguage: he\n', '1.md': '# כותרת\n\nשלום.\n\nHello, world.\n' });
    expect(he.dir).toBe('rtl');
    expect(he.chapters[0].blocks.map((b) => (b.kind === 'paragraph' ? b.dir : undefined))).toEqual([undefined, 'ltr']);
    expect(he.chapters[0].titleDir).toBeUndefined();
  });
});

describe('a one-shot book', () => {
  let b: Book;
  beforeAll(async () => {
    b = await book({ 'book.yaml': 'title: Alone\nauthor: A\n', 'only.md': '# The Only One\n\nText.\n' });
  });

  it('keeps its one titled chapter’s title and does not number it', () => {
    expect(b.chapters.map((c) => [c.label, c.numberLabel, c.oneShot])).toEqual([['The Only One', undefined, undefined]]);
  });
});
