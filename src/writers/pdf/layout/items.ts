// Turns a paragraph's inline runs into Knuth–Plass items: boxes (word pieces), glue (spaces)
// and penalties (hyphenation points, forced breaks). Also picks the fallback face per character.

import { isFollowableHref, type Inline } from '../../../model/book.js';
import { fallbackFor, isScriptFace, type CjkFamily, type Face } from '../fonts.js';
import type { Hyphenator } from './hyphenate.js';
import type { Measurer } from './measure.js';
import { mapOf } from '../maps.js';
import { clingsToBase, ComplexTextFound, scriptFace, scriptOf } from './scripts.js';
import { breakOpportunities, isHangul, needsUax14 } from './uax14.js';

export interface Style {
  face: Face;
  size: number;
  features?: string[];
  rise?: number;
  url?: string;
  /** Struck through (a strike-through inline). */
  strike?: boolean;
  /** The footnote this text refers to (a reference mark). */
  note?: number;
  /** Bidirectional embedding level (UAX #9); absent for 0, left-to-right in a left-to-right paragraph. */
  level?: number;
}

export interface Frag {
  text: string;
  style: Style;
}

export interface Box {
  type: 'box';
  width: number;
  /** Width when set in the alternative first-line style (small caps); equals width otherwise. */
  altWidth: number;
  frags: Frag[];
}

export interface Glue {
  type: 'glue';
  width: number;
  stretch: number;
  shrink: number;
  /** Face whose space the glue stands for (the run it joins draws it). */
  face: Face;
  /** Space between characters (CJK), not a space character: set as a gap between runs. */
  inter?: boolean;
}

export interface Penalty {
  type: 'penalty';
  /** Width added when the line breaks here (the hyphen). */
  width: number;
  penalty: number;
  flagged: boolean;
  /** Text appended to the line when it breaks here. */
  hyphen?: Frag;
}

export type Item = Box | Glue | Penalty;

export const INFINITY = 10000;

export interface MissingGlyph {
  char: string;
}

export interface ParagraphInput {
  inlines: readonly Inline[];
  base: Style;
  /** Box at the start of the first line (the paragraph indent). */
  indent: number;
  hyphenate: boolean;
  /** Features of the first line (small-caps opener): boxes get an altWidth measured with them. */
  altFeatures?: string[];
  /** Width limit for a single box; longer words are split so no line overflows. */
  maxBoxWidth: number;
}

/** Styles by inline nesting: emphasis toggles italic, strong sets bold. */
function withEmphasis(style: Style): Style {
  const map: Partial<Record<Face, Face>> = {
    serif: 'serif-italic',
    'serif-italic': 'serif',
    'serif-bold': 'serif-bold-italic',
    'serif-bold-italic': 'serif-bold',
  };
  return { ...style, face: map[style.face] ?? style.face };
}

function withStrong(style: Style): Style {
  const map: Partial<Record<Face, Face>> = {
    serif: 'serif-bold',
    'serif-italic': 'serif-bold-italic',
  };
  return { ...style, face: map[style.face] ?? style.face };
}

/** Flattens inlines to styled text fragments; images are skipped here (placed as blocks). */
export function flatten(inlines: readonly Inline[], style: Style, out: Frag[] = []): Frag[] {
  for (const node of inlines) {
    switch (node.kind) {
      case 'text':
        out.push({ text: node.text, style });
        break;
      case 'code':
        out.push({ text: node.text, style: { ...style, face: 'mono', size: style.size * 0.85 } });
        break;
      case 'emphasis':
        flatten(node.children, withEmphasis(style), out);
        break;
      case 'strong':
        flatten(node.children, withStrong(style), out);
        break;
      case 'strike':
        flatten(node.children, { ...style, strike: true }, out);
        break;
      case 'smallCaps':
        // The faces' own small capitals (smcp), as the openers use; a face without them sets its letters as
        // they are, which is what it did before. Another feature already set (a reference mark) wins.
        flatten(node.children, style.features ? style : { ...style, features: ['smcp'] }, out);
        break;
      case 'span':
        // Words in another language: their own text, set as around them (shaping is the engine's).
        flatten(node.children, style, out);
        break;
      case 'link':
        flatten(node.children, isFollowableHref(node.href) && !node.href.trim().startsWith('#') ? { ...style, url: node.href.trim() } : style, out);
        break;
      case 'footnoteRef':
        out.push({ text: String(node.number), style: { ...style, features: ['sups'], note: node.number } });
        break;
      case 'lineBreak':
        out.push({ text: '\n', style });
        break;
      case 'image':
        break;
    }
  }
  return out;
}

