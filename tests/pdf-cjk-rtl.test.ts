// Line breaking without spaces (UAX #14: Chinese, Japanese, Korean) and right-bound (right-to-left) books
// in the PDF layout. Break positions are checked on the laid-out lines' text, not on rendered glyphs.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Book, Inline } from '../src/model/book.js';
import { writePdf } from '../src/writers/pdf/index.js';
import { loadFonts } from '../src/writers/pdf/fonts.js';
import { paragraphUnit, type TypeContext } from '../src/writers/pdf/layout/blocks.js';
import { createHyphenator } from '../src/writers/pdf/layout/hyphenate.js';
import { layoutBook } from '../src/writers/pdf/layout/index.js';
import { buildItems, flatten } from '../src/writers/pdf/layout/items.js';
import { Measurer } from '../src/writers/pdf/layout/measure.js';
import { loadBidi } from '../src/writers/pdf/layout/scripts.js';
import { loadHarfBuzz } from '../src/writers/pdf/font-engine/harfbuzz.js';
import { breakOpportunities } from '../src/writers/pdf/layout/uax14.js';
import type { LayoutDocument, LayoutLine } from '../src/writers/pdf/layout/model.js';
import { makeBook } from './fixtures/pdf-book.js';
import { directionOf } from '../src/locale/locale.js';

/** Characters a line may not start with (closing punctuation, small kana, prolonged sound mark) and may not end with. */
const NO_START = new Set([...'。，、．」』）】〉》”’！？：；ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々']);
const NO_END = new Set([...'「『（【〈《“‘']);

const ZH = [
  '清晨的渡口很安静，只有缆绳摩擦木桩的声音。',
  '她把那张旧地图摊在桌上，说：「你看，这条河以前不在这里。」',
  '哥哥没有回答，只是把茶杯推到一边（茶早就凉了），俯身去看那些褪色的线条。',
  '窗外的海鸥叫了两声，又飞走了！他们真的要出发吗？',
  '灯塔看守人说过，潮水从不等人；可是今天，潮水似乎在等他们。',
];
const JA = [
  '朝の港はとても静かで、ロープが杭にこすれる音しか聞こえなかった。',
  '彼女は古い地図を机の上に広げて、「見て、この川は昔ここになかったの」と言った。',
  '兄は何も答えず、ちょっとだけコーヒーカップを脇に寄せて（もうすっかり冷めていた）、色あせた線をじっと見つめた。',
  'カモメが二度鳴いて、また飛んでいった！本当に出発するのだろうか？',
  'ぁぃぅぇぉっゃゅょ、ァィゥェォッャュョ。ゲームのルールは「ひとつだけ」。',
];

const text = (s: string): Inline[] => [{ kind: 'text', text: s }];

let measurer: Measurer;
beforeAll(async () => {
  // Han and kana are shaped by HarfBuzz in the CJK faces: load them as a CJK book's layout does.
  await Promise.all([loadHarfBuzz(), loadBidi()]);
  measurer = new Measurer(await loadFonts(), { complex: true });
});

function context(language: string, width: number): TypeContext {
  let id = 0;
  return {
    measurer,
    hyphenator: createHyphenator(language),
    size: 10,
    leading: 13,
    width,
    maxImageHeight: 300,
    assets: new Map(),
    ornament: '*',
    warnings: [],
    source: 'test.md',
    nextParagraphId: () => ++id,
    warnedChars: new Set(),
  };
}

function lines(language: string, inlines: Inline[], width: number): LayoutLine[] {
  const unit = paragraphUnit(context(language, width), inlines, { indent: 0, align: 'justify' }, 0);
  return unit.rows.map((row) => row.items.find((item): item is LayoutLine => item.kind === 'line')!);
}

const lineText = (line: LayoutLine) => line.runs.map((r) => r.text).join('');

function expectKinsoku(set: LayoutLine[], source: string, width: number): void {
  const texts = set.map(lineText);
  // Nothing lost, nothing added (no spaces inserted between characters, no hyphens).
  expect(texts.join('')).toBe(source);
  expect(texts.length).toBeGreaterThan(2);
  texts.forEach((t, i) => {
    const chars = [...t];
    expect(NO_START.has(chars[0]), `line ${i} starts with ${chars[0]}: ${t}`).toBe(false);
    expect(NO_END.has(chars[chars.length - 1]), `line ${i} ends with ${chars[chars.length - 1]}: ${t}`).toBe(false);
  });
  // Every line but the last fills the measure (justified by the space between characters).
  for (const line of set.slice(0, -1)) {
    const right = line.runs[line.runs.length - 1].x + line.runs[line.runs.length - 1].width;
    expect(right).toBeCloseTo(line.x + width, 1);
    expect(line.runs[0].x).toBeCloseTo(line.x, 3);
  }
}

