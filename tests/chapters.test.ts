import { describe, expect, it } from 'vitest';
import { chapterFileNames, parseChapter, stripControlCharacters } from '../src/manuscript/chapters.js';
import { readChapters } from '../src/manuscript/chapters.js';
import { createImageStore } from '../src/manuscript/images.js';
import { makeBookFolder } from './helpers/book-folder.js';

describe('chapter order', () => {
  it('sorts file names naturally: 2 before 10', () => {
    expect(chapterFileNames(['10-y.md', '2-x.md', '1-a.md', 'notes.txt', '.hidden.md', '~backup.md'])).toEqual([
      '1-a.md',
      '2-x.md',
      '10-y.md',
    ]);
  });

  it('reads chapters in that order with their titles', async () => {
    const dir = makeBookFolder({
      'book.yaml': 'title: T\n',
      '10-last.md': '# Last\n\nEnd.\n',
      '2-middle.md': '# Middle\n\nMiddle.\n',
      '1-first.md': '# First\n\nStart.\n',
    });
    const { chapters, diagnostics } = await readChapters(dir, createImageStore(dir));
    expect(diagnostics).toEqual([]);
    expect(chapters.map((c) => c.titleText)).toEqual(['First', 'Middle', 'Last']);
  });

  it('reports an empty folder and an empty chapter', async () => {
    const empty = makeBookFolder({ 'book.yaml': 'title: T\n' });
    expect((await readChapters(empty, createImageStore(empty))).diagnostics[0].message).toBe('has no chapters');
    const blank = makeBookFolder({ 'book.yaml': 'title: T\n', '1.md': '  \n\n\t\n' });
    expect((await readChapters(blank, createImageStore(blank))).diagnostics[0].message).toBe('is empty');
  });

  it('reports invalid UTF-8 with the byte offset and suggests import', async () => {
    const dir = makeBookFolder({ 'book.yaml': 'title: T\n', '1.md': Buffer.from([0x48, 0x69, 0x20, 0x93, 0x71, 0x94]) });
    const d = (await readChapters(dir, createImageStore(dir))).diagnostics[0];
    expect(d.message).toBe('is not valid UTF-8 (first bad byte at offset 3)');
    expect(d.hint).toContain('build-ebook import');
  });

  it('accepts a BOM and CRLF line ends', async () => {
    const dir = makeBookFolder({ 'book.yaml': 'title: T\n', '1.md': '\uFEFF# One\r\n\r\nHello there.\r\nStill here.\r\n' });
    const { chapters } = await readChapters(dir, createImageStore(dir));
    expect(chapters[0].titleText).toBe('One');
    expect(chapters[0].blocks).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'Hello there. Still here.' }], pos: { file: expect.any(String), line: 3 } },
    ]);
  });
});

describe('a chapter file', () => {
  it('takes its title from a first-line heading', () => {
    const c = parseChapter('# The *Marigold*\n\nText.\n', 'a.md', 1);
    expect(c.titleText).toBe('The Marigold');
    expect(c.title).toEqual([{ kind: 'text', text: 'The ' }, { kind: 'emphasis', children: [{ kind: 'text', text: 'Marigold' }] }]);
    expect(c.blocks).toHaveLength(1);
  });

  it('without a heading is an untitled chapter (its label, "Chapter 4", is the structure stage’s: tests/structure.test.ts)', () => {
    const c = parseChapter('Just text.\n', 'a.md', 4);
    expect(c.id).toBe('chapter-004');
    expect(c.title).toBeUndefined();
    expect(c.titleText).toBeUndefined();
    expect(c.blocks).toHaveLength(1);
  });

  it('turns every thematic-break spelling into a scene break', () => {
    const c = parseChapter('A\n\n***\n\nB\n\n* * *\n\nC\n\n---\n\nD\n', 'a.md', 1);
    expect(c.blocks.filter((b) => b.kind === 'sceneBreak')).toHaveLength(3);
  });

  it('keeps raw HTML as text', () => {
    const c = parseChapter('Hello <script>alert(1)</script> <b>bold</b>\n', 'a.md', 1);
    const text = JSON.stringify(c.blocks);
    expect(text).toContain('<script>alert(1)</script>');
    expect(c.blocks[0].kind).toBe('paragraph');
  });

  it('keeps links a reader can follow and makes the words of any other link plain text', () => {
    const c = parseChapter('[web](https://example.org) [mail](mailto:a@b.example) [here](#x) [file](notes.txt) [ftp](ftp://h/f)\n', 'a.md', 1);
    const p = c.blocks[0];
    expect(p.kind === 'paragraph' && p.children.filter((i) => i.kind === 'link').map((i) => i.kind === 'link' && i.href)).toEqual([
      'https://example.org',
      'mailto:a@b.example',
      '#x',
    ]);
    expect(JSON.stringify(c.blocks)).toContain('"text":" file ftp"');
  });

  it('numbers footnotes within the chapter', () => {
    const c = parseChapter('One[^a] and two[^b].\n\n[^a]: First.\n[^b]: Second.\n', 'a.md', 1);
    expect(c.footnotes.map((f) => [f.id, f.number])).toEqual([
      ['fn1', 1],
      ['fn2', 2],
    ]);
  });
});

describe('control characters', () => {
  it('are removed with a warning naming the line', () => {
    const r = stripControlCharacters('ok\nbad\u0000char\u0007\n', 'x.md');
    expect(r.text).toBe('ok\nbadchar\n');
    expect(r.diagnostics[0]).toMatchObject({ severity: 'warning', line: 2 });
    expect(r.diagnostics[0].message).toContain('removed 2 control characters (first: U+0000)');
  });
});
