// A second thread for the chapters of a long book. Breaking paragraphs into lines is most of a PDF's
// layout, and a chapter's lines depend on nothing outside it but the page width; its pages depend also on
// whether it starts on a recto, which the chapters before it decide. So a worker thread sets chapters from
// the front of the book, paginating each as it goes (it knows where each starts, having paginated the ones
// before), and posts their pages; this thread paints them in order as they come (layout-and-draw.ts), and
// while it waits it sets chapters from the back, which it paginates itself once the worker's last page is
// known. The two ends meet wherever the work balances. The pages are the ones one thread would have made
// (the same code on the same data; paragraph ids are renumbered into one sequence), so the PDF is the
// same byte for byte.
//
// A book whose longest chapter holds most of its text (a one-shot) shares that chapter's blocks instead: this
// thread sets them from the front, the worker from the back, and once the two meet this thread takes the
// worker's units in order (chapter.ts, BlockSplit) and paginates the chapter itself.
//
// The build starts the worker before it reads the book (build.ts), so the thread boots meanwhile. Used for
// a single book's build only: a series already spreads its books over the cores (series/pool.ts). Not
// for an omnibus (its chapters are interleaved with its works' pages) nor for a right-to-left book or text
// in other scripts (HarfBuzz and the bidi algorithm would load twice); those lay out in one thread.

import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { blocksText, type Book } from '../../../model/book.js';
import type { Diagnostic } from '../../../diagnostics.js';
import type { PageFill } from './paginate.js';
import { workerEntry } from '../../../worker-entry.js';
import { ComplexTextFound } from './scripts.js';
import { firstBlockApart } from './blocks.js';
import type { BlockSplit, SetBlock } from './chapter.js';


/** This thread always keeps this share of the chapters (from the back), so the worker is sent no more. */
const LAST_SHARE = 0.1;

export interface BookForWorker {
  /** The book without its chapters (their text is in `chapters`). */
  book: Book;
  /** book.chapters from the first up to the last the worker may set; with `blocks`, the one chapter shared. */
  chapters: Book['chapters'];
  /** The worker sets blocks of chapters[0] from the back, down to block `from` (see BlockSplit). */
  blocks?: { from: number };
}

/** The page geometry of one layout pass (it changes when the gutter does). */
export interface RoundParams {
  size: number;
  leading: number;
  width: number;
  capacity: number;
  maxImageHeight: number;
  ornament: string;
  direction: 'ltr' | 'rtl';
}

export type ToWorker =
  | ({ type: 'book' } & BookForWorker)
  /** `claims`: an Int32 holding the next chapter (or block) from the front and from the back (see claimFront). */
  | { type: 'round'; round: number; params: RoundParams; claims: SharedArrayBuffer };

/** One chapter's pages, with its warnings and how many paragraph ids it used (numbered from 1). */
export interface ChapterPages {
  fills: PageFill[];
  warnings: Diagnostic[];
  paragraphs: number;
}

export type FromWorker =
  /** The worker has opened its fonts (see ChapterHelper.ready). */
  | { type: 'ready' }
  | ({ type: 'chapter'; round: number; index: number } & ChapterPages)
  /** The blocks the worker set in a pass, in order (their units without their closures). */
  | { type: 'blocks'; round: number; blocks: SetBlock[] }
  /** The worker met text in another script: the layout starts again with the complex-script machinery. */
  | { type: 'complex'; round: number }
  | { type: 'error'; round: number; message: string; stack?: string };

/** What the worker is started with: the port it posts its results to. */
export interface WorkerStart {
  results: MessagePort;
}

// The claims word: the front (the worker's next chapter) in the low 15 bits, one more than the back (this
// thread's next, counting down) above them, so it never goes below zero; swapped whole, so no chapter is
// taken twice.
const FRONT_MASK = 0x7fff;
export const MAX_HELPER_CHAPTERS = FRONT_MASK;

export function initialClaims(chapters: number, front = 0): number {
  return (chapters << 15) | front;
}

/**
 * A chapter that holds most of a book leaves little to share by chapters, but its blocks can be shared: each
 * block's lines depend on nothing before it but a little state that the blocks alone give (blocks.ts,
 * flowStateBefore). Fewer blocks than this left to share are not worth the messages.
 */
const MIN_SHARED_BLOCKS = 16;

