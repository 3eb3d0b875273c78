// Bundles the compiled CLI (lib/cli.js and all it imports) into a few minified files, lib/build-ebook.cjs
// and its chunks lib/build-ebook-*.cjs, which bin/build-ebook.js loads through src/bundle-loader.cts.
// Why: a cold start spent more time resolving, reading and compiling ~150 small modules (zod, yaml,
// commander, markdown-it and ours) than building an 8,000-word book. The chunks are CommonJS-style
// scripts, not ES modules, because only a script can be given V8's code cache on Node 20; after
// bundling, scripts/code-cache.mjs builds the sample book once and stores each chunk's cache beside it
// (CHUNK.cjs.cache), so a cold start neither parses nor compiles what it runs.
//
// Left outside the bundle: Node built-ins, packages that read data files relative to themselves
// (fonts, hyphenation patterns, HarfBuzz's wasm) or that only rare input needs (fontkit, see below), and
// qrcode-terminal (sloppy-mode code with octal escapes, which a strict bundle cannot hold; only `serve --lan`
// loads it). Code loaded by dynamic import() becomes a separate file
// in lib/, so it costs nothing for a command that does not need it (cli.ts imports each command's code
// in its action). Modules that locate files by import.meta.url must work from lib/ itself (see
// src/package-files.ts).
import { build } from 'rolldown';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIB = join(ROOT, 'lib');
const EXTERNAL_PACKAGES = ['fontkit', 'hyphen', '@expo-google-fonts/', 'dejavu-fonts-ttf', 'harfbuzzjs', 'qrcode-terminal'];
const builtins = new Set(builtinModules);

// Chunk names carry a content hash; remove the previous build's (and its code caches, and the bundle
// format before this one) so lib/ holds only what is current.
for (const name of readdirSync(LIB)) {
  if (/^build-ebook.*\.(cjs|mjs)(\.cache)?$/.test(name)) rmSync(join(LIB, name));
}

// The series pool starts worker threads on ./worker.cjs or else ./worker.js beside it (src/worker-entry.ts):
// from the bundle, which sits directly in lib/, that is lib/worker.cjs, a stub that loads the bundled worker
// (sharing chunks with the CLI); lib/series/worker.js stays for the module-by-module build.
const input = { 'build-ebook': join(LIB, 'cli.js') };
const hasWorker = existsSync(join(LIB, 'series', 'worker.js'));
if (hasWorker) input.worker = join(LIB, 'series', 'worker.js');
for (const stale of ['worker.js', 'worker.cjs']) rmSync(join(LIB, stale), { force: true });
// The same for the layout's chapter helper (src/writers/pdf/layout/chapter-helper.ts): lib/layout-worker.cjs.
const LAYOUT_WORKER = join(LIB, 'writers', 'pdf', 'layout', 'layout-worker.js');
const hasLayoutWorker = existsSync(LAYOUT_WORKER);
if (hasLayoutWorker) input['layout-worker'] = LAYOUT_WORKER;
for (const stale of ['layout-worker.js', 'layout-worker.cjs']) rmSync(join(LIB, stale), { force: true });

const isExternal = (id) =>
  id.startsWith('node:') || builtins.has(id) || EXTERNAL_PACKAGES.some((p) => id === p || id.startsWith(p.endsWith('/') ? p : `${p}/`));

