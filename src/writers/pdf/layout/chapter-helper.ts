// A second thread for the chapters of a long book. Breaking paragraphs into lines is most of a PDF's
// layout, and a chapter's lines depend on nothing outside it but the page width, so on a machine with a
// core to spare a worker thread sets chapters from the back of the book while this thread sets them
// from the front, until they meet. A chapter's pages also depend on whether it starts on a recto, which
// only the chapters before it decide: this thread tells the worker once it has paginated its own, and the
// worker then paginates its chapters in order and sends their pages back. The pages are the ones this
// thread would have made (the same code on the same data; paragraph ids are renumbered into this
// thread's sequence), so the PDF is the same byte for byte.
//
// The build starts the worker before it reads the book (build.ts), so the thread boots meanwhile. Used for
// a single book's build only: a series already spreads its books over the cores (series/pool.ts). Not
// for an omnibus (its chapters are interleaved with its works' pages) nor for a right-to-left book or text
// in other scripts (HarfBuzz and the bidi algorithm would load twice); those lay out in one thread.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Book } from '../../../model/book.js';
import type { Diagnostic } from '../../../diagnostics.js';
import type { PageFill } from './paginate.js';
import { ComplexTextFound } from './scripts.js';

const WORKER_SCRIPT = new URL('./layout-worker.js', import.meta.url);

/** The worker never sets a chapter before this share of the book: this thread always has some to do. */
const FIRST_SHARE = 0.25;

export interface BookForWorker {
  /** The book without its chapters (their text is in `chapters`). */
  book: Book;
  /** book.chapters from index `from` on: the ones the worker may set. */
  chapters: Book['chapters'];
  from: number;
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
  /** `claims`: an Int32 holding the next chapter from the front and from the back (see claimFront). */
  | { type: 'round'; round: number; params: RoundParams; claims: SharedArrayBuffer }
  | { type: 'paginate'; round: number; firstIsRecto: boolean };

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
  /** The worker met text in another script: the layout starts again with the complex-script machinery. */
  | { type: 'complex'; round: number }
  | { type: 'error'; round: number; message: string; stack?: string };

// The claims word: the front (next chapter for this thread) in the low 15 bits, the back (next chapter
// for the worker, counting down) above them; swapped whole, so no chapter is taken twice.
const FRONT_MASK = 0x7fff;
export const MAX_HELPER_CHAPTERS = FRONT_MASK;

/** Takes the next chapter from the front, or undefined when the two ends have met. */
export function claimFront(claims: Int32Array): number | undefined {
  for (;;) {
    const v = Atomics.load(claims, 0);
    const front = v & FRONT_MASK;
    const back = v >>> 15;
    if (front > back) return undefined;
    if (Atomics.compareExchange(claims, 0, v, ((back << 15) | (front + 1)) | 0) === v) return front;
  }
}

/** Takes the next chapter from the back, not before `lowest`, or undefined. */
export function claimBack(claims: Int32Array, lowest: number): number | undefined {
  for (;;) {
    const v = Atomics.load(claims, 0);
    const front = v & FRONT_MASK;
    const back = v >>> 15;
    if (front > back || back < lowest) return undefined;
    if (Atomics.compareExchange(claims, 0, v, (((back - 1) << 15) | front) | 0) === v) return back;
  }
}

/** Starts the worker thread, where there is a core to spare for it and its script is built. */
export function startChapterHelper(): ChapterHelper | undefined {
  if (availableParallelism() < 2 || !existsSync(fileURLToPath(WORKER_SCRIPT))) return undefined;
  return new ChapterHelper(new Worker(WORKER_SCRIPT));
}

interface Pending {
  resolve(pages: ChapterPages): void;
  reject(error: Error): void;
}

export class ChapterHelper {
  private round = 0;
  private claims: Int32Array<ArrayBufferLike> = new Int32Array(1);
  private chapterCount = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly arrived = new Map<number, ChapterPages>();
  private failure: Error | undefined;
  private readonly isReady: Promise<void>;
  private markReady = () => {};
  /** How many chapters the worker set in the last pass (for the tests: the helper did help). */
  workerChapters = 0;

  constructor(private readonly worker: Worker) {
    this.isReady = new Promise((resolve) => (this.markReady = resolve));
    worker.on('message', (m: FromWorker) => this.receive(m));
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => this.fail(new Error(`the layout's worker thread stopped (exit code ${code})`)));
  }

  /**
   * Hands the worker the book, if it is one the worker can help with (see the top of this file);
   * false, and the helper is closed, when not.
   */
  attach(book: Book): boolean {
    const n = book.chapters.length;
    if (this.failure || book.works !== undefined || book.dir === 'rtl' || n < 2 || n > MAX_HELPER_CHAPTERS) {
      this.close();
      return false;
    }
    const from = Math.max(1, Math.floor(n * FIRST_SHARE));
    this.chapterCount = n;
    this.send({ type: 'book', book: { ...book, chapters: [] }, chapters: book.chapters.slice(from), from });
    return true;
  }

  /** Resolves once the worker has booted and opened its fonts. The build never waits for it (the layout
   * sets every chapter itself while the worker is not ready); a test does, to be sure the worker takes part. */
  ready(): Promise<void> {
    return this.isReady;
  }

  /** Starts a layout pass: the worker begins setting chapters from the back at once. */
  begin(params: RoundParams): void {
    this.round++;
    this.workerChapters = 0;
    this.arrived.clear();
    const claims = new SharedArrayBuffer(4);
    this.claims = new Int32Array(claims);
    this.claims[0] = (this.chapterCount - 1) << 15;
    this.send({ type: 'round', round: this.round, params, claims });
  }

  /** Whether this thread sets chapter `index` (the next from the front); false: it and all after are the worker's. */
  claim(index: number): boolean {
    const claimed = claimFront(this.claims);
    if (claimed !== undefined && claimed !== index) throw new Error(`layout: chapter ${index} claimed out of order (${claimed})`);
    return claimed !== undefined;
  }

  /** Whether the worker's first chapter starts on a recto: the worker may paginate now. */
  paginate(firstIsRecto: boolean): void {
    this.send({ type: 'paginate', round: this.round, firstIsRecto });
  }

  /** The pages of one of the worker's chapters in this pass, when it has sent them. */
  chapter(index: number): Promise<ChapterPages> {
    const ready = this.arrived.get(index);
    if (ready) {
      this.arrived.delete(index);
      return Promise.resolve(ready);
    }
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.pending.set(index, { resolve, reject }));
  }

  close(): void {
    if (this.failure?.message === 'closed') return;
    this.fail(new Error('closed'));
    this.failure = new Error('closed');
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
      const waiting = this.pending.get(m.index);
      const pages = { fills: m.fills, warnings: m.warnings, paragraphs: m.paragraphs };
      if (waiting) {
        this.pending.delete(m.index);
        waiting.resolve(pages);
      } else this.arrived.set(m.index, pages);
    } else if (m.type === 'complex') {
      // As if this thread had met it: layout/index.ts starts again with the complex-script machinery.
      this.fail(new ComplexTextFound());
    } else {
      const error = new Error(m.message);
      if (m.stack) error.stack = m.stack;
      this.fail(error);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }
}