describe('Chinese and Japanese break between characters, with kinsoku', () => {
  for (const [language, paragraph] of [['zh', ZH.join('')], ['ja', JA.join('')]] as const) {
    it(`${language}: lines fill the measure, none starts with closing punctuation or small kana, none ends with an opening bracket`, () => {
      for (const width of [150, 173, 201.5, 240]) expectKinsoku(lines(language, text(paragraph), width), paragraph, width);
    });

    it(`${language}: kinsoku holds wherever a line would naturally end`, () => {
      // Move each forbidden character across every position of a line, so it lands at a natural break.
      const ideograph = measurer.width('serif', 10, paragraph[0]);
      const perLine = Math.floor(160 / ideograph);
      for (const mark of ['。', '」', '）', 'ー', 'っ', '、']) {
        for (let k = perLine - 3; k <= perLine + 3; k++) {
          const body = [...paragraph.replace(/[。，、．」』）！？：；ーっゃゅょ「『（]/g, '')];
          body.splice(k, 0, mark);
          const source = body.join('');
          expectKinsoku(lines(language, text(source), 160), source, 160);
        }
      }
    });
  }

  it('a very long Chinese paragraph (broken window by window) keeps kinsoku and fills every line', () => {
    const long = ZH.join('').repeat(40);
    expectKinsoku(lines('zh', text(long), 201.5), long, 201.5);
  });

  it('breaks around curly quotes next to Han characters (UAX #14 LB19a), never inside them', () => {
    const quoted = '他说“你好”我们走，她问‘为什么’。';
    const at = breakOpportunities(quoted);
    const open = quoted.indexOf('“');
    const close = quoted.indexOf('”');
    expect(at).toContain(open);
    expect(at).toContain(close + 1);
    expect(at).not.toContain(open + 1);
    expect(at).not.toContain(close);
    // ’ before 。 stays with it.
    expect(at).not.toContain(quoted.indexOf('’') + 1);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const para = (ZH.join('') + quoted).repeat(3);
    expectKinsoku(lines('zh', text(para), 173), para, 173);
  });

  it('keeps emphasis inside unspaced text and still breaks between its characters', () => {
    const inlines: Inline[] = [{ kind: 'text', text: ZH[0] }, { kind: 'emphasis', children: text(ZH[1]) }, { kind: 'text', text: ZH[2] + ZH[3] }];
    const set = lines('zh', inlines, 150);
    expectKinsoku(set, ZH.slice(0, 4).join(''), 150);
  });

  it('a Korean paragraph breaks at its spaces; a word longer than the measure between syllables', () => {
    const ko = '아침 항구는 아주 조용해서 밧줄이 말뚝에 스치는 소리만 들렸다. 그녀는 낡은 지도를 탁자 위에 펼치고 이 강은 옛날에 여기 없었다고 말했다. 오빠는 아무 대답도 하지 않았다.';
    const set = lines('ko', text(ko), 150);
    expect(set.length).toBeGreaterThan(2);
    // Each line holds whole words: joined with the spaces they broke at, the lines give the text back.
    expect(set.map((l) => lineText(l).trim()).join(' ')).toBe(ko);
    // Centered (first-fit) lines too.
    const centered = paragraphUnit(context('ko', 150), text(ko), { indent: 0, align: 'center', hyphenate: false }, 0).rows.map((r) => r.items[0] as LayoutLine);
    expect(centered.length).toBeGreaterThan(2);
    expect(centered.map((l) => lineText(l).trim()).join(' ')).toBe(ko);
    const long = '가나다라마바사아자차카타파하'.repeat(4);
    const broken = lines('ko', text(`짧은 말 ${long} 끝`), 150);
    for (const line of broken) expect(line.width).toBeLessThanOrEqual(150 + 0.01);
    expect(broken.map(lineText).join('').replace(/ /g, '')).toBe(`짧은말${long}끝`);
  });
});

