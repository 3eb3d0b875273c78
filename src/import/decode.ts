// Bytes of a plain-text story → one string with LF line ends.
// Old stories come from Word or mailing lists: Windows-1252 is as likely as UTF-8.

/** `mixed`: UTF-8 with some lines in Windows-1252 (text pasted together from two sources). */
export type SourceEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'mixed';
export type LineEnds = 'lf' | 'crlf' | 'cr' | 'mixed' | 'none';

export interface DecodedText {
  text: string;
  encoding: SourceEncoding;
  lineEnds: LineEnds;
}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F; five of those bytes are undefined
// and are kept as the C1 control they stand for in Latin-1.
const CP1252_HIGH: readonly number[] = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
  0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const chunk: number[] = [];
  for (const b of bytes) {
    chunk.push(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b);
    if (chunk.length >= 4096) {
      out += String.fromCharCode(...chunk);
      chunk.length = 0;
    }
  }
  return out + String.fromCharCode(...chunk);
}

function decodeBytes(bytes: Uint8Array): { text: string; encoding: SourceEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  const strict = tryUtf8(bytes);
  if (strict !== undefined) return { text: strict, encoding: 'utf-8' };
  // Not UTF-8 as a whole: a legacy code page, or UTF-8 with lines pasted in from one. Line by
  // line, each is read as UTF-8 where it is valid and as Windows-1252 where it is not.
  // (Node 20's TextDecoder('windows-1252') decodes as Latin-1, curly quotes becoming C1
  // controls, so the table above does the work.)
  const parts: string[] = [];
  let utf8Lines = 0;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    const line = bytes.subarray(start, i);
    const asUtf8 = line.some((b) => b >= 0x80) ? tryUtf8(line) : undefined;
    if (asUtf8 !== undefined) utf8Lines++;
    parts.push(asUtf8 ?? decodeWindows1252(line));
    start = i + 1;
  }
  return { text: parts.join('\n'), encoding: utf8Lines > 0 ? 'mixed' : 'windows-1252' };
}

function tryUtf8(bytes: Uint8Array): string | undefined {
  try {
    // fatal: a byte sequence that is not UTF-8 throws instead of becoming U+FFFD.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function detectLineEnds(text: string): LineEnds {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const cr = (text.match(/\r(?!\n)/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  const kinds = [crlf > 0, cr > 0, lf > 0].filter(Boolean).length;
  if (kinds === 0) return 'none';
  if (kinds > 1) return 'mixed';
  return crlf > 0 ? 'crlf' : cr > 0 ? 'cr' : 'lf';
}

export function decodeText(bytes: Uint8Array): DecodedText {
  const { text, encoding } = decodeBytes(bytes);
  const lineEnds = detectLineEnds(text);
  // A form feed (page break in old word-processor exports) is a line end too.
  const normalised = text.replace(/\r\n?/g, '\n').replace(/\f/g, '\n').replace(/^\ufeff/, '');
  return { text: normalised, encoding, lineEnds };
}
