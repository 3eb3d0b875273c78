// Runs the real epubcheck (Debian's package) on a file, as a reader's validator would.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const EPUBCHECK_JAR = '/usr/share/java/epubcheck.jar';

export interface EpubcheckResult {
  fatals: number;
  errors: number;
  warnings: number;
  output: string;
}

export function epubcheck(file: string): EpubcheckResult {
  // epubcheck reports a missing file as "0 fatals / 0 errors / 0 warnings": never let that pass.
  if (!existsSync(file)) throw new Error(`epubcheck: ${file} does not exist`);
  let output: string;
  try {
    output = execFileSync('java', ['-jar', EPUBCHECK_JAR, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    output = `${err.stdout ?? ''}${err.stderr ?? ''}`;
  }
  const m = /Messages: (\d+) fatals? \/ (\d+) errors? \/ (\d+) warnings?/.exec(output);
  if (!m) throw new Error(`epubcheck did not report a summary:\n${output}`);
  return { fatals: Number(m[1]), errors: Number(m[2]), warnings: Number(m[3]), output };
}

/** Asserts-friendly summary: the problem lines only. */
export function problems(result: EpubcheckResult): string[] {
  return result.output.split('\n').filter((l) => /^(FATAL|ERROR|WARNING)/.test(l));
}
