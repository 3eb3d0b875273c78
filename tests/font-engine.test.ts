// The PDF writer shapes text with tables compiled from the fonts (src/writers/pdf/font-engine/) and
// leaves to fontkit only what those tables cannot do exactly. Its glyphs and positions must be fontkit's,
// or the layout would measure one thing and the page show another.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir } from './helpers/book-folder.js';
import { chapter, prng } from '../scripts/bench-corpus.mjs';
import { compileFont } from '../src/writers/pdf/font-engine/compile.js';
import { EngineFont, type GlyphRun } from '../src/writers/pdf/font-engine/font.js';
import { COMPILED_FONTS_DIR, compiledFileName, faceFile, openFace, readCompiled, type Face } from '../src/writers/pdf/fonts.js';
import { packCompiled, unpackCompiled } from '../src/writers/pdf/font-engine/compiled.js';
import { typesetString } from '../src/typography/index.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- fontkit is untyped */
type FontkitRun = { glyphs: { id: number }[]; positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[]; advanceWidth: number };

const TEXT_FACES: Face[] = ['serif', 'serif-italic', 'serif-bold', 'serif-bold-italic', 'fallback', 'mono', 'symbols'];

/** Glyph ids and positions: what the page shows. (fontkit's code points per glyph depend on its glyph cache.) */
function shown(run: GlyphRun | FontkitRun): string {
  const ids = run.glyphs.map((g) => g.id).join(' ');
  const positions = run.positions.map((p) => `${p.xAdvance},${p.yAdvance},${p.xOffset},${p.yOffset}`).join(' ');
  return `${ids} | ${positions} | ${run.advanceWidth}`;
}

