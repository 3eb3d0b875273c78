// Reading an EPUB or a .docx (both zip files) without trusting it: names that climb out of a folder,
// sizes far beyond what the file can hold and declared XML entities are refused before anything is
// decompressed or parsed.
import { unzipSync } from 'fflate';
import { refuse } from './refused.js';

/** The most a story's zip may unpack to: a 100k-word EPUB with its images is a few MB. */
export const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
export const MAX_ENTRIES = 10_000;
/** Deflate cannot do better than about 1032:1; text compresses 3–10:1. A higher ratio is a bomb. */
export const MAX_RATIO = 200;

export interface ZipEntryInfo {
  name: string;
  size: number;
  originalSize: number;
  compression: number;
}

/** Where the name would land if extracted, when that is not inside the folder. */
export function unsafeEntryName(name: string): string | undefined {
  if (name.includes('\\')) return 'a backslash in its name';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'an absolute path';
  if (name.split('/').some((part) => part === '..')) return 'a `..` that climbs out of the folder';
  if (name.includes('\0')) return 'a NUL byte in its name';
  return undefined;
}

/** The entries' names and sizes from the central directory; decompresses nothing. */
export function listZip(bytes: Uint8Array): ZipEntryInfo[] {
  const entries: ZipEntryInfo[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries.push({ name: f.name, size: f.size, originalSize: f.originalSize, compression: f.compression });
        return false;
      },
    });
  } catch {
    refuse('a damaged zip file (its table of contents cannot be read)');
  }
  return entries;
}

/** Checks every entry before any is unpacked; refuses the file on the first that is unsafe. */
export function checkZip(entries: readonly ZipEntryInfo[], fileSize: number): void {
  if (entries.length > MAX_ENTRIES) refuse(`a zip with ${entries.length} entries (the limit is ${MAX_ENTRIES}); refused as a zip bomb`);
  let total = 0;
  for (const e of entries) {
    const why = unsafeEntryName(e.name);
    if (why) refuse(`zip entry "${e.name}" has ${why} (a "zip slip"); refused`);
    if (e.compression !== 0 && e.compression !== 8) refuse(`zip entry "${e.name}" uses compression method ${e.compression}, which EPUB and Word files never use`);
    total += e.originalSize;
    if (e.originalSize > MAX_UNPACKED_BYTES || total > MAX_UNPACKED_BYTES) {
      refuse(`a zip that unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB from ${fileSize} bytes; refused as a zip bomb`);
    }
    if (e.originalSize > 1024 * 1024 && e.originalSize > e.size * MAX_RATIO) {
      refuse(`zip entry "${e.name}" unpacks ${Math.round(e.originalSize / Math.max(1, e.size))} times larger than it is stored (limit ${MAX_RATIO}); refused as a zip bomb`);
    }
  }
}

export interface SafeZip {
  names: string[];
  /** The entry's bytes, unpacked now; undefined when there is no such entry. */
  bytes(name: string): Uint8Array | undefined;
  /** The entry as UTF-8 text, refused if it declares XML entities. */
  text(name: string): string | undefined;
}

export function openZip(bytes: Uint8Array): SafeZip {
  const entries = listZip(bytes);
  checkZip(entries, bytes.length);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const cache = new Map<string, Uint8Array>();
  const zip: SafeZip = {
    names: entries.map((e) => e.name),
    bytes(name) {
      const info = byName.get(name);
      if (!info) return undefined;
      const hit = cache.get(name);
      if (hit) return hit;
      let out: Uint8Array | undefined;
      try {
        // One entry at a time, into a buffer of the declared size: an entry that lies about its size
        // cannot grow past it.
        const files = unzipSync(bytes, { filter: (f) => f.name === name });
        out = files[name];
      } catch {
        refuse(`zip entry "${name}" is damaged and cannot be unpacked`);
      }
      if (!out) return undefined;
      cache.set(name, out);
      return out;
    },
    text(name) {
      const data = zip.bytes(name);
      if (!data) return undefined;
      const text = new TextDecoder('utf-8').decode(data).replace(/^\uFEFF/, '');
      checkXmlText(text, name);
      return text;
    },
  };
  return zip;
}

/** XML that declares entities (the "billion laughs", external files) is never a real book's. */
export function checkXmlText(text: string, name: string): void {
  if (/<!ENTITY/i.test(text)) refuse(`"${name}" declares XML entities (<!ENTITY>), which can expand without limit or read other files; refused`);
  if (/<!DOCTYPE[^>]*\b(?:SYSTEM|PUBLIC)\b[^>]*\[/i.test(text)) refuse(`"${name}" carries an internal DTD subset; refused`);
}
