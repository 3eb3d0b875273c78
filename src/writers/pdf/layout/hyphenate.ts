// Where a word may be hyphenated: Liang patterns from the `hyphen` package for the book's language,
// limited to at least 2 letters before and 3 after each break.

import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../../../package-files.js';

const require = createRequire(import.meta.url);

export const MIN_BEFORE = 2;
export const MIN_AFTER = 3;

/** Returns the string offsets inside `word` after which a hyphen may be inserted. */
export type Hyphenator = (word: string) => readonly number[];

/** Pattern file names of the `hyphen` package for a BCP 47 tag, most specific first. */
function candidates(language: string): string[] {
  const tag = language.toLowerCase();
  const primary = tag.split('-')[0];
  const special: Record<string, string> = { en: 'en-us', de: 'de-1996', el: 'el-monoton', mn: 'mn-cyrl', no: 'nb' };
  const out = [tag];
  if (special[primary]) out.push(special[primary]);
  out.push(primary);
  return out;
}

export function patternLanguage(language: string): string {
  const patternsDir = join(dirname(require.resolve('hyphen/hyphen.js')), 'patterns');
  for (const name of candidates(language)) {
    if (/^[a-z0-9-]+$/.test(name) && existsSync(join(patternsDir, `${name}.js`))) return name;
  }
  return 'en-us';
}

const LETTER = /[\p{L}\p{M}]/u;

/** Where `npm run build` leaves the patterns as JSON (scripts/compile-patterns.mjs). */
export const COMPILED_PATTERNS_DIR = join(PACKAGE_ROOT, 'lib', 'hyphen-patterns');

/** The `hyphen` package's version: compiled patterns of another version are not used. */
export function hyphenVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('hyphen/package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The patterns of a language. The package ships them as JavaScript (~100 kB of array and object
 * literals), which V8 compiles on every load (~20 ms); the same data as JSON parses in ~1 ms.
 */
export function loadPatterns(name: string, dir = COMPILED_PATTERNS_DIR): unknown {
  try {
    const compiled = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { hyphen: string; patterns: unknown };
    if (compiled.hyphen === hyphenVersion()) return compiled.patterns;
  } catch {
    // Not built (a plain `tsc`), or unreadable: the package's own file below.
  }
  return require(`hyphen/patterns/${name}.js`) as unknown;
}

/**
 * Languages whose writing does not hyphenate: Chinese and Japanese break between characters, Korean
 * at spaces (and between syllables), Arabic-script and Hebrew text not at all. Their books get no
 * hyphens, not English patterns applied to their Latin words.
 */
const UNHYPHENATED = new Set(['zh', 'ja', 'ko', 'ar', 'he', 'iw', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'ckb', 'dv', 'syr']);

export function hyphenates(language: string): boolean {
  const tag = language.toLowerCase();
  // A language with its own patterns for a romanisation (zh-Latn-pinyin) hyphenates.
  if (patternLanguage(tag) === tag) return true;
  return !UNHYPHENATED.has(tag.split(/[-_]/)[0]);
}

const NO_POINTS: readonly number[] = [];

export function createHyphenator(language: string): Hyphenator {
  if (!hyphenates(language)) return () => NO_POINTS;
  const name = patternLanguage(language);
  const liang = createLiang(loadPatterns(name) as PatternData);
  const cache = new Map<string, readonly number[]>();
  return (word: string) => {
    let points = cache.get(word);
    if (points) return points;
    points = word.length < MIN_BEFORE + MIN_AFTER ? [] : limitPoints(word, liang(word));
    cache.set(word, points);
    return points;
  };
}

/**
 * The `hyphen` package's patterns: a table of level sequences, a trie of pattern letters (a node is an
 * object of children, a number (a leaf's levels), or [children, levels]), and exceptions (a lower-case
 * word → its break offsets).
 */
type PatternData = [number[][], Trie, Record<string, number[]>?];
type TrieNode = Trie | number | [Trie, number];
interface Trie {
  [letter: string]: TrieNode;
}

