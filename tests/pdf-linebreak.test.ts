import { describe, expect, it } from 'vitest';
import { INFINITY, type Item } from '../src/writers/pdf/layout/items.js';
import { breakLines } from '../src/writers/pdf/layout/linebreak.js';

/** A paragraph of `words` boxes of varying width, as the item builder makes them. */
function paragraph(words: number): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < words; i++) {
    if (i > 0) items.push({ type: 'glue', width: 3, stretch: 1.8, shrink: 1, face: 'serif' } as Item);
    items.push({ type: 'box', width: 10 + ((i * 7) % 23), altWidth: 10 + ((i * 7) % 23), frags: [] } as Item);
  }
  items.push({ type: 'penalty', width: 0, penalty: INFINITY, flagged: false });
  items.push({ type: 'glue', width: 0, stretch: INFINITY, shrink: 0, face: 'serif' } as Item);
  items.push({ type: 'penalty', width: 0, penalty: -INFINITY, flagged: false });
  return items;
}

function natural(items: Item[], start: number, end: number): { width: number; stretch: number; shrink: number } {
  let width = 0;
  let stretch = 0;
  let shrink = 0;
  for (let i = start; i < end; i++) {
    const it = items[i];
    if (it.type === 'box') width += it.width;
    else if (it.type === 'glue') {
      width += it.width;
      stretch += it.stretch;
      shrink += it.shrink;
    }
  }
  return { width, stretch, shrink };
}

describe('line breaking of a very long paragraph (broken window by window)', () => {
  const items = paragraph(30_000);
  const lines = breakLines(items, { lineWidth: () => 300 });

  it('sets every item once, in order, with no gap or overlap between lines', () => {
    expect(lines[0].start).toBe(0);
    for (let i = 1; i < lines.length; i++) expect(lines[i].start, `line ${i}`).toBe(lines[i - 1].end + 1);
    expect(lines[lines.length - 1].end).toBe(items.length - 1);
  });

  it('fits every line but the last to the measure: never shrunk past its glue, never a loose short line', () => {
    for (let i = 0; i < lines.length - 1; i++) {
      const n = natural(items, lines[i].start, lines[i].end);
      expect(n.width - n.shrink, `line ${i}`).toBeLessThanOrEqual(300 + 1e-6);
      expect(lines[i].ratio, `line ${i}`).toBeGreaterThanOrEqual(-1);
      expect(lines[i].ratio, `line ${i}`).toBeLessThan(3);
    }
  });
});
