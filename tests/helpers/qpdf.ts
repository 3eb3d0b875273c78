// qpdf --check as a printer's preflight would run it: no syntax or stream encoding errors.
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';

export function expectQpdfClean(file: string): void {
  const result = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  expect(result.stdout + result.stderr).toContain('No syntax or stream encoding errors');
  expect(result.status).toBe(0);
}
