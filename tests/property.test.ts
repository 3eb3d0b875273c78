// Generated manuscripts (tests/helpers/manuscript-grammar.ts): every build either succeeds with editions that
// pass their checkers (epubcheck: 0 fatals, errors and warnings; qpdf --check, or their in-process stand-ins
// where they are not installed) or fails with exit status 1 and a message;
// never a crash. PROPERTY_RUNS and PROPERTY_SEED choose how many and which (`npm run property -- COUNT`).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { makeBookFolder, tempDir } from './helpers/book-folder.js';
import { runCli } from './helpers/cli.js';
import { book, type GeneratedBook } from './helpers/manuscript-grammar.js';
import { pdfCheck } from './helpers/pdf.js';
import { epubValidator, type EpubValidator } from './helpers/validate-epub.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const SEED = process.env.PROPERTY_SEED !== undefined ? Number(process.env.PROPERTY_SEED) : undefined;
/** Every Nth case also runs through the real CLI process, to check it agrees with the in-process run. */
const CLI_EVERY = 25;
/** Every Nth case builds the PDF too (checked with `qpdf --check`); PDF layout is the slow part of a build. */
const PDF_EVERY = Number(process.env.PROPERTY_PDF_EVERY ?? 10);

// `file:line:col: message`, `file: message`, an indented hint, or the closing count line.
const DIAGNOSTIC_LINE = /^(\S[^\n]*?(:\d+){0,2}: (warning: )?\S.*| {2}hint: .+|build-ebook: \d+ problems? found; nothing was written\.)$/;

describe('generated manuscripts', () => {
  let batch: EpubValidator;
  const counts = { built: 0, refused: 0, cli: 0, pdf: 0 };
  const reasons = new Map<string, number>();
  const started = Date.now();
  beforeAll(() => {
    batch = epubValidator();
    process.env.SOURCE_DATE_EPOCH = '1700000000';
  });
  afterAll(async () => {
    await batch.close();
    console.log(
      `property (${batch.checker}): ${counts.built + counts.refused} cases (${counts.built} built and checked, ${counts.pdf} of them with a PDF, ${counts.refused} refused with exit 1), ` +
        `${counts.cli} also through the CLI process, ${((Date.now() - started) / 1000).toFixed(1)} s; refusals: ` +
        JSON.stringify(Object.fromEntries(reasons)),
    );
  });

  async function buildOne(generated: GeneratedBook): Promise<void> {
    const dir = makeBookFolder(generated.files);
    const out = join(tempDir(), 'out');
    const stdout: string[] = [];
    const stderr: string[] = [];
    const withPdf = (counts.built + counts.refused) % PDF_EVERY === 0;
    const args = ['build', dir, '--out', out, '--format', withPdf ? 'epub,pdf' : 'epub'];
    const code = await main(['node', 'build-ebook', ...args], { out: (s) => stdout.push(s), err: (s) => stderr.push(s) });
    const messages = stderr.join('\n');
    const context = `${JSON.stringify(generated.files)}\n${messages}`;
    if (code === 0) {
      counts.built++;
      const files = readdirSync(out).sort();
      expect(files.map((f) => f.replace(/.*\./, '')), context).toEqual(withPdf ? ['epub', 'pdf'] : ['epub']);
      const result = await batch.check(join(out, files[0]));
      expect(result.output, `${result.checker}: ${context}`).toBe('');
      expect(result.fatals + result.errors + result.warnings, context).toBe(0);
      if (withPdf) {
        counts.pdf++;
        const check = pdfCheck(join(out, files[1]));
        expect(check.problems, `${check.checker}: ${context}`).toEqual([]);
        expect(check.ok, context).toBe(true);
      }
    } else {
      counts.refused++;
      for (const line of stderr) {
        const reason = /^\S+?(?::\d+)*: (?!warning)(.{0,40})/.exec(line)?.[1];
        if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
      expect(code, context).toBe(1);
      expect(existsSync(out), context).toBe(false);
      expect(messages, context).toMatch(/problems? found; nothing was written\.$/);
      for (const line of messages.split('\n')) expect(line, context).toMatch(DIAGNOSTIC_LINE);
    }
    if ((counts.built + counts.refused) % CLI_EVERY === 1) {
      counts.cli++;
      const cli = runCli(args);
      expect(cli.status, `${context}\nCLI: ${cli.stderr}`).toBe(code);
    }
  }

  it(`${RUNS} builds succeed with a valid EPUB or fail with status 1 and a message`, async () => {
    await fc.assert(fc.asyncProperty(book, buildOne), { numRuns: RUNS, ...(SEED !== undefined && { seed: SEED }), endOnFailure: true });
  }, 30 * 60_000);
});
