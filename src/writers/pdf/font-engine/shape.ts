// Shapes a run of text with a CompiledFont the way fontkit would: code points → glyphs, the GSUB
// lookups of the active features in lookup order (single and ligature substitution), then the GPOS
// lookups (pair kerning). A run this engine cannot shape exactly — a mark, a character of another script,
// a contextual rule that matches, a lookup it does not apply — returns undefined, and the caller asks
// fontkit (font.ts). The tests compare both on every word of the sample and benchmark books.

import { ANY_GLYPH, type CompiledFont, type ContextRule, type Coverage, type FeatureMap, type Lookup, type LookupData, type Numbers, type PairValues } from './compiled.js';
import { DEFAULT_FEATURES, ENGINE_FEATURES } from './features.js';

export interface ShapedRun {
  glyphs: number[];
  /** Code points each glyph stands for (a ligature: all of its letters); empty when not asked for. */
  codePoints: number[][];
  /** Four numbers per glyph, flattened: xAdvance, yAdvance, xOffset, yOffset in font units. */
  positions: number[];
  advanceWidth: number;
}

/** fontkit's scripts to try when a run's own script is not in the font. */
const DEFAULT_SCRIPTS = ['DFLT', 'dflt', 'latn'];
const FRACTION_SLASH = 0x2044;
const MARK_CLASS = 3;
/** Glyph ids below this make a pair's key (first × PAIR_KEY + second); PAIR_KEY − 1 stands for no next glyph. */
const PAIR_KEY = 0x8000;
const NO_ADJUSTMENT: readonly number[] = [0, 0, 0, 0];

/** In Shaper's BMP table: the code point is a Latin letter. */
const LATIN_FLAG = 0x10000;

export class Shaper {
  // The compiled tables' cmap, complexCodePoints and latin are sorted by code point: looked up by binary
  // search, where Maps and Sets of them cost as much to build at each start as the tables took to read,
  // and outlived it (about 0.4 MB for the three text faces). Most lookups take the BMP arrays below.
  /**
   * For the Basic Multilingual Plane: 1 + the glyph of a code point the engine may shape (low 16 bits),
   * plus LATIN_FLAG for a Latin letter. Zero for none, so the table needs no fill: its memory is paged
   * in only where the font has characters (a few of its 64 pages), where filling it with -1 paged in
   * 256 kB per face at every start. One table of 256 kB: the C library maps it afresh, zeroed on first
   * touch; a separate 64 kB Latin table came from its heap, and was cleared (paged in) whole.
   */
  private readonly bmp = new Uint32Array(0x10000);
  private readonly contextSets = new WeakMap<Coverage, Set<number>>();
  private readonly plans = new Map<string, { gsub: Lookup[]; gpos: Lookup[] } | null>();

  constructor(readonly data: CompiledFont) {
    const { cmap, complexCodePoints: complex } = data;
    // Both lists ascend: walk them together.
    let c = 0;
    for (let i = 0; i < cmap.length; i += 2) {
      const cp = cmap[i];
      while (c < complex.length && complex[c] < cp) c++;
      if (cp <= 0xffff && cp !== FRACTION_SLASH && complex[c] !== cp && !(cp >= 0xd800 && cp <= 0xdfff)) this.bmp[cp] = cmap[i + 1] + 1;
    }
    const latin = data.latin;
    for (let i = 0; i < latin.length; i++) if (latin[i] <= 0xffff) this.bmp[latin[i]] |= LATIN_FLAG;
  }

  hasGlyph(codePoint: number): boolean {
    return sortedIndex(this.data.cmap, codePoint, 2) >= 0;
  }

