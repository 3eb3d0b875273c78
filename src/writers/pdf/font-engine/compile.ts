// Turns a font parsed by fontkit into a CompiledFont (compiled.ts). Runs at build time
// (scripts/compile-fonts.mjs) and, when no compiled file matches the installed font, once per process.
//
// Only what shape.ts applies itself is copied in full: single and ligature substitutions and pair
// kerning. Every other lookup of the features in use is reduced to what triggers it, so that a word it
// would change is shaped by fontkit instead. Which code points may be shaped here at all is decided by
// asking fontkit: a character whose lone layout is not simply its mapped glyph (default-ignorables,
// fraction slashes, marks, characters of other scripts) is listed as complex.

import { ANY_GLYPH, COMPILED_FONT_VERSION, fontFingerprint, type ClassDef, type CompiledFont, type ContextRule, type Coverage, type FeatureMap, type Lookup, type LookupData, type PairValues, type Value } from './compiled.js';
import { ENGINE_FEATURES } from './features.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- fontkit's decoded tables are untyped */
type Any = any;

const GSUB_EXTENSION = 7;
const GPOS_EXTENSION = 9;

export function compileFont(font: Any, bytes: Uint8Array): CompiledFont {
  const cmap: number[] = [];
  const complex: number[] = [];
  const latin: number[] = [];
  const characters: number[] = [...font.characterSet].sort((a: number, b: number) => a - b);
  for (const cp of characters) {
    const glyph = font.glyphForCodePoint(cp).id;
    cmap.push(cp, glyph);
    const run = font.layout(String.fromCodePoint(cp));
    const plain = run.glyphs.length === 1 && run.glyphs[0].id === glyph && run.positions[0].xAdvance === font.getGlyph(glyph).advanceWidth;
    if (!plain || (run.script !== 'latn' && run.script !== 'zzzz')) complex.push(cp);
    else if (run.script === 'latn') latin.push(cp);
  }
  // French sets a narrow no-break space (U+202F) inside « » and before ; : ! ?. A face without one
  // sets it with its six-per-em or thin space, so it keeps its width and still reads back as U+202F.
  if (!font.hasGlyphForCodePoint(NARROW_NO_BREAK_SPACE)) {
    const stand = [0x2006, 0x2009].find((cp) => font.hasGlyphForCodePoint(cp));
    if (stand !== undefined) insertCmap(cmap, NARROW_NO_BREAK_SPACE, font.glyphForCodePoint(stand).id);
  }
  const advances: number[] = [];
  const glyphClasses: number[] = [];
  const classDef = font.GDEF?.glyphClassDef ? classRanges(font.GDEF.glyphClassDef) : undefined;
  for (let g = 0; g < font.numGlyphs; g++) {
    advances.push(font.getGlyph(g).advanceWidth);
    glyphClasses.push(classDef ? classFromRanges(g, classDef) : 0);
  }
  const os2 = font['OS/2'];
  const bbox = font.bbox;
  return {
    version: COMPILED_FONT_VERSION,
    fingerprint: fontFingerprint(bytes),
    postscriptName: font.postscriptName,
    unitsPerEm: font.unitsPerEm,
    ascent: font.ascent,
    descent: font.descent,
    lineGap: font.lineGap,
    capHeight: font.capHeight,
    xHeight: font.xHeight,
    italicAngle: font.italicAngle,
    bbox: [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY],
    familyClass: os2?.sFamilyClass ?? 0,
    fixedPitch: Boolean(font.post?.isFixedPitch),
    italic: Boolean(font.head?.macStyle?.italic),
    cmap,
    complexCodePoints: complex,
    latin,
    advances,
    glyphClasses,
    gsub: compileTable(font.GSUB, 'GSUB'),
    gpos: compileTable(font.GPOS, 'GPOS'),
  };
}

function compileTable(table: Any, kind: 'GSUB' | 'GPOS'): CompiledFont['gsub'] {
  const scripts: Record<string, FeatureMap> = {};
  const lookups: (Lookup | null)[] = [];
  if (!table) return { scripts, lookups };
  const used = new Set<number>();
  for (const entry of table.scriptList) {
    const langSys = entry.script.defaultLangSys;
    const features: FeatureMap = {};
    for (const index of langSys?.featureIndexes ?? []) {
      const record = table.featureList[index];
      if (!ENGINE_FEATURES.includes(record.tag)) continue;
      features[record.tag] = [...record.feature.lookupListIndexes];
      for (const l of record.feature.lookupListIndexes) used.add(l);
    }
    scripts[entry.tag] = features;
  }
  const list = table.lookupList;
  for (let i = 0; i < list.length; i++) lookups.push(used.has(i) ? compileLookup(list.get(i), kind) : null);
  return { scripts, lookups };
}

