// The EPUB container: a plain zip written here in one pass. Entries keep the order given (the EPUB
// `mimetype` first, stored); the rest are deflated by Node's native zlib (src/deflate.ts). One fixed modification time and
// no extra fields, so the bytes depend on the book alone (and `mimetype` sits at byte 38, as readers
// expect). Written by hand rather than with a zip library: an EPUB needs none of a library's streaming,
// and loading Node's streams and pumping entries through them cost more than the EPUB's deflating.
import { deflate } from '../../deflate.js';
import { crc32 } from '../../crc32.js';

export interface ZipEntry {
  /** Path inside the archive: forward slashes. */
  name: string;
  data: Uint8Array;
  /** Store without compression (the EPUB `mimetype`, images that are compressed already). */
  store?: boolean;
}

export interface ZipOptions {
  /** Deflate level for entries not stored; 6 is zlib's usual balance of size and speed. */
  level?: number;
  /** The time every entry carries. */
  modified: Date;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const END_SIZE = 22;
const STORED = 0;
const DEFLATED = 8;
/** Version 2.0: deflate. "Made by" adds the host: 3, Unix, so the external attributes hold a file mode. */
const VERSION_NEEDED = 20;
const VERSION_MADE_BY = (3 << 8) | 20;
/** A regular file, rw-r--r--, in the high half of the external attributes. */
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0;
/** General purpose flag bit 11: the name is UTF-8. */
const UTF8_NAME = 0x0800;
/**
 * An entry of up to 64 kB gets a 16 kB window and memLevel 6 (~96 kB of zlib state, not the default's
 * ~256 kB, which the C library returned to the system after each use): it compresses within a fraction of
 * a percent.
 */
const SMALL_ENTRY = 65536;
const SMALL_STATE = { windowBits: 14, memLevel: 6 };
const MAX_U16 = 0xffff;
const MAX_U32 = 0xffffffff;

/**
 * An entry's MS-DOS date and time, from the UTC fields of `date` so the bytes do not depend on the time
 * zone. Zip cannot say anything before 1980, and counts seconds in twos.
 */
export function dosDateTime(date: Date): { date: number; time: number } {
  const t = new Date(Math.max(date.getTime(), Date.UTC(1980, 0, 1)));
  return {
    date: ((t.getUTCFullYear() - 1980) << 9) | ((t.getUTCMonth() + 1) << 5) | t.getUTCDate(),
    time: (t.getUTCHours() << 11) | (t.getUTCMinutes() << 5) | (t.getUTCSeconds() >> 1),
  };
}

interface Prepared {
  name: Buffer;
  flags: number;
  method: number;
  crc: number;
  size: number;
  body: Uint8Array;
  offset: number;
}

/**
 * The fields the local header and the central directory share, in the same order: version needed, flags,
 * method, time, date, CRC-32, sizes, name length, and an empty extra field.
 */
function writeEntryFields(out: Buffer, at: number, p: Prepared, date: number, time: number): number {
  at = out.writeUInt16LE(VERSION_NEEDED, at);
  at = out.writeUInt16LE(p.flags, at);
  at = out.writeUInt16LE(p.method, at);
  at = out.writeUInt16LE(time, at);
  at = out.writeUInt16LE(date, at);
  at = out.writeUInt32LE(p.crc, at);
  at = out.writeUInt32LE(p.body.length, at);
  at = out.writeUInt32LE(p.size, at);
  at = out.writeUInt16LE(p.name.length, at);
  return out.writeUInt16LE(0, at); // no extra field
}

export function zip(entries: readonly ZipEntry[], options: ZipOptions): Uint8Array {
  const { date, time } = dosDateTime(options.modified);
  const level = options.level ?? 6;
  if (entries.length > MAX_U16) throw new Error(`an EPUB of ${entries.length} files is more than a zip without ZIP64 holds (${MAX_U16})`);
  const prepared: Prepared[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    let body = entry.data;
    let method = STORED;
    if (!entry.store && entry.data.length > 0) {
      const deflated = deflate(entry.data, entry.data.length <= SMALL_ENTRY ? { raw: true, level, ...SMALL_STATE } : { raw: true, level });
      // Deflate can only make incompressible data larger: such an entry is stored.
      if (deflated.length < entry.data.length) {
        body = deflated;
        method = DEFLATED;
      }
    }
    const flags = name.length === entry.name.length ? 0 : UTF8_NAME;
    prepared.push({ name, flags, method, crc: entry.data.length > 0 ? crc32(entry.data) : 0, size: entry.data.length, body, offset });
    offset += LOCAL_HEADER_SIZE + name.length + body.length;
  }
  const directorySize = prepared.reduce((sum, p) => sum + CENTRAL_HEADER_SIZE + p.name.length, 0);
  const total = offset + directorySize + END_SIZE;
  if (total > MAX_U32) throw new Error('the EPUB would be larger than 4 GB, more than a zip without ZIP64 holds');

  const out = Buffer.alloc(total);
  for (const p of prepared) {
    let at = p.offset;
    at = out.writeUInt32LE(LOCAL_HEADER, at);
    at = writeEntryFields(out, at, p, date, time);
    at += p.name.copy(out, at);
    out.set(p.body, at);
  }
  let at = offset;
  for (const p of prepared) {
    at = out.writeUInt32LE(CENTRAL_HEADER, at);
    at = out.writeUInt16LE(VERSION_MADE_BY, at);
    at = writeEntryFields(out, at, p, date, time);
    at = out.writeUInt16LE(0, at); // comment
    at = out.writeUInt16LE(0, at); // disk number
    at = out.writeUInt16LE(0, at); // internal attributes
    at = out.writeUInt32LE(EXTERNAL_ATTRIBUTES, at);
    at = out.writeUInt32LE(p.offset, at);
    at += p.name.copy(out, at);
  }
  at = out.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, at);
  at = out.writeUInt16LE(0, at); // this disk
  at = out.writeUInt16LE(0, at); // the disk the directory starts on
  at = out.writeUInt16LE(prepared.length, at);
  at = out.writeUInt16LE(prepared.length, at);
  at = out.writeUInt32LE(directorySize, at);
  at = out.writeUInt32LE(offset, at);
  out.writeUInt16LE(0, at); // comment
  return out;
}
