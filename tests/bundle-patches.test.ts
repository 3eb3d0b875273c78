// The bundle changes two of markdown-it's functions for speed (scripts/bundle.mjs: class fields set without
// toPropertyKey, the text rule's end found by a regular expression), and makes the entity table of its
// `entities` unpack on first use. The bundled parser must give the very
// model markdown-it's own code gives: here both read the sample, the test fixtures, generated chapters and
// strings made of the characters that end plain text.
// Uses the bundle (lib/, built by `npm test`).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHtmlSupport, parseMarkdown } from '../src/manuscript/markdown.js';
import { chapterMarkdown } from './helpers/manuscript-grammar.js';
import { filesUnder } from './helpers/files-under.js';
import { makeBookFolder } from './helpers/book-folder.js';

const ROOT = join(import.meta.dirname, '..');
const LIB = join(ROOT, 'lib');

/** A function of the bundle, by its name: the chunk that defines it, and the name it exports it under. */
function bundled<T>(fn: string): T {
  const { requireChunk } = createRequire(import.meta.url)(join(LIB, 'bundle-loader.cjs')) as { requireChunk: (file: string) => Record<string, unknown> };
  const pattern = new RegExp(`Object\\.defineProperty\\(exports,"(\\w+)",\\{enumerable:!0,get:function\\(\\)\\{return ${fn}\\}\\}\\)`);
  for (const name of readdirSync(LIB).filter((n) => /^build-ebook.*\.cjs$/.test(n))) {
    const exported = pattern.exec(readFileSync(join(LIB, name), 'latin1'));
    if (exported) return requireChunk(join(LIB, name))[exported[1]] as T;
  }
  throw new Error(`no chunk of the bundle exports ${fn}`);
}

const bundledParse = bundled<typeof parseMarkdown>('parseMarkdown');
// The bundle loads its HTML support as a build does: reading a book that allows HTML (loadHtmlSupport is
// inside the chunk that reads books, not exported from it).
const htmlBook = () => makeBookFolder({ 'book.yaml': 'title: T\nauthor: A\nallow-html: true\n', 'chapter.md': 'Text <em>here</em>.\n' });
beforeAll(() => Promise.all([loadHtmlSupport(), bundled<(dir: string) => Promise<unknown>>('loadBook')(htmlBook())]));

const same = (source: string) => {
  for (const allowHtml of [false, true]) {
    const options = { file: 'chapter.md', allowHtml };
    expect(bundledParse(source, options), JSON.stringify(source).slice(0, 300)).toEqual(parseMarkdown(source, options));
  }
};

describe('the bundled Markdown parser', () => {
  it('reads the sample and the fixtures as markdown-it does', () => {
    const files = [...filesUnder(join(ROOT, 'manuscript'), '.md'), ...filesUnder(join(ROOT, 'tests', 'fixtures'), '.md')];
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) same(readFileSync(file, 'utf8'));
  });

  it('reads generated chapters as markdown-it does', () => {
    fc.assert(fc.property(chapterMarkdown, same), { numRuns: 300 });
  });

  it('reads text full of the characters that end plain text as markdown-it does', () => {
    const unit = fc.constantFrom(...'ab c\n*_`[]()!#$%&+-:<=>@\\^{}~"\'é\u{1F642}\t|.1'.split(''), '\n\n', '  \n', '[^1]', '[^1]: n', '](x)', '<b>', '&amp;', '**', '~~');
    fc.assert(fc.property(fc.array(unit, { maxLength: 120 }).map((units) => units.join('')), same), { numRuns: 2000 });
  });

  // The bundle unpacks entities' table of HTML entity names on first use (scripts/bundle.mjs).
  it('decodes entity references as markdown-it does, the first one included', () => {
    same('Tom &amp; Jerry&mdash;caf&eacute; &Aacute;&#x2014;&#8212; &notin; &notanentity; &amp &AMP; &ThickSpace; &zwnj;');
    const names = ['amp', 'lt', 'gt', 'quot', 'nbsp', 'eacute', 'mdash', 'ndash', 'hellip', 'rsquo', 'ldquo', 'Omega', 'frac12', 'NotEqualTilde', 'xyz', 'ampx', 'copy'];
    const unit = fc.oneof(fc.constantFrom(...names).map((n) => `&${n};`), fc.constantFrom('a', ' ', '&', ';', '#', 'x', '1'));
    fc.assert(fc.property(fc.array(unit, { maxLength: 40 }).map((units) => units.join('')), same), { numRuns: 300 });
  });
});
