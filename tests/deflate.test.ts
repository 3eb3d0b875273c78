// src/deflate.ts reuses one zlib engine per kind of stream: every stream must come out exactly as
// zlib.deflateSync / deflateRawSync make it, whatever came before it on the same engine.

import zlib from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { deflate, type DeflateOptions } from '../src/deflate.js';
import { prng } from '../scripts/bench-corpus.mjs';

function text(length: number, seed: number): Buffer {
  const words = ['the', 'ferry', 'night', 'harbour', 'lamp', 'BT', 'ET', 'Tf', '[(', ')]', 'TJ', '0.25', '\n'];
  const random = prng(seed);
  let s = '';
  while (s.length < length) s += words[Math.floor(random() * words.length)] + ' ';
  return Buffer.from(s.slice(0, length), 'latin1');
}

function noise(length: number, seed: number): Buffer {
  const random = prng(seed);
  const b = Buffer.alloc(length);
  for (let i = 0; i < length; i++) b[i] = Math.floor(random() * 256);
  return b;
}

const reference = (data: Uint8Array, { raw, ...options }: DeflateOptions): Buffer =>
  raw ? zlib.deflateRawSync(data, options) : zlib.deflateSync(data, options);

const KINDS: DeflateOptions[] = [
  {},
  { level: 4, windowBits: 14, memLevel: 6 },
  { raw: true, level: 6 },
  { raw: true, level: 6, windowBits: 14, memLevel: 6 },
];

describe('deflate on reused engines', () => {
  test('each stream has the bytes deflateSync gives it, in any order of sizes and kinds', () => {
    // Empty, one byte, text, and incompressible data larger than the first output buffer (more than one write).
    const inputs = [Buffer.alloc(0), Buffer.from('x'), text(5000, 1), noise(200_000, 2), text(70_000, 3), text(300, 4), noise(17, 5)];
    for (let round = 0; round < 2; round++) {
      for (const options of KINDS) {
        for (const data of inputs) {
          const ours = deflate(data, options);
          expect(ours.equals(reference(data, options)), `${JSON.stringify(options)}, ${data.length} bytes`).toBe(true);
          const back = options.raw ? zlib.inflateRawSync(ours) : zlib.inflateSync(ours);
          expect(back.equals(data)).toBe(true);
        }
      }
    }
  });

  test('a stream taken from a larger buffer is deflated from its own bytes only', () => {
    const whole = text(20_000, 6);
    const part = whole.subarray(5000, 9000);
    expect(deflate(part, { level: 4, windowBits: 14, memLevel: 6 }).equals(zlib.deflateSync(part, { level: 4, windowBits: 14, memLevel: 6 }))).toBe(true);
  });
});
