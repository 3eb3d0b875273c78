// The checksums written here instead of loading node:crypto (~7 ms of every build): SHA-1 for the
// name-based book identifier, CRC-32 for the PDF's file identifier. Each against Node's own.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sha1 } from '../src/book/sha1.js';
import { derivedIdentifier } from '../src/book/identifier.js';
import { crc32, crc32Table } from '../src/crc32.js';
import { makeBookFolder, tempDir } from './helpers/book-folder.js';
import { BIN } from './helpers/cli.js';

function randomBytes(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('SHA-1', () => {
  it('gives what node:crypto gives, at every length around the block boundaries', () => {
    for (let length = 0; length < 200; length++) {
      const bytes = randomBytes(length + 1, length);
      expect(Buffer.from(sha1(bytes)).toString('hex'), `length ${length}`).toBe(createHash('sha1').update(bytes).digest('hex'));
    }
    const long = randomBytes(7, 100_000);
    expect(Buffer.from(sha1(long)).toString('hex')).toBe(createHash('sha1').update(long).digest('hex'));
  });

  it('keeps the identifiers books already have (a UUID made with node:crypto before)', () => {
    expect(derivedIdentifier('The Cartographer’s Daughter', ['Wren Halloway'])).toBe(derivedFromNode('The Cartographer’s Daughter', ['Wren Halloway']));
    expect(derivedIdentifier('最后一班渡轮', ['林', 'Ana María'])).toBe(derivedFromNode('最后一班渡轮', ['林', 'Ana María']));
  });
});

/** identifier.ts as it was, on node:crypto. */
function derivedFromNode(title: string, authors: string[]): string {
  const hash = createHash('sha1').update(Buffer.from('6f0d3c2e8a4b4e1fa6f1b2c3d4e5f607', 'hex')).update(`${title}\n${authors.join('\n')}`, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('CRC-32', () => {
  it('the table (Node before 20.15) gives what zlib gives, for bytes and text, whole and continued', () => {
    for (let length = 0; length < 300; length += 7) {
      const bytes = randomBytes(length + 3, length);
      expect(crc32Table(bytes)).toBe(zlib.crc32(bytes));
      expect(crc32Table(bytes, 0x1234abcd)).toBe(zlib.crc32(bytes, 0x1234abcd));
      expect(crc32(bytes)).toBe(zlib.crc32(bytes));
    }
    const text = 'Smart “quotes” — and 最后一班渡轮';
    expect(crc32Table(text)).toBe(zlib.crc32(text));
    expect(crc32Table('b', crc32Table('a'))).toBe(crc32Table('ab'));
  });
});

describe('a build', () => {
  it('does not load node:crypto', () => {
    const dir = makeBookFolder({ 'book.yaml': 'title: A Story\nauthor: Someone\n', '01.md': '# One\n\nA short chapter, so the build is quick.\n' });
    const out = tempDir('crypto-out-');
    // At exit (a finished build exits at once), the built-in modules Node loaded.
    const probe = "process.on('exit', () => process.stderr.write('\\nLOADED ' + process.moduleLoadList.filter((m) => /crypto/.test(m)).join(',') + '\\n'))";
    const r = spawnSync(process.execPath, ['--import', 'data:text/javascript,' + encodeURIComponent(probe), BIN, 'build', dir, '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^LOADED $/m);
  }, 60_000);
});
