// The bundled faces: EB Garamond (OFL) for text, DejaVu for glyphs Garamond lacks and for code.
// Everything here is loaded on demand by writePdf/layoutBook, never at import time of the CLI.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

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

/** The part of fontkit's Font this writer uses (fontkit ships no types). */
export interface FontkitFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string, features?: string[]): { advanceWidth: number };
}

export interface FontSet {
  buffers: Record<Face, Buffer>;
  fonts: Record<Face, FontkitFont>;
}

let cached: Promise<FontSet> | undefined;

/** Reads and parses every bundled face once per process. */
export function loadFonts(): Promise<FontSet> {
  cached ??= (async () => {
    const fontkit = (await import('fontkit')) as unknown as { create(buffer: Buffer): FontkitFont };
    const buffers = {} as Record<Face, Buffer>;
    const fonts = {} as Record<Face, FontkitFont>;
    await Promise.all(
      FACES.map(async (face) => {
        const buffer = await readFile(require.resolve(FILES[face]));
        buffers[face] = buffer;
        fonts[face] = fontkit.create(buffer);
      }),
    );
    return { buffers, fonts };
  })();
  return cached;
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