/** The words the package hyphenates: its letters are anything but white space, digits and punctuation (the ASCII apostrophe is a letter). */
const NOT_LETTER = /\s|(?!['])[!-@[-`{-~\u2013-\u203C]/;
/** The package leaves words shorter than this alone. */
const MIN_WORD_LENGTH = MIN_BEFORE + MIN_AFTER;

/**
 * Liang's algorithm on the package's data, written here so each word costs one walk of the trie: the
 * package's own hyphenate() reads text through closures, a character pair at a time, which in a
 * build's cold code cost more than the walk. It gives the package's break offsets exactly (the tests
 * compare both on many words in several languages), quirks included: offsets are in UTF-16 units, a
 * word is a run of the package's letters of at least five units, and exceptions match lower case.
 */
function createLiang([levelsTable, trie, exceptions = {}]: PatternData): (token: string) => number[] {
  const computed = new Map<string, number[]>();
  const markersOf = (length: number, lowered: string): number[] => {
    if (Object.prototype.hasOwnProperty.call(exceptions, lowered)) return exceptions[lowered];
    let markers = computed.get(lowered);
    if (!markers) {
      markers = liangMarkers(length, lowered, levelsTable, trie);
      computed.set(lowered, markers);
    }
    return markers;
  };
  return (token: string) => {
    const offsets: number[] = [];
    let start = 0;
    for (let i = 0; i <= token.length; i++) {
      if (i < token.length && !NOT_LETTER.test(token[i])) continue;
      const length = i - start;
      if (length >= MIN_WORD_LENGTH) {
        const run = token.slice(start, i);
        const markers = markersOf(length, run.toLocaleLowerCase());
        // A break past the word's end (a letter that lower-cases to two) lands at its end, as the package
        // inserts it there.
        for (let m = 0; m < markers.length; m++) offsets.push(start + Math.min(markers[m], length));
      }
      start = i + 1;
    }
    return offsets;
  };
}

/** Break offsets inside one word from the patterns (odd levels), as the package computes them. */
function liangMarkers(length: number, lowered: string, levelsTable: number[][], trie: Trie): number[] {
  const levels: number[] = [];
  for (let i = length + 1; i--; ) levels[i] = 0;
  const chars = `.${lowered}.`;
  // Pattern positions: the slices from the leading dot and from the first letter both start at level 0.
  let entity = -1;
  for (let i = 0; chars.length - i >= 3; i++) {
    entity++;
    if (i === 1) entity--;
    let node: Trie | undefined = trie;
    for (let j = i; j < chars.length; j++) {
      const next: TrieNode | undefined = node[chars[j]];
      if (next === undefined) break;
      let levelsIndex = -1;
      if (Array.isArray(next)) {
        node = next[0];
        levelsIndex = next[1];
      } else if (typeof next === 'number') {
        node = EMPTY_TRIE;
        levelsIndex = next;
      } else node = next;
      if (levelsIndex < 0) continue;
      const pattern = levelsTable[levelsIndex];
      for (let k = 0; k < pattern.length; k++) levels[entity + k] = Math.max(pattern[k], levels[entity + k]);
    }
  }
  levels[0] = levels[1] = levels[levels.length - 1] = levels[levels.length - 2] = 0;
  const markers: number[] = [];
  for (let i = 0; i < levels.length; i++) if ((levels[i] & 1) === 1) markers.push(i);
  return markers;
}

const EMPTY_TRIE: Trie = {};

/** Applies the letter limits to the offsets: at least MIN_BEFORE letters before a break, MIN_AFTER after. */
function limitPoints(word: string, raw: readonly number[]): number[] {
  if (raw.length === 0) return [];
  return raw.filter((at) => lettersBefore(word, at) >= MIN_BEFORE && lettersAfter(word, at) >= MIN_AFTER);
}

function lettersBefore(word: string, at: number): number {
  let n = 0;
  for (let i = at - 1; i >= 0 && LETTER.test(word[i]); i--) n++;
  return n;
}

function lettersAfter(word: string, at: number): number {
  let n = 0;
  for (let i = at; i < word.length && LETTER.test(word[i]); i++) n++;
  return n;
}
