// Runs book jobs on worker threads, one per core (or as asked), each worker taking the next job when it
// finishes one. A worker that dies (a crash, running out of memory) turns its job into a diagnostic and
// is replaced, so the other books still build. Without the compiled worker script beside this file
// (running from the TypeScript sources), or with one job at a time, jobs run in this thread instead.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { internalError, runJob, type BookJob, type BookJobResult } from './job.js';

const WORKER_SCRIPT = new URL('./worker.js', import.meta.url);

export function defaultWorkerCount(): number {
  return availableParallelism();
}

export async function runJobs(jobs: readonly BookJob[], workers = defaultWorkerCount()): Promise<BookJobResult[]> {
  const count = Math.max(1, Math.min(workers, jobs.length));
  if (count === 1 || !existsSync(fileURLToPath(WORKER_SCRIPT))) return runInThisThread(jobs);

  const results = new Array<BookJobResult>(jobs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    let worker: Worker | undefined;
    try {
      while (next < jobs.length) {
        const index = next++;
        worker ??= new Worker(WORKER_SCRIPT);
        const outcome = await runOnWorker(worker, jobs[index]);
        results[index] = outcome.result;
        if (outcome.workerLost) worker = undefined;
      }
    } finally {
      await worker?.terminate();
    }
  };
  await Promise.all(Array.from({ length: count }, lane));
  return results;
}

async function runInThisThread(jobs: readonly BookJob[]): Promise<BookJobResult[]> {
  const results: BookJobResult[] = [];
  for (const job of jobs) results.push(await runJob(job));
  return results;
}

function runOnWorker(worker: Worker, job: BookJob): Promise<{ result: BookJobResult; workerLost: boolean }> {
  return new Promise((settle) => {
    const done = (result: BookJobResult, workerLost: boolean) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      settle({ result, workerLost });
    };
    const onMessage = (result: BookJobResult) => done(result, false);
    const onError = (e: Error) => {
      void worker.terminate();
      done({ id: job.id, ok: false, diagnostics: [internalError(job.bookDir, e)] }, true);
    };
    const onExit = (code: number) =>
      done({ id: job.id, ok: false, diagnostics: [internalError(job.bookDir, new Error(`its worker thread stopped (exit code ${code})`))] }, true);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(job);
  });
}
