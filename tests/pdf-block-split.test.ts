// A chapter's blocks set on two threads (src/writers/pdf/layout/chapter.ts, BlockSplit): whatever block the
// two threads meet at, the units, paragraph ids and warnings are the ones one thread makes, and a paragraph
// the worker set breaks again (a page would end on its hyphen) into the same lines. Here the "worker" is
// this thread, its blocks passed through structuredClone as a worker's message passes them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOneShot } from '../scripts/bench-corpus.mjs';
import { loadBook } from '../src/build.js';
import type { Book } from '../src/model/book.js';
import { loadFonts } from '../src/writers/pdf/fonts.js';
import { firstBlockApart, type TypeContext, type Unit } from '../src/writers/pdf/layout/blocks.js';
import { chapterFlow, chapterUnits, setBlockApart, sharedChapterUnits, type BlockSplit } from '../src/writers/pdf/layout/chapter.js';
import { createHyphenator } from '../src/writers/pdf/layout/hyphenate.js';
import { Measurer } from '../src/writers/pdf/layout/measure.js';

const temp = mkdtempSync(join(tmpdir(), 'build-ebook-block-split-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

let measurer: Measurer;
let book: Book;
beforeAll(async () => {
  measurer = new Measurer(await loadFonts(), { complex: false });
  writeOneShot(temp, 808, 2_500, 'Split Blocks');
  writeFileSync(join(temp, 'book.yaml'), readFileSync(join(temp, 'book.yaml'), 'utf8') + 'print:\n  opener: drop-cap\n');
  const story = join(temp, 'story.md');
  const blocks = readFileSync(story, 'utf8').split('\n\n');
  // Every kind of block, a note, an image-less paragraph of only a rule, and a character no font has.
  blocks.splice(12, 0, '## Heading', '- one\n- two, a longer item that wraps onto a second line of the narrow measure', '> quoted words', '```\ncode\n```', 'A note here.[^n] And \u{E000}.', '[^n]: The note.', '* * *', 'After the break.');
  writeFileSync(story, blocks.join('\n\n') + '\n\nThe End\n');
  ({ book } = await loadBook(temp));
  // A centered line (as an importer marks one) in the middle: the paragraph after it has no indent.
  const centered = book.chapters[0].blocks[24];
  if (centered.kind !== 'paragraph') throw new Error('block 24 is not a paragraph');
  centered.role = 'centered';
});

function context(): TypeContext {
  let id = 0;
  return {
    measurer,
    hyphenator: createHyphenator('en'),
    size: 10,
    leading: 13,
    width: 170,
    maxImageHeight: 300,
    assets: new Map(),
    ornament: '* * *',
    warnings: [],
    source: 'story.md',
    nextParagraphId: () => ++id,
    warnedChars: new Set(),
  };
}

/** This thread takes blocks [from, meet); the "worker" sets [meet, end) apart. */
function splitAt(meet: number): BlockSplit {
  const chapter = book.chapters[0];
  const from = firstBlockApart(chapter.blocks)!;
  let next = from;
  return {
    from,
    claim: () => (next < meet ? next++ : undefined),
    finish: async () => {
      const set = [];
      for (let i = meet; i < chapter.blocks.length; i++) {
        const block = setBlockApart(context(), chapter.blocks, i, chapterFlow(book, chapter));
        for (const unit of block.units) delete unit.rebreak;
        set.push(structuredClone(block));
      }
      return set;
    },
  };
}

const plain = (units: Unit[]) => units.map(({ rows, keepWithNext, noHyphenLines, capRemainder }) => ({ rows, keepWithNext, noHyphenLines, capRemainder }));

describe('a chapter whose blocks two threads set', () => {
  it('comes out as one thread sets it, wherever the threads meet', async () => {
    const chapter = book.chapters[0];
    const from = firstBlockApart(chapter.blocks)!;
    expect(from).toBeGreaterThan(0);
    const aloneCtx = context();
    const alone = chapterUnits(aloneCtx, book, chapter, 600);
    expect(aloneCtx.warnings.map((w) => w.message)).toEqual([expect.stringContaining('U+E000')]);
    const last = chapter.blocks[chapter.blocks.length - 1];
    expect(last.kind === 'paragraph' && last.role).toBe('end-mark');
    const meets = [from, from + 1, 13, 16, 19, 25, Math.floor(chapter.blocks.length / 2), chapter.blocks.length - 1, chapter.blocks.length];
    for (const meet of meets) {
      const ctx = context();
      const split = await sharedChapterUnits(ctx, book, chapter, 600, splitAt(meet));
      expect(plain(split.units), `threads meeting at block ${meet}`).toEqual(plain(alone.units));
      expect(ctx.warnings).toEqual(aloneCtx.warnings);
      expect([...(split.footnotes?.notes.entries() ?? [])]).toEqual([...(alone.footnotes?.notes.entries() ?? [])]);
      // Broken again without hyphens on its first lines, then on more: each paragraph, either way.
      for (const lines of [new Set([0, 1]), new Set([0, 1, 2, 3])]) {
        alone.units.forEach((unit, u) => {
          if (!unit.rebreak) return;
          unit.rebreak(lines);
          split.units[u].rebreak!(lines);
          expect(split.units[u].rows, `unit ${u} broken again, threads meeting at ${meet}`).toEqual(unit.rows);
        });
      }
      // Back to the plain breaks for the next meeting point.
      for (const unit of alone.units) unit.rebreak?.(new Set());
    }
  });

  it('sets no block apart before the drop cap can no longer reach it', () => {
    const chapter = book.chapters[0];
    const from = firstBlockApart(chapter.blocks)!;
    expect(() => setBlockApart(context(), chapter.blocks, from - 1, chapterFlow(book, chapter))).toThrow(/cannot be set apart/);
  });
});
