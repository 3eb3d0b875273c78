// Lines to standard output and standard error, written straight to their file descriptors. A command prints
// a few lines, and process.stdout and process.stderr cost a cold start ~2 ms to set up (Node's net or tty
// module behind them) for that. A pipe that is full (non-blocking: EAGAIN) takes the rest of the line, and
// every line after it, through the stream, which queues them, so their order holds; a reader that has gone
// away (EPIPE, `build-ebook … | head -1`) is written to no more.
import { writeSync } from 'node:fs';

type Fd = 1 | 2;

const viaStream = new Set<Fd>();
const closed = new Set<Fd>();

function stream(fd: Fd): NodeJS.WriteStream {
  return fd === 1 ? process.stdout : process.stderr;
}

/** Writes `text` to standard output (1) or standard error (2). */
export function writeStandard(fd: Fd, text: string): void {
  if (closed.has(fd)) return;
  if (viaStream.has(fd)) {
    stream(fd).write(text);
    return;
  }
  const bytes = Buffer.from(text);
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        viaStream.add(fd);
        stream(fd).write(bytes.subarray(done));
        return;
      }
      if (code === 'EPIPE') {
        closed.add(fd);
        return;
      }
      throw error;
    }
  }
}

/** Whether output is still queued in a stream (the process must not exit before it is written). */
export function outputQueued(): boolean {
  for (const fd of viaStream) if (stream(fd).writableLength > 0) return true;
  return false;
}