function compileLookup(lookup: Any, kind: 'GSUB' | 'GPOS'): Lookup {
  const flags = lookup.flags;
  const ignores = (flags.ignoreBaseGlyphs ? 1 << 1 : 0) | (flags.ignoreLigatures ? 1 << 2 : 0) | (flags.ignoreMarks ? 1 << 3 : 0);
  const subtables: LookupData[] = [];
  for (let s = 0; s < lookup.subTables.length; s++) {
    let type = lookup.lookupType;
    let table = lookup.subTables.get ? lookup.subTables.get(s) : lookup.subTables[s];
    if ((kind === 'GSUB' && type === GSUB_EXTENSION) || (kind === 'GPOS' && type === GPOS_EXTENSION)) {
      type = table.lookupType;
      table = table.extension;
    }
    subtables.push(kind === 'GSUB' ? compileSubstitution(type, table) : compilePositioning(type, table));
  }
  return { ignores, subtables };
}

function compileSubstitution(type: number, t: Any): LookupData {
  switch (type) {
    case 1: {
      const coverage = coverageGlyphs(t.coverage);
      const substitutes = coverage.map((g, i) => (t.version === 1 ? (g + t.deltaGlyphID) & 0xffff : t.substitute.get ? t.substitute.get(i) : t.substitute[i]));
      return { kind: 'single', coverage, substitutes };
    }
    case 4: {
      const coverage = coverageGlyphs(t.coverage);
      const sets = coverage.map((_, i) => toArray(t.ligatureSets.get ? t.ligatureSets.get(i) : t.ligatureSets[i]).map((l: Any) => ({ glyph: l.glyph, components: [...l.components] })));
      return { kind: 'ligature', coverage, sets };
    }
    case 5:
      return { kind: 'context', rules: contextRules(t) };
    case 6:
      return { kind: 'context', rules: chainRules(t) };
    default:
      // Multiple (2), alternate (3), reverse chaining (8): fontkit applies them.
      return { kind: 'trigger', coverage: coverageGlyphs(t.coverage) };
  }
}

function compilePositioning(type: number, t: Any): LookupData {
  switch (type) {
    case 2: {
      const coverage = coverageGlyphs(t.coverage);
      if (t.version === 1) {
        const starts: number[] = [0];
        const seconds: number[] = [];
        const values: Value[] = [];
        for (let i = 0; i < coverage.length; i++) {
          const set = toArray(t.pairSets.get ? t.pairSets.get(i) : t.pairSets[i]);
          // value2 moves the second glyph; kerning fonts leave it empty, and so does this engine.
          if (set.some((p: Any) => !isZero(value(p.value2)))) return { kind: 'trigger', coverage };
          for (const p of set) {
            seconds.push(p.secondGlyph);
            values.push(value(p.value1));
          }
          starts.push(seconds.length);
        }
        return { kind: 'pair-glyphs', coverage, starts, seconds, values: pairValues(values) };
      }
      const all: Value[] = [];
      for (let c1 = 0; c1 < t.class1Count; c1++) {
        const row = t.classRecords.get ? t.classRecords.get(c1) : t.classRecords[c1];
        for (let c2 = 0; c2 < t.class2Count; c2++) {
          const record = row.get ? row.get(c2) : row[c2];
          if (!isZero(value(record.value2))) return { kind: 'trigger', coverage };
          all.push(value(record.value1));
        }
      }
      return { kind: 'pair-classes', coverage, classDef1: classRanges(t.classDef1), classDef2: classRanges(t.classDef2), class2Count: t.class2Count, values: pairValues(all) };
    }
    case 4:
    case 5:
    case 6:
      // Mark attachment acts on a mark; marks always go to fontkit (shape.ts), but say so here too.
      return { kind: 'trigger', coverage: coverageGlyphs(t.markCoverage ?? t.mark1Coverage) };
    case 7:
      return { kind: 'context', rules: contextRules(t) };
    case 8:
      return { kind: 'context', rules: chainRules(t) };
    default:
      // Single adjustment (1), cursive (3).
      return { kind: 'trigger', coverage: coverageGlyphs(t.coverage) };
  }
}

/** Context (type 5/7) subtables as coverage rules; the first input position holds the covered glyph. */
function contextRules(t: Any): ContextRule[] {
  switch (t.version) {
    case 1: {
      const first = coverageGlyphs(t.coverage);
      return first.flatMap((g, i) => toArray(t.ruleSets[i] ?? []).map((rule: Any) => ({ backtrack: [], input: [[g], ...toArray(rule.input).map((x: number) => [x])], lookahead: [] })));
    }
    case 2: {
      const first = coverageGlyphs(t.coverage);
      const classes = classRanges(t.classDef);
      return toArray(t.classSet).flatMap((set: Any, cls: number) =>
        toArray(set ?? []).map((rule: Any) => ({
          backtrack: [],
          input: [first.filter((g) => classFromRanges(g, classes) === cls), ...toArray(rule.classes).map((c: number) => glyphsOfClass(c, classes))],
          lookahead: [],
        })),
      );
    }
    default:
      return [{ backtrack: [], input: toArray(t.coverages).map(coverageGlyphs), lookahead: [] }];
  }
}

