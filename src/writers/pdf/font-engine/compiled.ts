// What the PDF writer keeps of a font for shaping: metrics, the character map, advance widths, and the
// OpenType lookups of the features it uses, as plain data. Made from the font with fontkit by compile.ts
// once, at build time, and stored by packCompiled (below); read back in a few milliseconds instead of
// fontkit's ~300 ms of table decoding per process. Lookups the engine does not apply itself are kept
// only as far as needed to tell when they would act on a word (triggers); such a word is shaped by
// fontkit instead (shape.ts).

import { packJson, unpackJson } from '../../../packed-json.js';

/** Bump when the format or the shaping rules change: older compiled files are then ignored. */
export const COMPILED_FONT_VERSION = 5;

/**
 * A list of whole numbers as the tables hold it: an array as compile.ts makes it, or a view of the packed
 * file's numbers as readCompiled gives it back (see packCompiled).
 */
export type Numbers = readonly number[] | Int32Array;

/** Sorted glyph ids. */
export type Coverage = Numbers;
/** In a context rule's coverage: any glyph at all. */
export const ANY_GLYPH = -1;
/** [start, end, class] triples; glyphs outside every range are class 0. */
export type ClassDef = Numbers;

/** A positioning value: [xAdvance, yAdvance, xOffset, yOffset]. */
export type Value = [number, number, number, number];

/**
 * Pair values, flattened: `stride` numbers per pair — 1 when every value is a plain xAdvance (kerning),
 * else 4 (a Value). Values that move the second glyph are not kept: such a subtable becomes a trigger.
 */
export interface PairValues {
  stride: 1 | 4;
  values: Numbers;
}

export type LookupData =
  | { kind: 'single'; coverage: Coverage; substitutes: Numbers }
  | { kind: 'ligature'; coverage: Coverage; sets: { glyph: number; components: Numbers }[][] }
  /**
   * Pairs by first glyph, flattened (a few long arrays read faster and weigh less than one small array per
   * glyph): the covered glyph at coverage index c has the second glyphs seconds[starts[c]] up to
   * seconds[starts[c + 1]], in the font's order, and pair k has the value at values[k * stride].
   */
  | { kind: 'pair-glyphs'; coverage: Coverage; starts: Numbers; seconds: Numbers; values: PairValues }
  /** Class pairs: the value of (class1, class2) at (class1 * class2Count + class2) * stride. */
  | { kind: 'pair-classes'; coverage: Coverage; classDef1: ClassDef; classDef2: ClassDef; class2Count: number; values: PairValues }
  /** Applied by fontkit only: any glyph in `coverage` in a word hands the word to fontkit. */
  | { kind: 'trigger'; coverage: Coverage }
  /** A (chaining) contextual rule set; a word where any rule matches is handed to fontkit. */
  | { kind: 'context'; rules: ContextRule[] };

/** One contextual rule as coverage sequences (glyph and class rules are expanded to coverages). */
export interface ContextRule {
  backtrack: Coverage[];
  input: Coverage[];
  lookahead: Coverage[];
}

export interface Lookup {
  /** Glyph classes (GDEF) the lookup skips: bit 1 base, 2 ligature, 3 mark. */
  ignores: number;
  /** One per subtable; the first that applies wins, as in fontkit. */
  subtables: LookupData[];
}

/** Per OpenType script tag: the feature tags of its default language and their lookup indexes. */
export type FeatureMap = Record<string, number[]>;

export interface CompiledFont {
  version: number;
  /** The font file's fingerprint (fontFingerprint), so a changed font package is never measured with stale data. */
  fingerprint: string;
  postscriptName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  lineGap: number;
  capHeight: number;
  xHeight: number;
  italicAngle: number;
  bbox: [number, number, number, number];
  familyClass: number;
  fixedPitch: boolean;
  italic: boolean;
  /** Every code point the font maps, as [codePoint, glyph] pairs flattened, by ascending code point. */
  cmap: Numbers;
  /** Code points whose words must go to fontkit whatever their context (see compile.ts), ascending. */
  complexCodePoints: Numbers;
  /** The mapped code points in the Latin script (fontkit shapes a string as Latin when it has one), ascending. */
  latin: Numbers;
  advances: Numbers;
  /** GDEF glyph class per glyph (0 when the font has none). */
  glyphClasses: Numbers;
  gsub: { scripts: Record<string, FeatureMap>; lookups: (Lookup | null)[] };
  gpos: { scripts: Record<string, FeatureMap>; lookups: (Lookup | null)[] };
}

/**
 * A font file's identity: its length and its sfnt table directory, which holds every table's tag,
 * checksum, offset and length, so any change to any table changes it. Read from the first few hundred
 * bytes, where hashing the whole file took ~3 ms a face.
 */
export function fontFingerprint(bytes: Uint8Array): string {
  const numTables = bytes.length >= 12 ? (bytes[4] << 8) | bytes[5] : 0;
  const end = Math.min(bytes.length, 12 + 16 * numTables);
  return `${bytes.length}:${Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('hex')}`;
}

/**
 * The build's file of a face's tables (packed-json.ts): the long lists of numbers come back as views of
 * the file's bytes. Parsed as plain JSON, the three text faces' tables were some 1.4 MB of arrays that
 * every build copied twice while collecting garbage, and paged in.
 */
export function packCompiled(font: CompiledFont): Uint8Array {
  return packJson(font);
}

/** The tables packCompiled stored, or undefined for bytes that are not such a file. */
export function unpackCompiled(bytes: Uint8Array): CompiledFont | undefined {
  return unpackJson(bytes) as CompiledFont | undefined;
}
