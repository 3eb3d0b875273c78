// The imposition plan against the classic tables binders use: which page sits where, turned how.
import { describe, expect, it } from 'vitest';
import { defaultSheetsPerSignature, planImposition, type Plan } from '../src/writers/pdf/impose/plan.js';

/** One side as rows of 1-based page numbers; a turned page is negative, a blank is 0. */
function side(plan: Plan, sheet: number, which: 'front' | 'back'): number[][] {
  const { cols, rows } = plan.scheme;
  const grid = Array.from({ length: rows }, () => Array<number>(cols).fill(NaN));
  for (const slot of plan.sheets[sheet][which]) {
    const n = slot.page === null ? 0 : slot.page + 1;
    grid[slot.row][slot.col] = slot.rotation === 180 && n > 0 ? -n : n;
  }
  return grid;
}

describe('folio', () => {
  it('40 pages in signatures of 4 sheets, short-edge flip: 16 + 16 + 8 pages, outermost sheet first', () => {
    const plan = planImposition('folio', 40, { sheetsPerSignature: 4, flip: 'short' });
    expect(plan.sheets.map((s) => [s.signature, s.sheet])).toEqual([[0, 0], [0, 1], [0, 2], [0, 3], [1, 0], [1, 1], [1, 2], [1, 3], [2, 0], [2, 1]]);
    expect(plan.blanks).toBe(0);
    const fronts = plan.sheets.map((_, i) => side(plan, i, 'front')[0]);
    const backs = plan.sheets.map((_, i) => side(plan, i, 'back')[0]);
    expect(fronts).toEqual([[16, 1], [14, 3], [12, 5], [10, 7], [32, 17], [30, 19], [28, 21], [26, 23], [40, 33], [38, 35]]);
    expect(backs).toEqual([[2, 15], [4, 13], [6, 11], [8, 9], [18, 31], [20, 29], [22, 27], [24, 25], [34, 39], [36, 37]]);
  });

  it('long-edge flip turns every back side: its pages swap places and stand on their heads', () => {
    const plan = planImposition('folio', 40, { sheetsPerSignature: 4, flip: 'long' });
    expect(side(plan, 0, 'front')).toEqual([[16, 1]]);
    expect(side(plan, 0, 'back')).toEqual([[-15, -2]]);
    expect(side(plan, 3, 'back')).toEqual([[-9, -8]]);
    expect(side(plan, 9, 'back')).toEqual([[-37, -36]]);
  });

  it('blank pages close the last signature, never fall inside the text', () => {
    const plan = planImposition('folio', 37, { sheetsPerSignature: 4 });
    expect(plan.blanks).toBe(3);
    // The last signature holds pages 33–37 and three blanks: 2 sheets, 8 pages; the blanks are its last three.
    const last = plan.sheets.filter((s) => s.signature === 2);
    expect(last).toHaveLength(2);
    expect(side(plan, 8, 'front')).toEqual([[0, 33]]);
    expect(side(plan, 8, 'back')).toEqual([[34, 0]]);
    expect(side(plan, 9, 'front')).toEqual([[0, 35]]);
    expect(side(plan, 9, 'back')).toEqual([[36, 37]]);
    // Every page appears exactly once.
    const seen = plan.sheets.flatMap((s) => [...s.front, ...s.back]).map((s) => s.page).filter((p) => p !== null).sort((a, b) => a! - b!);
    expect(seen).toEqual(Array.from({ length: 37 }, (_, i) => i));
  });
});

describe('quarto', () => {
  it('one sheet: pages 1, 4, 5, 8 outside with the top row turned; long-edge flip keeps the back upright-mirrored', () => {
    const plan = planImposition('quarto', 8, { sheetsPerSignature: 1, flip: 'long' });
    expect(side(plan, 0, 'front')).toEqual([[-5, -4], [8, 1]]);
    expect(side(plan, 0, 'back')).toEqual([[-3, -6], [2, 7]]);
  });

  it('short-edge flip on an upright sheet turns the back', () => {
    const plan = planImposition('quarto', 8, { sheetsPerSignature: 1, flip: 'short' });
    expect(side(plan, 0, 'front')).toEqual([[-5, -4], [8, 1]]);
    expect(side(plan, 0, 'back')).toEqual([[-7, -2], [6, 3]]);
  });

  it('two sheets folded together: the outer sheet holds the first and last four pages', () => {
    const plan = planImposition('quarto', 16, { sheetsPerSignature: 2, flip: 'long' });
    expect(side(plan, 0, 'front')).toEqual([[-9, -8], [16, 1]]);
    expect(side(plan, 1, 'front')).toEqual([[-11, -6], [14, 3]]);
  });
});

describe('octavo', () => {
  it('one sheet of sixteen pages, as in the printers’ table', () => {
    const plan = planImposition('octavo', 16, { flip: 'short' });
    expect(side(plan, 0, 'front')).toEqual([[-5, -12, -9, -8], [4, 13, 16, 1]]);
    expect(side(plan, 0, 'back')).toEqual([[-7, -10, -11, -6], [2, 15, 14, 3]]);
    const long = planImposition('octavo', 16, { flip: 'long' });
    expect(side(long, 0, 'back')).toEqual([[-3, -14, -15, -2], [6, 11, 10, 7]]);
  });

  it('40 pages: three sheets, eight blanks at the end of the last', () => {
    const plan = planImposition('octavo', 40);
    expect(plan.sheets).toHaveLength(3);
    expect(plan.blanks).toBe(8);
    // Pages 33–48 of the table; 41 and up are blank.
    expect(side(plan, 2, 'front')).toEqual([[-37, 0, 0, -40], [36, 0, 0, 33]]);
  });
});

describe('booklet and defaults', () => {
  it('a booklet is one signature of every sheet', () => {
    const plan = planImposition('booklet', 22);
    expect(plan.signatures).toBe(1);
    expect(plan.sheets).toHaveLength(6);
    expect(side(plan, 0, 'front')).toEqual([[0, 1]]);
    expect(side(plan, 5, 'back')).toEqual([[12, 13]]);
  });

  it('folio defaults to 4 sheets, or the size that leaves the last signature fullest', () => {
    expect(defaultSheetsPerSignature('folio', 20)).toBe(5);
    expect(defaultSheetsPerSignature('folio', 64)).toBe(4);
    expect(defaultSheetsPerSignature('folio', 80)).toBe(4);
    expect(defaultSheetsPerSignature('folio', 100)).toBe(5);
    expect(defaultSheetsPerSignature('octavo', 300)).toBe(1);
  });
});
