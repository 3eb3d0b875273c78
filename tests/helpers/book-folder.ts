// Temporary book folders for tests, written from a map of relative path → content.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

// Every folder made here is removed when the test file that made it is done.
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function makeBookFolder(files: Record<string, string | Uint8Array>, parent?: string): string {
  const dir = parent ?? track(mkdtempSync(join(tmpdir(), 'build-ebook-test-')));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

export function tempDir(): string {
  return track(mkdtempSync(join(tmpdir(), 'build-ebook-out-')));
}

function track(dir: string): string {
  made.push(dir);
  return dir;
}
