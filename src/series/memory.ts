// A full garbage collection between the books of a series, so each thread's next book starts from a
// small heap. Why: V8 sizes a heap by what survived so far and collects lazily; one thread building
// book after book let the garbage of the last book pile under the peak of the next, and a 1M-word
// series (two threads, eight novels) peaked above 500 MB although one novel alone peaks near 200 MB.
// V8 exposes gc() only with --expose-gc, which a bin script cannot pass; setting the flag at run time
// and reading gc from a fresh context is the documented-by-practice way. Without it, nothing happens.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('typeof gc === "function" ? gc : null');
      collect = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  collect?.();
}
