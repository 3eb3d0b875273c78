// Runs book jobs on all cores: this thread plus one worker thread per further core. Every thread claims
// the next job from a shared counter, so no thread waits for another to hand it work, and this thread
// (which has loaded the code already) does its share instead of idling. A worker that dies (a crash, out
// of memory) turns the job it held into a diagnostic; the other threads carry on with the rest.
// Without the compiled worker script beside this file (running from the TypeScript sources), or with one
// thread, every job runs in this thread.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../worker-entry.js';
import { internalError, runJob, type BookJob, type BookJobResult } from './job.js';

/** What a worker is given: the jobs, the shared counter, and its own slot saying which job it holds. */
export interface WorkerInput {
  jobs: BookJob[];
  /** Int32 [0]: the next unclaimed job; [slot]: the job that worker holds, or -1. */
  state: SharedArrayBuffer;
  slot: number;
}

export interface WorkerMessage {
  index: number;
  result: BookJobResult;
}

export function defaultThreadCount(): number {
  return availableParallelism();
}

export async function runJobs(jobs: readonly BookJob[], threads = defaultThreadCount()): Promise<BookJobResult[]> {
  const entry = workerEntry('worker', import.meta.url);
  const count = entry ? Math.max(1, Math.min(threads, jobs.length)) : 1;
  const results = new Array<BookJobResult | undefined>(jobs.length);
  const buffer = new SharedArrayBuffer(4 * (count + 1));
  const state = new Int32Array(buffer);
  state.fill(-1, 1);

  const workers = Array.from({ length: count - 1 }, (_, i) => watchWorker(entry!, { jobs: [...jobs], state: buffer, slot: i + 1 }, results));
  for (let index = Atomics.add(state, 0, 1); index < jobs.length; index = Atomics.add(state, 0, 1)) {
    results[index] = await runJob(jobs[index]);
  }
  await Promise.all(workers);
  // A job claimed by a worker that vanished without a word (never expected) still gets an answer.
  return results.map((r, i) => r ?? { id: jobs[i].id, ok: false, diagnostics: [internalError(jobs[i].bookDir, new Error('its worker thread gave no result'))] });
}

/** Starts a worker and resolves when it has exited, its results (or its failure) recorded. */
function watchWorker(entry: URL, input: WorkerInput, results: (BookJobResult | undefined)[]): Promise<void> {
  return new Promise((settle) => {
    const worker = new Worker(entry, { workerData: input });
    const state = new Int32Array(input.state);
    let failure: Error | undefined;
    worker.on('message', (m: WorkerMessage) => {
      results[m.index] = m.result;
    });
    worker.on('error', (e) => {
      failure = e;
    });
    worker.on('exit', (code) => {
      const held = Atomics.load(state, input.slot);
      if (held >= 0 && results[held] === undefined) {
        const job = input.jobs[held];
        const why = failure ?? new Error(`its worker thread stopped (exit code ${code})`);
        results[held] = { id: job.id, ok: false, diagnostics: [internalError(job.bookDir, why)] };
      }
      settle();
    });
  });
}