describe('hyphenation follows the language', () => {
  it('hyphenates English, Chinese in pinyin, and neither Japanese, Chinese, Korean, Arabic nor Hebrew', () => {
    const word = 'extraordinarily';
    expect(createHyphenator('en')(word).length).toBeGreaterThan(2);
    expect(createHyphenator('zh-Latn-pinyin')('zhongguoren').length).toBeGreaterThan(0);
    for (const language of ['ja', 'zh', 'zh-Hant-TW', 'ko', 'ar', 'he']) expect(createHyphenator(language)(word), language).toEqual([]);
  });
});

describe('spaced text is broken as before', () => {
  const english = makeBook().chapters[1].blocks.filter((b) => b.kind === 'paragraph').slice(0, 6);

  it('an English paragraph has only space glue, hyphens and its own breaks: no character-spacing glue', () => {
    for (const block of english) {
      if (block.kind !== 'paragraph') continue;
      const frags = flatten(block.children, { face: 'serif', size: 10 });
      const items = buildItems({ inlines: block.children, base: { face: 'serif', size: 10 }, indent: 0, hyphenate: true, maxBoxWidth: 250 }, frags, measurer, createHyphenator('en'));
      expect(items.some((it) => it.type === 'glue' && it.inter)).toBe(false);
      // Every box is a piece of a word: the boxes' text, with the glue as spaces, is the paragraph.
      const joined = items.map((it) => (it.type === 'box' ? it.frags.map((f) => f.text).join('') : it.type === 'glue' && it.stretch < 10000 ? ' ' : '')).join('');
      expect(joined).toBe(frags.map((f) => f.text).join('').replace(/\s+/g, ' '));
    }
  });

  it('lines of a long English paragraph end at spaces or hyphenation points, and a Chinese phrase inside it breaks between characters', () => {
    const block = english.reduce((a, b) => (JSON.stringify(a).length > JSON.stringify(b).length ? a : b));
    if (block.kind !== 'paragraph') throw new Error('not a paragraph');
    const source = block.children.map((c) => (c.kind === 'text' ? c.text : '')).join('');
    const set = lines('en', block.children, 220);
    expect(set.length).toBeGreaterThan(3);
    const rebuilt = set.map((l) => { const t = lineText(l); return l.hyphenated ? t.replace(/-$/, '') : `${t} `; }).join('').trim();
    expect(rebuilt).toBe(source);
    const mixed = lines('en', text(`${source} ${ZH[1]}${ZH[2]}`), 220);
    expect(mixed.slice(0, set.length - 1).map(lineText)).toEqual(set.slice(0, -1).map(lineText));
  });
});

