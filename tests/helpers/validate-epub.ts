// An EPUB validator wherever the tests run: Debian's epubcheck (Java) where it is installed, and otherwise
// epubcheck-ts, a TypeScript port of EPUBCheck that runs in this process (an npm devDependency, no Java,
// no network). Both answer in epubcheck's shape: counts and one `SEVERITY(ID): where: message` line a problem.
import { readFileSync } from 'node:fs';
import { EpubCheck } from '@likecoin/epubcheck-ts';
import { afterAll } from 'vitest';
import type { EpubcheckResult } from './epubcheck.js';
import { EpubcheckBatch } from './epubcheck-batch.js';
import { tools } from './tools.js';

export type EpubChecker = 'epubcheck' | 'epubcheck-ts';

export interface EpubValidation extends EpubcheckResult {
  checker: EpubChecker;
}

/** The validator this machine uses. */
export const epubChecker: EpubChecker = tools.epubcheck ? 'epubcheck' : 'epubcheck-ts';

/** epubcheck-ts on one file; fatals, errors and warnings as Java epubcheck counts them (infos and usage aside). */
export async function epubcheckTs(file: string): Promise<EpubValidation> {
  const result = await EpubCheck.validate(new Uint8Array(readFileSync(file)));
  const lines = result.messages
    .filter((m) => m.severity === 'fatal' || m.severity === 'error' || m.severity === 'warning')
    .map((m) => {
      const at = m.location ? `${m.location.path}${m.location.line !== undefined ? `(${m.location.line},${m.location.column ?? -1})` : ''}: ` : '';
      return `${m.severity.toUpperCase()}(${m.id}): ${at}${m.message.replace(/\n/g, ' ')}`;
    });
  return { fatals: result.fatalCount, errors: result.errorCount, warnings: result.warningCount, output: lines.join('\n'), checker: 'epubcheck-ts' };
}

// Java epubcheck runs in one JVM per test file (a JVM start costs seconds a check), started on first use
// and stopped when the test file that imports this module ends.
let jvm: EpubcheckBatch | undefined;
afterAll(async () => {
  await jvm?.close();
  jvm = undefined;
});

/** Validates one EPUB with this machine's validator. */
export async function validateEpub(file: string): Promise<EpubValidation> {
  if (!tools.epubcheck) return epubcheckTs(file);
  jvm ??= new EpubcheckBatch();
  return { ...(await jvm.check(file)), checker: 'epubcheck' };
}

/** The problem lines of either validator's report. */
export function problemLines(result: EpubcheckResult): string[] {
  return result.output.split('\n').filter((l) => /^(FATAL|ERROR|WARNING)/.test(l));
}

export interface EpubValidator {
  readonly checker: EpubChecker;
  /** Checks one EPUB; `output` holds the problem lines only ('' for a clean file). */
  check(file: string): Promise<EpubValidation>;
  close(): Promise<void>;
}

/**
 * For a test file that checks many EPUBs: one JVM for all of them (tests/helpers/epubcheck-batch.ts) where
 * Java epubcheck is installed, epubcheck-ts otherwise. Close it in afterAll.
 */
export function epubValidator(): EpubValidator {
  if (tools.epubcheck) {
    const batch = new EpubcheckBatch();
    return {
      checker: 'epubcheck',
      check: async (file) => ({ ...(await batch.check(file)), checker: 'epubcheck' }),
      close: () => batch.close(),
    };
  }
  return { checker: 'epubcheck-ts', check: epubcheckTs, close: async () => undefined };
}
