// Temporary book folders for tests, written from a map of relative path → content.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function makeBookFolder(files: Record<string, string | Uint8Array>, parent?: string): string {
  const dir = parent ?? mkdtempSync(join(tmpdir(), 'build-ebook-test-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'build-ebook-out-'));
}
