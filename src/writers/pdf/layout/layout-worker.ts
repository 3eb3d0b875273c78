// Worker thread entry of chapter-helper.ts. It opens the text face while the main thread reads the book;
// then, each layout pass, it sets chapters from the back of the book until it meets the main thread,
// waits to hear whether the first of its chapters starts on a recto, paginates them in order and posts
// their pages.
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { Asset } from '../../../model/book.js';
import type { Diagnostic } from '../../../diagnostics.js';
import { loadFonts } from '../fonts.js';
import type { Unit } from './blocks.js';
import { chapterUnits } from './chapter.js';
import { claimBack, type BookForWorker, type FromWorker, type RoundParams, type ToWorker } from './chapter-helper.js';
import { createHyphenator, type Hyphenator } from './hyphenate.js';
import { Measurer } from './measure.js';
import { paginateUnits, type FootnoteFlow } from './paginate.js';
import { ComplexTextFound } from './scripts.js';

const port = parentPort;
if (!port) throw new Error('layout-worker.js runs only as a worker thread');

// Opened before the book arrives: the text face's tables are most of what the first measurement costs.
const measurer = loadFonts().then((fontSet) => {
  const m = new Measurer(fontSet, { complex: false });
  m.width('serif', 10, 'a');
  port.postMessage({ type: 'ready' } satisfies FromWorker);
  return m;
});

let input: (BookForWorker & { assets: Map<string, Asset>; hyphenator: Hyphenator }) | undefined;
// The pagination message of the pass under way, which may come before this thread has set its lines.
let paginateMessage: { round: number; firstIsRecto: boolean } | undefined;
let paginateWaiter: (() => void) | undefined;

port.on('message', (m: ToWorker) => {
  if (m.type === 'book') {
    input = { ...m, assets: new Map(m.book.assets.map((a) => [a.id, a])), hyphenator: createHyphenator(m.book.meta.language) };
  } else if (m.type === 'round') {
    void runRound(port, m.round, m.params, new Int32Array(m.claims));
  } else {
    paginateMessage = m;
    paginateWaiter?.();
  }
});

async function runRound(port: MessagePort, round: number, params: RoundParams, claims: Int32Array): Promise<void> {
  const post = (m: FromWorker) => port.postMessage(m);
  try {
    if (!input) throw new Error('layout worker: a pass began before the book arrived');
    const { book, chapters, from, assets, hyphenator } = input;
    const m = await measurer;
    // Chapters from the back, so those this thread took are the last ones, in a row.
    const set: { index: number; units: Unit[]; footnotes?: FootnoteFlow; warnings: Diagnostic[]; paragraphs: number }[] = [];
    for (let index = claimBack(claims, from); index !== undefined; index = claimBack(claims, from)) {
      const chapter = chapters[index - from];
      const warnings: Diagnostic[] = [];
      let paragraphs = 0;
      const ctx = {
        measurer: m,
        hyphenator,
        size: params.size,
        leading: params.leading,
        width: params.width,
        maxImageHeight: params.maxImageHeight,
        assets,
        ornament: params.ornament,
        warnings,
        source: chapter.source,
        nextParagraphId: () => ++paragraphs,
        warnedChars: new Set<string>(),
        direction: params.direction,
      };
      const { units, footnotes } = chapterUnits(ctx, book, chapter, params.capacity);
      set.unshift({ index, units, footnotes, warnings, paragraphs });
    }
    if (set.length === 0) return;
    if (paginateMessage?.round !== round) await new Promise<void>((resolve) => (paginateWaiter = resolve));
    paginateWaiter = undefined;
    let firstIsRecto = paginateMessage!.firstIsRecto;
    for (const chapter of set) {
      const fills = paginateUnits(chapter.units, { capacity: params.capacity, leading: params.leading, firstIsRecto, balance: true, footnotes: chapter.footnotes });
      if (fills.length % 2 === 1) firstIsRecto = !firstIsRecto;
      post({ type: 'chapter', round, index: chapter.index, fills, warnings: chapter.warnings, paragraphs: chapter.paragraphs });
    }
  } catch (error) {
    if (error instanceof ComplexTextFound) post({ type: 'complex', round });
    else post({ type: 'error', round, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
  }
}
