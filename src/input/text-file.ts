// Reading an author's text files: strict UTF-8 (with the byte offset of the first bad byte), BOM removed.
// Synchronous reads throughout the build: a book is a handful of small files, and each awaited read
// (open, stat, read, close in the thread pool) left the main thread idle for longer than the read took.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { error, type Diagnostic } from '../diagnostics.js';

/** A path as the user should see it in messages: relative to the working folder when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeUtf8(bytes: Uint8Array, file: string): { text: string } | { diagnostic: Diagnostic } {
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return {
      diagnostic: error(file, `is not valid UTF-8 (first bad byte at offset ${offset})`, {
        ...lineAndColumn(bytes, offset),
        hint: 'save it as UTF-8, or for Windows-1252/Latin-1 text run `build-ebook import FILE.txt`',
      }),
    };
  }
}

export async function readTextFile(path: string): Promise<{ text: string } | { diagnostic: Diagnostic }> {
  const bytes = readFileSync(path);
  return decodeUtf8(bytes, displayPath(path));
}

/** Offset of the first byte that breaks UTF-8, for a message the author can act on. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need = 0;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return i;
}

/** 1-based line and column (in bytes) of a byte offset, so an editor can jump to the bad byte. */
export function lineAndColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
