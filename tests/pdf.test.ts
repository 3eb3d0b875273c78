// The print edition: layout invariants on the layout model, and file checks with the tools a
// reader or printer would meet (qpdf, pdffonts, pdfinfo, pdftotext).

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { TRIMS, writePdf } from '../src/writers/pdf/index.js';
import { layoutBook, type LayoutDocument } from '../src/writers/pdf/layout/index.js';
import type { LayoutLine } from '../src/writers/pdf/layout/model.js';
import { trimSpec } from '../src/writers/pdf/trims.js';
import { bookWords, makeBook } from './fixtures/pdf-book.js';

const dir = mkdtempSync(join(tmpdir(), 'pdf-test-'));

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

  test('a scene break prints its ornament', () => {
    const ornaments = bodyLines(layout).filter(({ line }) => line.role === 'ornament');
    expect(ornaments.length).toBe(2);
  });
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
  book.chapters[0].blocks.push({ kind: 'paragraph', children: [{ kind: 'text', text: 'A character from no bundled font: \u6F22.' }], pos: { file: 'manuscript/1-chapter.md', line: 42 } });
  const { warnings } = await writePdf(book);
  const w = warnings.find((d) => d.message.includes('U+6F22'));
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
    const result = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toContain('No syntax or stream encoding errors');
    expect(result.status).toBe(0);
  });

  test('every font is embedded and subset', () => {
    const out = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(out.length).toBeGreaterThanOrEqual(3);
    for (const row of out) {
      const cols = row.trim().split(/\s+/);
      const [emb, sub] = cols.slice(-5, -3);
      expect(emb, row).toBe('yes');
      expect(sub, row).toBe('yes');
    }
  });

  test('pdftotext gives every word of the manuscript, in order', () => {
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    // Undo hyphenation at line ends, then compare words with hyphens and punctuation ignored.
    const norm = (w: string) => w.normalize('NFC').replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
    const pdfWords = text.replace(/-\n/g, '').split(/\s+/).map(norm).filter(Boolean);
    const expected = bookWords(book).map(norm).filter(Boolean);
    let at = 0;
    for (const word of expected) {
      const found = pdfWords.indexOf(word, at);
      expect(found, `"${word}" after word ${at}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });

  test('page labels, outline and document info', () => {
    const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=pagelabels', '--json-key=outlines', file], { encoding: 'utf8' }));
    const labels = json.pagelabels as { index: number; label: { '/S': string; '/St'?: number } }[];
    expect(labels[0]).toMatchObject({ index: 0, label: { '/S': '/r' } });
    expect(labels[1].label).toMatchObject({ '/S': '/D', '/St': 1 });
    const titles = (json.outlines as { title: string }[]).map((o) => o.title);
    expect(titles).toEqual(expect.arrayContaining(['The Cartographer’s Daughter', 'Contents', 'The Tide Tables', 'Saltmarsh']));
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+The Cartographer’s Daughter/);
    expect(info).toMatch(/Author:\s+Wren Halloway/);
    expect(info).toMatch(/Keywords:\s+Saltmarsh Chronicles, Found Family, Maps/);
    expect(info).toMatch(/CreationDate:\s+Tue Nov 14 22:13:20 2023/);
  });

  test('the same book gives the same bytes', async () => {
    const again = await writePdf(makeBook());
    expect(Buffer.from(again.data).equals(Buffer.from(data))).toBe(true);
    const other = makeBook();
    other.meta.modified = new Date('2024-01-01T00:00:00Z');
    const changed = await writePdf(other);
    const id = (d: Uint8Array) => /\/ID \[<([0-9a-f]+)>/.exec(Buffer.from(d).toString('latin1'))![1];
    expect(id(changed.data)).not.toBe(id(data));
  }, 60_000);
});

describe.each(TRIMS)('trim %s', (trim) => {
  test('every page has the trim size, and lines stay inside the text block', async () => {
    const book = makeBook({ longParagraphs: 30, trim });
    const { data } = await writePdf(book);
    const file = join(dir, `trim-${trim}.pdf`);
    writeFileSync(file, data);
    const spec = trimSpec(trim)!;
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '999', file], { encoding: 'utf8' });
    const sizes = [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)];
    expect(sizes.length).toBeGreaterThan(10);
    for (const [, w, h] of sizes) {
      expect(Number(w)).toBeCloseTo(spec.width, 0);
      expect(Number(h)).toBeCloseTo(spec.height, 0);
    }
    const { layout } = await layoutBook(book);
    for (const { page, line } of bodyLines(layout)) {
      expect(line.bottom).toBeLessThanOrEqual(page.textBlock.bottom + 0.01);
      for (const run of line.runs) expect(run.x + run.width).toBeLessThanOrEqual(page.textBlock.right + 0.05);
    }
  }, 60_000);
});