  /**
   * `withCodePoints` false: a run only measured (the layout measures every word and the prefixes at its
   * hyphenation points; only whole words are drawn), without an array per glyph of its code points.
   */
  shape(text: string, features: readonly string[] = [], withCodePoints = true): ShapedRun | undefined {
    // Indexed loops throughout: a build runs most of this code cold, and an interpreted for…of allocates
    // an iterator result per step.
    const glyphs: number[] = [];
    const codePoints: number[][] = [];
    let latin = false;
    for (let i = 0; i < text.length; i++) {
      let cp = text.charCodeAt(i);
      let glyph: number;
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
        cp = text.codePointAt(i)!;
        i++;
        const at = sortedIndex(this.data.complexCodePoints, cp, 1) >= 0 ? -1 : sortedIndex(this.data.cmap, cp, 2);
        glyph = at < 0 ? -1 : this.data.cmap[at + 1];
        if (glyph < 0) return undefined;
        if (!latin && sortedIndex(this.data.latin, cp, 1) >= 0) latin = true;
      } else {
        const entry = this.bmp[cp];
        glyph = (entry & 0xffff) - 1;
        if (glyph < 0) return undefined;
        if (entry >= LATIN_FLAG) latin = true;
      }
      glyphs.push(glyph);
      if (withCodePoints) codePoints.push([cp]);
    }
    const plan = this.plan(latin ? 'latn' : 'zzzz', features);
    if (!plan) return undefined;
    const { gsub, gpos } = plan;
    for (let l = 0; l < gsub.length; l++) if (!this.substitute(gsub[l], glyphs, withCodePoints ? codePoints : undefined)) return undefined;
    const classes = this.data.glyphClasses;
    const advances = this.data.advances;
    const positions: number[] = [];
    for (let i = 0; i < glyphs.length; i++) {
      if (classes[glyphs[i]] === MARK_CLASS) return undefined;
      positions.push(advances[glyphs[i]], 0, 0, 0);
    }
    if (!this.positionRun(gpos, glyphs, positions)) return undefined;
    let advanceWidth = 0;
    for (let i = 0; i < positions.length; i += 4) advanceWidth += positions[i];
    return { glyphs, codePoints, positions, advanceWidth };
  }

  /** The lookups fontkit would apply, in its order; null when a requested feature is not compiled. */
  private plan(script: string, features: readonly string[]): { gsub: Lookup[]; gpos: Lookup[] } | null {
    const key = features.length === 0 ? script : `${script}|${features.join(',')}`;
    let plan = this.plans.get(key);
    if (plan === undefined) {
      plan = features.every((f) => ENGINE_FEATURES.includes(f))
        ? { gsub: this.lookupsFor(this.data.gsub, script, features), gpos: this.lookupsFor(this.data.gpos, script, features) }
        : null;
      this.plans.set(key, plan);
    }
    return plan;
  }

  private lookupsFor(table: CompiledFont['gsub'], script: string, features: readonly string[]): Lookup[] {
    const map: FeatureMap | undefined = table.scripts[script] ?? DEFAULT_SCRIPTS.map((s) => table.scripts[s]).find(Boolean);
    if (!map) return [];
    const tags = [...DEFAULT_FEATURES, ...features.filter((f) => !(DEFAULT_FEATURES as readonly string[]).includes(f))];
    const indexes: number[] = [];
    for (const tag of tags) indexes.push(...(map[tag] ?? []));
    indexes.sort((a, b) => a - b);
    return indexes.map((i) => table.lookups[i]!);
  }

  /** Applies one GSUB lookup to every glyph; false when fontkit must shape the run instead. */
  private substitute(lookup: Lookup, glyphs: number[], codePoints: number[][] | undefined): boolean {
    if (!this.allVisible(lookup, glyphs)) return false;
    const acts = this.actsOn(lookup);
    const subtables = lookup.subtables;
    for (let i = 0; i < glyphs.length; i++) {
      if (acts[glyphs[i]] === 0) continue;
      for (let s = 0; s < subtables.length; s++) {
        const sub = subtables[s];
        if (sub.kind === 'single') {
          const index = this.coverageIndex(sub, glyphs[i]);
          if (index < 0) continue;
          glyphs[i] = sub.substitutes[index];
          break;
        }
        if (sub.kind === 'ligature') {
          const index = this.coverageIndex(sub, glyphs[i]);
          if (index < 0) continue;
          const ligature = findLigature(sub.sets[index], glyphs, i + 1);
          if (!ligature) continue;
          const n = ligature.components.length;
          glyphs.splice(i, n + 1, ligature.glyph);
          codePoints?.splice(i, n + 1, codePoints.slice(i, i + n + 1).flat());
          break;
        }
        if (this.wouldAct(sub, glyphs, i)) return false;
      }
    }
    return true;
  }

  /**
   * Applies a plan's GPOS lookups; false when fontkit must shape the run instead. Where every lookup sees all
   * glyphs and adjusts a glyph from it and the next one only (pair kerning; a subtable it does not apply is
   * checked at the glyph itself), a glyph's adjustment depends on that pair alone: it is worked out once per
   * pair (pairAdjustment) and added from a table, not by running every lookup over every word again.
   */
  private positionRun(gpos: Lookup[], glyphs: number[], positions: number[]): boolean {
    const memo = this.pairMemo(gpos);
    if (!memo) {
      for (let l = 0; l < gpos.length; l++) if (!this.position(gpos[l], glyphs, positions)) return false;
      return true;
    }
    const n = glyphs.length;
    for (let i = 0; i < n; i++) {
      const key = glyphs[i] * PAIR_KEY + (i + 1 < n ? glyphs[i + 1] : PAIR_KEY - 1);
      let adjustment = memo.get(key);
      if (adjustment === undefined) {
        adjustment = this.pairAdjustment(gpos, i + 1 < n ? [glyphs[i], glyphs[i + 1]] : [glyphs[i]]);
        memo.set(key, adjustment);
      }
      if (adjustment === null) return false;
      if (adjustment !== NO_ADJUSTMENT) for (let k = 0; k < 4; k++) positions[i * 4 + k] += adjustment[k];
    }
    return true;
  }

  /** The lookups' adjustment of a pair's first glyph (or a last glyph alone), or null where fontkit must shape. */
  private pairAdjustment(gpos: Lookup[], pair: number[]): readonly number[] | null {
    const positions = new Array<number>(pair.length * 4).fill(0);
    for (let l = 0; l < gpos.length; l++) if (!this.position(gpos[l], pair, positions)) return null;
    return positions[0] === 0 && positions[1] === 0 && positions[2] === 0 && positions[3] === 0 ? NO_ADJUSTMENT : positions.slice(0, 4);
  }

  private readonly pairMemos = new WeakMap<Lookup[], Map<number, readonly number[] | null> | null>();

  /** The pair table of a plan's GPOS lookups, or undefined where a glyph's adjustment is not a pair's alone. */
  private pairMemo(gpos: Lookup[]): Map<number, readonly number[] | null> | undefined {
    let memo = this.pairMemos.get(gpos);
    if (memo === undefined) {
      const local = gpos.every((lookup) => lookup.ignores === 0 && lookup.subtables.every((sub) => sub.kind !== 'context'));
      memo = local && this.data.advances.length < PAIR_KEY ? new Map() : null;
      this.pairMemos.set(gpos, memo);
    }
    return memo ?? undefined;
  }

  /** Applies one GPOS lookup; false when fontkit must shape the run instead. */
  private position(lookup: Lookup, glyphs: number[], positions: number[]): boolean {
    if (!this.allVisible(lookup, glyphs)) return false;
    const acts = this.actsOn(lookup);
    const subtables = lookup.subtables;
    for (let i = 0; i < glyphs.length; i++) {
      if (acts[glyphs[i]] === 0) continue;
      for (let s = 0; s < subtables.length; s++) {
        const sub = subtables[s];
        if (sub.kind === 'pair-glyphs' || sub.kind === 'pair-classes') {
          if (i + 1 >= glyphs.length) continue;
          const index = this.coverageIndex(sub, glyphs[i]);
          if (index < 0) continue;
          if (sub.kind === 'pair-glyphs') {
            const end = sub.starts[index + 1];
            const second = glyphs[i + 1];
            let k = sub.starts[index];
            while (k < end && sub.seconds[k] !== second) k++;
            if (k === end) continue;
            addValue(positions, i, sub.values, k);
          } else {
            addValue(positions, i, sub.values, this.classes(sub, 1)[glyphs[i]] * sub.class2Count + this.classes(sub, 2)[glyphs[i + 1]]);
          }
          break;
        }
        if (this.wouldAct(sub, glyphs, i)) return false;
      }
    }
    return true;
  }

  /**
   * Per glyph, 1 when some subtable of the lookup may act at a glyph of that id (its coverage, or the first
   * input of a contextual rule), else 0: most glyphs of a word meet no lookup, and skip it at one read.
   */
  private actsOn(lookup: Lookup): Uint8Array {
    const prepared = lookup as Lookup & { actsOn?: Uint8Array };
    let table = prepared.actsOn;
    if (!table) {
      table = new Uint8Array(this.data.advances.length);
      // Indexed loops: a coverage may list most of the font's glyphs, and this runs cold, where for…of
      // makes an iterator result per glyph.
      for (let s = 0; s < lookup.subtables.length; s++) {
        const sub = lookup.subtables[s];
        const firsts = sub.kind === 'context' ? sub.rules.map((rule) => rule.input[0] ?? [ANY_GLYPH]) : [sub.coverage];
        for (let f = 0; f < firsts.length; f++) {
          const coverage = firsts[f];
          if (coverage.includes(ANY_GLYPH)) table.fill(1);
          else {
            for (let g = 0; g < coverage.length; g++) {
              const glyph = coverage[g];
              if (glyph >= 0 && glyph < table.length) table[glyph] = 1;
            }
          }
        }
      }
      prepared.actsOn = table;
    }
    return table;
  }

  /**
   * Whether a lookup sees every glyph of the run. One that skips some glyph classes (marks, ligatures)
   * would match across them; this engine does not, so such a run goes to fontkit.
   */
  private allVisible(lookup: Lookup, glyphs: readonly number[]): boolean {
    if (lookup.ignores === 0) return true;
    const classes = this.data.glyphClasses;
    for (let i = 0; i < glyphs.length; i++) if (lookup.ignores & (1 << classes[glyphs[i]])) return false;
    return true;
  }

  /** Whether a subtable the engine does not apply would act at glyph i. */
  private wouldAct(sub: Lookup['subtables'][number], glyphs: readonly number[], i: number): boolean {
    if (sub.kind === 'trigger') return this.coverageIndex(sub, glyphs[i]) >= 0;
    if (sub.kind === 'context') {
      for (let r = 0; r < sub.rules.length; r++) if (this.ruleMatches(sub.rules[r], glyphs, i)) return true;
    }
    return false;
  }

  /**
   * Whether a contextual rule matches with its input starting at glyph i. fontkit reads backtrack
   * sequences forwards, the specification backwards: a match either way counts.
   */
  private ruleMatches(rule: ContextRule, glyphs: readonly number[], i: number): boolean {
    if (!this.sequenceAt(rule.input, glyphs, i)) return false;
    if (!this.sequenceAt(rule.lookahead, glyphs, i + rule.input.length)) return false;
    const n = rule.backtrack.length;
    if (n === 0) return true;
    return this.sequenceAt(rule.backtrack, glyphs, i - n) || this.sequenceAt([...rule.backtrack].reverse(), glyphs, i - n);
  }

  private sequenceAt(coverages: readonly Coverage[], glyphs: readonly number[], start: number): boolean {
    if (start < 0 || start + coverages.length > glyphs.length) return false;
    for (let k = 0; k < coverages.length; k++) {
      const coverage = coverages[k];
      if (coverage.length === 1 && coverage[0] === ANY_GLYPH) continue;
      let set = this.contextSets.get(coverage);
      if (!set) {
        set = new Set(coverage);
        this.contextSets.set(coverage, set);
      }
      if (!set.has(glyphs[start + k])) return false;
    }
    return true;
  }

  /** A pair subtable's class per glyph (built on first use, kept on the subtable). */
  private classes(sub: Prepared<'pair-classes'>, which: 1 | 2): Uint16Array {
    const key = which === 1 ? 'class1Table' : 'class2Table';
    let table = sub[key];
    if (!table) {
      const ranges = which === 1 ? sub.classDef1 : sub.classDef2;
      table = new Uint16Array(this.data.advances.length);
      // Backwards, so the first range that holds a glyph wins, as in fontkit.
      for (let i = ranges.length - 3; i >= 0; i -= 3) table.fill(ranges[i + 2], ranges[i], ranges[i + 1] + 1);
      sub[key] = table;
    }
    return table;
  }

  /** A glyph's index in a subtable's coverage, or -1 (a table per subtable, built on first use). */
  private coverageIndex(sub: Prepared<'single' | 'ligature' | 'pair-glyphs' | 'pair-classes' | 'trigger'>, glyph: number): number {
    let table = sub.coverageTable;
    if (!table) {
      table = new Int32Array(this.data.advances.length).fill(-1);
      const coverage = sub.coverage;
      // First occurrence wins, as with fontkit's indexOf.
      for (let i = coverage.length - 1; i >= 0; i--) if (coverage[i] >= 0 && coverage[i] < table.length) table[coverage[i]] = i;
      sub.coverageTable = table;
    }
    return glyph < table.length ? table[glyph] : -1;
  }
}

/** A subtable with the lookup tables the engine builds for it at run time. */
type Prepared<K extends LookupData['kind']> = Extract<LookupData, { kind: K }> & {
  coverageTable?: Int32Array;
  class1Table?: Uint16Array;
  class2Table?: Uint16Array;
};

function findLigature(set: readonly { glyph: number; components: Numbers }[], glyphs: readonly number[], from: number): { glyph: number; components: Numbers } | undefined {
  for (let l = 0; l < set.length; l++) {
    const components = set[l].components;
    let k = 0;
    while (k < components.length && glyphs[from + k] === components[k]) k++;
    if (k === components.length) return set[l];
  }
  return undefined;
}

function addValue(positions: number[], glyph: number, { stride, values }: PairValues, pair: number): void {
  if (stride === 1) positions[glyph * 4] += values[pair];
  else for (let k = 0; k < 4; k++) positions[glyph * 4 + k] += values[pair * 4 + k];
}

/** The index of `value` among the entries of an ascending list (every `stride`-th number), else -1. */
function sortedIndex(list: Numbers, value: number, stride: 1 | 2): number {
  let low = 0;
  let high = list.length / stride - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const v = list[mid * stride];
    if (v === value) return mid * stride;
    if (v < value) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}
