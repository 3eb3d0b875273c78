// Sending an edition: the headers a browser and an e-reader need (type, length, file name, ETag) and byte
// ranges, which e-reader browsers use to resume a download. Only files the last good build wrote are ever
// opened; the URL names one by its file name, and anything else (a path, `..`, an encoded slash, a
// symbolic link put in its place) is not found.
import { createReadStream, fstatSync, lstatSync, openSync, closeSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Format } from '../model/book.js';
import type { Catalog, ServedEdition } from './site.js';

export const MEDIA_TYPES: Record<Format, string> = {
  epub: 'application/epub+zip',
  kepub: 'application/kepub+zip',
  pdf: 'application/pdf',
};

/** The edition a download URL's last segment names, if the build wrote one by that exact name. */
export function findEdition(catalog: Catalog | undefined, segment: string): ServedEdition | undefined {
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  if (name === '' || /[/\\\0]/.test(name) || name.startsWith('.')) return undefined;
  for (const book of catalog?.books ?? []) {
    const edition = book.editions.find((e) => e.fileName === name);
    if (edition) return edition;
  }
  return undefined;
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` → the inclusive range; 'unsatisfiable'; or undefined to send it all. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges, or another unit: the whole file is an answer the client must accept (RFC 9110 14.2).
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Sends the edition (GET) or only its headers (HEAD). The file is opened once, so a rebuild renaming a new
 * edition over it mid-download changes nothing: the reader gets the whole of the one it started. */
export function sendEdition(req: IncomingMessage, res: ServerResponse, edition: ServedEdition): void {
  let fd: number;
  try {
    // Not a symbolic link, and a plain file: the build writes nothing else.
    if (!lstatSync(edition.path).isFile()) throw new Error('not a file');
    fd = openSync(edition.path, 'r');
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return;
  }
  const stat = fstatSync(fd);
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  const headers: Record<string, string | number> = {
    'Content-Type': MEDIA_TYPES[edition.format],
    'Content-Disposition': contentDisposition(edition.fileName),
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'Last-Modified': stat.mtime.toUTCString(),
    'Cache-Control': 'no-cache',
  };
  if (req.headers['if-none-match'] === etag) {
    closeSync(fd);
    res.writeHead(304, headers).end();
    return;
  }
  // If-Range: resume only if the file is still the one the first part came from.
  const ifRange = req.headers['if-range'];
  const range = ifRange === undefined || ifRange === etag ? parseRange(req.headers.range, stat.size) : undefined;
  if (range === 'unsatisfiable') {
    closeSync(fd);
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${stat.size}`, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : 'Range not satisfiable\n');
    return;
  }
  const { start, end } = range ?? { start: 0, end: stat.size - 1 };
  const length = stat.size === 0 ? 0 : end - start + 1;
  res.writeHead(range ? 206 : 200, {
    ...headers,
    'Content-Length': length,
    ...(range && { 'Content-Range': `bytes ${start}-${end}/${stat.size}` }),
  });
  if (req.method === 'HEAD' || length === 0) {
    closeSync(fd);
    res.end();
    return;
  }
  const stream = createReadStream('', { fd, start, end, autoClose: true });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}
