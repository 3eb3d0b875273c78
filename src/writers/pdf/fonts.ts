// The bundled faces: EB Garamond (OFL) for text, DejaVu for glyphs Garamond lacks and for code.
// Everything here is loaded on demand by writePdf/layoutBook, never at import time of the CLI. Shaping
// runs on tables compiled from the fonts at build time (font-engine/); fontkit loads only if needed.

import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readAhead, readFileNow, readsAhead } from '../../input/read-ahead.js';
import { dependencyFile, PACKAGE_ROOT } from '../../package-files.js';
import { compileFont } from './font-engine/compile.js';
import { COMPILED_FONT_VERSION, fontFingerprint, unpackCompiled, type CompiledFont } from './font-engine/compiled.js';
import { EngineFont } from './font-engine/font.js';
import { HbFont } from './font-engine/harfbuzz.js';

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
  | 'symbols'
  | ScriptFace;

/** Faces of other scripts, shaped by HarfBuzz (font-engine/harfbuzz.ts); CJK in four regional designs. */
export type ScriptFace =
  | 'arabic'
  | 'arabic-bold'
  | 'hebrew'
  | 'hebrew-bold'
  | 'devanagari'
  | 'devanagari-bold'
  | 'cjk-sc'
  | 'cjk-sc-bold'
  | 'cjk-tc'
  | 'cjk-tc-bold'
  | 'cjk-jp'
  | 'cjk-jp-bold'
  | 'cjk-kr'
  | 'cjk-kr-bold';

export const SCRIPT_FACES: readonly ScriptFace[] = [
  'arabic',
  'arabic-bold',
  'hebrew',
  'hebrew-bold',
  'devanagari',
  'devanagari-bold',
  'cjk-sc',
  'cjk-sc-bold',
  'cjk-tc',
  'cjk-tc-bold',
  'cjk-jp',
  'cjk-jp-bold',
  'cjk-kr',
  'cjk-kr-bold',
];

const SCRIPT_FACE_SET: ReadonlySet<string> = new Set(SCRIPT_FACES);

export function isScriptFace(face: string): face is ScriptFace {
  return SCRIPT_FACE_SET.has(face);
}

/** A face as the layout measures it and pdfkit embeds it. */
export type PdfFont = EngineFont | HbFont;

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
  ...SCRIPT_FACES,
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
  arabic: '@expo-google-fonts/noto-naskh-arabic/400Regular/NotoNaskhArabic_400Regular.ttf',
  'arabic-bold': '@expo-google-fonts/noto-naskh-arabic/700Bold/NotoNaskhArabic_700Bold.ttf',
  hebrew: '@expo-google-fonts/noto-serif-hebrew/400Regular/NotoSerifHebrew_400Regular.ttf',
  'hebrew-bold': '@expo-google-fonts/noto-serif-hebrew/700Bold/NotoSerifHebrew_700Bold.ttf',
  devanagari: '@expo-google-fonts/noto-serif-devanagari/400Regular/NotoSerifDevanagari_400Regular.ttf',
  'devanagari-bold': '@expo-google-fonts/noto-serif-devanagari/700Bold/NotoSerifDevanagari_700Bold.ttf',
  // Optional packages (about 10-15 MB a file): read only when a book's text has CJK characters.
  'cjk-sc': '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  'cjk-sc-bold': '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
  'cjk-tc': '@expo-google-fonts/noto-serif-tc/400Regular/NotoSerifTC_400Regular.ttf',
  'cjk-tc-bold': '@expo-google-fonts/noto-serif-tc/700Bold/NotoSerifTC_700Bold.ttf',
  'cjk-jp': '@expo-google-fonts/noto-serif-jp/400Regular/NotoSerifJP_400Regular.ttf',
  'cjk-jp-bold': '@expo-google-fonts/noto-serif-jp/700Bold/NotoSerifJP_700Bold.ttf',
  'cjk-kr': '@expo-google-fonts/noto-serif-kr/400Regular/NotoSerifKR_400Regular.ttf',
  'cjk-kr-bold': '@expo-google-fonts/noto-serif-kr/700Bold/NotoSerifKR_700Bold.ttf',
};

/** Where `npm run build` leaves each face's compiled tables (scripts/compile-fonts.mjs). */
export const COMPILED_FONTS_DIR = join(PACKAGE_ROOT, 'lib', 'font-metrics');