/**
 * Splits fragments by the face each character needs: a script's own face (Arabic, Hebrew, Devanagari,
 * CJK), else the text face, else a fallback face that has the glyph; marks stay with their letter's face.
 */
export function applyFallback(frags: Frag[], measurer: Measurer, missing: (ch: string) => void): Frag[] {
  const out: Frag[] = [];
  for (const frag of frags) {
    const main = frag.style.face;
    if (covered(frag.text, main, measurer)) {
      out.push(frag);
      continue;
    }
    const fallback = fallbackFor(main);
    let current = '';
    let currentFace: Face = main;
    const flush = () => {
      if (current) out.push({ text: current, style: currentFace === main ? frag.style : { ...frag.style, face: currentFace } });
      current = '';
    };
    for (const ch of frag.text) {
      const cp = ch.codePointAt(0)!;
      let face: Face = main;
      if (needsGlyph(cp)) {
        const script = scriptOf(cp);
        if (script && !measurer.complex) throw new ComplexTextFound();
        const own = script && (script !== 'cjk' || measurer.cjk) ? scriptFace(script, main, measurer.cjk ?? 'cjk-sc') : undefined;
        const other = script === 'cjk' && own && !measurer.has(own, cp) ? otherCjkFace(cp, main, measurer) : undefined;
        if (own && measurer.has(own, cp)) face = own;
        else if (own && own.endsWith('-bold') && measurer.has(own.slice(0, -5) as Face, cp)) face = own.slice(0, -5) as Face;
        else if (other) face = other;
        else if (current && clingsToBase(cp) && measurer.has(currentFace, cp)) face = currentFace;
        else if (!own && measurer.has(main, cp)) face = main;
        else if (measurer.has(fallback, cp)) face = fallback;
        else if (measurer.has('fallback', cp)) face = 'fallback';
        else if (measurer.has('symbols', cp)) face = 'symbols';
        else {
          missing(ch);
          face = current ? currentFace : main;
        }
      } else if (current && currentFace !== main && isScriptFace(currentFace) && cp !== 0x20 && measurer.has(currentFace, cp)) {
        // Invisible joiners and the like inside a word of another script stay in its face.
        face = currentFace;
      }
      if (face !== currentFace) {
        flush();
        currentFace = face;
      }
      current += ch;
    }
    flush();
  }
  return out;
}

const CJK_FAMILIES: readonly CjkFamily[] = ['cjk-sc', 'cjk-tc', 'cjk-jp', 'cjk-kr'];

/** Another installed CJK design that has the character (Hangul in a Chinese book: the Korean one). */
function otherCjkFace(cp: number, main: Face, measurer: Measurer): Face | undefined {
  for (const family of CJK_FAMILIES) {
    if (family === measurer.cjk) continue;
    const face = scriptFace('cjk', main, family);
    if (measurer.has(face, cp)) return face;
    if (face !== family && measurer.has(family, cp)) return family;
  }
  return undefined;
}

function needsGlyph(cp: number): boolean {
  return cp > 0x20 && cp !== 0xad && cp !== 0x200b && cp !== 0xa0 && !(cp >= 0x2000 && cp <= 0x200a) && cp !== 0x202f && cp !== 0x205f && cp !== 0x3000;
}

