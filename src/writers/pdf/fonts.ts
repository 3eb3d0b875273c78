// The bundled faces: EB Garamond (OFL) for text, DejaVu for glyphs Garamond lacks and for code.
// Everything here is loaded on demand by writePdf/layoutBook, never at import time of the CLI. Shaping
// runs on tables compiled from the fonts at build time (font-engine/); fontkit loads only if needed.

import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../package-files.js';
import { compileFont } from './font-engine/compile.js';
import { COMPILED_FONT_VERSION, fontFingerprint, type CompiledFont } from './font-engine/compiled.js';
import { EngineFont } from './font-engine/font.js';

const require = createRequire(import.meta.url);

export type Face =
  | 'serif'
  | 'serif-italic'
  | 'serif-bold'
  | 'serif-bold-italic'
  | 'fallback'
  | 'fallback-italic'
  | 'fallback-bold'
  | 'fallback-bold-italic'
  | 'mono'
  | 'symbols';

export const FACES: readonly Face[] = [
  'serif',
  'serif-italic',
  'serif-bold',
  'serif-bold-italic',
  'fallback',
  'fallback-italic',
  'fallback-bold',
  'fallback-bold-italic',
  'mono',
  'symbols',
];

const FILES: Record<Face, string> = {
  serif: '@expo-google-fonts/eb-garamond/400Regular/EBGaramond_400Regular.ttf',
  'serif-italic': '@expo-google-fonts/eb-garamond/400Regular_Italic/EBGaramond_400Regular_Italic.ttf',
  'serif-bold': '@expo-google-fonts/eb-garamond/700Bold/EBGaramond_700Bold.ttf',
  'serif-bold-italic': '@expo-google-fonts/eb-garamond/700Bold_Italic/EBGaramond_700Bold_Italic.ttf',
  fallback: 'dejavu-fonts-ttf/ttf/DejaVuSerif.ttf',
  'fallback-italic': 'dejavu-fonts-ttf/ttf/DejaVuSerif-Italic.ttf',
  'fallback-bold': 'dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf',
  'fallback-bold-italic': 'dejavu-fonts-ttf/ttf/DejaVuSerif-BoldItalic.ttf',
  mono: 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf',
  // DejaVu Sans has the widest coverage of symbols (stars, arrows, dingbats) of the bundled faces.
  symbols: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
};

/** Where `npm run build` leaves each face's compiled tables (scripts/compile-fonts.mjs). */
export const COMPILED_FONTS_DIR = join(PACKAGE_ROOT, 'lib', 'font-metrics');

export interface FontSet {
  /** Each face is read on first use: a book in plain roman never opens the bold italic. */
  fonts: Record<Face, EngineFont>;
}

let cached: FontSet | undefined;

/** The bundled faces, opened lazily, once per process. */
export async function loadFonts(): Promise<FontSet> {
  cached ??= { fonts: lazyFaces() };
  return cached;
}

function lazyFaces(): Record<Face, EngineFont> {
  const fonts = {} as Record<Face, EngineFont>;
  for (const face of FACES) {
    let font: EngineFont | undefined;
    Object.defineProperty(fonts, face, { enumerable: true, get: () => (font ??= openFace(face)) });
  }
  return fonts;
}

/** The font file of a face. */
export function faceFile(face: Face): string {
  return require.resolve(FILES[face]);
}

/** A face with its compiled tables: the build's file when it matches the installed font, else compiled now. */
export function openFace(face: Face): EngineFont {
  const bytes = readFileSync(faceFile(face));
  return new EngineFont(readCompiled(face, bytes) ?? compileFace(bytes), bytes);
}

export function compileFace(bytes: Uint8Array): CompiledFont {
  const fontkit = require('fontkit') as { create(buffer: Uint8Array): unknown };
  return compileFont(fontkit.create(bytes), bytes);
}

/** The build's compiled tables of a face, unless missing, of another format version, or of other font bytes. */
export function readCompiled(face: Face, bytes: Uint8Array, dir = COMPILED_FONTS_DIR): CompiledFont | undefined {
  let data: CompiledFont;
  try {
    // The file is ASCII (scripts/compile-fonts.mjs): read as Latin-1, it skips UTF-8 decoding.
    const raw = readFileSync(join(dir, `${face}.json`));
    data = JSON.parse(raw.toString(isAscii(raw) ? 'latin1' : 'utf8')) as CompiledFont;
  } catch {
    return undefined;
  }
  if (data.version !== COMPILED_FONT_VERSION) return undefined;
  return data.fingerprint === fontFingerprint(bytes) ? data : undefined;
}

/** The fallback face that matches a text face's style. */
export function fallbackFor(face: Face): Face {
  switch (face) {
    case 'serif':
      return 'fallback';
    case 'serif-italic':
      return 'fallback-italic';
    case 'serif-bold':
      return 'fallback-bold';
    case 'serif-bold-italic':
      return 'fallback-bold-italic';
    default:
      return face;
  }
}
