// CRC-32 (the zip and PNG checksum): Node's own (zlib.crc32, from Node 20.15), else a table, with the same
// results. Used by the EPUB's zip and by the PDF's file identifier (writers/pdf/fingerprint.ts), where it
// spares loading node:crypto, ~7 ms of every build.
import zlib from 'node:zlib';

const native = (zlib as { crc32?: (data: string | Uint8Array, value?: number) => number }).crc32;

/** The CRC-32 of `data` (a string counts as its UTF-8 bytes), continuing from `previous`, a CRC-32 so far. */
export const crc32: (data: string | Uint8Array, previous?: number) => number =
  typeof native === 'function' ? (data, previous = 0) => native(data, previous) : crc32Table;

let table: Uint32Array | undefined;

/** CRC-32 for a Node 20 older than 20.15, which has no zlib.crc32. */
export function crc32Table(data: string | Uint8Array, previous = 0): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
