// Text measurement on the fonts' shaping (kerning, ligatures), cached per face and feature set.
// Widths are kept in em units so one cache serves every type size.

import type { CjkFamily, Face, FontSet } from '../fonts.js';

export class Measurer {
  private readonly caches = new Map<string, Map<string, number>>();

  /** Whether HarfBuzz and bidi-js are loaded: the script faces can be measured. */
  readonly complex: boolean;
  /** The installed CJK design for the book's language; undefined when none is installed. */
  readonly cjk?: CjkFamily;

  constructor(
    readonly fontSet: FontSet,
    options: { complex?: boolean; cjk?: CjkFamily } = {},
  ) {
    this.complex = options.complex ?? false;
    this.cjk = options.cjk;
  }

  /** Advance width of `text` set in `face` at `size` points. */
  width(face: Face, size: number, text: string, features?: readonly string[]): number {
    if (text.length === 0) return 0;
    const cache = this.cacheFor(face, features);
    let em = cache.get(text);
    if (em === undefined) {
      const font = this.fontSet.fonts[face];
      em = font.advance(text, features) / font.unitsPerEm;
      cache.set(text, em);
    }
    return em * size;
  }

  /**
   * width() of the first `length` characters of `text` (a word up to a hyphenation point), after `text` itself
   * was measured: taken from the word's shaping where the font can (font-engine/font.ts, prefixAdvance), the
   * same number as shaping the prefix alone.
   */
  prefixWidth(face: Face, size: number, text: string, length: number, features?: readonly string[]): number {
    const prefix = text.slice(0, length);
    if (prefix.length === 0) return 0;
    const cache = this.cacheFor(face, features);
    let em = cache.get(prefix);
    if (em === undefined) {
      const font = this.fontSet.fonts[face];
      const units = (features === undefined || features.length === 0) && 'prefixAdvance' in font ? font.prefixAdvance(text, length) : undefined;
      em = (units ?? font.advance(prefix, features)) / font.unitsPerEm;
      cache.set(prefix, em);
    }
    return em * size;
  }

  private cacheFor(face: Face, features: readonly string[] | undefined): Map<string, number> {
    const key = features && features.length > 0 ? `${face}|${features.join(',')}` : face;
    let cache = this.caches.get(key);
    if (!cache) {
      cache = new Map();
      this.caches.set(key, cache);
    }
    return cache;
  }

  private readonly coverage = new Map<Face, Map<number, boolean>>();

  /** Whether the face has a glyph for the code point. */
  has(face: Face, codePoint: number): boolean {
    let table = this.coverage.get(face);
    if (!table) {
      table = new Map();
      this.coverage.set(face, table);
    }
    let result = table.get(codePoint);
    if (result === undefined) {
      result = this.opens(face) && this.fontSet.fonts[face].hasGlyphForCodePoint(codePoint);
      table.set(codePoint, result);
    }
    return result;
  }

  private readonly missingFaces = new Set<Face>();

  /** Whether a face's file can be opened (an optional CJK package may be missing, or one weight of it). */
  private opens(face: Face): boolean {
    if (this.missingFaces.has(face)) return false;
    try {
      void this.fontSet.fonts[face];
      return true;
    } catch {
      this.missingFaces.add(face);
      return false;
    }
  }

  /** Items of a word, shared between paragraphs (items are never mutated once built). */
  readonly words = new Map<string, unknown>();
}
