// Run by scripts/bundle.mjs: stores V8's code cache beside each chunk of the bundle (CHUNK.cjs.cache),
// which src/bundle-loader.cts hands to V8 so a cold start skips compiling. The caches are made after a
// real check and build (EPUB and PDF) of the sample book in manuscript/: V8 compiles most functions
// only when first called, and a cache taken before that would hold little more than the top level.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODE_CACHE_SUFFIX, createCodeCache, requireChunk } from '../lib/bundle-loader.cjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIB = join(ROOT, 'lib');
const SAMPLE = join(ROOT, 'manuscript');

const out = mkdtempSync(join(tmpdir(), 'build-ebook-code-cache-'));
try {
  const { main } = requireChunk(join(LIB, 'build-ebook.cjs'));
  const io = { out: () => {}, err: (s) => process.stderr.write(s + '\n') };
  for (const args of [['check', SAMPLE], ['build', SAMPLE, '--out', out]]) {
    const code = await main(['node', 'build-ebook', ...args], io);
    if (code !== 0) throw new Error(`code-cache: \`build-ebook ${args.join(' ')}\` exited with ${code}`);
  }
  for (const name of readdirSync(LIB)) {
    if (/^build-ebook.*\.cjs$/.test(name)) writeFileSync(join(LIB, name + CODE_CACHE_SUFFIX), createCodeCache(join(LIB, name)));
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
