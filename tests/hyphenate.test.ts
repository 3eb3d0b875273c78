// Hyphenation points, and the patterns the build stores as JSON (scripts/compile-patterns.mjs).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { COMPILED_PATTERNS_DIR, createHyphenator, hyphenVersion, loadPatterns } from '../src/writers/pdf/layout/hyphenate.js';

const require = createRequire(import.meta.url);

describe('hyphenation', () => {
  test('English words break at their syllables, at least two letters in and three from the end', () => {
    const hyphenate = createHyphenator('en');
    expect(hyphenate('hyphenation')).toEqual([2, 6]); // hy-phen-ation
    expect(hyphenate('lighthouse')).toEqual([5]); // light-house
    expect(hyphenate('ferry')).toEqual([]);
    expect(hyphenate('table')).toEqual([2]); // from the patterns' exceptions: ta-ble
    expect(hyphenate('into')).toEqual([]); // too short to break
  });

  test('the stored JSON patterns are the package\'s own, for the languages a build uses', () => {
    for (const name of ['en-us', 'de-1996', 'fr']) {
      expect(loadPatterns(name), name).toEqual(require(`hyphen/patterns/${name}.js`));
    }
  });

  test('patterns stored for another version of the package, or not stored at all, are not used', () => {
    const dir = mkdtempSync(join(tmpdir(), 'patterns-'));
    writeFileSync(join(dir, 'en-us.json'), JSON.stringify({ hyphen: '0.0.0-other', patterns: [[], {}, {}] }));
    expect(loadPatterns('en-us', dir)).toEqual(require('hyphen/patterns/en-us.js'));
    expect(loadPatterns('fr', dir)).toEqual(require('hyphen/patterns/fr.js'));
    // The build's own files carry the installed version.
    expect(JSON.parse(require('node:fs').readFileSync(join(COMPILED_PATTERNS_DIR, 'en-us.json'), 'utf8')).hyphen).toBe(hyphenVersion());
  });
});
