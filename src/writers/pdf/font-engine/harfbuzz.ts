// HarfBuzz (harfbuzzjs, WebAssembly) for the text the compiled Latin shaper cannot set exactly: Arabic
// joining, Hebrew points, Devanagari reordering, CJK, combining marks. The module is loaded only when a
// book has such text (loadHarfBuzz, awaited before layout), so an English build never compiles the wasm.
// HbFont opens a face straight from its bytes: the big CJK faces are never compiled into tables.

import type * as HB from 'harfbuzzjs';
import type { GlyphRun } from './font.js';
import { parseTrueType, TrueTypeSubset } from './subset.js';

type HarfBuzz = typeof HB;
let hb: HarfBuzz | undefined;

/** Loads (once) and instantiates the HarfBuzz wasm. */
export async function loadHarfBuzz(): Promise<void> {
  hb ??= (await import('harfbuzzjs')) as HarfBuzz;
}

export function harfBuzzLoaded(): boolean {
  return hb !== undefined;
}

function harfBuzz(): HarfBuzz {
  if (!hb) throw new Error('HarfBuzz is not loaded: call loadHarfBuzz() before shaping complex text');
  return hb;
}

/** A face's font object for HarfBuzz, made once per face bytes. */
const hbFonts = new WeakMap<Uint8Array, HB.Font>();

function hbFontOf(bytes: Uint8Array): HB.Font {
  let font = hbFonts.get(bytes);
  if (!font) {
    const h = harfBuzz();
    font = new h.Font(new h.Face(new h.Blob(bytes)));
    hbFonts.set(bytes, font);
  }
  return font;
}

let sharedBuffer: HB.Buffer | undefined;

/**
 * Shapes `text` with HarfBuzz: glyphs in visual order (left to right), positions in font units. One
 * glyph of each cluster carries the cluster's characters (a ligature all of them), for the ToUnicode map.
 * `rtl` sets the direction (from the bidi level); undefined lets HarfBuzz guess from the script.
 */
export function shapeWithHarfBuzz(bytes: Uint8Array, text: string, features: readonly string[] = [], rtl?: boolean, advances?: (id: number) => number): GlyphRun {
  const h = harfBuzz();
  const font = hbFontOf(bytes);
  const buffer = (sharedBuffer ??= new h.Buffer());
  buffer.reset();
  // Marks get clusters of their own: a base glyph then maps to its own letter, not to letter + mark.
  buffer.setClusterLevel(h.ClusterLevel.MONOTONE_CHARACTERS);
  buffer.addText(text);
  buffer.guessSegmentProperties();
  if (rtl !== undefined) buffer.setDirection(rtl ? h.Direction.RTL : h.Direction.LTR);
  h.shape(font, buffer, features.map((tag) => new h.Feature(tag)));
  const shaped = buffer.getGlyphInfosAndPositions();
  // Cluster starts are UTF-16 offsets; a cluster's text runs to the next larger start.
  const starts = [...new Set(shaped.map((g) => g.cluster))].sort((a, b) => a - b);
  const endOf = new Map<number, number>();
  starts.forEach((s, i) => endOf.set(s, starts[i + 1] ?? text.length));
  // A cluster's text goes to one glyph of it, the widest (a base letter, not the dots or a mark the font
  // splits off it); the others map to nothing, so extraction neither loses nor repeats a character.
  const primary = new Map<number, number>();
  shaped.forEach((g, i) => {
    const best = primary.get(g.cluster);
    if (best === undefined || (g.xAdvance ?? 0) > (shaped[best].xAdvance ?? 0)) primary.set(g.cluster, i);
  });
  const glyphs: GlyphRun['glyphs'] = [];
  const positions: GlyphRun['positions'] = [];
  let advanceWidth = 0;
  shaped.forEach((g, i) => {
    const id = g.codepoint;
    const codePoints: number[] = [];
    if (primary.get(g.cluster) === i) for (const ch of text.slice(g.cluster, endOf.get(g.cluster))) codePoints.push(ch.codePointAt(0)!);
    glyphs.push({ id, advanceWidth: advances ? advances(id) : font.glyphHAdvance(id), codePoints });
    const xAdvance = g.xAdvance ?? 0;
    positions.push({ xAdvance, yAdvance: g.yAdvance ?? 0, xOffset: g.xOffset ?? 0, yOffset: g.yOffset ?? 0 });
    advanceWidth += xAdvance;
  });
  return { glyphs, positions, advanceWidth };
}

function u16(view: DataView, at: number): number {
  return view.getUint16(at);
}
function i16(view: DataView, at: number): number {
  return view.getInt16(at);
}

/**
 * A face shaped only by HarfBuzz (the script faces: Arabic, Hebrew, Devanagari, CJK), with the members
 * the layout and pdfkit use of a font (see EngineFont). Metrics come from the font's own tables.
 */