/** Characters past ASCII: only they can be missing from a text face or belong to another script. */
const BEYOND_ASCII = /[^\x00-\x7e]/g;

/** True when the face has every character of the text (the common case, checked without copying). */
function covered(text: string, face: Face, measurer: Measurer): boolean {
  // The regular expression skips the ASCII between them natively: a loop over every character, interpreted
  // in a cold process, cost more than the checks.
  BEYOND_ASCII.lastIndex = 0;
  while (BEYOND_ASCII.test(text)) {
    const cp = text.codePointAt(BEYOND_ASCII.lastIndex - 1)!;
    if (cp > 0xffff) BEYOND_ASCII.lastIndex++;
    if (needsGlyph(cp) && (!measurer.has(face, cp) || scriptOf(cp) !== undefined)) return false;
  }
  return true;
}

const BREAKING_SPACE = /[ \t\r\u2000-\u2006\u2008-\u200A\u205F\u3000]/;
// U+202F (narrow no-break space, French « Bonjour ! ») is no glue: it stays inside its word at its own
// narrow width, as the compiled faces set it (font-engine/compile.ts).
const NON_BREAKING_SPACE = /[\u00A0\u2007]/;

function sameStyle(a: Style, b: Style): boolean {
  if (a === b) return true;
  return (
    a.face === b.face &&
    a.size === b.size &&
    a.rise === b.rise &&
    a.url === b.url &&
    a.strike === b.strike &&
    a.level === b.level &&
    sameFeatures(a.features, b.features)
  );
}

