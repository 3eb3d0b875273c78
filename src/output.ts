// Writing editions atomically: to a temporary file beside the target, then renamed over it, so a reader
// never sees half a book and a failed or interrupted build leaves the previous edition as it was.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const pending = new Set<string>();

/** Temporary files still being written, for the signal handler to remove. */
export function pendingTemporaryFiles(): string[] {
  return [...pending];
}

export async function writeFileAtomic(target: string, data: Uint8Array): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  pending.add(temp);
  try {
    await writeFile(temp, data, { flag: 'wx' });
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  } finally {
    pending.delete(temp);
  }
}
