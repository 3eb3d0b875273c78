// Writes the `hyphen` package's hyphenation patterns as JSON into lib/hyphen-patterns/LANG.json, each
// with the package version it came from, so a PDF build parses them instead of compiling ~100 kB of
// JavaScript literals (src/writers/pdf/layout/hyphenate.ts). Part of `npm run build`.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { COMPILED_PATTERNS_DIR, hyphenVersion } from '../lib/writers/pdf/layout/hyphenate.js';

const require = createRequire(import.meta.url);
const source = join(dirname(require.resolve('hyphen/hyphen.js')), 'patterns');
const hyphen = hyphenVersion();
mkdirSync(COMPILED_PATTERNS_DIR, { recursive: true });
for (const file of readdirSync(source)) {
  if (!file.endsWith('.js')) continue;
  let patterns;
  try {
    patterns = require(join(source, file));
  } catch {
    // A pattern file Node cannot load stays as it is: loading it at build time fails as it did before.
    continue;
  }
  writeFileSync(join(COMPILED_PATTERNS_DIR, file.replace(/\.js$/, '.json')), JSON.stringify({ hyphen, patterns }));
}
