// Every script prints: Arabic joined and right to left, Hebrew with its points, CJK and Cyrillic in
// embedded faces, mixed paragraphs in the bidi order, and a character no face has named in a warning.
// Each story is built from a real book folder (so paragraphs carry their file and line).

import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBook } from '../src/build.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { writePdf } from '../src/writers/pdf/index.js';
import { faceFile } from '../src/writers/pdf/fonts.js';
import { layoutBook, type LayoutDocument, type LayoutLine } from '../src/writers/pdf/layout/index.js';
import { cjkFamilyFor, installedCjkFamily } from '../src/writers/pdf/fonts.js';
import { visualOrder } from '../src/writers/pdf/layout/scripts.js';
import { makeBookFolder } from './helpers/book-folder.js';
import { embeddedFonts, glyphGroups, pages, pdfObjects } from './helpers/pdf-objects.js';
import { tools } from './helpers/tools.js';

const require = createRequire(import.meta.url);

const AR_TITLE = 'ليلة في الميناء';
const AR_PARAGRAPHS = [
  'كانت السفينة تنتظر في الميناء منذ الصباح، والريح تحمل رائحة الملح إلى البيوت القريبة.',
  'قال يوسف لأخته: لا تخافي، سنعود قبل أن يحل الظلام.',
  // Mixed: a Latin name and digits inside right-to-left text.
  'وصل John Smith في الساعة 7 مساءً ومعه 42 رسالة من القاهرة.',
  'في الليل جلست سلمى عند النافذة، تعد الأضواء على الماء وتكتب في دفترها كل ما رأته في ذلك اليوم الطويل، حتى غلبها النعاس ونامت والقلم في يدها.',
];

const HE_PARAGRAPHS = [
  'הסירה חיכתה בנמל מאז הבוקר, והרוח נשאה את ריח המלח אל הבתים הקרובים.',
  'אמר יוסף לאחותו: אל תפחדי, נחזור לפני שיחשיך.',
  'הגיע David Cohen בשעה 7 בערב ואיתו 42 מכתבים מירושלים.',
  // With points (niqqud): marks placed on their letters by the font's GPOS.
  'בְּרֵאשִׁית הָיְתָה הַסִּירָה קְטַנָּה, וְהַיָּם גָּדוֹל.',
];

const ZH_PARAGRAPHS = ['船从早上起就在港口等着，风把海盐的气味带到附近的房子里。', '约瑟夫对妹妹说：“别怕，天黑之前我们就回来。”'];
const JA_PARAGRAPHS = ['船は朝から港で待っていた。風が潮の香りを近くの家々へ運んでいた。', 'ヨセフは妹に言った。「怖がらないで。暗くなる前に帰るから。」'];
const RU_PARAGRAPHS = ['Корабль ждал в гавани с самого утра, и ветер нёс запах соли к ближним домам.', 'Иосиф сказал сестре: «Не бойся, мы вернёмся до темноты».'];

interface Built {
  dir: string;
  data: Uint8Array;
  file: string;
  layout: LayoutDocument;
  warnings: Diagnostic[];
}

const dirs: string[] = [];

