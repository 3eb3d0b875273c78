// Interrupted builds: SIGINT/SIGTERM at random (seeded) moments of a large book's build leave the previous
// editions byte for byte as they were and no temporary file in --out.
import { execFileSync, spawn } from 'node:child_process';
import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makeBookFolder, tempDir } from './helpers/book-folder.js';
import { BIN, REPO } from './helpers/cli.js';
import { tools } from './helpers/tools.js';
import { prng } from '../scripts/bench-corpus.mjs';

// The benchmarks' seeded generator, so a failing run can be repeated with KILL_SEED.
const random = prng;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts a build; `kill` (if given) is called with the child once it is running. */
function runBuild(dir: string, out: string, epoch: number, kill?: (child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'build', dir, '--out', out], {
      cwd: REPO,
      env: { ...process.env, SOURCE_DATE_EPOCH: String(epoch) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
    kill?.(child);
  });
}

async function editions(out: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of (await readdir(out)).sort()) files.set(name, await readFile(join(out, name)));
  return files;
}

function largeBook(): string {
  const files: Record<string, string> = { 'book.yaml': 'title: Interrupted\nauthor: Test\nsummary: A long book to interrupt.\n' };
  for (let c = 1; c <= 6; c++) {
    const paragraphs = Array.from(
      { length: 500 },
      (_, p) => `Paragraph ${p + 1} of chapter ${c}: "Keep going," she said, and *they* did --- for a while.`,
    );
    files[`${String(c).padStart(2, '0')}.md`] = `# Chapter ${c}\n\n${paragraphs.join('\n\n')}\n`;
  }
  return makeBookFolder(files);
}

describe('an interrupted build', () => {
  it('leaves the previous editions exactly as they were and no temporary files', async () => {
    const seed = Number(process.env.KILL_SEED ?? 7);
    const runs = Number(process.env.KILL_RUNS ?? 6);
    const next = random(seed);
    const dir = largeBook();
    const out = tempDir();

    const started = Date.now();
    const first = await runBuild(dir, out, 1_000_000_000);
    const buildMs = Date.now() - started;
    expect(first.code, first.stderr).toBe(0);
    let previous = await editions(out);
    expect(previous.size).toBeGreaterThan(0);

    let interrupted = 0;
    let handled = 0;
    for (let i = 0; i < runs; i++) {
      // A new build date, so a build that did finish writes different bytes and would be noticed.
      const epoch = 1_000_000_000 + (i + 1) * 86_400;
      const signal: NodeJS.Signals = next() < 0.5 ? 'SIGINT' : 'SIGTERM';
      const delay = Math.floor((0.2 + next() * 0.9) * buildMs);
      const run = await runBuild(dir, out, epoch, (child) => setTimeout(() => child.kill(signal), delay));
      const now = await editions(out);
      const context = `run ${i} (seed ${seed}): ${signal} after ${delay} ms → code ${run.code} signal ${run.signal}\n${run.stderr}`;
      expect([...now.keys()].filter((n) => n.includes('.tmp')), context).toEqual([]);
      if (run.code === 0) {
        // Finished before the signal: every edition is whole and new.
        expect([...now.keys()], context).toEqual([...previous.keys()]);
        for (const [name, data] of now) {
          expect(data.equals(previous.get(name)!), `${name} should have been rewritten; ${context}`).toBe(false);
          if (name.endsWith('.epub')) expect(() => unzipSync(data), context).not.toThrow();
        }
        previous = now;
        continue;
      }
      interrupted++;
      // Killed by the signal: through the CLI's handler (which says so), or before it was installed.
      expect(run.signal, context).toBe(signal);
      if (run.stderr.includes('interrupted')) handled++;
      expect([...now.keys()], context).toEqual([...previous.keys()]);
      const changed = [...now].filter(([name, data]) => !data.equals(previous.get(name)!)).map(([name]) => name);
      if (changed.length > 0) {
        // The signal came after the last edition was renamed into place, while the process was exiting:
        // then every edition is the new build's, whole, never some old and some new.
        expect(changed, `some editions changed and some did not; ${context}`).toEqual([...now.keys()]);
        for (const [name, data] of now) {
          if (name.endsWith('.epub')) expect(() => unzipSync(data), context).not.toThrow();
          if (name.endsWith('.pdf')) expect(data.subarray(-8).toString('latin1'), context).toContain('%%EOF');
        }
        previous = now;
      }
    }
    expect(interrupted).toBeGreaterThan(0);
    console.log(`interrupt test: seed ${seed}, ${runs} runs, build ${buildMs} ms, ${interrupted} interrupted (${handled} through the handler)`);
  });

  it.skipIf(!tools.mkfifo)('dies at once while the build waits on I/O, writing nothing', async () => {
    const dir = makeBookFolder({ '1.md': 'Text.\n' });
    const out = tempDir();
    // book.yaml as a named pipe: the build blocks in an asynchronous read until someone writes to it.
    execFileSync('mkfifo', [join(dir, 'book.yaml')]);
    const run = await runBuild(dir, out, 1_000_000_000, (child) => {
      // Opening the pipe for writing completes once the build has opened it for reading.
      void open(join(dir, 'book.yaml'), 'w').then((writer) => {
        child.kill('SIGTERM');
        child.on('exit', () => void writer.close());
      });
    });
    expect(run.signal).toBe('SIGTERM');
    expect(await readdir(out)).toEqual([]);
  });

  it('dies at once in the middle of a long synchronous layout, not after it', async () => {
    // A JavaScript signal handler would only run once the layout returned (minutes for this book); the build
    // keeps the default action until it writes, so the signal ends it where it is.
    const paragraphs = Array.from({ length: 50_000 }, (_, i) => `Paragraph ${i + 1}, "quoted," and long enough to wrap onto a second line of the page.`);
    const dir = makeBookFolder({ 'book.yaml': 'title: Slow\n', '1.md': `# One\n\n${paragraphs.join('\n\n')}\n` });
    const out = tempDir();
    const previous = Buffer.from('the previous edition');
    await import('node:fs/promises').then((fs) => fs.writeFile(join(out, 'slow.pdf'), previous));
    const run = await runBuild(dir, out, 1_000_000_000, (child) => setTimeout(() => child.kill('SIGINT'), 3000));
    expect(run.signal).toBe('SIGINT');
    expect(await readdir(out)).toEqual(['slow.pdf']);
    expect((await readFile(join(out, 'slow.pdf'))).equals(previous)).toBe(true);
  });
});
