// What a file is, from its bytes (not its name): an EPUB, a Word document, an HTML page, plain text, or
// something the importer refuses, described in words the author knows.
import { listZip, type ZipEntryInfo } from './zip-safe.js';

export type Sniffed =
  | { kind: 'epub'; entries: ZipEntryInfo[] }
  | { kind: 'docx'; entries: ZipEntryInfo[] }
  | { kind: 'html' }
  | { kind: 'text' }
  | { kind: 'refused'; looksLike: string; hint?: string };

const starts = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Signatures of files that are not stories in text, and what to tell the author. */
const MAGIC: { sig: number[]; at?: number; looksLike: string; hint?: string }[] = [
  { sig: ascii('%PDF-'), looksLike: 'a PDF document', hint: 'import the story from the file the PDF was made from (.docx, .epub, .html or .txt)' },
  { sig: [0x89, 0x50, 0x4e, 0x47], looksLike: 'a PNG image' },
  { sig: [0xff, 0xd8, 0xff], looksLike: 'a JPEG image' },
  { sig: ascii('GIF8'), looksLike: 'a GIF image' },
  { sig: ascii('WEBP'), at: 8, looksLike: 'a WebP image' },
  { sig: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], looksLike: 'a legacy Word .doc (Office 97–2003) file', hint: 'open it in Word or LibreOffice and save it as .docx' },
  { sig: ascii('{\\rtf'), looksLike: 'an RTF document', hint: 'open it in Word or LibreOffice and save it as .docx' },
  { sig: [0x1f, 0x8b], looksLike: 'a gzip-compressed file', hint: 'unpack it first' },
  { sig: ascii('Rar!'), looksLike: 'a RAR archive', hint: 'unpack it first' },
  { sig: [0x37, 0x7a, 0xbc, 0xaf], looksLike: 'a 7-Zip archive', hint: 'unpack it first' },
  { sig: ascii('MZ'), looksLike: 'a Windows program' },
  { sig: [0x7f, 0x45, 0x4c, 0x46], looksLike: 'a program (ELF executable)' },
  { sig: ascii('ID3'), looksLike: 'an MP3 audio file' },
  { sig: ascii('ftyp'), at: 4, looksLike: 'a video or audio file (MP4)' },
  { sig: ascii('BOOKMOBI'), at: 60, looksLike: 'a Kindle (MOBI/AZW) e-book', hint: 'convert it to EPUB first (calibre does), then import the EPUB' },
];

function sniffZip(bytes: Uint8Array): Sniffed {
  const entries = listZip(bytes);
  const names = new Set(entries.map((e) => e.name));
  const mimetype = entries[0]?.name === 'mimetype' ? new TextDecoder().decode(bytes.subarray(30 + 8, 30 + 8 + 40)) : '';
  if (names.has('META-INF/container.xml') || mimetype.includes('application/epub+zip')) return { kind: 'epub', entries };
  if (names.has('word/document.xml')) return { kind: 'docx', entries };
  if (names.has('content.xml') && [...names].some((n) => n === 'META-INF/manifest.xml')) {
    return { kind: 'refused', looksLike: 'an OpenDocument file (.odt)', hint: 'save it as .docx in LibreOffice and import that' };
  }
  if (names.has('xl/workbook.xml')) return { kind: 'refused', looksLike: 'an Excel spreadsheet' };
  if (names.has('ppt/presentation.xml')) return { kind: 'refused', looksLike: 'a PowerPoint presentation' };
  return { kind: 'refused', looksLike: 'a zip archive that is neither an EPUB nor a Word document', hint: 'unpack it and import the story inside' };
}

/** Text with NULs or many control characters is not text. */
function looksBinary(head: Uint8Array): boolean {
  let controls = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) controls++;
  }
  return controls > Math.max(4, head.length / 100);
}

export function sniff(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return { kind: 'refused', looksLike: 'an empty file' };
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04]) || starts(bytes, [0x50, 0x4b, 0x05, 0x06])) return sniffZip(bytes);
  for (const m of MAGIC) {
    if (starts(bytes, m.sig, m.at ?? 0)) return { kind: 'refused', looksLike: m.looksLike, ...(m.hint && { hint: m.hint }) };
  }
  // UTF-16 text (a BOM) is text, but not one this importer reads.
  if (starts(bytes, [0xff, 0xfe]) || starts(bytes, [0xfe, 0xff])) {
    return { kind: 'refused', looksLike: 'UTF-16 text', hint: 'save it as UTF-8 and import again' };
  }
  const head = bytes.subarray(0, 8192);
  if (looksBinary(head)) return { kind: 'refused', looksLike: 'binary data, not text' };
  const text = new TextDecoder('latin1').decode(head).replace(/^\uFEFF|^ï»¿/, '').trimStart().toLowerCase();
  if (/^<(?:!doctype html|html[\s>]|\?xml[^>]*>\s*(?:<!doctype html|<html))/.test(text) || /<body[\s>]/.test(text.slice(0, 4096)) && /^</.test(text)) {
    return { kind: 'html' };
  }
  return { kind: 'text' };
}