async function build(language: string, title: string, paragraphs: string[], extra = ''): Promise<Built> {
  const chapter = `# ${title}\n\n${paragraphs.join('\n\n')}\n${extra}`;
  const dir = makeBookFolder({ 'book.yaml': `title: ${title}\nauthor: Test Author\nlanguage: ${language}\n`, '01-chapter.md': chapter });
  dirs.push(dir);
  const { book } = await loadBook(dir);
  const { data, warnings } = await writePdf(book);
  const { layout } = await layoutBook(book);
  const file = join(dir, 'book.pdf');
  writeFileSync(file, data);
  return { dir, data, file, layout, warnings };
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const norm = (w: string) => w.normalize('NFC').replace(/[^\p{L}\p{N}\p{M}]/gu, '');

/**
 * Each paragraph's words appear in pdftotext's output in their logical order. pdftotext marks a
 * left-to-right stretch inside right-to-left text with embedding controls (U+202A … U+202C) and puts
 * the space after such a stretch before it: the controls count as word boundaries.
 */
function expectWordsInOrder(text: string, paragraphs: string[]): void {
  const got = text.split(/[\s\u202a-\u202e]+/).map(norm).filter(Boolean);
  for (const paragraph of paragraphs) {
    let at = 0;
    for (const word of paragraph.split(/\s+/).map(norm).filter(Boolean)) {
      const found = got.indexOf(word, at);
      expect(found, `"${word}" of "${paragraph}" after word ${at}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  }
}

function bodyLines(layout: LayoutDocument): { line: LayoutLine; left: number; right: number }[] {
  return layout.pages.flatMap((page) =>
    page.items.filter((i): i is LayoutLine => i.kind === 'line' && i.role === 'body').map((line) => ({ line, left: page.textBlock.left, right: page.textBlock.right })),
  );
}

function expectEmbeddedSubsets(built: Built, faces: RegExp[]): void {
  const fonts = embeddedFonts(pdfObjects(built.data));
  for (const face of faces) {
    const font = fonts.find((f) => face.test(f.name));
    expect(font, `${face} in ${fonts.map((f) => f.name).join(', ')}`).toBeDefined();
    expect(font!.name).toMatch(/^[A-Z]{6}\+/);
    expect(font!.fontFile?.length ?? 0).toBeGreaterThan(0);
  }
  for (const font of fonts) expect(font.fontFile, font.name).toBeDefined();
  if (tools.poppler) {
    const rows = execFileSync('pdffonts', [built.file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    for (const row of rows) expect(row, row).toMatch(/\byes\s+yes\s+yes\b/);
    for (const face of faces) expect(rows.some((r) => face.test(r))).toBe(true);
  }
}

/* eslint-disable @typescript-eslint/no-explicit-any -- harfbuzzjs and fontkit are used untyped here */
describe('an Arabic story', () => {
  let built: Built;
  beforeAll(async () => {
    built = await build('ar', AR_TITLE, AR_PARAGRAPHS);
  }, 60_000);

  it.skipIf(!tools.poppler)('pdftotext gives back every word in logical order, the mixed paragraph too', () => {
    const text = execFileSync('pdftotext', [built.file, '-'], { encoding: 'utf8' });
    expectWordsInOrder(text, [AR_TITLE, ...AR_PARAGRAPHS]);
    // The Latin name and the numbers sit where they are in the sentence.
    expect(text.replace(/[\u200e\u200f\u202a-\u202e]/g, ' ').replace(/ +/g, ' ')).toContain('وصل John Smith في الساعة 7');
  });

  it('letters are joined: each word is drawn with the glyphs HarfBuzz shapes it into, not isolated forms', async () => {
    const hb: any = await import('harfbuzzjs');
    const fontkit = require('fontkit');
    const bytes = readFileSync(faceFile('arabic'));
    const hbFont = new hb.Font(new hb.Face(new hb.Blob(bytes)));
    const original = fontkit.create(bytes);
    const shape = (text: string): number[] => {
      const buffer = new hb.Buffer();
      buffer.addText(text);
      buffer.guessSegmentProperties();
      hb.shape(hbFont, buffer);
      return buffer.getGlyphInfos().map((g: { codepoint: number }) => g.codepoint);
    };
    const outline = (font: any, id: number) => font.getGlyph(id).path.toSVG();

    const objects = pdfObjects(built.data);
    const arabic = embeddedFonts(objects).find((f) => /NotoNaskhArabic/.test(f.name))!;
    const subset = fontkit.create(arabic.fontFile!);
    const drawn: string[][] = [];
    for (const page of pages(objects)) {
      for (const group of glyphGroups(page.content)) {
        if (page.fonts.get(group.font) === arabic.num) drawn.push(group.cids.map((cid) => outline(subset, cid)));
      }
    }
    for (const word of ['السفينة', 'تنتظر', 'الميناء', 'رائحة', 'القريبة', 'يوسف']) {
      const joined = shape(word).map((id) => outline(original, id));
      const isolated = [...word].reverse().flatMap((ch) => shape(ch)).map((id) => outline(original, id));
      // The test means something only where joining changes the glyphs.
      expect(joined).not.toEqual(isolated);
      expect(drawn, word).toContainEqual(joined);
      expect(drawn, word).not.toContainEqual(isolated);
    }
  });

  it('paragraphs are set from the right: runs right to left, indent and last line on the right', () => {
    const lines = bodyLines(built.layout);
    const mixed = lines.find(({ line }) => line.runs.some((r) => r.text.includes('John')))!;
    expect(mixed).toBeDefined();
    const xOf = (s: string) => mixed.line.runs.find((r) => r.text.includes(s))!.x;
    // وصل comes first in the sentence, so it is right of John Smith, which is right of في الساعة.
    expect(xOf('وصل')).toBeGreaterThan(xOf('John'));
    expect(xOf('John')).toBeGreaterThan(xOf('الساعة'));
    // "John Smith" itself reads left to right.
    expect(mixed.line.runs.find((r) => r.text.includes('John'))!.text).toMatch(/John Smith/);
    for (const { line, right } of lines) {
      const end = Math.max(...line.runs.map((r) => r.x + r.width));
      const indented = line.lineIndex === 0 && line.paragraph !== lines[0].line.paragraph;
      // Every line ends at the right edge of the text block, less the indent on a paragraph's first line.
      if (!indented) expect(end, line.runs.map((r) => r.text).join('|')).toBeCloseTo(right, 0);
      else expect(end).toBeLessThan(right - 5);
    }
    // The last line of the long paragraph is short and hangs from the right, not the left.
    const last = lines[lines.length - 1];
    const start = Math.min(...last.line.runs.map((r) => r.x));
    expect(start).toBeGreaterThan(last.left + 20);
  });

  it('every face is embedded as a subset', () => {
    expectEmbeddedSubsets(built, [/NotoNaskhArabic/]);
  });
});

describe('a Hebrew story', () => {
  let built: Built;
  beforeAll(async () => {
    built = await build('he', 'הסירה האחרונה', HE_PARAGRAPHS);
  }, 60_000);

  it.skipIf(!tools.poppler)('pdftotext gives back every word in logical order, points included', () => {
    const text = execFileSync('pdftotext', [built.file, '-'], { encoding: 'utf8' });
    expectWordsInOrder(text, HE_PARAGRAPHS);
    expect(text.normalize('NFC')).toContain('בְּרֵאשִׁית'.normalize('NFC'));
    expect(text.replace(/[\u200e\u200f\u202a-\u202e]/g, ' ').replace(/ +/g, ' ')).toContain('הגיע David Cohen בשעה 7');
  });

  it('the points are drawn as marks placed on their letters', () => {
    const line = bodyLines(built.layout).find(({ line }) => line.runs.some((r) => r.text.includes('קְטַנָּה')))!;
    expect(line).toBeDefined();
    const run = line.line.runs.find((r) => r.text.includes('קְטַנָּה'))!;
    expect(run.face).toBe('hebrew');
    const objects = pdfObjects(built.data);
    const hebrew = embeddedFonts(objects).find((f) => /NotoSerifHebrew/.test(f.name))!;
    expect(hebrew.fontFile).toBeDefined();
    const contents = pages(objects).map((p) => p.content).join('\n');
    // A mark is set off its pen position (a text rise or a pen move within the word's TJ).
    expect(contents).toMatch(/-?[\d.]+ Ts/);
  });

  it('every face is embedded as a subset', () => {
    expectEmbeddedSubsets(built, [/NotoSerifHebrew/]);
  });
});

describe.each([
  ['zh', '夜航船', ZH_PARAGRAPHS, /NotoSerif(SC|TC|JP|KR)/],
  ['ja', '夜の船', JA_PARAGRAPHS, /NotoSerif(JP|SC|TC|KR)/],
  ['ru', 'Ночной паром', RU_PARAGRAPHS, /EBGaramond/],
])('a story in %s', (language, title, paragraphs, face) => {
  let built: Built;
  beforeAll(async () => {
    built = await build(language, title, paragraphs);
  }, 120_000);

  it('every face is embedded as a subset, and no character is missing', () => {
    expectEmbeddedSubsets(built, [face]);
    expect(built.warnings.filter((w) => /no bundled font/.test(w.message))).toEqual([]);
  });

  it.skipIf(!tools.poppler)('pdftotext gives the text back', () => {
    const text = execFileSync('pdftotext', [built.file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const paragraph of paragraphs) expect(text).toContain(paragraph.replace(/\s+/g, ''));
  });
});

describe('CJK design by language', () => {
  it('Japanese, Korean, traditional and simplified Chinese get their own designs', () => {
    expect(cjkFamilyFor('ja')).toBe('cjk-jp');
    expect(cjkFamilyFor('ko-KR')).toBe('cjk-kr');
    expect(cjkFamilyFor('zh-Hant')).toBe('cjk-tc');
    expect(cjkFamilyFor('zh-TW')).toBe('cjk-tc');
    expect(cjkFamilyFor('zh-HK')).toBe('cjk-tc');
    expect(cjkFamilyFor('zh-Hans')).toBe('cjk-sc');
    expect(cjkFamilyFor('zh')).toBe('cjk-sc');
    expect(cjkFamilyFor('en')).toBe('cjk-sc');
  });

  it('without the wanted optional package another installed design stands in (and says so); without any, none', () => {
    expect(installedCjkFamily('ja', () => true)).toEqual({ family: 'cjk-jp', wanted: 'cjk-jp', substitute: false });
    const stand = installedCjkFamily('ja', (face) => face === 'cjk-kr');
    expect(stand).toEqual({ family: 'cjk-kr', wanted: 'cjk-jp', substitute: true });
    expect(installedCjkFamily('zh', () => false)).toBeUndefined();
  });

  it('a Japanese book sets Han characters in the Japanese design', async () => {
    const built = await build('ja', '夜の船', JA_PARAGRAPHS);
    const fonts = embeddedFonts(pdfObjects(built.data)).map((f) => f.name);
    if (fonts.some((n) => /NotoSerifJP/.test(n))) expect(fonts.some((n) => /NotoSerifSC/.test(n))).toBe(false);
  }, 120_000);
});

describe('the bidi reordering of a line (UAX #9 L2)', () => {
  it('reverses from the highest level down to the lowest odd level', () => {
    // Logical: AR1 AR2 (level 1), EN1 EN2 (level 2), AR3 (level 1): visual AR3 EN1 EN2 AR2 AR1.
    expect(visualOrder([1, 1, 2, 2, 1])).toEqual([4, 2, 3, 1, 0]);
    expect(visualOrder([0, 0, 1, 1, 0])).toEqual([0, 1, 3, 2, 4]);
    expect(visualOrder([0, 1, 2, 1, 0])).toEqual([0, 3, 2, 1, 4]);
  });
});

describe('a character no face has', () => {
  it('is a warning naming U+XXXX, the character, the file and the line', async () => {
    // Linear B on line 3 of the chapter (after the heading and a blank line), Cuneiform on line 5.
    const built = await build('en', 'Tablets', ['The first sign was \u{10000} on the clay.', 'The second was \u{12000}, older still.']);
    const linearB = built.warnings.find((w) => w.message.includes('U+10000'));
    expect(linearB, JSON.stringify(built.warnings)).toBeDefined();
    expect(linearB!.message).toContain('\u{10000}');
    expect(linearB!.file).toMatch(/01-chapter\.md$/);
    expect(linearB!.line).toBe(3);
    const cuneiform = built.warnings.find((w) => w.message.includes('U+12000'));
    expect(cuneiform!.line).toBe(5);
  }, 60_000);
});
