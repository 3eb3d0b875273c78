// Writing editions atomically: to a temporary file beside the target, then renamed over it, so a reader
// never sees half a book and a failed or interrupted build leaves the previous edition as it was.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const pending = new Set<string>();

/** Temporary files still being written, for the signal handler to remove. */
export function pendingTemporaryFiles(): string[] {
  return [...pending];
}

/**
 * Synchronous on purpose: a signal handler runs between JavaScript tasks, never inside this function, so
 * it cannot find the temporary file half written, nor exit while the thread pool is still creating it.
 */
export async function writeFileAtomic(target: string, data: Uint8Array): Promise<void> {
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  pending.add(temp);
  try {
    writeFileSync(temp, data, { flag: 'wx' });
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  } finally {
    pending.delete(temp);
  }
}