// import() does not work in a vm.Script without an experimental flag; see src/bundle-loader.cts, which
// hands each chunk __importExternal instead. Only our own modules import external packages lazily.
const DYNAMIC_IMPORT = /\bimport\((['"`])([^'"`]+)\1\)/g;
const externalDynamicImports = {
  name: 'external-dynamic-imports',
  transform(code, id) {
    if (!id.startsWith(LIB)) return null;
    return code.replace(DYNAMIC_IMPORT, (whole, quote, specifier) => (isExternal(specifier) ? `__importExternal(${quote}${specifier}${quote})` : whole));
  },
};

// commander requires child_process (and with it net and dgram, ~2 ms) when it loads, for executable
// subcommands, which build-ebook has none of; it gets a stand-in that loads child_process on first use.
const COMMANDER_CHILD_PROCESS = "const childProcess = require('node:child_process');";
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  transform(code, id) {
    if (!/[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/.test(id)) return null;
    return code.replace(COMMANDER_CHILD_PROCESS, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };");
  },
};

// pdfkit is bundled (into the PDF writer's lazily loaded chunk, so it gets a code cache) without the
// packages it imports at load time but that build-ebook never lets it use: fontkit (~150 ms to load; the
// writer gives pdfkit its own fonts, src/writers/pdf/font-engine/), linebreak (pdfkit wraps lines only
// when given a width; the layout places every line itself) and the AES ciphers (~12 ms to build their
// tables at load; only an encrypted PDF uses them, and build-ebook never asks for one). Each is replaced
// by a stand-in that fails loudly if pdfkit ever reaches for it.
const PDFKIT_STAND_INS = {
  fontkit: "export function create() { throw new Error('build-ebook: pdfkit was given font bytes; give it a font-engine font'); }",
  linebreak: "export default class LineBreaker { constructor() { throw new Error('build-ebook: pdfkit was asked to wrap a line'); } }",
  '@noble/ciphers/aes':
    "const none = () => { throw new Error('build-ebook: pdfkit was asked to encrypt'); }; export const cbc = none; export const ecb = none;",
};
const PDFKIT_FILE = /[\\/]node_modules[\\/]pdfkit[\\/]/;

// pdfkit turns every string it writes (each page's content, each object) into bytes with a JavaScript loop
// over its characters, the low byte of each: that is Latin-1, which Node encodes natively. Same bytes.
const PDFKIT_FROM_BINARY_STRING = `const fromBinaryString = str => {
  const out = new Uint8Array(str.length);
  for (let i = 0; i < str.length; i++) {
    out[i] = str.charCodeAt(i) & 0xff;
  }
  return out;
};`;
const NATIVE_FROM_BINARY_STRING = "const fromBinaryString = str => Buffer.from(str, 'latin1');";

// pdfkit deflates each stream (a page's content, a font) with zlib's default 32 kB window and 8 memLevel:
// ~256 kB of state, which zlib allocates per stream and the C library returns to the system on free, so
// every stream paid for faulting that memory in again (~0.5 ms each, more than compressing a page). A
// stream of up to 64 kB gets a 16 kB window and memLevel 6 (~96 kB, which stays in the heap): the files
// come out within 0.3% of the size. It is compressed at level 4 rather than 6: on a 100,000-word novel's
// page contents, 40 % less time for 4 % more bytes (the files still come out smaller than before their
// TJ arrays were made compact, src/writers/pdf/plain-text.ts).
// Each stream is deflated on one reused engine per kind (src/deflate.ts), the same bytes as deflateSync's.
const PDFKIT_DEFLATE = 'deflateSync: data => zlib$1.deflateSync(data)';
const SMALL_DEFLATE =
  'deflateSync: data => deflateReusingEngine(data, data.length <= 65536 ? { level: 4, windowBits: 14, memLevel: 6 } : undefined)';
const DEFLATE_IMPORT = `import { deflate as deflateReusingEngine } from ${JSON.stringify(join(LIB, 'deflate.js'))};\n`;
// pdfkit adds some 250 methods to PDFDocument.prototype one by one (Object.assign per mixin). V8 keeps a new
// prototype in fast mode, where each addition copies the list of properties so far: ~2 ms of every PDF build,
// and ~250 kB of garbage. Made a dictionary first (deleting a property does that), the additions are hash
// inserts, and V8 makes the prototype fast again when it is first used as one. Same methods, same order.
const PDFKIT_MIXIN = `const mixin = methods => {
  Object.assign(PDFDocument.prototype, methods);
};`;
const DICTIONARY_MIXIN = `for (const key of ['__buildEbookA', '__buildEbookB']) PDFDocument.prototype[key] = 0;
for (const key of ['__buildEbookA', '__buildEbookB']) delete PDFDocument.prototype[key];
${PDFKIT_MIXIN}`;
// pdfkit carries @noble/hashes inside its own file, and with it hashers it never uses (SHA-1, RIPEMD-160,
// SHA-224, -384, -512 and its variants), each made once as pdfkit loads (a statement whose result nothing
// keeps), with the SHA-512 constants: ~0.5 ms of every PDF build. Those statements are dropped, and with
// them, to the bundler, the classes. pdfkit's MD5 and SHA-256 stay.
const PDFKIT_UNUSED_HASHER = /^createHasher\(\(\) => new \w+\(\)\);$/gm;
const pdfkitWithoutFontkit = {
  name: 'pdfkit-without-fontkit',
  resolveId(source, importer) {
    if (importer && PDFKIT_FILE.test(importer) && source in PDFKIT_STAND_INS) return `\0pdfkit-stand-in:${source}`;
    return null;
  },
  load(id) {
    return id.startsWith('\0pdfkit-stand-in:') ? PDFKIT_STAND_INS[id.slice('\0pdfkit-stand-in:'.length)] : null;
  },
  transform(code, id) {
    if (!/[\\/]node_modules[\\/]pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/.test(id)) return null;
    if (!code.includes(PDFKIT_FROM_BINARY_STRING)) throw new Error('bundle: pdfkit changed; revisit fromBinaryString');
    if (!code.includes(PDFKIT_DEFLATE)) throw new Error('bundle: pdfkit changed; revisit its deflate options');
    if (!code.includes(PDFKIT_MIXIN)) throw new Error('bundle: pdfkit changed; revisit its mixins');
    if (!code.match(PDFKIT_UNUSED_HASHER)) throw new Error('bundle: pdfkit changed; revisit its unused hashers');
    return DEFLATE_IMPORT + code.replace(PDFKIT_FROM_BINARY_STRING, NATIVE_FROM_BINARY_STRING).replace(PDFKIT_DEFLATE, SMALL_DEFLATE).replace(PDFKIT_MIXIN, DICTIONARY_MIXIN).replace(PDFKIT_UNUSED_HASHER, '');
  },
};

// markdown-it's build sets every class field through a helper that first turns the key into a property key
// (toPropertyKey, toPrimitive, two typeof checks): three calls more per field, and a Token has a dozen
// fields, so at 100,000 words ~18 ms of parsing went to keys that are string literals already. A string
// key is used as it is; anything else still goes through the helper. Same objects.
const MARKDOWN_IT_DEFINE = 'return (r = toPropertyKey(r)) in e ? Object.defineProperty(e, r, {';
const FAST_DEFINE = 'return (r = typeof r === "string" ? r : toPropertyKey(r)) in e ? Object.defineProperty(e, r, {';
// markdown-it's inline text rule finds the end of plain text with a JavaScript loop that calls a switch per
// character: in a cold process, interpreted, that loop was a third of the inline parsing (~4 ms of an
// 8,000-word build). A regular expression of the same characters finds it natively. Same tokens.
const MARKDOWN_IT_TEXT = `function text(state, silent) {
\tlet pos = state.pos;
\twhile (pos < state.posMax && !isTerminatorChar(state.src.charCodeAt(pos))) pos++;`;
const FAST_TEXT = `const TEXT_TERMINATOR = /[\\n!#$%&*+\\-:<=>@[\\\\\\]^_\`{}~]/g;
function text(state, silent) {
\tlet pos = state.pos;
\tif (pos < state.posMax) {
\t\tTEXT_TERMINATOR.lastIndex = pos;
\t\tpos = TEXT_TERMINATOR.test(state.src) ? Math.min(TEXT_TERMINATOR.lastIndex - 1, state.posMax) : state.posMax;
\t}`;
const markdownItFieldKeys = {
  name: 'markdown-it-field-keys',
  transform(code, id) {
    if (!/[\\/]node_modules[\\/]markdown-it[\\/]dist[\\/]markdown-it\.mjs$/.test(id)) return null;
    if (!code.includes(MARKDOWN_IT_DEFINE)) throw new Error('bundle: markdown-it changed; revisit its _defineProperty');
    if (!code.includes(MARKDOWN_IT_TEXT)) throw new Error('bundle: markdown-it changed; revisit its text rule');
    return code.replace(MARKDOWN_IT_DEFINE, FAST_DEFINE).replace(MARKDOWN_IT_TEXT, FAST_TEXT);
  },
};

// entities (markdown-it's, for `&name;` references) unpacks its table of HTML entities when it loads: ~3 ms of
// every cold start, cold code decoding some 60,000 numbers, for a table a book without entity references
// never reads. It is unpacked on first use instead. Same decoding.
const ENTITIES_DIR = /[\\/]node_modules[\\/]markdown-it[\\/]node_modules[\\/]entities[\\/]dist[\\/]/;
const HTML_TREE_EXPORT = 'export const htmlDecodeTree = /* #__PURE__ */ decodeTrieDict(';
const LAZY_HTML_TREE_EXPORT = 'let htmlDecodeTreeMade;\nexport const htmlDecodeTreeOnce = () => (htmlDecodeTreeMade ??= decodeTrieDict(';
const HTML_TREE_IMPORT = 'import { htmlDecodeTree } from "./generated/decode-data-html.js";';
const HTML_TREE_USE = 'const decodeTree = htmlDecodeTree;';
const HTML_TREE_REEXPORT = 'export { htmlDecodeTree } from "./generated/decode-data-html.js";';
const lazyEntityTable = {
  name: 'lazy-entity-table',
  transform(code, id) {
    if (!ENTITIES_DIR.test(id)) return null;
    if (/[\\/]generated[\\/]decode-data-html\.js$/.test(id)) {
      const end = code.lastIndexOf(');');
      if (!code.includes(HTML_TREE_EXPORT) || end < 0) throw new Error('bundle: entities changed; revisit its HTML decode table');
      return `${code.slice(0, end).replace(HTML_TREE_EXPORT, LAZY_HTML_TREE_EXPORT)}));${code.slice(end + 2)}`;
    }
    if (/[\\/]decode\.js$/.test(id)) {
      const lazy = code
        .replace(HTML_TREE_IMPORT, 'import { htmlDecodeTreeOnce } from "./generated/decode-data-html.js";')
        .replace(HTML_TREE_USE, 'const decodeTree = htmlDecodeTreeOnce();')
        .replace(HTML_TREE_REEXPORT, '');
      if (/\bhtmlDecodeTree\b(?!Once)/.test(lazy.replace(/\/\*[\s\S]*?\*\//g, ''))) throw new Error('bundle: entities changed; revisit its uses of htmlDecodeTree');
      return lazy;
    }
    return null;
  },
};

// Modules that a command always loads together go into one chunk each, not the many small chunks the
// bundler would make from where the dynamic imports fall: a PDF build loaded 23 chunks, now 9. Each chunk
// costs reading two files and a script of its own, and a call from one chunk into another goes through
// a getter on the other's exports, which the layout made per glyph run. Measured in interleaved pairs:
// an 8,000-word PDF took 0.96x the time. The groups hold only the modules their tests name (not what
// those import), so each command still loads only what it runs: `--version` none of them, `check` and an
// EPUB no PDF code, the importers neither. Paths are matched in lib/, whatever the platform's separator.
const inLib = (id, ...paths) => paths.some((path) => id.startsWith(join(LIB, path)));
const PACKAGES_THAT_READ_A_BOOK = /node_modules[\\/](zod|markdown-it|markdown-it-footnote|mdurl|uc\.micro|linkify-it|punycode\.js|bidi-js)[\\/]|node_modules[\\/]entities[\\/]dist[\\/](?!esm|commonjs)/;
const CHUNK_GROUPS = [
  // Reading a book (check, build, serve): its metadata, chapters, typography and front matter. Not the
  // HTML sanitizer, which only a book that allows raw HTML loads.
  {
    name: 'book',
    test: (id) =>
      (inLib(id, 'metadata/', 'series/plan.js', 'locale/', 'typography/', 'book/', 'manuscript/', 'front-matter/', 'print/from-yaml.js', 'output.js', 'build.js', 'input/inside.js', 'clock.js', 'iso-date.js') &&
        !inLib(id, 'manuscript/html.js')) ||
      PACKAGES_THAT_READ_A_BOOK.test(id),
  },
  // The PDF's fonts, layout and painting; not the print editions (only --impose and --print pod load them),
  // nor the layout's worker thread, which a long book alone starts.
  {
    name: 'pdf',
    test: (id) =>
      inLib(id, 'writers/pdf/', 'input/read-ahead.js', 'packed-json.js') &&
      !inLib(id, 'writers/pdf/print/', 'writers/pdf/impose/', 'writers/pdf/layout/layout-worker.js', 'writers/pdf/layout/chapter-helper.js'),
  },
  // Compression, which both editions use.
  { name: 'deflate', test: (id) => inLib(id, 'deflate.js', 'crc32.js') },
];

const { output } = await build({
  input,
  platform: 'node',
  logLevel: 'warn',
  external: (id, importer) => !(id in PDFKIT_STAND_INS && importer && PDFKIT_FILE.test(importer)) && isExternal(id),
  plugins: [externalDynamicImports, lazyChildProcessForCommander, pdfkitWithoutFontkit, markdownItFieldKeys, lazyEntityTable],
  output: {
    dir: LIB,
    format: 'cjs',
    entryFileNames: (chunk) => (chunk.name === 'build-ebook' ? 'build-ebook.cjs' : `build-ebook-${chunk.name}.cjs`),
    chunkFileNames: 'build-ebook-[name]-[hash].cjs',
    codeSplitting: { includeDependenciesRecursively: false, groups: CHUNK_GROUPS },
    // Whitespace and dead code out, and local variables renamed (a fifth less text for each start to read
    // and copy into V8's heap); the names of functions, classes and each chunk's top level are kept, so a
    // stack trace from a bug still reads.
    minify: { compress: true, mangle: { toplevel: false, keepNames: { function: true, class: true } }, codegen: true },
    comments: false,
    // Non-ASCII characters as escapes, so src/bundle-loader.cts can read a chunk as Latin-1.
    charset: 'ascii',
  },
});
for (const chunk of output) {
  if (chunk.type === 'chunk' && /[^\w$.]import\(/.test(chunk.code)) {
    throw new Error(`bundle: ${chunk.fileName} still has an import(), which fails in a vm.Script`);
  }
}

/**
 * lib/NAME.cjs: loads the bundled chunk of a worker thread entry (sharing chunks with the CLI). CommonJS, as
 * bin/build-ebook.js is: an ES module entry starts Node's ES module loader in the thread (src/worker-entry.ts).
 */
function writeWorkerStub(name, chunk) {
  writeFileSync(
    join(LIB, name),
    ["'use strict';", `require('./bundle-loader.cjs').requireChunk(require('node:path').join(__dirname, '${chunk}'));`, ''].join('\n'),
  );
}
if (hasWorker) writeWorkerStub('worker.cjs', 'build-ebook-worker.cjs');
if (hasLayoutWorker) writeWorkerStub('layout-worker.cjs', 'build-ebook-layout-worker.cjs');

// The code caches come from a separate, fresh process: V8 rejects a cache made under other flags, and
// this one has loaded rolldown.
const warm = spawnSync(process.execPath, [join(ROOT, 'scripts', 'code-cache.mjs')], { stdio: 'inherit' });
if (warm.status !== 0) throw new Error('bundle: making the code caches failed (scripts/code-cache.mjs)');
