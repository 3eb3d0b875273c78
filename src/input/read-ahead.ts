// Files read on libuv's threads ahead of need, while this thread does other work. Why: on a virtual
// machine a page fault costs microseconds, and reading a file faults in every page of the buffer it is
// read into. The PDF's three text faces and their compiled tables (2 MB) cost an 8,000-word build's main
// thread ~7 ms read at the moment of need; read ahead, the faults and the copying happen on another core.
// A read that has not finished (or failed) when the file is needed is simply not used: the caller reads
// the file itself, as it would have anyway, and reports any error then.
import { closeSync, fstatSync, openSync, read, readFileSync } from 'node:fs';

interface Ahead {
  bytes?: Buffer;
  done: Promise<void>;
}

const ahead = new Map<string, Ahead>();

/** Starts reading each file not already read or being read. */
export function readAhead(paths: readonly string[]): void {
  for (const path of paths) if (!ahead.has(path)) ahead.set(path, start(path));
}

function start(path: string): Ahead {
  const entry: Ahead = { done: Promise.resolve() };
  let fd: number;
  let bytes: Buffer;
  try {
    // Opened here, in a few microseconds, so the read is one job on the thread pool, not four.
    fd = openSync(path, 'r');
  } catch {
    return entry;
  }
  try {
    bytes = Buffer.allocUnsafe(fstatSync(fd).size);
  } catch {
    closeSync(fd);
    return entry;
  }
  entry.done = new Promise<void>((resolve) => {
    const next = (offset: number): void => {
      if (offset === bytes.length) {
        entry.bytes = bytes;
        finish();
        return;
      }
      read(fd, bytes, offset, bytes.length - offset, offset, (error, count) => {
        if (error || count === 0) finish();
        else next(offset + count);
      });
    };
    const finish = (): void => {
      closeSync(fd);
      resolve();
    };
    next(0);
  });
  return entry;
}

/** Resolves once every read started so far has finished (read or failed). */
export async function readsAhead(): Promise<void> {
  await Promise.all([...ahead.values()].map((a) => a.done));
}

/**
 * The file's bytes: read ahead if that read has finished, else read now. Either way the read ahead is
 * forgotten, so this is for files that do not change while the process runs (the package's own).
 */
export function readFileNow(path: string): Buffer {
  const bytes = ahead.get(path)?.bytes;
  ahead.delete(path);
  return bytes ?? readFileSync(path);
}
