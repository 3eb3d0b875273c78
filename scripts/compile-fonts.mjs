// Compiles every bundled face's shaping tables into lib/font-metrics/FACE.tables (src/writers/pdf/font-engine/,
// packCompiled's format), so a PDF build reads them in milliseconds instead of decoding the fonts with fontkit.
// Part of `npm run build`.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packCompiled } from '../lib/writers/pdf/font-engine/compiled.js';
import { COMPILED_FONTS_DIR, FACES, compileFace, compiledFileName, faceFile, isScriptFace } from '../lib/writers/pdf/fonts.js';

mkdirSync(COMPILED_FONTS_DIR, { recursive: true });
// Tables of an earlier format (FACE.json) are no longer read.
for (const name of readdirSync(COMPILED_FONTS_DIR)) if (name.endsWith('.json')) rmSync(join(COMPILED_FONTS_DIR, name));
// The script faces (Arabic, Hebrew, Devanagari, CJK) are shaped by HarfBuzz from the font itself.
for (const face of FACES.filter((f) => !isScriptFace(f))) {
  const compiled = compileFace(readFileSync(faceFile(face)));
  writeFileSync(join(COMPILED_FONTS_DIR, compiledFileName(face)), packCompiled(compiled));
}
