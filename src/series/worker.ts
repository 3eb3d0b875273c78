// Worker thread entry: runs book jobs posted by the pool, one at a time, and posts each result back with
// the editions' bytes transferred, not copied.
import { parentPort } from 'node:worker_threads';
import { runJob, type BookJob } from './job.js';

const port = parentPort;
if (!port) throw new Error('series/worker.js runs only as a worker thread');

port.on('message', (job: BookJob) => {
  void runJob(job).then((result) => {
    const transfer: ArrayBuffer[] = [];
    if (result.ok) {
      for (const e of result.editions) {
        const buffer = e.data.buffer;
        // Transfer only a buffer the edition owns whole; a view into a larger one is copied.
        if (buffer instanceof ArrayBuffer && e.data.byteOffset === 0 && e.data.byteLength === buffer.byteLength) transfer.push(buffer);
      }
    }
    port.postMessage(result, transfer);
  });
});
