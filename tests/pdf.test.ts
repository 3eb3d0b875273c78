// The print edition: layout invariants on the layout model, and file checks with the tools a
// reader or printer would meet (qpdf, pdffonts, pdfinfo, pdftotext; MuPDF where they are not installed).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from './helpers/book-folder.js';
import { expectPdfClean, pdfFonts, pdfInfo, pdfOutline, pdfPageLabels, pdfText } from './helpers/pdf.js';
import { TRIMS, writePdf } from '../src/writers/pdf/index.js';
import { layoutBook, type LayoutDocument } from '../src/writers/pdf/layout/index.js';
import type { LayoutLine } from '../src/writers/pdf/layout/model.js';
import type { Block, Book } from '../src/model/book.js';
import { trimSpec } from '../src/writers/pdf/trims.js';
import { resolveStructure } from '../src/book/structure.js';
import { bookWords, CODE_LINES, makeBook, makeDraft, sentences } from './fixtures/pdf-book.js';

const dir = tempDir('pdf-test-');

/** The text's words in order, and each footnote's words in order (notes print at a page foot). */
function expectAllWords(pdfText: string, book: Book): void {
  // Undo hyphenation at line ends, then compare words with hyphens and punctuation ignored.
  const norm = (w: string) => w.normalize('NFC').replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
  const pdfWords = pdfText.replace(/-\n/g, '').split(/\s+/).map(norm).filter(Boolean);
  const inOrder = (words: string[]) => {
    let at = 0;
    for (const word of words.map(norm).filter(Boolean)) {
      const found = pdfWords.indexOf(word, at);
      expect(found, `"${word}" after word ${at}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  };
  const { text, notes } = bookWords(book);
  inOrder(text);
  for (const note of notes) inOrder(note);
}

function bodyLines(layout: LayoutDocument) {
  return layout.pages.flatMap((page) => page.items.filter((i): i is LayoutLine => i.kind === 'line').map((line) => ({ page, line })));
}

describe('layout of a three-chapter book in 6x9', () => {
  let layout: LayoutDocument;
  beforeAll(async () => {
    ({ layout } = await layoutBook(makeBook()));
  }, 60_000);

  test('every line lies inside its page’s text block', () => {
    const lines = bodyLines(layout);
    expect(lines.length).toBeGreaterThan(500);
    for (const { page, line } of lines) {
      const b = page.textBlock;
      expect(line.top, `page ${page.label}`).toBeGreaterThanOrEqual(b.top - 0.01);
      expect(line.bottom, `page ${page.label}`).toBeLessThanOrEqual(b.bottom + 0.01);
      for (const run of line.runs) {
        expect(run.x, `page ${page.label}: ${run.text}`).toBeGreaterThanOrEqual(b.left - 0.01);
        expect(run.x + run.width, `page ${page.label}: ${run.text}`).toBeLessThanOrEqual(b.right + 0.05);
      }
    }
  });

  test('justified lines end at the right edge of the text block', () => {
    let full = 0;
    for (const { page, line } of bodyLines(layout)) {
      if (line.role !== 'body' || line.lineIndex === undefined || line.lineIndex === line.lineCount! - 1) continue;
      // Only full-measure text (block quotes and lists have their own right edge).
      if (Math.abs(line.x - page.textBlock.left) > 0.01) continue;
      const last = line.runs[line.runs.length - 1];
      expect(last.x + last.width).toBeCloseTo(page.textBlock.right, 1);
      full++;
    }
    expect(full).toBeGreaterThan(300);
  });

  test('no widows or orphans: a paragraph split by a page keeps two lines on each side', () => {
    const parts = new Map<number, Map<number, number>>();
    for (const { page, line } of bodyLines(layout)) {
      if (line.paragraph === undefined) continue;
      const perPage = parts.get(line.paragraph) ?? new Map<number, number>();
      perPage.set(page.index, (perPage.get(page.index) ?? 0) + 1);
      parts.set(line.paragraph, perPage);
    }
    let split = 0;
    for (const perPage of parts.values()) {
      if (perPage.size < 2) continue;
      split++;
      for (const count of perPage.values()) expect(count).toBeGreaterThanOrEqual(2);
    }
    expect(split).toBeGreaterThan(5);
  });

  test('no page ends in a hyphenated word, and never more than two hyphenated lines in a row', () => {
    let hyphenated = 0;
    for (const page of layout.pages) {
      const lines = page.items.filter((i): i is LayoutLine => i.kind === 'line' && i.role === 'body');
      const last = lines[lines.length - 1];
      if (last && last.lineIndex! < last.lineCount! - 1) expect(last.hyphenated, `page ${page.label}`).toBe(false);
      let streak = 0;
      for (const line of lines) {
        streak = line.hyphenated ? streak + 1 : 0;
        if (line.hyphenated) hyphenated++;
        expect(streak).toBeLessThanOrEqual(2);
      }
    }
    expect(hyphenated).toBeGreaterThan(0);
  });

  test('contents page numbers are the pages where the chapters start', () => {
    const chapters = layout.toc.filter((e) => e.chapter !== undefined);
    expect(chapters).toHaveLength(3);
    for (const entry of chapters) {
      const page = layout.pages[entry.pageIndex];
      expect(page.opener).toBe(true);
      expect(page.chapter).toBe(entry.chapter);
      expect(page.label).toBe(entry.pageLabel);
      expect(page.destinations).toContain(entry.destination);
    }
    // The contents page prints those numbers.
    const contents = layout.pages.find((p) => p.section === 'contents')!;
    const printed = contents.items.filter((i): i is LayoutLine => i.kind === 'line' && i.role === 'toc').map((l) => l.runs[l.runs.length - 1].text);
    expect(printed).toEqual(layout.toc.map((e) => e.pageLabel));
  });

  test('page labels: roman front matter, arabic from 1 at chapter 1, which is a recto', () => {
    const first = layout.pages[layout.firstBodyPage];
    expect(first.label).toBe('1');
    expect(first.side).toBe('recto');
    expect(first.chapter).toBe(0);
    expect(layout.pages.slice(0, layout.firstBodyPage).map((p) => p.label)).toEqual(['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii'].slice(0, layout.firstBodyPage));
    expect(layout.pages[2].destinations).toContain('title-page');
    expect(layout.pages[2].side).toBe('recto');
    const contents = layout.pages.find((p) => p.section === 'contents')!;
    expect(contents.side).toBe('recto');
  });

  test('running heads and folios only on body pages that are not openers', () => {
    for (const page of layout.pages) {
      if (page.section !== 'body' || page.opener || page.blank) expect(page.furniture).toHaveLength(0);
      else {
        const folio = page.furniture.find((l) => l.role === 'folio')!;
        expect(folio.runs[0].text).toBe(page.label);
        const head = page.furniture.find((l) => l.role === 'running-head')!;
        expect(head.runs[0].text).toBe(page.side === 'recto' ? 'The Cartographer’s Daughter' : 'Wren Halloway');
        expect(head.bottom).toBeLessThan(page.textBlock.top);
      }
    }
  });

  test('mirrored margins: the wider margin is on the binding side', () => {
    const recto = layout.pages[layout.firstBodyPage];
    const verso = layout.pages[layout.firstBodyPage + 1];
    expect(recto.textBlock.left).toBeCloseTo(layout.innerMargin, 5);
    expect(layout.width - verso.textBlock.right).toBeCloseTo(layout.innerMargin, 5);
    expect(layout.innerMargin).toBeGreaterThan(recto.textBlock.left - (recto.textBlock.left - verso.textBlock.left));
  });

  test('long code lines wrap inside the text block and keep every character', () => {
    const code = bodyLines(layout).filter(({ line }) => line.role === 'code');
    expect(code.length).toBeGreaterThan(CODE_LINES.length);
    const text = code.map(({ line }) => line.runs.map((r) => r.text).join('')).join('').replace(/[\s\u00A0]/g, '');
    expect(text).toBe(CODE_LINES.join('').replace(/\s/g, ''));
    for (const { page, line } of code) expect(line.x + line.width).toBeLessThanOrEqual(page.textBlock.right + 0.05);
  });

  test('a scene break prints its ornament', () => {
    const ornaments = bodyLines(layout).filter(({ line }) => line.role === 'ornament');
    expect(ornaments.length).toBe(2);
  });
});

test('the title page says what the model’s title page says (one wording for EPUB and PDF)', async () => {
  const draft = makeDraft({ longParagraphs: 2 });
  const page = draft.front.find((p) => p.role === 'titlepage')!;
  page.blocks[3] = { kind: 'paragraph', children: [{ kind: 'text', text: 'Second of The Saltmarsh Stories' }] };
  const { layout } = await layoutBook(resolveStructure(draft));
  const title = layout.pages.find((p) => p.destinations.includes('title-page'))!;
  const lines = title.items.filter((i): i is LayoutLine => i.kind === 'line');
  const text = (l: LayoutLine) => l.runs.map((r) => r.text).join('');
  expect(lines.map(text)).toEqual(['The Cartographer’s Daughter', 'A Saltmarsh Story', 'by Wren Halloway', 'Second of The Saltmarsh Stories']);
  // The series line sits at the foot of the text block, the author line in the middle.
  const series = lines[3];
  expect(series.bottom).toBeGreaterThan(title.textBlock.bottom - layout.height * 0.1);
  expect(lines[2].y).toBeLessThan(series.y - layout.height * 0.2);
}, 60_000);

describe('drop-cap openers', () => {
  let layout: LayoutDocument;
  let text: string;
  const book = makeBook({ longParagraphs: 10 });
  book.print.opener = 'drop-cap';
  // Chapter 2 opens with a one-line paragraph, chapter 3 with a quotation.
  book.chapters[1].blocks.unshift({ kind: 'paragraph', children: [{ kind: 'text', text: 'It rained.' }] });
  book.chapters[2].blocks.unshift({ kind: 'paragraph', children: [{ kind: 'text', text: '“Keep the lamp lit,” said nobody in particular, and the lamp stayed lit all the same, all through the night and the gale, until the morning came grey over the water.' }] });
  beforeAll(async () => {
    ({ layout } = await layoutBook(book));
    const { data } = await writePdf(book);
    const file = join(dir, 'drop-cap.pdf');
    writeFileSync(file, data);
    text = pdfText(file);
  }, 60_000);

  test('each chapter opens with a cap three lines tall and the lines beside it shortened', () => {
    const openers = layout.pages.filter((p) => p.opener && p.section === 'body');
    expect(openers).toHaveLength(3);
    // Only the chapters' first paragraphs: not a block quote's or a list's (three letters and one quote mark).
    const all = layout.pages.flatMap((p) => p.items.filter((i) => i.kind === 'line' && i.role === 'drop-cap').map(() => p));
    expect(all.every((p) => openers.includes(p))).toBe(true);
    expect(all).toHaveLength(4);
    for (const page of openers) {
      const lines = page.items.filter((i): i is LayoutLine => i.kind === 'line');
      const caps = lines.filter((l) => l.role === 'drop-cap');
      const letter = caps[caps.length - 1];
      const body = lines.filter((l) => l.role === 'body').sort((a, b) => a.y - b.y);
      // The letter's baseline is the third text line's; its top reaches the first line's capitals.
      expect(letter.y).toBeCloseTo(body[2].y, 2);
      expect(letter.top).toBeLessThan(body[0].y - 0.5 * body[0].runs[0].size);
      expect(letter.top).toBeGreaterThan(body[0].top - 2);
      const capRight = Math.max(...caps.map((c) => c.x + c.width));
      for (const line of body.slice(0, 3)) expect(line.runs.filter((r) => !r.invisible)[0].x).toBeGreaterThan(capRight);
      // Below the cap the text is full width again.
      expect(body[3].x).toBeCloseTo(page.textBlock.left, 2);
      expect(letter.x).toBeGreaterThanOrEqual(page.textBlock.left - 0.01);
    }
  });

  test('an opening quotation mark goes with the letter', () => {
    const page = layout.pages.filter((p) => p.opener && p.section === 'body')[2];
    const caps = page.items.filter((i): i is LayoutLine => i.kind === 'line' && i.role === 'drop-cap');
    expect(caps.map((c) => c.runs[0].text)).toEqual(['“', 'K']);
    expect(caps[0].x + caps[0].width).toBeLessThanOrEqual(caps[1].x + 0.01);
  });

  test('the text reads whole in pdftotext: the first word, the quote, the short paragraph', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('The morning Maren found the map');
    expect(flat).toContain('It rained.');
    expect(flat).toContain('“Keep the lamp lit,” said nobody');
    expectAllWords(text, book);
  });
});

describe('footnotes at the foot of the page', () => {
  const refPage = (layout: LayoutDocument, n: number, chapter = 0) =>
    layout.pages.find((p) => p.chapter === chapter && p.items.some((i) => i.kind === 'line' && i.role !== 'footnote' && i.runs.some((r) => r.features?.includes('sups') && r.text === String(n))))!;
  const noteLines = (page: LayoutDocument['pages'][number]) => page.items.filter((i): i is LayoutLine => i.kind === 'line' && i.role === 'footnote');

  test('a note sits below the text of the page that refers to it, at the foot of the text block', async () => {
    const { layout } = await layoutBook(makeBook({ longParagraphs: 10 }));
    const page = refPage(layout, 1);
    const notes = noteLines(page);
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0].runs.map((r) => r.text).join('')).toMatch(/^1\.\s*Maren would later claim/);
    const text = page.items.filter((i): i is LayoutLine => i.kind === 'line' && i.role !== 'footnote');
    expect(Math.min(...notes.map((l) => l.top))).toBeGreaterThan(Math.max(...text.map((l) => l.bottom)));
    expect(Math.max(...notes.map((l) => l.bottom))).toBeGreaterThan(page.textBlock.bottom - layout.pages[0].textBlock.bottom * 0.05);
    // A rule separates the notes from the text.
    expect(page.items.some((i) => i.kind === 'rule')).toBe(true);
    // No note anywhere else.
    expect(layout.pages.filter((p) => noteLines(p).length > 0).map((p) => p.index)).toEqual([page.index]);
  }, 60_000);

  test('a note referred to twice is printed once, where it is first referred to', async () => {
    const book = makeBook({ longParagraphs: 30 });
    const chapter = book.chapters[1];
    for (const k of [3, 25]) {
      const para = chapter.blocks[k] as Extract<Block, { kind: 'paragraph' }>;
      para.children = [...para.children, { kind: 'footnoteRef', id: 'twice', number: 1 }];
    }
    chapter.footnotes = [{ id: 'twice', number: 1, blocks: [{ kind: 'paragraph', children: [{ kind: 'text', text: 'Said twice, printed once.' }] }] }];
    const { layout } = await layoutBook(book);
    const refs = layout.pages.filter((p) => p.chapter === 1 && p.items.some((i) => i.kind === 'line' && i.role !== 'footnote' && i.runs.some((r) => r.features?.includes('sups'))));
    expect(refs.length).toBe(2);
    const printed = layout.pages.filter((p) => p.chapter === 1 && noteLines(p).length > 0);
    expect(printed.map((p) => p.index)).toEqual([refs[0].index]);
  }, 60_000);

  test('a note too long for the page continues on the next one; a note nothing refers to ends the chapter', async () => {
    const book = makeBook({ longParagraphs: 30 });
    const chapter = book.chapters[1];
    const target = chapter.blocks[12] as Extract<Block, { kind: 'paragraph' }>;
    target.children = [...target.children, { kind: 'footnoteRef', id: 'long', number: 1 }];
    chapter.footnotes = [
      { id: 'long', number: 1, blocks: [{ kind: 'paragraph', children: [{ kind: 'text', text: sentences(45, 5).join(' ') }] }] },
      { id: 'orphan', number: 2, blocks: [{ kind: 'paragraph', children: [{ kind: 'text', text: 'Nobody refers to this note, but it is printed all the same.' }] }] },
    ];
    const { layout } = await layoutBook(book);
    const first = refPage(layout, 1, 1);
    const withNotes = layout.pages.filter((p) => p.chapter === 1 && noteLines(p).length > 0);
    expect(withNotes[0]).toBe(first);
    expect(withNotes[1].index).toBe(first.index + 1);
    const long = withNotes.slice(0, 2).flatMap(noteLines);
    expect(long.length).toBeGreaterThan(noteLines(first).length);
    // The unreferenced note follows the chapter's last text line.
    const last = layout.pages.filter((p) => p.chapter === 1).at(-1)!;
    const lastNote = noteLines(last).at(-1)!;
    expect(lastNote.runs.map((r) => r.text).join('')).toMatch(/printed all the same/);
    const { data } = await writePdf(book);
    const file = join(dir, 'long-note.pdf');
    writeFileSync(file, data);
    expectAllWords(pdfText(file), book);
    for (const { page, line } of bodyLines(layout)) expect(line.bottom, `page ${page.label}`).toBeLessThanOrEqual(page.textBlock.bottom + 0.01);
  }, 60_000);
});

test('the gutter grows with the page count (KDP steps)', async () => {
  const small = (await layoutBook(makeBook({ longParagraphs: 20 }))).layout;
  const large = (await layoutBook(makeBook({ longParagraphs: 900 }))).layout;
  expect(small.pages.length).toBeLessThanOrEqual(150);
  expect(large.pages.length).toBeGreaterThan(150);
  expect(large.innerMargin).toBeGreaterThan(small.innerMargin);
}, 60_000);

test('a character no bundled font has is a warning naming it and where it is', async () => {
  const book = makeBook({ longParagraphs: 2 });
  // Cuneiform: no bundled face, the CJK ones included, has it (漢 is printed since the CJK faces came).
  book.chapters[0].blocks.push({ kind: 'paragraph', children: [{ kind: 'text', text: 'A character from no bundled font: \u{12000}.' }], pos: { file: 'manuscript/1-chapter.md', line: 42 } });
  const { warnings } = await writePdf(book);
  const w = warnings.find((d) => d.message.includes('U+12000'));
  expect(w).toBeDefined();
  expect(w!.file).toBe('manuscript/1-chapter.md');
  expect(w!.line).toBe(42);
  // Glyphs the text face lacks but a fallback has (★, Greek) give no warning.
  expect(warnings.filter((d) => d.message.includes('U+2605'))).toHaveLength(0);
}, 60_000);

describe('the PDF file', () => {
  let file: string;
  let data: Uint8Array;
  const book = makeBook();
  beforeAll(async () => {
    ({ data } = await writePdf(book));
    file = join(dir, 'book.pdf');
    writeFileSync(file, data);
  }, 60_000);

  test('qpdf --check finds no errors', () => {
    expectPdfClean(file);
  });

  test('every font is embedded and subset', () => {
    const fonts = pdfFonts(file);
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const font of fonts) expect(font, font.name).toMatchObject({ embedded: true, subset: true, unicode: true });
  });

  test('pdftotext gives every word of the manuscript, in order', () => {
    expectAllWords(pdfText(file), book);
  });

  test('page labels, outline and document info', () => {
    const labels = pdfPageLabels(file);
    expect(labels[0]).toMatchObject({ index: 0, style: 'r' });
    expect(labels[1]).toMatchObject({ style: 'D', start: 1 });
    expect(labels[1].index).toBeGreaterThan(0);
    const titles = pdfOutline(file).map((o) => o.title);
    expect(titles).toEqual(expect.arrayContaining(['The Cartographer’s Daughter', 'Contents', 'The Tide Tables', 'Saltmarsh']));
    const info = pdfInfo(file);
    expect(info.title).toBe('The Cartographer’s Daughter');
    expect(info.author).toBe('Wren Halloway');
    expect(info.keywords).toBe('Saltmarsh Chronicles, Found Family, Maps');
    expect(info.creationDate).toBe('2023-11-14T22:13:20.000Z');
  });

  test('the same book gives the same bytes', async () => {
    const again = await writePdf(makeBook());
    expect(Buffer.from(again.data).equals(Buffer.from(data))).toBe(true);
    const other = makeBook();
    other.meta.modified = new Date('2024-01-01T00:00:00Z');
    const changed = await writePdf(other);
    const id = (d: Uint8Array) => /\/ID \[<([0-9a-f]+)>/.exec(Buffer.from(d).toString('latin1'))![1];
    expect(id(changed.data)).not.toBe(id(data));
    // One word changed, the date the same: the identifier comes from what is painted.
    const edited = makeBook();
    const para = edited.chapters[1].blocks.find((b) => b.kind === 'paragraph') as Extract<Block, { kind: 'paragraph' }>;
    para.children = [{ kind: 'text', text: 'Changed. ' }, ...para.children];
    expect(id((await writePdf(edited)).data)).not.toBe(id(data));
    expect(id(data)).toMatch(/^[0-9a-f]{32}$/);
  }, 60_000);
});

describe.each(TRIMS)('trim %s', (trim) => {
  test('every page has the trim size, and lines stay inside the text block', async () => {
    const book = makeBook({ longParagraphs: 30, trim });
    // The other opener and a second footnote, so drop caps and page-foot notes meet every trim.
    book.print.opener = 'drop-cap';
    const para = book.chapters[1].blocks[20] as Extract<Block, { kind: 'paragraph' }>;
    para.children = [...para.children, { kind: 'footnoteRef', id: 'trim', number: 1 }];
    book.chapters[1].footnotes = [{ id: 'trim', number: 1, blocks: [{ kind: 'paragraph', children: [{ kind: 'text', text: sentences(6, 9).join(' ') }] }] }];
    const { data } = await writePdf(book);
    const file = join(dir, `trim-${trim}.pdf`);
    writeFileSync(file, data);
    const spec = trimSpec(trim)!;
    const sizes = pdfInfo(file).pages;
    expect(sizes.length).toBeGreaterThan(10);
    for (const { width, height } of sizes) {
      expect(width).toBeCloseTo(spec.width, 0);
      expect(height).toBeCloseTo(spec.height, 0);
    }
    const { layout } = await layoutBook(book);
    for (const { page, line } of bodyLines(layout)) {
      expect(line.top).toBeGreaterThanOrEqual(page.textBlock.top - 0.01);
      expect(line.bottom).toBeLessThanOrEqual(page.textBlock.bottom + 0.01);
      for (const run of line.runs) {
        expect(run.x).toBeGreaterThanOrEqual(page.textBlock.left - 0.01);
        expect(run.x + run.width).toBeLessThanOrEqual(page.textBlock.right + 0.05);
      }
    }
    expect(bodyLines(layout).filter(({ line }) => line.role === 'drop-cap')).toHaveLength(3);
    expect(bodyLines(layout).filter(({ line }) => line.role === 'footnote').length).toBeGreaterThan(2);
  }, 60_000);
});
