import { describe, expect, it } from 'vitest';
import { compareAsciiNatural, sortNatural } from '../src/manuscript/file-order.js';

// The fast comparison must order exactly as ICU's collator, which it stands in for.
const icu = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const sign = (n: number): number => Math.sign(n);

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('natural file order', () => {
  it('orders printable ASCII exactly as Intl.Collator (numeric, base strength)', () => {
    const next = random(14);
    const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
    // Digits and a few letters and separators are weighted up, so runs of digits and near-ties are common.
    const alphabet = printable + '0123456789'.repeat(6) + 'aAbB-_. '.repeat(4);
    const word = (): string =>
      Array.from({ length: Math.floor(next() * 9) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let k = 0; k < 20_000; k++) {
      const a = word();
      const b = next() < 0.5 ? word() : a.slice(0, Math.floor(next() * (a.length + 1))) + word();
      if (sign(compareAsciiNatural(a, b)) !== sign(icu.compare(a, b))) expect([a, b, compareAsciiNatural(a, b)]).toEqual([a, b, icu.compare(a, b)]);
    }
  });

  it('sorts chapter names as a reader numbers them, and non-ASCII names through ICU', () => {
    expect(sortNatural(['Chapter 10.md', 'chapter 9.md', 'Chapter 009a.md', 'chapter-1.md', 'Chapter_2.md'])).toEqual([
      'chapter 9.md',
      'Chapter 009a.md',
      'Chapter 10.md',
      'Chapter_2.md',
      'chapter-1.md',
    ]);
    expect(sortNatural(['Épilogue.md', 'chapitre 10.md', 'chapitre 2.md', 'Ébauche.md'])).toEqual([
      'chapitre 2.md',
      'chapitre 10.md',
      'Ébauche.md',
      'Épilogue.md',
    ]);
  });
});
