// Many EPUBs checked by one JVM: tests/helpers/EpubcheckBatch.java runs epubcheck's Java API (the same
// checks as `java -jar epubcheck.jar`) for each path written to its stdin. Starting one JVM per EPUB costs
// seconds; this costs a fraction of one per file once warm.
import { existsSync } from 'node:fs';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { EPUBCHECK_JAR, type EpubcheckResult } from './epubcheck.js';

const SOURCE = fileURLToPath(new URL('./EpubcheckBatch.java', import.meta.url));

export class EpubcheckBatch {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly waiting: ((line: string | undefined) => void)[] = [];
  private readonly buffered: string[] = [];
  private closed = false;
  private failure: Error | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor() {
    // Source-file mode compiles the runner in memory: no build step, no class files to keep.
    this.proc = spawn('java', ['-Xss8m', '-cp', EPUBCHECK_JAR, SOURCE], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr.resume();
    // Without java the spawn fails; say so from check() rather than crash the test file (or write into a dead pipe).
    this.proc.on('error', (e) => {
      this.failure = e;
      this.closed = true;
      for (const w of this.waiting.splice(0)) w(undefined);
    });
    this.proc.stdin.on('error', () => undefined);
    this.lines = createInterface({ input: this.proc.stdout });
    this.lines.on('line', (line) => {
      const next = this.waiting.shift();
      if (next) next(line);
      else this.buffered.push(line);
    });
    this.lines.on('close', () => {
      this.closed = true;
      for (const w of this.waiting.splice(0)) w(undefined);
    });
  }

  private nextLine(): Promise<string | undefined> {
    if (this.buffered.length > 0) return Promise.resolve(this.buffered.shift());
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Checks one EPUB; calls are served in order. */
  check(file: string): Promise<EpubcheckResult> {
    // epubcheck reports a missing file as 0/0/0: never let that pass.
    if (!existsSync(file)) return Promise.reject(new Error(`epubcheck: ${file} does not exist`));
    const run = async (): Promise<EpubcheckResult> => {
      this.proc.stdin.write(file + '\n');
      const problems: string[] = [];
      for (;;) {
        const line = await this.nextLine();
        if (line === undefined) throw new Error(`epubcheck runner ended while checking ${file}${this.failure ? `: ${this.failure.message}` : ''}`);
        const done = /^DONE (\d+) (\d+) (\d+)$/.exec(line);
        if (done) {
          return { fatals: Number(done[1]), errors: Number(done[2]), warnings: Number(done[3]), output: problems.join('\n') };
        }
        problems.push(line);
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.proc.stdin.end();
    if (this.proc.exitCode === null && !this.failure) await new Promise((resolve) => this.proc.once('exit', resolve));
  }
}