/** Takes the next chapter from the front, not after `highest`, or undefined when none is left. */
export function claimFront(claims: Int32Array, highest: number): number | undefined {
  for (;;) {
    const v = Atomics.load(claims, 0);
    const front = v & FRONT_MASK;
    const backEnd = v >>> 15;
    if (front >= backEnd || front > highest) return undefined;
    if (Atomics.compareExchange(claims, 0, v, (backEnd << 15) | (front + 1)) === v) return front;
  }
}

/** Takes the next chapter from the back, not before `lowest`, or undefined when none is left. */
export function claimBack(claims: Int32Array, lowest: number): number | undefined {
  for (;;) {
    const v = Atomics.load(claims, 0);
    const front = v & FRONT_MASK;
    const backEnd = v >>> 15;
    const back = backEnd - 1;
    if (front > back || back < lowest) return undefined;
    if (Atomics.compareExchange(claims, 0, v, (back << 15) | front) === v) return back;
  }
}

/** Starts the worker thread, where there is a core to spare for it and its script is built. */
export function startChapterHelper(): ChapterHelper | undefined {
  const entry = workerEntry('layout-worker', import.meta.url);
  if (availableParallelism() < 2 || !entry) return undefined;
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(entry, { workerData: { results: port2 } satisfies WorkerStart, transferList: [port2] });
  return new ChapterHelper(worker, port1);
}

export class ChapterHelper {
  private round = 0;
  private claims: Int32Array<ArrayBufferLike> = new Int32Array(1);
  private chapterCount = 0;
  private highest = -1;
  private readonly arrived = new Map<number, ChapterPages>();
  private failure: Error | undefined;
  private closed = false;
  private readonly isReady: Promise<void>;
  private readonly exited: Promise<void>;
  private markReady = () => {};
  /** How many chapters the worker set in the last pass (for the tests: the helper did help). */
  workerChapters = 0;
  /** How many blocks the worker set in the last pass. */
  workerBlocks = 0;
  /** What the worker shares, once attached: whole chapters, or the blocks of chapter `splitChapter`. */
  mode: 'chapters' | 'blocks' | undefined;
  private splitChapter = -1;
  private splitFrom = 0;
  private splitBlocks = 0;
  private blocksSet: SetBlock[] | undefined;

  constructor(
    private readonly worker: Worker,
    private readonly results: MessagePort,
  ) {
    this.isReady = new Promise((resolve) => (this.markReady = resolve));
    worker.on('error', (e) => (this.failure ??= e));
    this.exited = new Promise((resolve) =>
      worker.on('exit', (code) => {
        this.failure ??= new Error(`the layout's worker thread stopped (exit code ${code})`);
        resolve();
      }),
    );
    // Results are taken when this thread asks for them (take, wait); a message that comes while it waits
    // wakes it.
    results.on('message', (m: FromWorker) => {
      this.receive(m);
      this.wake?.();
    });
    // ref() only while waiting: an idle port must not keep the process alive.
    results.unref();
  }

  /**
   * Hands the worker the book, if it is one the worker can help with (see the top of this file);
   * false, and the helper is closed, when not.
   */
  attach(book: Book): boolean {
    const n = book.chapters.length;
    if (this.failure || book.works !== undefined || book.dir === 'rtl') {
      this.close();
      return false;
    }
    // Whole chapters, unless one chapter holds most of the text: then its blocks, if it has enough past those
    // this thread always sets.
    let longest = -1;
    let longestLength = -1;
    let total = 0;
    book.chapters.forEach((chapter, index) => {
      const length = blocksText(chapter.blocks).length;
      total += length;
      if (length > longestLength) [longest, longestLength] = [index, length];
    });
    const chapter = book.chapters[longest];
    const from = chapter && longestLength > total / 2 ? firstBlockApart(chapter.blocks) : undefined;
    const blocksShared = from !== undefined && chapter.blocks.length - from >= MIN_SHARED_BLOCKS && chapter.blocks.length <= MAX_HELPER_CHAPTERS;
    if (!blocksShared && n >= 2 && n <= MAX_HELPER_CHAPTERS) {
      this.mode = 'chapters';
      this.chapterCount = n;
      this.highest = Math.min(n - 2, n - 1 - Math.floor(n * LAST_SHARE));
      this.send({ type: 'book', book: { ...book, chapters: [] }, chapters: book.chapters.slice(0, this.highest + 1) });
      return true;
    }
    if (!blocksShared) {
      this.close();
      return false;
    }
    this.mode = 'blocks';
    this.splitChapter = longest;
    this.splitFrom = from;
    this.splitBlocks = chapter.blocks.length;
    this.send({ type: 'book', book: { ...book, chapters: [] }, chapters: [chapter], blocks: { from } });
    return true;
  }

