// Where a word may be hyphenated: Liang patterns from the `hyphen` package for the book's language,
// limited to at least 2 letters before and 3 after each break.

import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dependencyFile, PACKAGE_ROOT } from '../../../package-files.js';
import { unpackJson } from '../../../packed-json.js';

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
  const patternsDir = join(dirname(dependencyFile('hyphen/hyphen.js')), 'patterns');
  for (const name of candidates(language)) {
    if (/^[a-z0-9-]+$/.test(name) && existsSync(join(patternsDir, `${name}.js`))) return name;
  }
  return 'en-us';
}

const LETTER = /[\p{L}\p{M}]/u;

/** Where `npm run build` leaves the patterns (scripts/compile-patterns.mjs), as LANG.patterns. */
export const COMPILED_PATTERNS_DIR = join(PACKAGE_ROOT, 'lib', 'hyphen-patterns');

/** The `hyphen` package's version: compiled patterns of another version are not used. */
export function hyphenVersion(): string {
  return (JSON.parse(readFileSync(dependencyFile('hyphen/package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The patterns of a language, as Patterns. The package ships them as JavaScript (~100 kB of array and
 * object literals), which V8 compiles on every load (~20 ms); the build stores them compacted
 * (compactPatterns, packed-json.ts), which reads in well under a millisecond.
 */
export function loadPatterns(name: string, dir = COMPILED_PATTERNS_DIR): Patterns {
  try {
    const stored = unpackJson(readFileSync(join(dir, `${name}.patterns`))) as { hyphen: string; patterns: Patterns } | undefined;
    if (stored?.hyphen === hyphenVersion()) return stored.patterns;
  } catch {
    // Not built (a plain `tsc`), or unreadable: the package's own file below.
  }
  return compactPatterns(require(`hyphen/patterns/${name}.js`) as PatternData);
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
  const liang = createLiang(loadPatterns(name));
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

/**
 * The same patterns with the trie flattened: node n's letters are the characters of `letters[n]`, and the
 * edge of its k-th letter is number first[n] + k, leading to node target[e] (-1: none) with the level
 * sequence levels[edgeLevels[e]] (-1: none). As a tree of objects, English alone was 4,000 objects and
 * 0.7 MB that each build made from JSON and kept; these are a few strings and three lists of numbers.
 */
export interface Patterns {
  levels: number[][];
  letters: string[];
  first: ArrayLike<number>;
  target: ArrayLike<number>;
  edgeLevels: ArrayLike<number>;
  exceptions: Record<string, number[]>;
}

/** The package's patterns as Patterns, nodes numbered breadth first from the root, 0. */
export function compactPatterns([levels, trie, exceptions = {}]: PatternData): Patterns {
  const letters: string[] = [];
  const first: number[] = [];
  const target: number[] = [];
  const edgeLevels: number[] = [];
  const queue: Trie[] = [trie];
  for (let n = 0; n < queue.length; n++) {
    const node = queue[n];
    let keys = '';
    first.push(target.length);
    for (const key of Object.keys(node)) {
      // The walk reads a word one UTF-16 unit at a time: a longer key never matched.
      if (key.length !== 1) continue;
      const next = node[key];
      keys += key;
      const children = Array.isArray(next) ? next[0] : typeof next === 'number' ? undefined : next;
      edgeLevels.push(Array.isArray(next) ? next[1] : typeof next === 'number' ? next : -1);
      if (children && Object.keys(children).length > 0) {
        target.push(queue.length);
        queue.push(children);
      } else target.push(-1);
    }
    letters.push(keys);
  }
  return { levels, letters, first, target, edgeLevels, exceptions };
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
function createLiang(patterns: Patterns): (token: string) => number[] {
  const exceptions = patterns.exceptions;
  const computed = new Map<string, number[]>();
  const markersOf = (length: number, lowered: string): number[] => {
    if (Object.prototype.hasOwnProperty.call(exceptions, lowered)) return exceptions[lowered];
    let markers = computed.get(lowered);
    if (!markers) {
      markers = liangMarkers(length, lowered, patterns);
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
function liangMarkers(length: number, lowered: string, { levels: levelsTable, letters, first, target, edgeLevels }: Patterns): number[] {
  const levels: number[] = [];
  for (let i = length + 1; i--; ) levels[i] = 0;
  const chars = `.${lowered}.`;
  // Pattern positions: the slices from the leading dot and from the first letter both start at level 0.
  let entity = -1;
  for (let i = 0; chars.length - i >= 3; i++) {
    entity++;
    if (i === 1) entity--;
    let node = 0;
    for (let j = i; j < chars.length && node >= 0; j++) {
      const k = letters[node].indexOf(chars[j]);
      if (k < 0) break;
      const edge = first[node] + k;
      node = target[edge];
      const levelsIndex = edgeLevels[edge];
      if (levelsIndex < 0) continue;
      const pattern = levelsTable[levelsIndex];
      for (let p = 0; p < pattern.length; p++) levels[entity + p] = Math.max(pattern[p], levels[entity + p]);
    }
  }
  levels[0] = levels[1] = levels[levels.length - 1] = levels[levels.length - 2] = 0;
  const markers: number[] = [];
  for (let i = 0; i < levels.length; i++) if ((levels[i] & 1) === 1) markers.push(i);
  return markers;
}

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
