// Compiles every bundled face's shaping tables into lib/font-metrics/FACE.json (src/writers/pdf/font-engine/),
// so a PDF build reads them in milliseconds instead of decoding the fonts with fontkit. Part of `npm run build`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPILED_FONTS_DIR, FACES, compileFace, faceFile, isScriptFace } from '../lib/writers/pdf/fonts.js';

mkdirSync(COMPILED_FONTS_DIR, { recursive: true });
// The script faces (Arabic, Hebrew, Devanagari, CJK) are shaped by HarfBuzz from the font itself.
for (const face of FACES.filter((f) => !isScriptFace(f))) {
  const compiled = compileFace(readFileSync(faceFile(face)));
  writeFileSync(join(COMPILED_FONTS_DIR, `${face}.json`), JSON.stringify(compiled));
}
