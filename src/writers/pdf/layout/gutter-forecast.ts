// The gutter grows with the page count, known only at the end of a layout pass: the forecast that stops a
// pass begun with the wrong one early (layoutPass throws RestartPass; layoutPasses starts again).

import type { Book } from '../../../model/book.js';
import { innerMargin, type TrimSpec } from '../trims.js';

/** A pass stopped early: the pages it has made say the book will have about `pages` pages. */
export class RestartPass extends Error {
  constructor(readonly pages: number) {
    super('restart the layout pass');
  }
}

/**
 * The gutter depends on the page count, which is known only at the end; a pass begun with the wrong one is
 * made again. Once a fifth of the text is set, the pages so far forecast the count far better than the
 * first estimate (a 125,000-word novel was estimated under 300 pages and came to 354): if the forecast
 * asks for another gutter, the pass starts again then, not after the last page (and, in the PDF writer,
 * after the pages painted meanwhile). Checked once; the final count still decides (layoutPasses).
 */
export class GutterForecast {
  private readonly total: number;
  private done = 0;
  private decided = false;
  pages = 0;

  constructor(
    private readonly book: Book,
    private readonly spec: TrimSpec,
    private readonly inner: number,
    private readonly weights: readonly number[],
  ) {
    this.total = weights.reduce((a, b) => a + b, 0);
  }

  /** After chapter `index`, with `bodyPages` body pages so far: whether the pass should start again. */
  wrongGutter(index: number, bodyPages: number): boolean {
    this.done += this.weights[index];
    if (this.decided || this.done < this.total / 5 || index === this.weights.length - 1) return false;
    this.decided = true;
    this.pages = Math.round((bodyPages * this.total) / this.done) + this.book.front.length + 4;
    return innerMargin(this.spec, this.pages) !== this.inner;
  }
}
