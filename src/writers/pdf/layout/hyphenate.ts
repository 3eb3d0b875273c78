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

type HyphenateSync = (text: string) => string;

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

const SOFT_HYPHEN = '\u00AD';
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

export function createHyphenator(language: string): Hyphenator {
  const name = patternLanguage(language);
  const create = require('hyphen/hyphen.js') as (patterns: unknown, options: object) => HyphenateSync;
  const patterns = loadPatterns(name);
  const hyphenate = create(patterns, { html: false, minWordLength: MIN_BEFORE + MIN_AFTER });
  const cache = new Map<string, readonly number[]>();
  return (word: string) => {
    let points = cache.get(word);
    if (points) return points;
    points = word.length < MIN_BEFORE + MIN_AFTER ? [] : findPoints(word, hyphenate(word));
    cache.set(word, points);
    return points;
  };
}

/** Maps the soft hyphens of the hyphenated text back to offsets in the word, applying the letter limits. */
function findPoints(word: string, marked: string): number[] {
  const raw: number[] = [];
  let offset = 0;
  for (const ch of marked) {
    if (ch === SOFT_HYPHEN) raw.push(offset);
    else offset += ch.length;
  }
  if (raw.length === 0 || offset !== word.length) return [];
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
