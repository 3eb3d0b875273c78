// Files read ahead on libuv's threads (src/input/read-ahead.ts): a finished read is used once, an
// unfinished or failed one is not, and the PDF's usual faces come from their read ahead unchanged.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir } from './helpers/book-folder.js';
import { readAhead, readFileNow, readsAhead } from '../src/input/read-ahead.js';
import { faceFile, loadFonts, readFacesAhead } from '../src/writers/pdf/fonts.js';
import { EngineFont } from '../src/writers/pdf/font-engine/font.js';

describe('reading files ahead', () => {
  test('a finished read gives the bytes as they were read, once', async () => {
    const file = join(tempDir(), 'data.bin');
    // Larger than one pool read may return, with every byte distinct by position.
    const before = Buffer.alloc(3 << 20);
    for (let i = 0; i < before.length; i++) before[i] = (i * 7 + (i >> 11)) & 0xff;
    writeFileSync(file, before);
    readAhead([file]);
    await readsAhead();
    writeFileSync(file, 'changed');
    expect(readFileNow(file).equals(before)).toBe(true);
    // Forgotten once taken: the next call reads the file as it is now.
    expect(readFileNow(file).toString()).toBe('changed');
  });

  test('a file that cannot be read ahead is read (and its error reported) when needed', async () => {
    const file = join(tempDir(), 'missing.bin');
    expect(() => readAhead([file])).not.toThrow();
    await readsAhead();
    expect(() => readFileNow(file)).toThrow(/ENOENT/);
    writeFileSync(file, 'now here');
    expect(readFileNow(file).toString()).toBe('now here');
  });

  test('a read not yet finished is not waited for: the file is read now', () => {
    const file = join(tempDir(), 'slow.bin');
    writeFileSync(file, 'first');
    readAhead([file]);
    writeFileSync(file, 'second');
    // The pool's read cannot have finished before this synchronous call: its callback has not run.
    expect(readFileNow(file).toString()).toBe('second');
  });

  test("the usual faces and their tables come from the read ahead, the same bytes as the files'", async () => {
    readFacesAhead();
    const { fonts } = await loadFonts();
    for (const face of ['serif', 'serif-italic', 'serif-bold'] as const) {
      const font = fonts[face] as EngineFont;
      expect(font).toBeInstanceOf(EngineFont);
      expect(Buffer.from(font.bytes).equals(readFileSync(faceFile(face)))).toBe(true);
    }
  });
});
