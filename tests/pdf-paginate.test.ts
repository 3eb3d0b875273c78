// Pagination on synthetic rows: facing pages balanced when that costs at most one line.

import { expect, test } from 'vitest';
import type { Unit } from '../src/writers/pdf/layout/blocks.js';
import { paginateUnits } from '../src/writers/pdf/layout/paginate.js';

const L = 10;

/** A block of `lines` rows that a page may only break before. */
function block(lines: number, index: number): Unit {
  return {
    rows: Array.from({ length: lines }, (_, k) => ({ height: L, items: [], breakBefore: k === 0, discardable: false, unit: index, lineIndex: k, lineCount: lines, hyphenated: false })),
    keepWithNext: false,
  };
}

function flow(sizes: number[]): Unit[] {
  return sizes.map((n, i) => block(n, i));
}

const ones = (n: number) => Array.from({ length: n }, () => 1);

test('a full verso gives up one line so it ends level with a recto its break leaves one short', () => {
  // Verso: ten single lines. Recto: an 8-line block, a line, then a 2-line block that does not fit,
  // so the recto alone would end after 9 lines.
  const units = flow([...ones(10), 8, 1, 2, ...ones(10)]);
  const pages = paginateUnits(units, { capacity: 10 * L, leading: L, firstIsRecto: false, balance: true });
  expect(pages[0].used).toBe(9 * L);
  expect(pages[1].used).toBe(9 * L);
  // Nothing is lost: every row is placed once, in order.
  expect(pages.flatMap((p) => p.rows.map((r) => r.row))).toEqual(units.flatMap((u) => u.rows));
  // Without balancing the verso stays full.
  const plain = paginateUnits(flow([...ones(10), 8, 1, 2, ...ones(10)]), { capacity: 10 * L, leading: L, firstIsRecto: false, balance: false });
  expect(plain[0].used).toBe(10 * L);
  expect(plain[1].used).toBe(9 * L);
});

test('a recto follows a verso its break left one line short', () => {
  // Verso: 9 lines, then a 2-line block that does not fit. Recto: plenty of single lines.
  const units = flow([9, 2, ...ones(30)]);
  const pages = paginateUnits(units, { capacity: 10 * L, leading: L, firstIsRecto: false, balance: true });
  expect(pages[0].used).toBe(9 * L);
  expect(pages[1].used).toBe(9 * L);
});

test('no balancing that costs more than one line: the recto stays full when it cannot end level', () => {
  // Verso one short; a recto of 9 lines would end after 8 (blocks of 2, 6, 2), so it stays full.
  const units = flow([9, 2, 6, 2, ...ones(30)]);
  const pages = paginateUnits(units, { capacity: 10 * L, leading: L, firstIsRecto: false, balance: true });
  expect(pages[0].used).toBe(9 * L);
  expect(pages[1].used).toBe(10 * L);
});

test('a note too long for its page continues on the next, never leaving a lone line over', () => {
  const units = flow(ones(30));
  units[2].rows[0].notes = [1];
  const note = block(7, 99).rows;
  const separator = () => ({ height: L, items: [], breakBefore: true, discardable: false, unit: -1 });
  const pages = paginateUnits(units, { capacity: 10 * L, leading: L, firstIsRecto: true, balance: false, footnotes: { notes: new Map([[1, note]]), separator } });
  const noteRowsOn = (k: number) => pages[k].rows.filter((r) => note.includes(r.row)).length;
  // The referring line stays on the first page with the start of its note; two lines continue.
  expect(pages[0].rows.some((r) => r.row === units[2].rows[0])).toBe(true);
  expect(noteRowsOn(0)).toBe(5);
  expect(noteRowsOn(1)).toBe(2);
  // Every row of text and note is placed once, and nothing runs past the foot.
  expect(pages.flatMap((p) => p.rows.map((r) => r.row)).filter((r) => r.unit !== -1)).toHaveLength(30 + 7);
  for (const page of pages) for (const r of page.rows) expect(r.y + r.row.height).toBeLessThanOrEqual(10 * L + 0.01);
});
