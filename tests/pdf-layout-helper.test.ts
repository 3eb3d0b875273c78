// The PDF layout's second thread (src/writers/pdf/layout/chapter-helper.ts): a long book whose last
// chapters the worker sets, or a one-chapter book whose last blocks it sets, comes out with the same pages,
// paragraph ids, warnings and PDF bytes as when one thread sets it all, painted while it is laid out
// (layout-and-draw.ts) or afterwards; and the two ends of the chapter list never hand one chapter to both
// threads.
// Uses the compiled layout (lib/, built by `npm test`), since the worker thread runs the compiled script.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeNovel, writeOneShot } from '../scripts/bench-corpus.mjs';
import type { loadBook as LoadBook } from '../src/build.js';
import type { draw as Draw } from '../src/writers/pdf/draw.js';
import type { loadFonts as LoadFonts } from '../src/writers/pdf/fonts.js';
import { claimBack, claimFront, initialClaims, type startChapterHelper as StartChapterHelper } from '../src/writers/pdf/layout/chapter-helper.js';
import type { layoutBook as LayoutBook } from '../src/writers/pdf/layout/index.js';
import type { layoutAndDraw as LayoutAndDraw } from '../src/writers/pdf/layout-and-draw.js';

const compiled = async <T>(path: string): Promise<T> => (await import(new URL(`../lib/${path}`, import.meta.url).href)) as T;

/** The compiled modules these tests drive (the worker thread runs the compiled script). */
async function compiledLayout() {
  const [{ loadBook }, { layoutBook }, { startChapterHelper }, { draw }, { loadFonts }] = await Promise.all([
    compiled<{ loadBook: typeof LoadBook }>('build.js'),
    compiled<{ layoutBook: typeof LayoutBook }>('writers/pdf/layout/index.js'),
    compiled<{ startChapterHelper: typeof StartChapterHelper }>('writers/pdf/layout/chapter-helper.js'),
    compiled<{ draw: typeof Draw }>('writers/pdf/draw.js'),
    compiled<{ loadFonts: typeof LoadFonts }>('writers/pdf/fonts.js'),
  ]);
  return { loadBook, layoutBook, startChapterHelper, draw, loadFonts };
}

