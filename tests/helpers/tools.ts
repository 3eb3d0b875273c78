// Which external checkers this machine has. `npm test` must pass with Node alone: a check that needs one
// of these is skipped where it is missing (`npm run test:tools` and .ci/run run them).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { EPUBCHECK_JAR } from './epubcheck.js';

export const CHROMIUM = '/usr/bin/chromium';

function runs(command: string, args: string[]): boolean {
  const r = spawnSync(command, args, { stdio: 'ignore' });
  return !r.error;
}

export const tools = {
  /** Debian's epubcheck (the Java jar) and a java to run it. */
  epubcheck: existsSync(EPUBCHECK_JAR) && runs('java', ['-version']),
  qpdf: runs('qpdf', ['--version']),
  /** poppler-utils: pdftotext, pdffonts, pdftoppm, pdfinfo. */
  poppler: runs('pdftotext', ['-v']),
  /** Calibre's command-line tools: ebook-meta, ebook-convert. */
  calibre: runs('ebook-meta', ['--version']),
  /** Debian's chromium, for the browser tests (driven by playwright-core, which brings no browser). */
  chromium: existsSync(CHROMIUM) && runs(CHROMIUM, ['--version']),
};
