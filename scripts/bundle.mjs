// Bundles the compiled CLI (lib/cli.js and everything a build needs on every run) into one file,
// lib/build-ebook.mjs, which bin/build-ebook.js loads. Why: a cold start spent more time resolving,
// reading and compiling ~150 small modules (zod, yaml, commander, markdown-it and ours) than building an
// 8,000-word book; one minified file cuts start-up CPU by about 40% (see scripts/bench.mjs).
//
// Left outside the bundle: Node built-ins, and the packages only the PDF edition loads (lazily, and
// they read data files relative to themselves). Code loaded by dynamic import() becomes a separate file
// in lib/, so it still costs nothing for a build that does not need it. Modules that locate files by
// import.meta.url must work from lib/ itself (see src/package-files.ts).
import { build } from 'rolldown';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXTERNAL_PACKAGES = ['pdfkit', 'fontkit', 'hyphen', '@expo-google-fonts/', 'dejavu-fonts-ttf'];
const builtins = new Set(builtinModules);

// Chunk names carry a content hash; remove the previous build's so lib/ holds only what is current.
for (const name of readdirSync(join(ROOT, 'lib'))) {
  if (/^build-ebook.*\.mjs$/.test(name)) rmSync(join(ROOT, 'lib', name));
}

// The series pool starts worker threads on `new URL('./worker.js', import.meta.url)`: from the bundle,
// which sits directly in lib/, that is lib/worker.js, so the worker is bundled there (sharing chunks
// with the CLI); lib/series/worker.js stays for the module-by-module build.
const input = { 'build-ebook': join(ROOT, 'lib', 'cli.js') };
if (existsSync(join(ROOT, 'lib', 'series', 'worker.js'))) input.worker = join(ROOT, 'lib', 'series', 'worker.js');
rmSync(join(ROOT, 'lib', 'worker.js'), { force: true });

await build({
  input,
  platform: 'node',
  logLevel: 'warn',
  external: (id) =>
    id.startsWith('node:') || builtins.has(id) || EXTERNAL_PACKAGES.some((p) => id === p || id.startsWith(p.endsWith('/') ? p : `${p}/`)),
  output: {
    dir: join(ROOT, 'lib'),
    format: 'esm',
    entryFileNames: (chunk) => (chunk.name === 'worker' ? 'worker.js' : 'build-ebook.mjs'),
    chunkFileNames: 'build-ebook-[name]-[hash].mjs',
    // Whitespace and dead code out, names kept, so a stack trace from a bug still reads.
    minify: { compress: true, mangle: false, codegen: true },
    comments: false,
  },
});
