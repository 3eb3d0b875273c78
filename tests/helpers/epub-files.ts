// Reads the entries of a built EPUB for assertions.
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';

export function readEpub(file: string): Map<string, string> {
  const entries = unzipSync(readFileSync(file));
  return new Map(Object.entries(entries).map(([name, data]) => [name, /\.(png|jpe?g)$/.test(name) ? '' : strFromU8(data)]));
}

export function entryNames(file: string): string[] {
  return Object.keys(unzipSync(readFileSync(file)));
}
