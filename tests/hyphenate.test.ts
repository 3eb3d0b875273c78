// Hyphenation points, and the patterns the build stores (scripts/compile-patterns.mjs).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir } from './helpers/book-folder.js';
import { readdirSync, readFileSync } from 'node:fs';
import { COMPILED_PATTERNS_DIR, compactPatterns, createHyphenator, hyphenVersion, loadPatterns, MIN_AFTER, MIN_BEFORE, patternLanguage } from '../src/writers/pdf/layout/hyphenate.js';
import { packJson, unpackJson } from '../src/packed-json.js';

/** Lists as arrays, whether stored as views of a file or made in memory. */
const plain = (x: unknown) => JSON.parse(JSON.stringify(x, (_k, v: unknown) => (v instanceof Int32Array ? [...v] : v)));

const require = createRequire(import.meta.url);

/** The `hyphen` package's own answer for a word, with the same letter limits: the oracle for our walk. */
function packagePoints(language: string, word: string): number[] {
  const create = require('hyphen/hyphen.js') as (patterns: unknown, options: object) => (text: string) => string;
  // A copy: the package adds every word it hyphenates to the patterns' exceptions object.
  const patterns = structuredClone(require(`hyphen/patterns/${patternLanguage(language)}.js`));
  const hyphenate = create(patterns, { html: false, minWordLength: MIN_BEFORE + MIN_AFTER });
  if (word.length < MIN_BEFORE + MIN_AFTER) return [];
  const raw: number[] = [];
  let offset = 0;
  for (const ch of hyphenate(word)) {
    if (ch === '\u00AD') raw.push(offset);
    else offset += ch.length;
  }
  const letter = /[\p{L}\p{M}]/u;
  const before = (at: number) => {
    let n = 0;
    for (let i = at - 1; i >= 0 && letter.test(word[i]); i--) n++;
    return n;
  };
  const after = (at: number) => {
    let n = 0;
    for (let i = at; i < word.length && letter.test(word[i]); i++) n++;
    return n;
  };
  return raw.filter((at) => before(at) >= MIN_BEFORE && after(at) >= MIN_AFTER);
}

const MANUSCRIPT = join(import.meta.dirname, '..', 'manuscript');

