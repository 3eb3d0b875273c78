// One face as the layout measures it and pdfkit embeds it. It shapes with the compiled tables (shape.ts)
// and hands what they cannot shape exactly to fontkit, which is loaded only then. pdfkit accepts any
// object with fontkit's layout()/createSubset() shape, so both writers' stages see one font.

import { createRequire } from 'node:module';
import type { CompiledFont } from './compiled.js';
import { Shaper, type ShapedRun } from './shape.js';
import { parseTrueType, TrueTypeSubset } from './subset.js';

const require = createRequire(import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any -- fontkit is untyped */
type FontkitFont = any;

export interface Glyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

export interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

export interface GlyphRun {
  glyphs: Glyph[];
  positions: GlyphPosition[];
  advanceWidth: number;
}

/** How often each path shaped a run, for the benchmark and the tests. */
export interface ShapingCounts {
  engine: number;
  fontkit: number;
}

/** Measured runs a face keeps for painting (a few MB at most). */
const MAX_MEASURED_RUNS = 20_000;

export class EngineFont {
  private readonly shaper: Shaper;
  private fontkitFont: FontkitFont | undefined;
  readonly counts: ShapingCounts = { engine: 0, fontkit: 0 };

  constructor(
    readonly data: CompiledFont,
    readonly bytes: Uint8Array,
  ) {
    this.shaper = new Shaper(data);
  }

  // Metrics and the tables pdfkit reads when it embeds the font (its EmbeddedFont).
  get unitsPerEm(): number {
    return this.data.unitsPerEm;
  }
  get ascent(): number {
    return this.data.ascent;
  }
  get descent(): number {
    return this.data.descent;
  }
  get lineGap(): number {
    return this.data.lineGap;
  }
  get capHeight(): number {
    return this.data.capHeight;
  }
  get xHeight(): number {
    return this.data.xHeight;
  }
  get italicAngle(): number {
    return this.data.italicAngle;
  }
  get postscriptName(): string {
    return this.data.postscriptName;
  }
  get bbox(): { minX: number; minY: number; maxX: number; maxY: number } {
    const [minX, minY, maxX, maxY] = this.data.bbox;
    return { minX, minY, maxX, maxY };
  }
  get 'OS/2'(): { sFamilyClass: number } {
    return { sFamilyClass: this.data.familyClass };
  }
  get post(): { isFixedPitch: boolean } {
    return { isFixedPitch: this.data.fixedPitch };
  }
  get head(): { macStyle: { italic: boolean } } {
    return { macStyle: { italic: this.data.italic } };
  }

  hasGlyphForCodePoint(codePoint: number): boolean {
    return this.shaper.hasGlyph(codePoint);
  }

  getGlyph(id: number): { id: number; advanceWidth: number } {
    return { id, advanceWidth: this.data.advances[id] ?? 0 };
  }

  /** Runs drawn without features, by text: pdfkit lays a word out again for each font size it is set in. */
  private readonly plainRuns = new Map<string, ShapedRun>();

  private shape(text: string, features: readonly string[]): ShapedRun | undefined {
    if (features.length > 0) return this.shaper.shape(text, features);
    let run = this.plainRuns.get(text);
    if (!run) {
      run = this.shaper.shape(text, features);
      if (run) this.plainRuns.set(text, run);
    }
    return run;
  }

  /**
   * The run as the engine shapes it, glyph ids and positions in font units, or undefined when fontkit must
   * shape it: for a painter that takes the glyphs without layout()'s objects (plain-text.ts).
   */
  engineRun(text: string, features: readonly string[]): ShapedRun | undefined {
    const run = (features.length === 0 && this.measuredRun(text)) || this.shaper.shape(text, features);
    if (run) this.counts.engine++;
    return run;
  }

  /**
   * Runs without features that the layout measured, by text, kept for painting: most words painted were
   * measured, and shaping one again cost as much as the first time (~8 µs a word in a cold process). Emptied
   * when full, for a process that sets book after book.
   */
  private readonly measured = new Map<string, ShapedRun>();

  /** A measured run with the code point each glyph stands for; undefined if a glyph stands for several. */
  private measuredRun(text: string): ShapedRun | undefined {
    const run = this.measured.get(text);
    if (!run) return undefined;
    let characters = 0;
    for (let i = 0; i < text.length; i++) {
      if (text.codePointAt(i)! > 0xffff) i++;
      characters++;
    }
    // As many glyphs as characters: no ligature, so each glyph is its own character (shape.ts).
    if (characters !== run.glyphs.length) return undefined;
    return new RemeasuredRun(run, text);
  }

  /**
   * The advance of the first `length` characters of a text measured before (advance()), from its run, when
   * that is the advance the prefix shapes to alone: one glyph per character (no ligature, no surrogate pair),
   * so every glyph but the last keeps its kerning with the next one, and the last has none. The engine applies
   * only pair kerning and substitutions that need no context. Undefined otherwise: the caller shapes the prefix.
   */
  prefixAdvance(text: string, length: number): number | undefined {
    const run = this.measured.get(text);
    if (!run || run.glyphs.length !== text.length || length < 1 || length > text.length) return undefined;
    const positions = run.positions;
    let units = 0;
    for (let j = 0; j < length - 1; j++) units += positions[j * 4];
    return units + this.data.advances[run.glyphs[length - 1]];
  }

  /** Advance width of a run in font units: what the layout measures (once per text: layout/measure.ts). */
  advance(text: string, features: readonly string[] = []): number {
    const run = this.shaper.shape(text, features, false);
    if (run) {
      this.counts.engine++;
      if (features.length === 0) {
        if (this.measured.size >= MAX_MEASURED_RUNS) this.measured.clear();
        this.measured.set(text, run);
      }
      return run.advanceWidth;
    }
    this.counts.fontkit++;
    return this.fontkit().layout(text, [...features]).advanceWidth;
  }

  /** fontkit's layout(), as pdfkit calls it when it draws; fresh objects every call (pdfkit scales them in place). */
  layout(text: string, features?: string[]): GlyphRun {
    const run = this.shape(text, features ?? []);
    if (!run) {
      this.counts.fontkit++;
      return this.fontkit().layout(text, features);
    }
    this.counts.engine++;
    const advances = this.data.advances;
    return {
      glyphs: run.glyphs.map((id, i) => ({ id, advanceWidth: advances[id], codePoints: run.codePoints[i] })),
      positions: run.glyphs.map((_, i) => {
        const p = run.positions;
        return { xAdvance: p[i * 4], yAdvance: p[i * 4 + 1], xOffset: p[i * 4 + 2], yOffset: p[i * 4 + 3] };
      }),
      advanceWidth: run.advanceWidth,
    };
  }

  createSubset(): TrueTypeSubset {
    return new TrueTypeSubset(parseTrueType(this.bytes));
  }

  /** The same face parsed by fontkit, for the runs the engine leaves to it. */
  fontkit(): FontkitFont {
    this.fontkitFont ??= (require('fontkit') as { create(buffer: Uint8Array): FontkitFont }).create(this.bytes);
    return this.fontkitFont;
  }
}

/** One array per character of a text, holding its code point (a glyph's characters, as ShapedRun has them). */
/**
 * A measured run handed out again, its code points made only if asked for: painting asks only for a word
 * with a glyph new to the font's text map, and an array per character of every word was most of what
 * painting allocated for its words. A class, not an object literal with a getter: V8 makes each such
 * literal a dictionary-mode object, with a map of its own.
 */
class RemeasuredRun implements ShapedRun {
  readonly glyphs: number[];
  readonly positions: number[];
  readonly advanceWidth: number;
  private points: number[][] | undefined;

  constructor(
    run: ShapedRun,
    private readonly text: string,
  ) {
    this.glyphs = run.glyphs;
    this.positions = run.positions;
    this.advanceWidth = run.advanceWidth;
  }

  get codePoints(): number[][] {
    return (this.points ??= codePointsOf(this.text));
  }
}

function codePointsOf(text: string): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    out.push([cp]);
  }
  return out;
}
