// Worker thread entry of chapter-helper.ts. It opens the text face while the main thread reads the book;
// then, each layout pass, it sets chapters from the front of the book, paginates each (the first starts
// on a recto, page 1; each next one where the one before ended) and posts its pages, until it meets the
// chapters the main thread took from the back. Or, for a book that shares one chapter's blocks, it sets
// blocks of that chapter from the back until it meets the main thread's, and posts their units.
import { parentPort, workerData } from 'node:worker_threads';
import type { Asset } from '../../../model/book.js';
import type { Diagnostic } from '../../../diagnostics.js';
import { loadFonts } from '../fonts.js';
import { chapterFlow, chapterUnits, setBlockApart, type SetBlock } from './chapter.js';
import { claimBack, claimFront, type BookForWorker, type FromWorker, type RoundParams, type ToWorker, type WorkerStart } from './chapter-helper.js';
import { createHyphenator, type Hyphenator } from './hyphenate.js';
import { Measurer } from './measure.js';
import type { TypeContext } from './blocks.js';
import { paginateUnits } from './paginate.js';
import { ComplexTextFound } from './scripts.js';

if (!parentPort) throw new Error('layout-worker.js runs only as a worker thread');
const results = (workerData as WorkerStart).results;
const post = (m: FromWorker) => results.postMessage(m);

// Opened before the book arrives: the text face's tables are most of what the first measurement costs.
const measurer = loadFonts().then((fontSet) => {
  const m = new Measurer(fontSet, { complex: false });
  m.width('serif', 10, 'a');
  post({ type: 'ready' });
  return m;
});

let input: (BookForWorker & { assets: Map<string, Asset>; hyphenator: Hyphenator }) | undefined;

parentPort.on('message', (m: ToWorker) => {
  if (m.type === 'book') input = { ...m, assets: new Map(m.book.assets.map((a) => [a.id, a])), hyphenator: createHyphenator(m.book.meta.language) };
  else if (input?.blocks) void runBlocks(m.round, m.params, new Int32Array(m.claims));
  else void runRound(m.round, m.params, new Int32Array(m.claims));
});

/** A chapter's type context in this thread, for a pass's page geometry. */
function typeContext(m: Measurer, params: RoundParams, source: string, warnings: Diagnostic[], nextParagraphId: () => number): TypeContext {
  const { assets, hyphenator } = input!;
  const { size, leading, width, maxImageHeight, ornament, direction } = params;
  return { measurer: m, hyphenator, size, leading, width, maxImageHeight, assets, ornament, warnings, source, nextParagraphId, warnedChars: new Set<string>(), direction };
}

/** Sets blocks of the shared chapter from the back until it meets the main thread's, then posts them. */
async function runBlocks(round: number, params: RoundParams, claims: Int32Array): Promise<void> {
  try {
    const { book, chapters, blocks } = input!;
    const m = await measurer;
    const chapter = chapters[0];
    const flow = chapterFlow(book, chapter);
    // setBlockApart gives each block warnings and paragraph ids of its own.
    const ctx = typeContext(m, params, chapter.source, [], () => 0);
    const set: SetBlock[] = [];
    for (let index = claimBack(claims, blocks!.from); index !== undefined; index = claimBack(claims, blocks!.from)) {
      const block = setBlockApart(ctx, chapter.blocks, index, flow);
      // A closure cannot cross threads; the main thread makes its own (chapter.ts, adoptBlock).
      for (const unit of block.units) delete unit.rebreak;
      set.push(block);
    }
    post({ type: 'blocks', round, blocks: set.reverse() });
  } catch (error) {
    if (error instanceof ComplexTextFound) post({ type: 'complex', round });
    else post({ type: 'error', round, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
  }
}

async function runRound(round: number, params: RoundParams, claims: Int32Array): Promise<void> {
  try {
    if (!input) throw new Error('layout worker: a pass began before the book arrived');
    const { book, chapters } = input;
    const m = await measurer;
    // Body page 1, where chapter 1 starts, is a recto.
    let firstIsRecto = true;
    for (let index = claimFront(claims, chapters.length - 1); index !== undefined; index = claimFront(claims, chapters.length - 1)) {
      const chapter = chapters[index];
      const warnings: Diagnostic[] = [];
      let paragraphs = 0;
      const ctx = typeContext(m, params, chapter.source, warnings, () => ++paragraphs);
      const { units, footnotes } = chapterUnits(ctx, book, chapter, params.capacity);
      const fills = paginateUnits(units, { capacity: params.capacity, leading: params.leading, firstIsRecto, balance: true, footnotes });
      if (fills.length % 2 === 1) firstIsRecto = !firstIsRecto;
      post({ type: 'chapter', round, index, fills, warnings, paragraphs });
    }
  } catch (error) {
    if (error instanceof ComplexTextFound) post({ type: 'complex', round });
    else post({ type: 'error', round, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
  }
}

