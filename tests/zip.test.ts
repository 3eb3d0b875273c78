import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { dosDateTime, zip } from '../src/writers/epub/zip.js';
import { tempDir } from './helpers/book-folder.js';
import { tools } from './helpers/tools.js';
import { checkZip } from './helpers/zip-check.js';

const modified = new Date(Date.UTC(2023, 10, 14, 22, 13, 20));
const text = 'She said, "It\'s the ferry." '.repeat(500);

describe('the EPUB zip writer', () => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await zip(
    [
      { name: 'mimetype', data: Buffer.from('application/epub+zip'), store: true },
      { name: 'EPUB/text/chapter-001.xhtml', data: Buffer.from(text) },
      { name: 'EPUB/images/empty.png', data: new Uint8Array(0), store: true },
    ],
    { modified },
    );
  });

  it('round-trips every entry, in order, through another zip reader', () => {
    const entries = unzipSync(bytes);
    expect(Object.keys(entries)).toEqual(['mimetype', 'EPUB/text/chapter-001.xhtml', 'EPUB/images/empty.png']);
    expect(Buffer.from(entries['EPUB/text/chapter-001.xhtml']).toString()).toBe(text);
    expect(entries['EPUB/images/empty.png'].length).toBe(0);
  });

  it('stores what it is told to store and deflates the rest', () => {
    const buf = Buffer.from(bytes);
    expect(buf.readUInt16LE(8)).toBe(0);
    const second = 30 + 'mimetype'.length + 'application/epub+zip'.length;
    expect(buf.readUInt32LE(second)).toBe(0x04034b50);
    expect(buf.readUInt16LE(second + 8)).toBe(8);
    expect(buf.readUInt32LE(second + 18)).toBeLessThan(text.length / 10);
  });

  it('passes a zip test: every entry where the directory says, its size and CRC right; the time written as UTC', () => {
    const file = join(tempDir(), 'test.zip');
    writeFileSync(file, bytes);
    const check = checkZip(file);
    expect(check.problems).toEqual([]);
    expect(check.entries.map((e) => [e.name, e.modified])).toEqual([
      ['mimetype', '2023-11-14 22:13'],
      ['EPUB/text/chapter-001.xhtml', '2023-11-14 22:13'],
      ['EPUB/images/empty.png', '2023-11-14 22:13'],
    ]);
  });

  it.skipIf(!tools.unzip)('passes `unzip -t` with the time written as UTC', () => {
    const file = join(tempDir(), 'test.zip');
    writeFileSync(file, bytes);
    const out = execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
    expect(out).toContain('No errors detected');
    const listing = execFileSync('unzip', ['-l', file], { encoding: 'utf8', env: { ...process.env, TZ: 'Pacific/Auckland' } });
    expect(listing).toMatch(/2023-11-14 22:13|11-14-2023 22:13/);
  });

  it('writes no extra fields, so the mimetype entry is as EPUB readers expect', () => {
    const buf = Buffer.from(bytes);
    expect(buf.readUInt16LE(28)).toBe(0);
    expect(buf.subarray(30, 38).toString()).toBe('mimetype');
  });

  it('clamps times before 1980, which zip cannot express', () => {
    // 1980-01-01 00:00:00: year 0, month 1, day 1.
    expect(dosDateTime(new Date(0))).toEqual({ date: (1 << 5) | 1, time: 0 });
  });

  it('stores an entry that deflate would only make larger, and marks a UTF-8 name as such', () => {
    const noise = randomBytes(4096);
    const bytes = zip(
      [
        { name: 'noise.bin', data: noise },
        { name: 'EPUB/text/café.xhtml', data: Buffer.from(text) },
      ],
      { modified },
    );
    const buf = Buffer.from(bytes);
    expect(buf.readUInt16LE(8)).toBe(0); // stored
    expect(buf.readUInt32LE(18)).toBe(noise.length);
    const second = 30 + 'noise.bin'.length + noise.length;
    expect(buf.readUInt16LE(second + 6) & 0x0800).toBe(0x0800);
    const entries = unzipSync(bytes);
    expect(Buffer.from(entries['noise.bin']).equals(noise)).toBe(true);
    expect(Buffer.from(entries['EPUB/text/café.xhtml']).toString()).toBe(text);
    const file = join(tempDir(), 'names.zip');
    writeFileSync(file, bytes);
    const check = checkZip(file);
    expect(check.problems).toEqual([]);
    expect(check.entries.map((e) => [e.name, e.method])).toEqual([
      ['noise.bin', 0],
      ['EPUB/text/café.xhtml', 8],
    ]);
    if (tools.unzip) expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toContain('No errors detected');
  });

  it('the zip test finds a damaged entry', () => {
    const file = join(tempDir(), 'damaged.zip');
    const damaged = Buffer.from(bytes);
    // A byte inside the deflated chapter: its CRC (or the inflate) no longer agrees.
    const second = 30 + 'mimetype'.length + 'application/epub+zip'.length;
    damaged[second + 30 + 'EPUB/text/chapter-001.xhtml'.length + 20] ^= 0xff;
    writeFileSync(file, damaged);
    expect(checkZip(file).problems).toEqual([expect.stringMatching(/^EPUB\/text\/chapter-001\.xhtml: /)]);
  });
});
