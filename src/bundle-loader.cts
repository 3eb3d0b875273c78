// Loads the bundled CLI (lib/build-ebook*.cjs, made by scripts/bundle.mjs) with V8's code cache. Why:
// compiling ~600 kB of JavaScript was a third of a cold start, and Node 20 has no compile cache for
// modules (module.enableCompileCache is 22+). A vm.Script accepts V8's cached data, so the bundle is
// emitted as CommonJS-style chunks that this file compiles and links itself; `npm run build` stores
// each chunk's cache beside it (CHUNK.cjs.cache) after a warm-up build. A cache that is missing, older
// than its chunk, or rejected by V8 (another Node version or V8 flags) is ignored: V8 then compiles the
// chunk as it would have anyway. Nothing here writes files; scripts/code-cache.mjs does, at build time.
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

// V8 doubles the young generation each time much of it survives a scavenge, up to 16 MB a half. A build
// keeps most of what it makes (the book, fonts, layout), so it grew to the maximum within ~0.3 s, and the
// mapping and faulting-in of fresh pages, and scavenges of a large space, cost more than collecting
// often in a small one that stays in cache: an 8,000-word EPUB+PDF ~35 ms faster, a 100,000-word one ~50 ms.
// Set here, before any chunk is compiled, because a code cache is valid only under the flags it was
// made with: scripts/code-cache.mjs loads this file too, so the caches are made under the same flags.
setFlagsFromString('--semi-space-growth-factor=1');
// V8 optimises a function with TurboFan once it has run for a budget of bytecode (66 kB in Node 20),
// on a background thread. A build runs for well under a second to a few seconds: most of those
// compilations finished too late to pay for themselves, and they kept the second core busy, which the
// layout's worker thread (writers/pdf/layout/chapter-helper.ts) and the series pool want. With 62 times
// the budget only the hottest loops are optimised: measured with interleaved runs, the 8,000-word PDF
// took 0.90x the time, the 100,000-word one (on two threads) 0.92x, the 1M-word series 0.90x, with less
// memory at its peak.
setFlagsFromString('--interrupt-budget=4194304');
// A scavenge of that small young generation is split among helper threads by default; the hand-over
// costs more than the copying it shares, and the second core is wanted by the layout's worker. Measured
// in interleaved pairs: the 8,000-word PDF took 0.96x the time, the 100,000-word one 0.95x.
setFlagsFromString('--no-parallel-scavenge');

interface LoadedChunk {
  script: Script;
  module: { exports: Record<string, unknown> };
}

type ChunkFunction = (
  exports: unknown,
  require: (id: string) => unknown,
  module: LoadedChunk['module'],
  __filename: string,
  __dirname: string,
  __importExternal: (specifier: string) => Promise<unknown>,
) => void;

export const CODE_CACHE_SUFFIX = '.cache';

// The chunk's first line stays on line 1 of the script (lineOffset), so stack traces point into the file.
// "use strict": the chunks were ES modules, which are always strict.
const WRAPPER_START = '(function (exports, require, module, __filename, __dirname, __importExternal) {"use strict";\n';
const WRAPPER_END = '\n})';

const loaded = new Map<string, LoadedChunk>();

// import() inside a vm.Script needs --experimental-vm-modules (or an experimental loader constant that
// prints a warning), so any dynamic import of an external package is rewritten by the bundler to call
// this (there is none at present: pdfkit is bundled, and fontkit is required only when needed). It resolves from lib/, where the chunks are, so it finds the same packages.
const importExternal = (specifier: string): Promise<unknown> => import(specifier);

// Every chunk and cache is read into this one buffer, grown when a file needs more: V8 copies a script's
// source into its heap and reads its cache only while compiling, so neither needs a buffer of its own.
// A new buffer per file was paged in afresh each time (the larger ones are mapped anew by the C library
// and unmapped when collected): ~230 page faults per PDF build, each costing microseconds on a virtual machine.
// Made large enough at once for the largest chunk or cache (~400 kB): grown from a smaller size, the
// buffer was replaced, and its pages faulted in again, as the reading chunk's cache came in (~110 faults).
// Only the pages a command's files fill are ever touched.
const SCRATCH_SIZE = 512 * 1024;
let scratch = Buffer.allocUnsafeSlow(0);

/**
 * A file's bytes, as a view of `scratch` from `before` (room the caller may fill): valid until the next
 * read. `after` bytes of room are left past them.
 */
function readIntoScratch(file: string, before = 0, after = 0): Buffer {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (scratch.length < before + size + after) scratch = Buffer.allocUnsafeSlow(Math.max(before + size + after, SCRATCH_SIZE));
    let length = 0;
    while (length < size) {
      const count = readSync(fd, scratch, before + length, size - length, length);
      if (count === 0) break;
      length += count;
    }
    return scratch.subarray(before, before + length);
  } finally {
    closeSync(fd);
  }
}

// The bundle escapes non-ASCII characters (except in String.raw templates, whose text it cannot change),
// so a chunk is usually read as Latin-1: no UTF-8 decoding, and V8 keeps it as a one-byte string. The
// wrapper is written around the file's bytes in the buffer, so the source is made as one string: joined
// with + it was a second copy of every chunk, made when V8 flattened it to compile.
function readSource(file: string): string {
  const bytes = readIntoScratch(file, WRAPPER_START.length, WRAPPER_END.length);
  const ascii = isAscii(bytes);
  scratch.write(WRAPPER_START, 0, 'latin1');
  scratch.write(WRAPPER_END, WRAPPER_START.length + bytes.length, 'latin1');
  return scratch.toString(ascii ? 'latin1' : 'utf8', 0, WRAPPER_START.length + bytes.length + WRAPPER_END.length);
}

function readCodeCache(file: string): Buffer | undefined {
  try {
    const cacheFile = file + CODE_CACHE_SUFFIX;
    // V8 checks a cache's V8 version, flags and source length, not the source text: a chunk edited
    // after the build must not meet the old cache.
    if (statSync(cacheFile).mtimeMs < statSync(file).mtimeMs) return undefined;
    // Read after the source (new Script's arguments are evaluated in order), which is a string by then.
    return readIntoScratch(cacheFile);
  } catch {
    return undefined;
  }
}

/** Runs a bundle chunk (an absolute path) once, as require() would, and returns its exports. */
export function requireChunk(file: string): Record<string, unknown> {
  const known = loaded.get(file);
  if (known) return known.module.exports;
  const script = new Script(readSource(file), {
    filename: file,
    lineOffset: -1,
    cachedData: readCodeCache(file),
  });
  const chunk: LoadedChunk = { script, module: { exports: {} } };
  // Registered before it runs, as Node does, so chunks that require each other get the partial exports.
  loaded.set(file, chunk);
  const dir = dirname(file);
  const requireNode = createRequire(file);
  const requireFromChunk = (id: string): unknown => (id.startsWith('./') ? requireChunk(join(dir, id)) : requireNode(id));
  const run = script.runInThisContext() as ChunkFunction;
  run.call(chunk.module.exports, chunk.module.exports, requireFromChunk, chunk.module, file, dir, importExternal);
  return chunk.module.exports;
}

/**
 * V8's code cache for a chunk: from the script this process ran, so it holds every function compiled so
 * far (not only the top level), or, for a chunk this process never loaded, from compiling it now.
 */
export function createCodeCache(file: string): Buffer {
  const script = loaded.get(file)?.script ?? new Script(readSource(file), { filename: file, lineOffset: -1 });
  return script.createCachedData();
}
