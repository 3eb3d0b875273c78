// Writes the `hyphen` package's hyphenation patterns, compacted (compactPatterns in
// src/writers/pdf/layout/hyphenate.ts) and packed (src/packed-json.ts), into lib/hyphen-patterns/LANG.patterns,
// each with the package version it came from, so a PDF build reads them instead of compiling ~100 kB of
// JavaScript literals. Part of `npm run build`.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packJson } from '../lib/packed-json.js';
import { COMPILED_PATTERNS_DIR, compactPatterns, hyphenVersion } from '../lib/writers/pdf/layout/hyphenate.js';

const require = createRequire(import.meta.url);
const source = join(dirname(require.resolve('hyphen/hyphen.js')), 'patterns');
const hyphen = hyphenVersion();
mkdirSync(COMPILED_PATTERNS_DIR, { recursive: true });
// Patterns of an earlier format (LANG.json) are no longer read.
for (const name of readdirSync(COMPILED_PATTERNS_DIR)) if (name.endsWith('.json')) rmSync(join(COMPILED_PATTERNS_DIR, name));
for (const file of readdirSync(source)) {
  if (!file.endsWith('.js')) continue;
  let patterns;
  try {
    patterns = require(join(source, file));
  } catch {
    // A pattern file Node cannot load stays as it is: loading it at build time fails as it did before.
    continue;
  }
  writeFileSync(join(COMPILED_PATTERNS_DIR, file.replace(/\.js$/, '.patterns')), packJson({ hyphen, patterns: compactPatterns(patterns) }));
}