export class HbFont {
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  readonly capHeight: number;
  readonly xHeight: number;
  readonly italicAngle: number;
  readonly postscriptName: string;
  readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
  readonly 'OS/2': { sFamilyClass: number };
  readonly post: { isFixedPitch: boolean };
  readonly head: { macStyle: { italic: boolean } };
  readonly counts = { engine: 0, fontkit: 0, harfbuzz: 0 };
  private readonly advances = new Map<number, number>();
  private readonly runs = new Map<string, GlyphRun>();

  constructor(readonly bytes: Uint8Array) {
    const file = parseTrueType(bytes);
    const view = file.view;
    const at = (tag: string) => file.tables.get(tag)?.offset;
    const head = at('head')!;
    const hhea = at('hhea')!;
    this.unitsPerEm = u16(view, head + 18);
    this.bbox = { minX: i16(view, head + 36), minY: i16(view, head + 38), maxX: i16(view, head + 40), maxY: i16(view, head + 42) };
    this.head = { macStyle: { italic: (u16(view, head + 44) & 2) !== 0 } };
    this.ascent = i16(view, hhea + 4);
    this.descent = i16(view, hhea + 6);
    this.lineGap = i16(view, hhea + 8);
    const os2 = at('OS/2');
    const os2Version = os2 === undefined ? 0 : u16(view, os2);
    this['OS/2'] = { sFamilyClass: os2 === undefined ? 0 : i16(view, os2 + 30) };
    this.xHeight = os2 !== undefined && os2Version >= 2 ? i16(view, os2 + 86) : Math.round(this.unitsPerEm * 0.5);
    this.capHeight = os2 !== undefined && os2Version >= 2 ? i16(view, os2 + 88) : Math.round(this.unitsPerEm * 0.7);
    const post = at('post');
    this.italicAngle = post === undefined ? 0 : view.getInt32(post + 4) / 65536;
    this.post = { isFixedPitch: post !== undefined && view.getUint32(post + 12) !== 0 };
    this.postscriptName = readPostscriptName(view, at('name')) ?? 'NotoFont';
    this.hmtx = { offset: at('hmtx')!, count: file.numberOfHMetrics };
    this.view = view;
  }

  private readonly hmtx: { offset: number; count: number };
  private readonly view: DataView;

  private advanceOf = (id: number): number => {
    let w = this.advances.get(id);
    if (w === undefined) {
      const index = Math.min(id, this.hmtx.count - 1);
      w = this.view.getUint16(this.hmtx.offset + index * 4);
      this.advances.set(id, w);
    }
    return w;
  };

  hasGlyphForCodePoint(codePoint: number): boolean {
    return hbFontOf(this.bytes).nominalGlyph(codePoint) !== undefined;
  }

  getGlyph(id: number): { id: number; advanceWidth: number } {
    return { id, advanceWidth: this.advanceOf(id) };
  }

  private shaped(text: string, features: readonly string[], rtl?: boolean): GlyphRun {
    const key = `${rtl === undefined ? '' : rtl ? 'r' : 'l'}|${features.join(',')}|${text}`;
    let run = this.runs.get(key);
    if (!run) {
      this.counts.harfbuzz++;
      run = shapeWithHarfBuzz(this.bytes, text, features, rtl, this.advanceOf);
      this.runs.set(key, run);
    }
    return run;
  }

  advance(text: string, features: readonly string[] = []): number {
    return this.shaped(text, features).advanceWidth;
  }

  /** As fontkit's layout(): fresh objects every call (pdfkit scales them in place). */
  layout(text: string, features?: string[], rtl?: boolean): GlyphRun {
    const run = this.shaped(text, features ?? [], rtl);
    return {
      glyphs: run.glyphs.map((g) => ({ ...g, codePoints: [...g.codePoints] })),
      positions: run.positions.map((p) => ({ ...p })),
      advanceWidth: run.advanceWidth,
    };
  }

  createSubset(): TrueTypeSubset {
    return new TrueTypeSubset(parseTrueType(this.bytes));
  }
}

/** The PostScript name (name id 6) from the Windows or Macintosh record. */
function readPostscriptName(view: DataView, name: number | undefined): string | undefined {
  if (name === undefined) return undefined;
  const count = view.getUint16(name + 2);
  const strings = name + view.getUint16(name + 4);
  for (let i = 0; i < count; i++) {
    const rec = name + 6 + i * 12;
    const platform = view.getUint16(rec);
    if (view.getUint16(rec + 6) !== 6) continue;
    const length = view.getUint16(rec + 8);
    const offset = strings + view.getUint16(rec + 10);
    let out = '';
    if (platform === 3 || platform === 0) for (let k = 0; k + 1 < length; k += 2) out += String.fromCharCode(view.getUint16(offset + k));
    else for (let k = 0; k < length; k++) out += String.fromCharCode(view.getUint8(offset + k));
    if (out) return out.replace(/[^\x21-\x7e]/g, '');
  }
  return undefined;
}