function manuscriptWords(): string[] {
  const dir = join(import.meta.dirname, '..', 'manuscript');
  const text = readdirSync(dir)
    .filter((f) => f.endsWith('.md') || f.endsWith('.yaml'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  return text.split(/\s+/);
}

/** A generated chapter with curly quotes, dashes and ellipses, as the typography stage leaves text. */
function generatedWords(): string[] {
  return typesetString(chapter(prng(7), 6000, 'One').markdown.replace(/[*_#]/g, '')).split(/\s+/);
}

/** Curly quotes, dashes, ellipsis and the rest of what typography puts into text, plus ASCII. */
const PAIR_CHARS = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), ...'‘’“”–—…•·§¶©®™°±×÷éèêëàâäçîïôöùûüÿñÉÀÇŒœæß'];

describe('shaping with compiled tables', () => {
  const words = [...new Set([...manuscriptWords(), ...generatedWords()].filter(Boolean))];

  test.each(TEXT_FACES)('%s: every word of the sample and a generated chapter shapes as fontkit shapes it', (face) => {
    const font = openFace(face);
    const fontkit = font.fontkit();
    for (const features of [[], ['smcp'], ['sups']]) {
      const mismatches = words.filter((w) => shown(font.layout(w, [...features])) !== shown(fontkit.layout(w, [...features])));
      expect(mismatches, `${face} ${features.join() || 'default features'}`).toEqual([]);
    }
    // The point of the engine: ordinary words never need fontkit.
    if (face.startsWith('serif')) expect(font.counts.fontkit).toBe(0);
  });

  test.each(['serif', 'serif-italic'] as Face[])('%s: every pair of text characters kerns and ligates as with fontkit', (face) => {
    const font = openFace(face);
    const fontkit = font.fontkit();
    const mismatches: string[] = [];
    for (const a of PAIR_CHARS) for (const b of PAIR_CHARS) if (shown(font.layout(a + b)) !== shown(fontkit.layout(a + b))) mismatches.push(a + b);
    for (const lig of ['ffi', 'ffl', 'ff', 'fi', 'fl', 'fj', 'Th', 'office', 'baffle', 'fjord']) if (shown(font.layout(lig)) !== shown(fontkit.layout(lig))) mismatches.push(lig);
    expect(mismatches).toEqual([]);
    // Kerning really is applied (a test that compared two unkerned results would prove nothing).
    expect(font.advance('AV')).toBeLessThan(font.advance('A') + font.advance('V'));
  });

  test('a ligature glyph stands for all of its letters (copying text out of the PDF gives them back)', () => {
    const font = openFace('serif');
    const run = font.layout('office');
    expect(run.glyphs.length).toBeLessThan(6);
    expect(run.glyphs.flatMap((g) => g.codePoints).map((c) => String.fromCodePoint(c)).join('')).toBe('office');
  });

  test.each([
    ['a combining accent', 'cafe\u0301'],
    ['a fraction slash', '1\u20442'],
    ['a soft hyphen', 'soft\u00ADware'],
    ['Greek', 'λόγος'],
    ['Cyrillic', 'слово'],
  ])('%s goes to fontkit, with fontkit’s result', (_, text) => {
    const font = openFace('serif');
    const before = font.counts.fontkit;
    const run = font.layout(text);
    expect(font.counts.fontkit).toBe(before + 1);
    expect(shown(run)).toBe(shown(font.fontkit().layout(text)));
  });

  test('digits next to a contextual rule’s context are still shaped exactly', () => {
    // EB Garamond has a contextual rlig lookup on digits: the engine must either apply nothing or defer.
    const font = openFace('serif');
    for (const text of ['1984', '3/4', '12:30', 'No. 2', '1st', '2nd', '10,000', '(7)']) {
      expect(shown(font.layout(text)), text).toBe(shown(font.fontkit().layout(text)));
    }
  });

  test('a word the layout measured is painted with the glyphs, positions and letters of a fresh shaping', () => {
    const bytes = readFileSync(faceFile('serif'));
    const data = openFace('serif').data;
    const measured = new EngineFont(data, bytes);
    const fresh = new EngineFont(data, bytes);
    // Ligatures (a glyph for several letters: shaped again), a letter beyond the BMP, and plain words.
    const sample = [...words.slice(0, 300), 'office', 'baffle', 'fjord', 'Th', 'a\u{1D400}b', 'Harbour'];
    for (const word of sample) measured.advance(word);
    // What painting reads of a run (a measured one makes its code points when they are read).
    const read = (run: ReturnType<EngineFont['engineRun']>) => run && { glyphs: run.glyphs, codePoints: run.codePoints, positions: run.positions, advanceWidth: run.advanceWidth };
    for (const word of sample) expect(read(measured.engineRun(word, [])), word).toEqual(read(fresh.engineRun(word, [])));
  });

  test.each(['serif', 'serif-italic'] as Face[])('%s: a prefix of a measured word advances as the prefix shaped alone', (face) => {
    const bytes = readFileSync(faceFile(face));
    const data = openFace(face).data;
    const measured = new EngineFont(data, bytes);
    const fresh = new EngineFont(data, bytes);
    // Every prefix of every word, with ligatures (office, baffle: shaped alone instead) and kerned pairs (AV).
    let derived = 0;
    for (const word of [...words, 'office', 'baffle', 'fjord', 'AVAV', 'Tywyll', 'we’re']) {
      measured.advance(word);
      for (let length = 1; length <= word.length; length++) {
        const fromWord = measured.prefixAdvance(word, length);
        if (fromWord === undefined) continue;
        derived++;
        expect(fromWord, `${word} up to ${length}`).toBe(fresh.advance(word.slice(0, length)));
      }
    }
    expect(measured.prefixAdvance('office', 2)).toBeUndefined();
    expect(derived).toBeGreaterThan(1000);
  });

  test('compiled tables are used only for the font bytes and format they were made from', () => {
    const bytes = readFileSync(faceFile('serif'));
    const dir = tempDir('font-metrics-');
    const file = join(dir, compiledFileName('serif'));
    expect(readCompiled('serif', bytes, dir)).toBeUndefined();
    const compiled = openFace('serif').data;
    writeFileSync(file, packCompiled(compiled));
    expect(readCompiled('serif', bytes, dir)?.fingerprint).toBe(compiled.fingerprint);
    // Another release of the font package: the old tables are ignored (and the face compiled afresh).
    expect(readCompiled('serif', readFileSync(faceFile('serif-italic')), dir)).toBeUndefined();
    writeFileSync(file, packCompiled({ ...compiled, version: compiled.version + 1 }));
    expect(readCompiled('serif', bytes, dir)).toBeUndefined();
    // A damaged file is ignored, not trusted.
    writeFileSync(file, packCompiled(compiled).subarray(0, 1000));
    expect(readCompiled('serif', bytes, dir)).toBeUndefined();
  });

  test('compiling is deterministic and the build ships the same tables', () => {
    const bytes = readFileSync(faceFile('serif'));
    const shipped = readFileSync(join(COMPILED_FONTS_DIR, compiledFileName('serif')));
    const fontkit = openFace('serif').fontkit();
    const compiled = compileFont(fontkit, bytes);
    expect(Buffer.from(packCompiled(compiled)).equals(shipped)).toBe(true);
    expect(compileFont(fontkit, bytes)).toEqual(compiled);
    expect(new EngineFont(compiled, bytes).advance('Harbour')).toBe(fontkit.layout('Harbour').advanceWidth);
  });

  test('the packed tables read back as they were compiled, long lists as views of the file', () => {
    const compiled = compileFont(openFace('serif').fontkit(), readFileSync(faceFile('serif')));
    const read = unpackCompiled(packCompiled(compiled))!;
    const plain = (x: unknown) => JSON.parse(JSON.stringify(x, (_k, v: unknown) => (v instanceof Int32Array ? [...v] : v)));
    expect(plain(read)).toEqual(plain(compiled));
    expect(read.advances).toBeInstanceOf(Int32Array);
    expect(read.advances.length).toBe(compiled.advances.length);
    // Negative numbers (kerning) survive the 32-bit encoding.
    expect(JSON.stringify(plain(read))).toMatch(/-\d/);
  });
});
