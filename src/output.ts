// Writing editions atomically: to a temporary file beside the target, then renamed over it, so a reader
// never sees half a book and a failed or interrupted build leaves the previous edition as it was.
import { mkdirSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const pending = new Set<string>();

/** Temporary files still being written, for the signal handler to remove. */
export function pendingTemporaryFiles(): string[] {
  return [...pending];
}

let signalsGuarded = false;

/**
 * Signals and the write. Until the first write, SIGINT and SIGTERM keep their default action: the process
 * dies at once, even inside a long synchronous layout (a JavaScript handler would only run after it), and
 * nothing is lost because nothing has been written. From the first write on, a handler is installed; the
 * write itself is synchronous, so the handler runs only before or after it, never half way: it removes any
 * temporary file still listed and dies of the same signal (status 128+n, as a shell expects). Dying of the
 * signal rather than calling process.exit, which would wait for reads still in the thread pool.
 */
function guardSignals(): void {
  if (signalsGuarded) return;
  signalsGuarded = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const f of pendingTemporaryFiles()) rmSync(f, { force: true });
      writeSync(2, `build-ebook: interrupted (${signal})\n`);
      process.kill(process.pid, signal);
    });
  }
}

let temporaryCount = 0;

function temporaryPath(target: string): string {
  // Unique per process (pid) and per call (counter); the random part only guards against a stale file of
  // an earlier process with the same pid. Not node:crypto, whose loading cost more than the EPUB's zip.
  temporaryCount++;
  const random = Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${temporaryCount}-${random}`);
}

/**
 * Writes every file to a temporary beside its target, then renames them all; if any write fails, no target
 * is touched. Synchronous on purpose: a signal handler runs between JavaScript tasks, never inside this
 * function, so an interrupt finds either all the old files or all the new ones, and no temporary file
 * half written or still being created by the thread pool.
 */
export async function writeFilesAtomic(files: readonly { path: string; data: Uint8Array }[]): Promise<void> {
  guardSignals();
  const temps: { temp: string; target: string; renamed?: boolean }[] = [];
  try {
    for (const { path, data } of files) {
      mkdirSync(dirname(path), { recursive: true });
      const temp = temporaryPath(path);
      pending.add(temp);
      temps.push({ temp, target: path });
      writeFileSync(temp, data, { flag: 'wx' });
    }
    for (const entry of temps) {
      renameSync(entry.temp, entry.target);
      entry.renamed = true;
    }
  } finally {
    for (const { temp, renamed } of temps) {
      // Only what was not renamed is left to remove: rmSync of a file that is gone makes (and throws away)
      // an error with its stack, ~1 ms a file in a cold process.
      if (!renamed) rmSync(temp, { force: true });
      pending.delete(temp);
    }
  }
}
