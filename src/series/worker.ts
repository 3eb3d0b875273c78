// Worker thread entry: claims book jobs from the shared counter until none are left, posting each result
// with the editions' bytes transferred, not copied; then exits.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { runJob } from './job.js';
import type { WorkerInput, WorkerMessage } from './pool.js';

const port = parentPort;
if (!port) throw new Error('series/worker.js runs only as a worker thread');
const { jobs, state: buffer, slot } = workerData as WorkerInput;
const state = new Int32Array(buffer);

// Not top-level await: the bundled worker is a CommonJS-style script (see src/bundle-loader.cts). A
// rejection still ends the thread with an 'error' event, as an uncaught exception does.
void claimJobsUntilNoneLeft(port);

async function claimJobsUntilNoneLeft(port: MessagePort): Promise<void> {
  for (let index = Atomics.add(state, 0, 1); index < jobs.length; index = Atomics.add(state, 0, 1)) {
    Atomics.store(state, slot, index);
    const result = await runJob(jobs[index]);
    const transfer: ArrayBuffer[] = [];
    if (result.ok) {
      for (const e of result.editions) {
        const b = e.data.buffer;
        // Transfer only a buffer the edition owns whole; a view into a larger one is copied.
        if (b instanceof ArrayBuffer && e.data.byteOffset === 0 && e.data.byteLength === b.byteLength) transfer.push(b);
      }
    }
    port.postMessage({ index, result } satisfies WorkerMessage, transfer);
    Atomics.store(state, slot, -1);
  }
}
