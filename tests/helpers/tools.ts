// Which external checkers this machine has. `npm test` must pass with Node alone: a check that needs one
// of these uses an in-process stand-in (tests/helpers/validate-epub.ts, pdf.ts, zip-check.ts) or is skipped
// where the tool is missing (`npm run test:tools` and .ci/run run them all).
//
// BUILD_EBOOK_TEST_TOOLS=none makes every tool count as missing, to run the suite as a machine with only
// Node does; =all (npm run test:tools) makes tests/global-setup.ts stop the run unless every tool is here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EPUBCHECK_JAR } from './epubcheck.js';

export const TOOLS_MODE = process.env.BUILD_EBOOK_TEST_TOOLS ?? '';
export const CHROMIUM = '/usr/bin/chromium';

function runs(command: string, args: string[]): boolean {
  if (TOOLS_MODE === 'none') return false;
  const r = spawnSync(command, args, { stdio: 'ignore' });
  return !r.error;
}

export const tools = {
  /** Info-ZIP's unzip (zip.test.ts tests our archives with `unzip -t` too). */
  unzip: runs('unzip', ['-v']),
  /** fontconfig's fc-query: FreeType's reading of a subset font. */
  fcQuery: runs('fc-query', ['--version']),
  /** POSIX named pipes (interrupt.test.ts blocks a build on one). */
  mkfifo: process.platform !== 'win32' && runs('mkfifo', ['--version']),
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

/** The project's shared samples, in the folder beside the clone (CI lays it there; a bare clone has none). */
export const SHARED_SAMPLES = fileURLToPath(new URL('../../../shared/samples', import.meta.url));

/**
 * For the one line a run prints about what is missing (tests/global-setup.ts): the tool's name, its Debian
 * package, and what the suite does without it: an in-process stand-in, or the checks it skips.
 */
export const toolNotes: Record<string, { label: string; install: string; instead?: string; skips?: string }> = {
  unzip: { label: 'unzip', install: 'unzip', skips: '`unzip -t` (the in-process zip check still runs)' },
  fcQuery: { label: 'fc-query', install: 'fontconfig', skips: 'FreeType’s reading of subset fonts' },
  mkfifo: { label: 'mkfifo', install: 'coreutils', skips: 'the named-pipe interrupt test' },
  epubcheck: { label: 'Java epubcheck', install: 'epubcheck', instead: 'EPUBs validated with epubcheck-ts' },
  qpdf: { label: 'qpdf', install: 'qpdf', instead: 'PDF structure checked with mupdf' },
  poppler: { label: 'poppler-utils', install: 'poppler-utils', instead: 'PDF text, fonts, info and pixels read with mupdf' },
  calibre: { label: 'Calibre', install: 'calibre', skips: 'Calibre’s reading of the kepub (ebook-meta)' },
  chromium: { label: 'chromium', install: 'chromium', skips: 'the browser tests of serve (download page, live preview)' },
};
