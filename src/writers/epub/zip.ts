// A minimal zip writer for the EPUB container: entries in the order given, each stored or deflated, one
// fixed modification time, no extra fields. Compression is Node's native zlib, several times faster than
// deflate in JavaScript, and the container format is small enough to write by hand (APPNOTE 4.3).
import * as zlib from 'node:zlib';

export interface ZipEntry {
  /** Path inside the archive: ASCII, forward slashes. */
  name: string;
  data: Uint8Array;
  /** Store without compression (the EPUB `mimetype`, images that are compressed already). */
  store?: boolean;
}

export interface ZipOptions {
  /** Deflate level for entries not stored; 6 is zlib's usual balance of size and speed. */
  level?: number;
  /** The time every entry carries; its UTC fields are written, so the bytes do not depend on the time zone. */
  modified: Date;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const VERSION = 20; // 2.0: deflate, what every reader supports
const UTF8_NAMES = 0x0800;

/** MS-DOS date and time words, from the UTC fields; zip cannot say anything before 1980. */
export function dosDateTime(date: Date): { time: number; date: number } {
  const d = new Date(Math.max(date.getTime(), Date.UTC(1980, 0, 1)));
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

let crcTable: Int32Array | undefined;

/** CRC-32 (IEEE); zlib.crc32 where Node has it (20.15+), else a table in JavaScript. */
export function crc32(data: Uint8Array): number {
  const native = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
  if (native) return native(data) >>> 0;
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let c = -1;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

export function zip(entries: readonly ZipEntry[], options: ZipOptions): Uint8Array {
  const level = options.level ?? 6;
  const { time, date } = dosDateTime(options.modified);
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const flags = /^[\x20-\x7e]*$/.test(entry.name) ? 0 : UTF8_NAMES;
    const method = entry.store ? 0 : 8;
    const body = entry.store ? entry.data : zlib.deflateRawSync(entry.data, { level });
    const crc = crc32(entry.data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, name, body);

    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(CENTRAL_HEADER, 0);
    dir.writeUInt16LE(VERSION, 4); // made by: MS-DOS attributes, spec 2.0
    dir.writeUInt16LE(VERSION, 6);
    dir.writeUInt16LE(flags, 8);
    dir.writeUInt16LE(method, 10);
    dir.writeUInt16LE(time, 12);
    dir.writeUInt16LE(date, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(entry.data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    // extra, comment, disk number, internal and external attributes: all zero
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);

    offset += local.length + name.length + body.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  if (offset + centralSize > 0xffffffff || entries.length > 0xffff) {
    throw new Error('the EPUB is too large for a zip without Zip64 (over 4 GB or 65,535 files)');
  }
  return Buffer.concat([...parts, ...central, end]);
}
