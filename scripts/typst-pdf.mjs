#!/usr/bin/env node
// `node scripts/typst-pdf.mjs BOOK_DIR OUT.pdf`: the benchmark's Typst yardstick. Sets a book folder's
// chapters (the Markdown the bench corpus writes: headings, *emphasis*, **strong**, footnotes, scene
// breaks, straight quotes) with Typst's own compiler from npm, on the same terms as build-ebook's PDF:
// EB Garamond from the same package, 6x9 in with the same margins and type size, justified, hyphenated,
// smart quotes. A yardstick for scripts/bench.mjs, not part of the tool.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const [bookDir, outFile] = process.argv.slice(2);
if (!bookDir || !outFile) {
  console.error('usage: node scripts/typst-pdf.mjs BOOK_DIR OUT.pdf');
  process.exit(2);
}

/** Typst markup treats these as syntax; a backslash makes each literal. */
const escapeText = (s) => s.replace(/[\\#*_`$@<>[\]~/=+-]/g, (c) => `\\${c}`);

/** Inline Markdown → Typst: strong before emphasis, footnote references become footnotes. */
function inline(text, notes) {
  const parts = text.split(/(\[\^[^\]]+\])/);
  return parts
    .map((part) => {
      const ref = /^\[\^([^\]]+)\]$/.exec(part);
      if (ref) return `#footnote[${inline(notes.get(ref[1]) ?? '', new Map())}]`;
      return escapeText(part)
        .replace(/\\\*\\\*(.+?)\\\*\\\*/g, '*$1*')
        .replace(/\\\*(.+?)\\\*/g, '_$1_')
        .replace(/\\_(.+?)\\_/g, '_$1_');
    })
    .join('');
}

function chapter(markdown) {
  const blocks = markdown.replace(/\r\n?/g, '\n').split(/\n{2,}/).map((b) => b.trim()).filter(Boolean);
  const notes = new Map();
  const body = [];
  for (const block of blocks) {
    const def = /^\[\^([^\]]+)\]:\s*([\s\S]*)$/.exec(block);
    if (def) notes.set(def[1], def[2].replace(/\s+/g, ' '));
  }
  for (const block of blocks) {
    if (/^\[\^[^\]]+\]:/.test(block)) continue;
    const heading = /^#\s+(.*)$/.exec(block);
    if (heading) body.push(`= ${inline(heading[1], notes)}`);
    else if (/^(\* \* \*|\*\*\*)$/.test(block)) body.push('#align(center)[\\*#h(1em)\\*#h(1em)\\*]');
    else body.push(inline(block.replace(/\s+/g, ' '), notes));
  }
  return body.join('\n\n');
}

const files = readdirSync(bookDir)
  .filter((n) => n.endsWith('.md'))
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
const source = `#set page(width: 6in, height: 9in, margin: (inside: 0.6in, outside: 0.6in, top: 0.75in, bottom: 0.75in), numbering: "1")
#set text(font: "EB Garamond", size: 11.5pt, lang: "en", hyphenate: true, top-edge: 1em, bottom-edge: "baseline")
// Lines 14.5 pt apart, baseline to baseline, as build-ebook sets 6x9: a 1 em line box plus 3 pt.
#set par(justify: true, first-line-indent: 1.2em, leading: 3pt, spacing: 3pt)
#show heading: it => { pagebreak(weak: true); v(2in); align(center, text(size: 19pt, weight: "regular", it.body)); v(2em) }

${files.map((f) => chapter(readFileSync(join(bookDir, f), 'utf8'))).join('\n\n')}
`;

const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');
const garamond = dirname(require.resolve('@expo-google-fonts/eb-garamond/package.json'));
const faces = ['400Regular', '400Regular_Italic', '700Bold', '700Bold_Italic'].map((w) => join(garamond, w));
const compiler = NodeCompiler.create({ fontArgs: [{ fontPaths: faces }] });
const pdf = compiler.pdf({ mainFileContent: source });
writeFileSync(outFile, pdf);