const temp = mkdtempSync(join(tmpdir(), 'build-ebook-helper-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the layout on two threads', () => {
  it('sets a long book exactly as one thread does, the worker setting chapters from the front', async () => {
    const dir = join(temp, 'novel');
    const { chapters } = writeNovel(dir, 4242, 45_000, 'Two Threads');
    expect(chapters).toBeGreaterThanOrEqual(8);
    // A footnote (rows at the foot of a page) and a character no bundled font has (a warning, which must
    // come out once and in chapter order), in the first chapter (the worker's) and the last (this thread's).
    const last = join(dir, `${String(chapters).padStart(2, '0')}-chapter.md`);
    appendFileSync(last, '\n\nA lantern swung in the dark.[^lamp] It bore a mark: \u{E000}.\n\n[^lamp]: The keeper lit it at six.\n');
    appendFileSync(join(dir, '01-chapter.md'), '\n\nThe first chapter has the mark too: \u{E000}.\n');

    const { loadBook, layoutBook, startChapterHelper, draw, loadFonts } = await compiledLayout();
    const { layoutAndDraw } = await compiled<{ layoutAndDraw: typeof LayoutAndDraw }>('writers/pdf/layout-and-draw.js');
    const { book } = await loadBook(dir);
    const alone = await layoutBook(book);

    const helper = startChapterHelper();
    if (!helper) throw new Error('this machine offers one core: the helper does not start');
    // The build never waits for the worker; the test does, so the worker surely takes chapters.
    await helper.ready();
    const helped = await layoutBook(book, { helper });
    expect(helper.workerChapters).toBeGreaterThan(0);
    expect(helper.workerChapters).toBeLessThan(chapters);

    expect(helped.layout).toEqual(alone.layout);
    expect(helped.warnings).toEqual(alone.warnings);
    expect(alone.warnings.map((w) => [w.file, w.message])).toEqual([
      [expect.stringContaining('01-chapter.md'), expect.stringContaining('U+E000')],
      [expect.stringContaining(`${String(chapters).padStart(2, '0')}-chapter.md`), expect.stringContaining('U+E000')],
    ]);
    const fonts = await loadFonts();
    const [a, b] = [await draw({ book, layout: alone.layout, fonts }), await draw({ book, layout: helped.layout, fonts })];
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);

    // Painted while it is laid out (the build's way), with the worker: the same file again.
    const again = startChapterHelper()!;
    await again.ready();
    const painted = await layoutAndDraw(book, fonts, { helper: again });
    expect(again.workerChapters).toBeGreaterThan(0);
    expect(Buffer.compare(Buffer.from(painted.data), Buffer.from(a))).toBe(0);
  }, 60_000);

  it('sets one long chapter exactly as one thread does, the worker setting its last blocks', async () => {
    const dir = join(temp, 'one-shot');
    writeOneShot(dir, 5151, 14_000, 'One Long Chapter');
    // A drop cap (the blocks beside it stay with this thread), and in the worker's half every kind of block,
    // a footnote and a character no bundled font has (its warning must come out once, in order).
    appendFileSync(join(dir, 'book.yaml'), 'print:\n  opener: drop-cap\n');
    const story = join(dir, 'story.md');
    const blocks = readFileSync(story, 'utf8').split('\n\n');
    const middle = Math.floor(blocks.length * 0.6);
    blocks.splice(
      middle,
      0,
      '## A Heading Halfway',
      '- a list of two\n- items, the second with a longer line that has to wrap onto another one',
      '1. numbered\n2. and on',
      '> A quotation set apart, long enough to run over a line or two of the measure, in its own block.',
      '```\ncode stays as it is\n```',
      'A paragraph with a note.[^far] And a mark: \u{E000}.',
      'Another with the mark again: \u{E000}.',
      '[^far]: The note, at the foot of its page.',
      '---',
    );
    writeFileSync(story, blocks.join('\n\n'));

    const { loadBook, layoutBook, startChapterHelper, draw, loadFonts } = await compiledLayout();
    const { book } = await loadBook(dir);
    expect(book.chapters).toHaveLength(1);
    const alone = await layoutBook(book);

    const helper = startChapterHelper();
    if (!helper) throw new Error('this machine offers one core: the helper does not start');
    await helper.ready();
    const helped = await layoutBook(book, { helper });
    expect(helper.mode).toBe('blocks');
    expect(helper.workerBlocks).toBeGreaterThan(0);
    expect(helper.workerBlocks).toBeLessThan(book.chapters[0].blocks.length);

    expect(helped.layout).toEqual(alone.layout);
    expect(helped.warnings).toEqual(alone.warnings);
    expect(alone.warnings.map((w) => w.message)).toEqual([expect.stringContaining('U+E000'), expect.stringContaining('U+E000')]);
    const fonts = await loadFonts();
    const [a, b] = [await draw({ book, layout: alone.layout, fonts }), await draw({ book, layout: helped.layout, fonts })];
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
  }, 60_000);

  it('sets a one-shot again in one thread when the worker meets text in another script', async () => {
    const dir = join(temp, 'one-shot-script');
    writeOneShot(dir, 6262, 9_000, 'Two Scripts');
    const story = join(dir, 'story.md');
    const blocks = readFileSync(story, 'utf8').split('\n\n');
    // Near the end, where the worker starts: Arabic and Chinese words, which need HarfBuzz and the bidi algorithm.
    blocks.splice(blocks.length - 3, 0, 'She wrote \u0645\u0631\u062d\u0628\u0627 on the wall, and \u4f60\u597d under it.');
    writeFileSync(story, blocks.join('\n\n'));
    const { loadBook, layoutBook, startChapterHelper } = await compiledLayout();
    const { book } = await loadBook(dir);
    const alone = await layoutBook(book);
    const helper = startChapterHelper()!;
    await helper.ready();
    const helped = await layoutBook(book, { helper });
    expect(helper.mode).toBe('blocks');
    expect(helped.layout).toEqual(alone.layout);
    expect(helped.warnings).toEqual(alone.warnings);
    expect(alone.layout.pages.some((page) => page.items.some((item) => item.kind === 'line' && item.runs.some((run) => run.face.startsWith('arabic'))))).toBe(true);
  }, 60_000);

  it('gives each chapter to one end only, the worker none after its share', () => {
    // [chapters, the worker's last allowed, claims the back end makes before the worker starts]
    for (const [count, highest, backFirst] of [[10, 8, 3], [10, 8, 9], [2, 0, 0], [7, 5, 7], [10, 3, 0]] as const) {
      const claims = new Int32Array(new SharedArrayBuffer(4));
      claims[0] = initialClaims(count);
      const back: number[] = [];
      const front: number[] = [];
      for (let i = 0; i < backFirst; i++) {
        const c = claimBack(claims, 0);
        if (c !== undefined) back.push(c);
      }
      for (let c = claimFront(claims, highest); c !== undefined; c = claimFront(claims, highest)) front.push(c);
      for (let c = claimBack(claims, 0); c !== undefined; c = claimBack(claims, 0)) back.push(c);
      expect([...front, ...back.reverse()]).toEqual(Array.from({ length: count }, (_, i) => i));
      expect(front.every((c) => c <= highest)).toBe(true);
    }
  });
});

describe('the gutter forecast', () => {
  it('starts a pass again early when the pages so far say the gutter is wrong, and ends with the right one', async () => {
    // 50,000 words on 5x8 inch pages: the first estimate is under 150 pages, the book comes to about 170,
    // so the gutter of the longer book applies.
    const dir = join(temp, 'gutter');
    writeNovel(dir, 77, 50_000, 'The Gutter');
    const [{ loadBook }, { layoutBook }, { innerMargin, trimSpec }] = await Promise.all([
      import('../src/build.js'),
      import('../src/writers/pdf/layout/index.js'),
      import('../src/writers/pdf/trims.js'),
    ]);
    const { book } = await loadBook(dir);
    const handed: number[] = [];
    const { layout } = await layoutBook(book, { trim: '5x8', onPass: () => handed.push(0), onBodyPages: (pages) => (handed[handed.length - 1] += pages.length) });
    expect(layout.pages.length).toBeGreaterThan(150);
    expect(layout.innerMargin).toBe(innerMargin(trimSpec('5x8')!, layout.pages.length));
    const bodyPages = layout.pages.length - layout.firstBodyPage;
    // Two passes: the first given up after about a fifth of the book, the second whole.
    expect(handed.length).toBe(2);
    expect(handed[0]).toBeLessThan(bodyPages / 2);
    expect(handed[1]).toBe(bodyPages);
  }, 60_000);
});