describe('a right-to-left book is bound on the right', () => {
  let ltr: LayoutDocument;
  let rtl: LayoutDocument;
  const bookIn = (language: string): Book => {
    const book = makeBook({ longParagraphs: 30 });
    return { ...book, meta: { ...book.meta, language }, lang: language, dir: directionOf(language) };
  };
  beforeAll(async () => {
    // Japanese and Arabic: neither hyphenates, so the same English test text flows identically.
    ltr = (await layoutBook(bookIn('ja'))).layout;
    rtl = (await layoutBook(bookIn('ar'))).layout;
  });

  it('mirrors the text block of every page: the recto has its gutter on the right', () => {
    expect(ltr.binding).toBe('left');
    expect(rtl.binding).toBe('right');
    expect(rtl.pages.length).toBe(ltr.pages.length);
    expect(rtl.innerMargin).toBe(ltr.innerMargin);
    for (const [i, page] of rtl.pages.entries()) {
      const other = ltr.pages[i];
      expect(page.side).toBe(other.side);
      expect(page.textBlock.left).toBeCloseTo(rtl.width - other.textBlock.right, 6);
      expect(page.textBlock.right).toBeCloseTo(rtl.width - other.textBlock.left, 6);
      const gutter = page.side === 'recto' ? rtl.width - page.textBlock.right : page.textBlock.left;
      const outer = page.side === 'recto' ? page.textBlock.left : rtl.width - page.textBlock.right;
      expect(gutter, `page ${i}`).toBeCloseTo(rtl.innerMargin, 6);
      expect(gutter).toBeGreaterThan(outer);
      // The text inside moves with its block.
      const dx = page.textBlock.left - other.textBlock.left;
      const xs = (p: typeof page) => p.items.filter((it): it is LayoutLine => it.kind === 'line').map((l) => l.x);
      expect(xs(page)).toEqual(xs(other).map((x) => expect.closeTo(x + dx, 6)));
    }
  });

  it('sets folios on the outer edge: the left of a recto, the right of a verso', () => {
    const withFolio = rtl.pages.filter((p) => p.furniture.some((l) => l.role === 'folio'));
    expect(withFolio.filter((p) => p.side === 'recto').length).toBeGreaterThan(2);
    expect(withFolio.filter((p) => p.side === 'verso').length).toBeGreaterThan(2);
    for (const page of withFolio) {
      const folio = page.furniture.find((l) => l.role === 'folio')!;
      expect(folio.runs[0].text).toBe(page.label);
      if (page.side === 'recto') expect(folio.x).toBeCloseTo(page.textBlock.left, 6);
      else expect(folio.x + folio.width).toBeCloseTo(page.textBlock.right, 6);
    }
    for (const page of ltr.pages) {
      const folio = page.furniture.find((l) => l.role === 'folio');
      if (folio && page.side === 'recto') expect(folio.x + folio.width).toBeCloseTo(page.textBlock.right, 6);
    }
  });

  it('sets the rule above footnotes where right-to-left lines start, on the right', () => {
    const rules = (layout: LayoutDocument) => layout.pages.flatMap((p) => p.items.filter((it) => it.kind === 'rule').map((rule) => ({ rule, block: p.textBlock })));
    expect(rules(rtl).length).toBeGreaterThan(0);
    expect(rules(rtl).length).toBe(rules(ltr).length);
    for (const { rule, block } of rules(rtl)) {
      expect(rule.kind === 'rule' && rule.x2).toBeCloseTo(block.right, 6);
      expect(rule.kind === 'rule' && rule.x1).toBeGreaterThan((block.left + block.right) / 2);
    }
    for (const { rule, block } of rules(ltr)) expect(rule.kind === 'rule' && rule.x1).toBeCloseTo(block.left, 6);
  });

  it('sets the contents with page numbers on the left, leaders, and titles ending at the right', () => {
    const contents = rtl.pages.filter((p) => p.section === 'contents');
    const entries = contents.flatMap((p) => p.items.filter((it): it is LayoutLine => it.kind === 'line' && it.role === 'toc').map((line) => ({ line, page: p })));
    expect(entries.length).toBe(rtl.toc.length);
    for (const { line, page } of entries) {
      // From left to right: the number, the leaders, the title.
      const [number, dots, ...title] = [...line.runs].sort((a, b) => a.x - b.x);
      expect(number.x).toBeCloseTo(page.textBlock.left, 6);
      const entry = rtl.toc.find((e) => e.destination === line.goTo)!;
      expect(number.text).toBe(entry.pageLabel);
      expect(dots.text).toMatch(/^\.( \.)+$/);
      expect(dots.x).toBeGreaterThan(number.x + number.width);
      expect(dots.x + dots.width).toBeLessThan(title[0].x);
      const last = title[title.length - 1];
      expect(last.x + last.width).toBeCloseTo(page.textBlock.right, 3);
      // The link covers the whole entry.
      expect(line.x).toBeCloseTo(page.textBlock.left, 6);
      expect(line.x + line.width).toBeCloseTo(page.textBlock.right, 3);
    }
  });

  it('asks viewers for right-to-left spreads (ViewerPreferences /Direction /R2L); a left-bound book does not', async () => {
    const catalog = (bytes: Uint8Array) => {
      const pdf = Buffer.from(bytes).toString('latin1');
      const root = /\/Root (\d+) 0 R/.exec(pdf)![1];
      const body = new RegExp(`\\n${root} 0 obj\\s*<<([\\s\\S]*?)>>\\s*endobj`).exec(pdf)![1];
      const prefs = /\/ViewerPreferences (\d+) 0 R/.exec(body)![1];
      return new RegExp(`\\n${prefs} 0 obj\\s*<<([\\s\\S]*?)>>\\s*endobj`).exec(pdf)![1];
    };
    const right = catalog((await writePdf(bookIn('he'))).data);
    expect(right).toMatch(/\/Direction \/R2L/);
    expect(right).toMatch(/\/DisplayDocTitle true/);
    expect(catalog((await writePdf(bookIn('en'))).data)).not.toMatch(/Direction/);
  });
});