/** Chaining context (type 6/8) subtables as coverage rules. */
function chainRules(t: Any): ContextRule[] {
  switch (t.version) {
    case 1: {
      const first = coverageGlyphs(t.coverage);
      return first.flatMap((g, i) =>
        toArray(t.chainRuleSets[i] ?? []).map((rule: Any) => ({
          backtrack: toArray(rule.backtrack).map((x: number) => [x]),
          input: [[g], ...toArray(rule.input).map((x: number) => [x])],
          lookahead: toArray(rule.lookahead).map((x: number) => [x]),
        })),
      );
    }
    case 2: {
      const first = coverageGlyphs(t.coverage);
      const back = classRanges(t.backtrackClassDef);
      const input = classRanges(t.inputClassDef);
      const ahead = classRanges(t.lookaheadClassDef);
      return toArray(t.chainClassSet).flatMap((set: Any, cls: number) =>
        toArray(set ?? []).map((rule: Any) => ({
          backtrack: toArray(rule.backtrack).map((c: number) => glyphsOfClass(c, back)),
          input: [first.filter((g) => classFromRanges(g, input) === cls), ...toArray(rule.input).map((c: number) => glyphsOfClass(c, input))],
          lookahead: toArray(rule.lookahead).map((c: number) => glyphsOfClass(c, ahead)),
        })),
      );
    }
    default:
      return [
        {
          backtrack: toArray(t.backtrackCoverage).map(coverageGlyphs),
          input: toArray(t.inputCoverage).map(coverageGlyphs),
          lookahead: toArray(t.lookaheadCoverage).map(coverageGlyphs),
        },
      ];
  }
}

function toArray(x: Any): Any[] {
  if (!x) return [];
  return Array.isArray(x) ? x : x.toArray ? x.toArray() : [...x];
}

function coverageGlyphs(coverage: Any): number[] {
  if (!coverage) return [];
  if (coverage.version === 1) return toArray(coverage.glyphs).slice();
  const out: number[] = [];
  for (const r of toArray(coverage.rangeRecords)) for (let g = r.start; g <= r.end; g++) out.push(g);
  return out;
}

function classRanges(def: Any): number[] {
  if (!def) return [];
  if (def.version === 1) {
    const out: number[] = [];
    toArray(def.classValueArray).forEach((c: number, i: number) => {
      if (c !== 0) out.push(def.startGlyph + i, def.startGlyph + i, c);
    });
    return out;
  }
  return toArray(def.classRangeRecord).flatMap((r: Any) => [r.start, r.end, r.class]);
}

function classFromRanges(glyph: number, ranges: ClassDef): number {
  for (let i = 0; i < ranges.length; i += 3) if (ranges[i] <= glyph && glyph <= ranges[i + 1]) return ranges[i + 2];
  return 0;
}

/**
 * The glyphs of a class, as a coverage. Class 0 is "every glyph not in another class"; rather than list
 * thousands of glyphs it becomes ANY_GLYPH, which matches more than it should: harmless, since a rule
 * that seems to match only sends the word to fontkit.
 */
function glyphsOfClass(cls: number, ranges: ClassDef): number[] {
  if (cls === 0) return [ANY_GLYPH];
  const out: number[] = [];
  for (let i = 0; i < ranges.length; i += 3) if (ranges[i + 2] === cls) for (let g = ranges[i]; g <= ranges[i + 1]; g++) out.push(g);
  return out.sort((a, b) => a - b);
}

function value(v: Any): Value {
  return [v?.xAdvance ?? 0, v?.yAdvance ?? 0, v?.xPlacement ?? 0, v?.yPlacement ?? 0];
}

/** Plain kerning (xAdvance only) as one number per pair, anything else as four. */
function pairValues(values: readonly Value[]): PairValues {
  if (values.every((v) => v[1] === 0 && v[2] === 0 && v[3] === 0)) return { stride: 1, values: values.map((v) => v[0]) };
  return { stride: 4, values: values.flat() };
}

function isZero(v: Value): boolean {
  return v[0] === 0 && v[1] === 0 && v[2] === 0 && v[3] === 0;
}

const NARROW_NO_BREAK_SPACE = 0x202f;

/** Adds a code point to the flat, sorted [codePoint, glyph, …] list. */
function insertCmap(cmap: number[], codePoint: number, glyph: number): void {
  let at = 0;
  while (at < cmap.length && cmap[at] < codePoint) at += 2;
  cmap.splice(at, 0, codePoint, glyph);
}