  /** The blocks of chapter `index` to set with the worker this pass, if they are the ones it shares. */
  blockSplit(index: number): BlockSplit | undefined {
    if (this.mode !== 'blocks' || index !== this.splitChapter) return undefined;
    const last = this.splitBlocks - 1;
    return {
      from: this.splitFrom,
      claim: () => claimFront(this.claims, last),
      finish: () => this.finishBlocks(),
    };
  }

  /**
   * The worker's blocks of this pass, once this thread has taken all it can: none if it took them all, else
   * the ones it posts (with the error it met, if any) as soon as the two have met.
   */
  private async finishBlocks(): Promise<SetBlock[]> {
    if (this.unclaimed()[0] >= this.splitBlocks) return [];
    const blocks = await this.waitFor(() => this.blocksSet);
    this.blocksSet = undefined;
    this.workerBlocks = blocks.length;
    return blocks;
  }

  /** Resolves once the worker has booted and opened its fonts. The build never waits for it (this thread
   * sets chapters from the back meanwhile); a test does, to be sure the worker takes part. */
  ready(): Promise<void> {
    return this.isReady;
  }

  /** Starts a layout pass: the worker begins setting chapters from the front at once. */
  begin(params: RoundParams): void {
    // A pass given up half way: the worker takes no more of its chapters.
    Atomics.store(this.claims, 0, 0);
    this.round++;
    this.workerChapters = 0;
    this.workerBlocks = 0;
    this.arrived.clear();
    this.blocksSet = undefined;
    const claims = new SharedArrayBuffer(4);
    this.claims = new Int32Array(claims);
    this.claims[0] = this.mode === 'blocks' ? initialClaims(this.splitBlocks, this.splitFrom) : initialClaims(this.chapterCount);
    this.send({ type: 'round', round: this.round, params, claims });
  }

  /** The next chapter from the back for this thread to set, not before `lowest`, or undefined. */
  claim(lowest: number): number | undefined {
    return claimBack(this.claims, lowest);
  }

  /** The chapters neither thread has taken yet: [first, end). */
  unclaimed(): [number, number] {
    const v = Atomics.load(this.claims, 0);
    return [v & FRONT_MASK, Math.max(v & FRONT_MASK, v >>> 15)];
  }

  /** A chapter's pages if the worker has sent them (taken once), else undefined; throws what the worker met. */
  take(index: number): ChapterPages | undefined {
    for (let m = receiveMessageOnPort(this.results); m; m = receiveMessageOnPort(this.results)) this.receive(m.message as FromWorker);
    if (this.failure) throw this.failure;
    const pages = this.arrived.get(index);
    if (pages) this.arrived.delete(index);
    return pages;
  }

  private wake: (() => void) | undefined;

  /** Waits for a chapter's pages from the worker. */
  wait(index: number): Promise<ChapterPages> {
    return this.waitFor(() => this.take(index));
  }

  /** Waits until `found` gives something, taking the worker's messages as they come; throws what it met. */
  private async waitFor<T>(found: () => T | undefined): Promise<T> {
    for (;;) {
      for (let m = receiveMessageOnPort(this.results); m; m = receiveMessageOnPort(this.results)) this.receive(m.message as FromWorker);
      if (this.failure) throw this.failure;
      const result = found();
      if (result !== undefined) return result;
      this.results.ref();
      await Promise.race([new Promise<void>((resolve) => (this.wake = resolve)), this.exited]);
      this.wake = undefined;
      this.results.unref();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failure ??= new Error('the layout helper was closed');
    this.results.close();
    this.worker.removeAllListeners();
    void this.worker.terminate();
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private receive(m: FromWorker): void {
    if (m.type === 'ready') return this.markReady();
    if (m.round !== this.round) return;
    if (m.type === 'chapter') {
      this.workerChapters++;
      this.arrived.set(m.index, { fills: m.fills, warnings: m.warnings, paragraphs: m.paragraphs });
    } else if (m.type === 'blocks') {
      this.blocksSet = m.blocks;
    } else if (m.type === 'complex') {
      // As if this thread had met it: layout/index.ts starts again with the complex-script machinery.
      this.failure ??= new ComplexTextFound();
    } else {
      const error = new Error(m.message);
      if (m.stack) error.stack = m.stack;
      this.failure ??= error;
    }
  }

  /** The highest chapter index the worker may take (set by attach). */
  get workerLimit(): number {
    return this.highest;
  }
}
