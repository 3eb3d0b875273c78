// `unzip -t` and `unzip -l` in this process: reads a zip's central directory, and for each entry its local
// header, data and CRC-32, as Info-ZIP does, so zip tests need no unzip on the machine.
import { readFileSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  size: number;
  compressedSize: number;
  /** The DOS date and time as written, as `unzip -l` prints them (no time zone: zip has none). */
  modified: string;
}

export interface ZipCheck {
  ok: boolean;
  problems: string[];
  entries: ZipEntry[];
}

export function checkZip(file: string): ZipCheck {
  const buf = readFileSync(file);
  const problems: string[] = [];
  const entries: ZipEntry[] = [];
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > buf.length) return { ok: false, problems: ['no end of central directory record'], entries };
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  if (at + buf.readUInt32LE(eocd + 12) !== eocd) problems.push('the central directory does not end where the end record begins');
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) {
      problems.push(`central directory entry ${i + 1} is missing`);
      break;
    }
    const method = buf.readUInt16LE(at + 10);
    const time = buf.readUInt16LE(at + 12);
    const date = buf.readUInt16LE(at + 14);
    const crc = buf.readUInt32LE(at + 16);
    const compressedSize = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    at = next;
    const pad = (n: number) => String(n).padStart(2, '0');
    entries.push({
      name,
      method,
      size,
      compressedSize,
      modified: `${(date >> 9) + 1980}-${pad((date >> 5) & 15)}-${pad(date & 31)} ${pad(time >> 11)}:${pad((time >> 5) & 63)}`,
    });
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) {
      problems.push(`${name}: no local header at ${local}`);
      continue;
    }
    const localName = buf.toString('utf8', local + 30, local + 30 + buf.readUInt16LE(local + 26));
    if (localName !== name) problems.push(`${name}: the local header names ${localName}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + compressedSize);
    let data: Buffer;
    try {
      if (method === 0) data = raw;
      else if (method === 8) data = inflateRawSync(raw);
      else {
        problems.push(`${name}: unsupported method ${method}`);
        continue;
      }
    } catch (e) {
      problems.push(`${name}: ${(e as Error).message}`);
      continue;
    }
    if (data.length !== size) problems.push(`${name}: ${data.length} bytes, the directory says ${size}`);
    if (crc32(data) !== crc) problems.push(`${name}: bad CRC`);
  }
  return { ok: problems.length === 0, problems, entries };
}
