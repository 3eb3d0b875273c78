// The PDF's file identifier (the trailer's /ID), made from what is painted rather than from a clock or a
// random source, so the same book builds to the same bytes and a changed one to another identifier. Two
// CRC-32s of the same text taken two ways, and its length: an identifier of a file's version, not a
// signature (pdfkit's own is an MD5 of the date). SHA-256 did this before, at the price of loading
// node:crypto, ~7 ms of every build.
import { crc32 } from '../../crc32.js';

export class Fingerprint {
  /** CRC-32 of everything updated, as one stream. */
  private whole = 0;
  /** CRC-32 chained piece by piece, each piece's own CRC-32 folded in with its number. */
  private pieces = 0;
  private count = 0;
  private length = 0;

  update(data: string | Uint8Array): this {
    this.whole = crc32(data, this.whole);
    this.count++;
    this.pieces = crc32(`${this.count}:${crc32(data)}|`, this.pieces);
    this.length += data.length;
    return this;
  }

  /** The 16 bytes of the identifier. */
  digest(): Uint8Array {
    const out = new Uint8Array(16);
    const view = new DataView(out.buffer);
    view.setUint32(0, this.whole);
    view.setUint32(4, this.pieces);
    view.setUint32(8, this.count);
    view.setUint32(12, this.length >>> 0);
    return out;
  }
}