export interface FontSet {
  /** Each face is read on first use: a book in plain roman never opens the bold italic. */
  fonts: Record<Face, PdfFont>;
}

let cached: FontSet | undefined;

/** The bundled faces, opened lazily, once per process. */
export async function loadFonts(): Promise<FontSet> {
  await readsAhead();
  cached ??= { fonts: lazyFaces() };
  return cached;
}

/** The faces nearly every book sets: roman for the text, italic for emphasis, bold on the title page. */
const USUAL_FACES: readonly Face[] = ['serif', 'serif-italic', 'serif-bold'];

/**
 * Starts reading the usual faces and their compiled tables on other threads (input/read-ahead.ts), for a
 * build that will set a PDF: called before the book is read, they are in memory when the layout opens them.
 * Once this process has opened its fonts it does nothing.
 */
export function readFacesAhead(): void {
  if (cached) return;
  readAhead(USUAL_FACES.flatMap((face) => [faceFile(face), join(COMPILED_FONTS_DIR, compiledFileName(face))]));
}

function lazyFaces(): Record<Face, PdfFont> {
  const fonts = {} as Record<Face, PdfFont>;
  for (const face of FACES) {
    let font: PdfFont | undefined;
    Object.defineProperty(fonts, face, { enumerable: true, get: () => (font ??= openFace(face)) });
  }
  return fonts;
}

/** The font file of a face. */
export function faceFile(face: Face): string {
  return dependencyFile(FILES[face]);
}

/** A face with its compiled tables: the build's file when it matches the installed font, else compiled now. */
export function openFace(face: Face): PdfFont {
  const bytes = readFileNow(faceFile(face));
  if (isScriptFace(face)) return new HbFont(bytes);
  return new EngineFont(readCompiled(face, bytes) ?? compileFace(bytes), bytes);
}

export function compileFace(bytes: Uint8Array): CompiledFont {
  const fontkit = require('fontkit') as { create(buffer: Uint8Array): unknown };
  return compileFont(fontkit.create(bytes), bytes);
}

/** The build's compiled tables of a face, unless missing, of another format version, or of other font bytes. */
export function readCompiled(face: Face, bytes: Uint8Array, dir = COMPILED_FONTS_DIR): CompiledFont | undefined {
  let data: CompiledFont | undefined;
  try {
    data = unpackCompiled(readFileNow(join(dir, compiledFileName(face))));
  } catch {
    return undefined;
  }
  if (data?.version !== COMPILED_FONT_VERSION) return undefined;
  return data.fingerprint === fontFingerprint(bytes) ? data : undefined;
}

/** The file in COMPILED_FONTS_DIR that holds a face's tables (packCompiled's format). */
export function compiledFileName(face: Face): string {
  return `${face}.tables`;
}

/** Whether a face's font file is installed (the CJK faces are optional packages). */
export function faceInstalled(face: Face): boolean {
  try {
    faceFile(face);
    return true;
  } catch {
    return false;
  }
}

export type CjkFamily = 'cjk-sc' | 'cjk-tc' | 'cjk-jp' | 'cjk-kr';
const CJK_FAMILIES: readonly CjkFamily[] = ['cjk-sc', 'cjk-tc', 'cjk-jp', 'cjk-kr'];

/** The CJK design a language wants: Japanese, Korean, traditional Chinese, else simplified Chinese. */
export function cjkFamilyFor(language: string): CjkFamily {
  const tag = language.toLowerCase();
  if (/^ja\b/.test(tag)) return 'cjk-jp';
  if (/^ko\b/.test(tag)) return 'cjk-kr';
  if (/^(zh|yue)\b.*\b(hant|tw|hk|mo)\b/.test(tag) || /^yue\b/.test(tag)) return 'cjk-tc';
  return 'cjk-sc';
}

/**
 * The installed CJK face closest to the one the language wants: the wanted one, else another installed
 * design (`substitute` names it, for a warning), else undefined (no CJK package installed).
 */
export function installedCjkFamily(
  language: string,
  installed: (face: Face) => boolean = faceInstalled,
): { family: CjkFamily; wanted: CjkFamily; substitute: boolean } | undefined {
  const wanted = cjkFamilyFor(language);
  if (installed(wanted)) return { family: wanted, wanted, substitute: false };
  const other = CJK_FAMILIES.find((f) => f !== wanted && installed(f));
  return other ? { family: other, wanted, substitute: true } : undefined;
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
