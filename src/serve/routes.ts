// Which answer each request gets. Only GET and HEAD; a URL is matched as it came, never normalised, so a
// `..`, an encoded dot or slash, or a path that is not one of these routes names nothing and is not found.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readTemplate } from '../front-matter/templates.js';
import { findEdition, sendEdition } from './downloads.js';
import { opdsFeed } from './opds.js';
import { downloadPage } from './page.js';
import { eventStream, pdfjsFile, PREVIEW_BOOK_PREFIX, previewBook, previewFile, previewPage } from './preview.js';
import type { Site } from './site.js';

type Body = string | Uint8Array;

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: Body, extra: Record<string, string> = {}): void {
  const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': data.byteLength, 'Cache-Control': 'no-cache', ...extra });
  res.end(req.method === 'HEAD' ? undefined : data);
}

function notFound(req: IncomingMessage, res: ServerResponse): void {
  send(req, res, 404, 'text/plain; charset=utf-8', 'Not found\n');
}

/** A path that could step out of where it points: `..` or `.` segments, encoded dots, slashes, backslashes or NUL. */
export function isSuspiciousPath(pathname: string): boolean {
  return /%2e|%2f|%5c|%00/i.test(pathname) || /[\\\0]/.test(pathname) || /\/\//.test(pathname) || pathname.split('/').some((s) => s === '..' || s === '.');
}

export function createHandler(site: Site): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(req, res, 405, 'text/plain; charset=utf-8', 'Only GET and HEAD\n', { Allow: 'GET, HEAD' });
      return;
    }
    const raw = req.url ?? '';
    // Only origin-form URLs (`/path?query`): not `http://host/…` nor `*`.
    if (!raw.startsWith('/')) return notFound(req, res);
    const q = raw.indexOf('?');
    const pathname = q < 0 ? raw : raw.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
    if (isSuspiciousPath(pathname)) return notFound(req, res);
    const catalog = site.catalog();

    if (pathname === '/') {
      const origin = `http://${req.headers.host ?? 'localhost'}`;
      const html = downloadPage({ catalog, failure: site.failure(), userAgent: req.headers['user-agent'], origin });
      return send(req, res, 200, 'text/html; charset=utf-8', html, { Vary: 'User-Agent' });
    }
    if (pathname === '/opds' || pathname.startsWith('/opds/')) {
      const feed = catalog && opdsFeed(catalog, pathname);
      return feed ? send(req, res, 200, `${feed.type}; charset=utf-8`, feed.xml) : notFound(req, res);
    }
    if (pathname.startsWith('/download/')) {
      const edition = findEdition(catalog, pathname.slice('/download/'.length));
      return edition ? sendEdition(req, res, edition) : notFound(req, res);
    }
    if (pathname.startsWith('/cover/')) {
      const book = catalog?.books.find((b) => encodeURIComponent(b.key) === pathname.slice('/cover/'.length));
      return book?.cover ? send(req, res, 200, book.cover.mediaType, book.cover.data) : notFound(req, res);
    }
    if (pathname === '/events') return eventStream(req, res, site);
    if (pathname === '/preview') {
      return send(req, res, 200, 'text/html; charset=utf-8', previewPage(site, previewBook(catalog, query.get('book'))));
    }
    if (pathname === '/preview/preview.js') {
      return send(req, res, 200, 'text/javascript; charset=utf-8', readTemplate('serve/preview.js').text);
    }
    if (pathname.startsWith('/preview/pdfjs/')) {
      const file = pdfjsFile(pathname.slice('/preview/pdfjs/'.length));
      return file ? send(req, res, 200, 'text/javascript; charset=utf-8', readFileSync(file)) : notFound(req, res);
    }
    if (pathname.startsWith(PREVIEW_BOOK_PREFIX)) {
      const rest = pathname.slice(PREVIEW_BOOK_PREFIX.length);
      const slash = rest.indexOf('/');
      const book = catalog?.books.find((b) => encodeURIComponent(b.key) === rest.slice(0, slash));
      const file = book && slash > 0 ? previewFile(book, rest.slice(slash + 1)) : undefined;
      return file ? send(req, res, 200, file.type, file.data) : notFound(req, res);
    }
    notFound(req, res);
  };
}
