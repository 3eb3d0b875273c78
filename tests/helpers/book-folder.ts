// Temporary book folders for tests, written from a map of relative path → content. Every folder made here
// (and by tempDir) is removed when the test file that made it ends: a test run leaves nothing in the
// temp folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

// Importing this module registers the clean-up with the test file that imports it.
afterAll(() => removeTempDirs());

/** Removes every folder made so far (run by itself after each test file). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

export function makeBookFolder(files: Record<string, string | Uint8Array>, parent?: string): string {
  const dir = parent ?? tempDir('build-ebook-test-');
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

/** A new empty folder in the system's temp folder, removed after the test file. */
export function tempDir(prefix = 'build-ebook-out-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
