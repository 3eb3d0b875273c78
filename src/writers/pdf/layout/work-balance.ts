// The balance between the two threads of a long book's layout (chapter-helper.ts): when the main thread,
// waiting for the worker's next chapter, should set one from the back of the book itself.

/**
 * When this thread should set a chapter from the back while it waits for the worker's next one: only if,
 * with it, the worker would still have at least as much layout left as this thread has pages to paint.
 * Painting a chapter takes roughly half as long as setting it (measured on the benchmark novel); the
 * estimate follows what this build measures once it has painted and set a chapter of its own.
 */
export class WorkBalance {
  private readonly weights: number[];
  /** weights[i..] summed: the text still to be painted from chapter i. */
  private readonly toPaint: number[];
  private setMs = 0;
  private setWeight = 0;
  private paintMs = 0;
  private paintWeight = 0;
  private current = 0;

  constructor(lengths: readonly number[]) {
    this.weights = lengths.map((n) => n + 1);
    this.toPaint = new Array<number>(this.weights.length + 1).fill(0);
    for (let i = this.weights.length - 1; i >= 0; i--) this.toPaint[i] = this.toPaint[i + 1] + this.weights[i];
  }

  reached(index: number): void {
    this.current = index;
  }

  setAhead(index: number, ms: number): void {
    this.setMs += ms;
    this.setWeight += this.weights[index];
  }

  /** The time the pages of the chapter last reached took to paint (they are painted as the next is reached). */
  painted(ms: number): void {
    this.paintMs += ms;
    this.paintWeight += this.weights[this.current];
  }

  worthSetting(unclaimed: readonly [number, number], index: number): boolean {
    const [from, to] = unclaimed;
    let left = 0;
    for (let i = from; i < to; i++) left += this.weights[i];
    const paintPerSet = this.setWeight > 0 && this.paintWeight > 0 ? this.paintMs / this.paintWeight / (this.setMs / this.setWeight) : 0.55;
    return left > this.toPaint[index] * paintPerSet;
  }
}