/** Every word of the sample story, as the layout sees it (punctuation attached), straight and curly. */
function sampleWords(): string[] {
  const text = readdirSync(MANUSCRIPT)
    .filter((f) => f.endsWith('.md'))
    .map((f) => readFileSync(join(MANUSCRIPT, f), 'utf8'))
    .join(' ');
  const words = text.split(/\s+/).filter(Boolean);
  return [...new Set([...words, ...words.map((w) => w.replace(/'/g, '\u2019').replace(/"/g, '\u201C'))])];
}

const OTHER_LANGUAGES: Record<string, string[]> = {
  de: ['Donaudampfschifffahrtsgesellschaft', 'Rechtsschutzversicherung', 'Freundschaft,', '„Unabhängigkeit“', 'Straßenbahnhaltestelle', 'Schifffahrt'],
  fr: ['extraordinaire', 'l’anticonstitutionnellement', 'aujourd’hui', 'développement.', 'Mystérieusement', 'chrysanthème'],
  es: ['extraordinariamente', 'murciélago', '¿Responsabilidad?', 'desafortunadamente', 'ferrocarril'],
  ru: ['достопримечательность', 'здравствуйте', 'Превосходительство', 'непредсказуемый'],
  el: ['καλημέρα', 'ευχαριστώ', 'αντικατάσταση', 'Θεσσαλονίκη'],
  nl: ['ĲSSELMEER', 'ijsselmeer', 'ziekenhuisopname', 'gemeenteraadsverkiezingen'],
  en: [
    'İstanbul’s', "don't", "can't-stop-won't-stop", 'well-being', 'co-operation', 'naïve', 'ABCDEFGHIJ', '12345abcdefgh',
    'e-mail', '“Extraordinary,”', '(parenthetical)', 'anti-establishmentarianism', 'x', 'table', 'Tables', 'PRESENT', 'é́é́é́é́é́',
  ],
};

describe('hyphenation', () => {
  test('gives the hyphen package\'s breaks for every word of the sample story', () => {
    const hyphenate = createHyphenator('en');
    const words = sampleWords();
    expect(words.length).toBeGreaterThan(500);
    for (const word of words) expect(hyphenate(word), word).toEqual(packagePoints('en', word));
  });

  test('gives the hyphen package\'s breaks in other languages and on odd words', () => {
    for (const [language, words] of Object.entries(OTHER_LANGUAGES)) {
      const hyphenate = createHyphenator(language);
      for (const word of words) expect(hyphenate(word), `${language} ${word}`).toEqual(packagePoints(language, word));
    }
  });

  test('English words break at their syllables, at least two letters in and three from the end', () => {
    const hyphenate = createHyphenator('en');
    expect(hyphenate('hyphenation')).toEqual([2, 6]); // hy-phen-ation
    expect(hyphenate('lighthouse')).toEqual([5]); // light-house
    expect(hyphenate('ferry')).toEqual([]);
    expect(hyphenate('table')).toEqual([2]); // from the patterns' exceptions: ta-ble
    expect(hyphenate('into')).toEqual([]); // too short to break
  });

  test('the stored patterns are the package\'s own, for the languages a build uses', () => {
    for (const name of ['en-us', 'de-1996', 'fr', 'ru', 'el-monoton']) {
      expect(plain(loadPatterns(name)), name).toEqual(plain(compactPatterns(require(`hyphen/patterns/${name}.js`))));
    }
  });

  test('the compacted trie finds every pattern of the package\'s tree, with its levels', () => {
    for (const name of ['en-us', 'de-1996', 'el-monoton']) {
      const [, trie] = require(`hyphen/patterns/${name}.js`) as [number[][], Record<string, unknown>];
      const { letters, first, target, edgeLevels } = loadPatterns(name);
      let checked = 0;
      const wrong: string[] = [];
      const walk = (node: Record<string, unknown>, at: number, prefix: string) => {
        for (const [key, next] of Object.entries(node)) {
          checked++;
          const k = letters[at].indexOf(key);
          if (k < 0) {
            wrong.push(`${prefix}${key}: missing`);
            continue;
          }
          const edge = first[at] + k;
          const levels = Array.isArray(next) ? next[1] : typeof next === 'number' ? next : -1;
          if (edgeLevels[edge] !== levels) wrong.push(`${prefix}${key}: levels ${edgeLevels[edge]}, not ${levels}`);
          const children = (Array.isArray(next) ? next[0] : typeof next === 'number' ? undefined : next) as Record<string, unknown> | undefined;
          if (children && Object.keys(children).length > 0) walk(children, target[edge], prefix + key);
          else if (target[edge] !== -1) wrong.push(`${prefix}${key}: a node where the tree has none`);
        }
      };
      walk(trie, 0, '');
      expect(wrong, name).toEqual([]);
      expect(checked, name).toBeGreaterThan(500);
    }
  });

  test('patterns stored for another version of the package, or not stored at all, are not used', () => {
    const dir = tempDir('patterns-');
    writeFileSync(join(dir, 'en-us.patterns'), packJson({ hyphen: '0.0.0-other', patterns: compactPatterns([[], {}, {}]) }));
    expect(plain(loadPatterns('en-us', dir))).toEqual(plain(compactPatterns(require('hyphen/patterns/en-us.js'))));
    expect(plain(loadPatterns('fr', dir))).toEqual(plain(compactPatterns(require('hyphen/patterns/fr.js'))));
    // The build's own files carry the installed version.
    const stored = unpackJson(readFileSync(join(COMPILED_PATTERNS_DIR, 'en-us.patterns'))) as { hyphen: string };
    expect(stored.hyphen).toBe(hyphenVersion());
  });
});