function sameFeatures(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return (a ?? b)!.length === 0;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export { sameStyle };

interface Word {
  frags: Frag[];
}

/**
 * Builds the item list. Each word becomes one or more boxes (pieces between hyphenation points
 * or after a hard hyphen or dash), spaces become glue, a line break becomes a forced break.
 */
export function buildItems(input: ParagraphInput, frags: readonly Frag[], measurer: Measurer, hyphenator: Hyphenator): Item[] {
  const items: Item[] = [];
  const base = input.base;
  if (input.indent > 0) items.push({ type: 'box', width: input.indent, altWidth: input.indent, frags: [] });

  // The word being read: one piece of one fragment (the common case, kept without making objects for it), or
  // the pieces of several fragments (a word with an emphasised part).
  let wordText: string | undefined;
  let wordStyle: Style | undefined;
  let wordFrags: Frag[] | undefined;
  let lastFace: Face = base.face;
  // The glue of the last face seen: a paragraph rarely changes face, and spaces are a third of its items.
  let glueFace: Face | undefined;
  let glue: Glue | undefined;
  const pushGlue = (nonBreaking: boolean) => {
    if (nonBreaking) items.push(NO_BREAK);
    if (lastFace !== glueFace || !glue) {
      glueFace = lastFace;
      glue = spaceGlue(measurer, spaceFace(lastFace), base.size);
    }
    items.push(glue);
  };
  // The word cache of the last style seen: fragments of one style come in long runs.
  let cacheStyle: Style | undefined;
  let cache: Map<string, Item[]> | undefined;
  const endWord = () => {
    if (wordText !== undefined) {
      const text = wordText;
      const style = wordStyle!;
      if (style !== cacheStyle) {
        cacheStyle = style;
        cache = wordCache(measurer, style, input);
      }
      let cached = cache!.get(text);
      if (!cached) {
        cached = [];
        buildWord(cached, { frags: [{ text, style }] }, input, measurer, hyphenator);
        cache!.set(text, cached);
      }
      for (let i = 0; i < cached.length; i++) items.push(cached[i]);
    } else if (wordFrags) buildWord(items, { frags: wordFrags }, input, measurer, hyphenator);
    wordText = undefined;
    wordFrags = undefined;
  };
  const addToWord = (text: string, style: Style) => {
    if (wordText === undefined && !wordFrags) {
      wordText = text;
      wordStyle = style;
    } else {
      if (!wordFrags) {
        wordFrags = [{ text: wordText!, style: wordStyle! }];
        wordText = undefined;
      }
      wordFrags.push({ text, style });
    }
  };

  for (const frag of frags) {
    const text = frag.text;
    let from = 0;
    const flushText = (to: number) => {
      if (to > from) {
        addToWord(from === 0 && to === text.length ? text : text.slice(from, to), frag.style);
        lastFace = frag.style.face;
      }
    };
    // Ordinary characters stay in the word: only the others are visited, found natively (test(), not exec():
    // no match object; the character found is the one before lastIndex).
    NOT_ORDINARY.lastIndex = 0;
    while (NOT_ORDINARY.test(text)) {
      const i = NOT_ORDINARY.lastIndex - 1;
      const ch = text[i];
      if (ch === '\u00AD' || ch === '\u200B') {
        // Invisible: drop it from the word.
        flushText(i);
        from = i + 1;
        continue;
      }
      if (ch === '\n') {
        flushText(i);
        from = i + 1;
        endWord();
        // A forced break: fill the line, then break.
        items.push({ type: 'glue', width: 0, stretch: INFINITY, shrink: 0, face: base.face });
        items.push({ type: 'penalty', width: 0, penalty: -INFINITY, flagged: false });
        continue;
      }
      const breaking = BREAKING_SPACE.test(ch);
      if (breaking || NON_BREAKING_SPACE.test(ch)) {
        flushText(i);
        from = i + 1;
        endWord();
        const last = items[items.length - 1];
        // Collapse runs of spaces; no space at a line start after a forced break.
        if (last && last.type === 'box') pushGlue(!breaking);
      }
    }
    flushText(text.length);
  }
  endWord();
  // Drop trailing glue, then finish: the last line is set ragged.
  while (items.length > 0 && items[items.length - 1].type !== 'box') items.pop();
  items.push({ type: 'penalty', width: 0, penalty: INFINITY, flagged: false });
  items.push({ type: 'glue', width: 0, stretch: INFINITY, shrink: 0, face: base.face });
  items.push({ type: 'penalty', width: 0, penalty: -INFINITY, flagged: false });
  return items;
}

/** Characters that may end a word or be dropped from it: all but printable ASCII. */
const NOT_ORDINARY = /[^\x21-\x7e]/g;

const NO_BREAK: Penalty = { type: 'penalty', width: 0, penalty: INFINITY, flagged: false };
const glues = new WeakMap<Measurer, Map<string, Glue>>();

/** The interword glue of a face and size, shared (items are immutable). */
function spaceGlue(measurer: Measurer, face: Face, size: number): Glue {
  const map = mapOf(glues, measurer);
  const key = `${face}|${size}`;
  let glue = map.get(key);
  if (!glue) {
    const w = measurer.width(face, size, ' ');
    glue = { type: 'glue', width: w, stretch: w * 0.6, shrink: w * 0.3, face };
    map.set(key, glue);
  }
  return glue;
}

function spaceFace(face: Face): Face {
  // Superscript figures and fallback glyphs share the text face's space.
  if (face.startsWith('fallback')) return face.replace('fallback', 'serif') as Face;
  if (face === 'symbols') return 'serif';
  // A script face sets its own spaces, so a run of its words stays one run.
  return face;
}

const HARD_HYPHEN = /[-\u2010]/;
const DASH = /[\u2013\u2014]/;
const HAS_BREAK_CHAR = /[-\u2010\u2013\u2014]/;

/** The items of one-fragment words set in a style, shared by every paragraph with the same settings. */
function wordCache(measurer: Measurer, style: Style, input: ParagraphInput): Map<string, Item[]> {
  const styleKey = `${style.face}|${style.size}|${style.features ?? ''}|${style.url ?? ''}|${input.altFeatures ?? ''}|${input.hyphenate}|${input.maxBoxWidth}|${style.level ?? 0}${style.strike ? '|strike' : ''}`;
  let byText = measurer.words.get(styleKey) as Map<string, Item[]> | undefined;
  if (!byText) {
    byText = new Map();
    measurer.words.set(styleKey, byText);
  }
  return byText;
}

function buildWord(items: Item[], word: Word, input: ParagraphInput, measurer: Measurer, hyphenator: Hyphenator): void {
  const alt = input.altFeatures;
  const text = word.frags.length === 1 ? word.frags[0].text : word.frags.map((f) => f.text).join('');
  if (needsUax14(text)) {
    buildUnspacedWord(items, word.frags, text, input, measurer);
    return;
  }
  if (word.frags.length === 1) {
    const frag = word.frags[0];
    const text = frag.text;
    const style = frag.style;
    // Break points: hyphenation (with an added hyphen), after a hard hyphen or a dash (nothing added).
    const points: { at: number; hyphen: boolean }[] = [];
    if (input.hyphenate && style.face !== 'mono' && !style.features) {
      // Indexed loops for the points: once per word, cold, where for…of makes an iterator result per step.
      const hyphens = hyphenator(text);
      for (let h = 0; h < hyphens.length; h++) points.push({ at: hyphens[h], hyphen: true });
    }
    for (let i = HAS_BREAK_CHAR.test(text) ? 1 : text.length; i < text.length - 2; i++) {
      if ((HARD_HYPHEN.test(text[i]) || DASH.test(text[i])) && /\p{L}/u.test(text[i + 1]) && /[\p{L}\p{N}]/u.test(text[i - 1])) {
        points.push({ at: i + 1, hyphen: false });
      }
    }
    points.sort((a, b) => a.at - b.at);
    let start = 0;
    let startWidth = 0;
    let startAlt = 0;
    const total = measurer.width(style.face, style.size, text, style.features);
    for (let p = 0; p < points.length; p++) {
      const point = points[p];
      if (point.at <= start) continue;
      const w = measurer.prefixWidth(style.face, style.size, text, point.at, style.features);
      const a = alt ? measurer.prefixWidth(style.face, style.size, text, point.at, alt) : w;
      pushBoxes(items, { text: text.slice(start, point.at), style }, w - startWidth, a - startAlt, input.maxBoxWidth, measurer);
      if (point.hyphen) {
        const hyphen = { text: '-', style };
        items.push({ type: 'penalty', width: measurer.width(style.face, style.size, '-', style.features), penalty: 50, flagged: true, hyphen });
      } else {
        const hard = HARD_HYPHEN.test(text[point.at - 1]);
        items.push({ type: 'penalty', width: 0, penalty: hard ? 50 : 30, flagged: hard });
      }
      start = point.at;
      startWidth = w;
      startAlt = a;
    }
    const totalAlt = alt ? measurer.width(style.face, style.size, text, alt) : total;
    pushBoxes(items, { text: text.slice(start), style }, total - startWidth, totalAlt - startAlt, input.maxBoxWidth, measurer);
    return;
  }
  let width = 0;
  let altWidth = 0;
  for (const frag of word.frags) {
    width += measurer.width(frag.style.face, frag.style.size, frag.text, frag.style.features);
    altWidth += alt && !frag.style.features ? measurer.width(frag.style.face, frag.style.size, frag.text, alt) : measurer.width(frag.style.face, frag.style.size, frag.text, frag.style.features);
  }
  if (width > input.maxBoxWidth) {
    for (const frag of word.frags) {
      const w = measurer.width(frag.style.face, frag.style.size, frag.text, frag.style.features);
      pushBoxes(items, frag, w, w, input.maxBoxWidth, measurer);
    }
    return;
  }
  items.push({ type: 'box', width, altWidth, frags: word.frags });
}

/** Between two Hangul syllables: a break only when a line cannot be set well at its spaces. */
const HANGUL_PENALTY = 400;
/** Stretch and shrink of the space between CJK characters, in ems: lines justify by spacing the characters. */
const INTER_STRETCH = 0.1;
const INTER_SHRINK = 0.02;

/**
 * A run with no spaces in a script that breaks between characters (Chinese, Japanese) or a Korean word:
 * one box per piece between UAX #14 break opportunities. Between Han and kana the opportunity is a
 * zero-width glue with a little stretch (justification spaces the characters); between Hangul syllables
 * a costly penalty, so Korean still breaks at its spaces. No hyphenation.
 */
function buildUnspacedWord(items: Item[], frags: readonly Frag[], text: string, input: ParagraphInput, measurer: Measurer): void {
  const alt = input.altFeatures;
  const cuts = [...breakOpportunities(text), text.length];
  let f = 0;
  let fragStart = 0;
  let from = 0;
  for (const to of cuts) {
    // The fragments (or parts of them) between `from` and `to`.
    const pieces: Frag[] = [];
    let width = 0;
    let altWidth = 0;
    while (f < frags.length && fragStart < to) {
      const frag = frags[f];
      const fragEnd = fragStart + frag.text.length;
      const a = Math.max(from, fragStart) - fragStart;
      const b = Math.min(to, fragEnd) - fragStart;
      if (b > a) {
        const piece = a === 0 && b === frag.text.length ? frag : { text: frag.text.slice(a, b), style: frag.style };
        const { face, size, features } = frag.style;
        const w = measurer.width(face, size, piece.text, features);
        pieces.push(piece);
        width += w;
        altWidth += alt && !features && face !== 'mono' ? measurer.width(face, size, piece.text, alt) : w;
      }
      if (fragEnd <= to) {
        f++;
        fragStart = fragEnd;
      } else break;
    }
    if (from > 0) {
      const before = text.codePointAt(from - 1 - (isLowSurrogate(text.charCodeAt(from - 1)) ? 1 : 0))!;
      const after = text.codePointAt(from)!;
      const style = pieces[0]?.style ?? frags[frags.length - 1].style;
      items.push(isHangul(before) && isHangul(after) ? HANGUL_BREAK : interGlue(measurer, style.face, style.size));
    }
    if (pieces.length > 0) items.push({ type: 'box', width, altWidth, frags: pieces });
    from = to;
  }
}

const HANGUL_BREAK: Penalty = { type: 'penalty', width: 0, penalty: HANGUL_PENALTY, flagged: false };
const interGlues = new WeakMap<Measurer, Map<string, Glue>>();

/** The glue between CJK characters of a face and size, shared like the interword glue. */
function interGlue(measurer: Measurer, face: Face, size: number): Glue {
  const map = mapOf(interGlues, measurer);
  const key = `${face}|${size}`;
  let glue = map.get(key);
  if (!glue) {
    glue = { type: 'glue', width: 0, stretch: size * INTER_STRETCH, shrink: size * INTER_SHRINK, face, inter: true };
    map.set(key, glue);
  }
  return glue;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Pushes a box, split into breakable chunks when wider than a line (a long URL). */
function pushBoxes(items: Item[], frag: Frag, width: number, altWidth: number, maxWidth: number, measurer: Measurer): void {
  if (width <= maxWidth || frag.text.length < 2) {
    items.push({ type: 'box', width, altWidth, frags: [frag] });
    return;
  }
  let chunk = '';
  const chars = [...frag.text];
  for (const ch of chars) {
    const next = chunk + ch;
    if (chunk && measurer.width(frag.style.face, frag.style.size, next, frag.style.features) > maxWidth * 0.9) {
      const w = measurer.width(frag.style.face, frag.style.size, chunk, frag.style.features);
      items.push({ type: 'box', width: w, altWidth: w, frags: [{ text: chunk, style: frag.style }] });
      items.push({ type: 'penalty', width: 0, penalty: 0, flagged: false });
      chunk = ch;
    } else {
      chunk = next;
    }
  }
  const w = measurer.width(frag.style.face, frag.style.size, chunk, frag.style.features);
  items.push({ type: 'box', width: w, altWidth: w, frags: [{ text: chunk, style: frag.style }] });
}
