// The author's preview at /preview: the EPUB's own content documents and stylesheet, made by the EPUB
// writer from the last good build's model (so they read as the edition does), beside the PDF's pages drawn
// by pdf.js in the browser. /events tells the page when a build finished (Server-Sent Events).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readTemplate } from '../front-matter/templates.js';
import { PACKAGE_ROOT } from '../package-files.js';
import { epubDocuments } from '../writers/epub/index.js';
import type { ContentDocument } from '../writers/epub/documents.js';
import { escapeAttr, escapeText } from '../writers/epub/xml.js';
import type { Catalog, ServedBook, Site, SiteEvent } from './site.js';
import { downloadPath } from './urls.js';

export const PREVIEW_BOOK_PREFIX = '/preview/book/';

// The documents of the last build, made once per book model (a rebuild makes a new model).
const documentsOf = new WeakMap<object, ContentDocument[]>();

function documents(served: ServedBook): ContentDocument[] {
  let docs = documentsOf.get(served.book);
  if (!docs) {
    docs = epubDocuments(served.book).documents;
    documentsOf.set(served.book, docs);
  }
  return docs;
}

export function previewBook(catalog: Catalog | undefined, key: string | null): ServedBook | undefined {
  const books = catalog?.books ?? [];
  return books.find((b) => b.key === key) ?? books.find((b) => !b.omnibus);
}

export function previewPage(site: Site, served: ServedBook | undefined): string {
  const failure = site.failure();
  const docs = served ? documents(served) : [];
  // Open at the story, not the cover.
  const first = served?.book.chapters[0]?.id;
  const options = docs
    .map((d) => `<option value="${escapeAttr(d.href)}"${d.id === first ? ' selected=""' : ''}>${escapeText(d.title)}</option>`)
    .join('\n');
  const pdf = served?.editions.find((e) => e.format === 'pdf');
  const title = served ? `Preview: ${served.book.meta.title}` : 'Preview';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<title>${escapeText(title)}</title>
<style>
${readTemplate('serve/preview.css').text}
</style>
<script type="module" src="/preview/preview.js"></script>
</head>
<body class="${failure ? 'failed' : ''}" data-generation="${site.generation()}" data-book="${escapeAttr(served?.key ?? '')}" data-base="${escapeAttr(served ? `${PREVIEW_BOOK_PREFIX}${encodeURIComponent(served.key)}/` : '')}" data-pdf="${escapeAttr(pdf ? `${downloadPath(pdf)}?build=${site.generation()}` : '')}">
<header>
<h1>${escapeText(title)}</h1>
<label>EPUB document <select id="document">
${options}
</select></label>
<a href="/">Download page</a>
<span id="status" aria-live="polite">${served ? `Built ${escapeText(site.catalog()?.built.toLocaleTimeString('en-GB') ?? '')}` : 'No good build yet'}</span>
</header>
<pre id="failure" role="alert">${failure ? escapeText(`The last build failed; this is the last good one.\n\n${failure}`) : ''}</pre>
<main>
<section id="epub-pane"><div class="pane-title">EPUB</div><iframe id="epub" title="The EPUB"></iframe></section>
<section id="pdf-pane"><div class="pane-title">PDF</div><div id="pdf"></div></section>
</main>
</body>
</html>
`;
}

/** A file of the preview's EPUB, by its path inside the edition's EPUB/ folder (text/…, css/…, images/…). */
export function previewFile(served: ServedBook, path: string): { type: string; data: string | Uint8Array } | undefined {
  const doc = documents(served).find((d) => d.href === path);
  if (doc) return { type: 'application/xhtml+xml; charset=utf-8', data: doc.xhtml };
  if (path === 'css/book.css') return { type: 'text/css; charset=utf-8', data: readTemplate('epub.css', served.dir).text };
  const asset = served.book.assets.find((a) => a.href === path);
  if (asset) return { type: asset.mediaType, data: asset.data };
  return undefined;
}

const pdfjsRequire = createRequire(join(PACKAGE_ROOT, 'package.json'));

/** pdf.js's two browser scripts, from the installed pdfjs-dist. */
export function pdfjsFile(name: string): string | undefined {
  if (name !== 'pdf.min.mjs' && name !== 'pdf.worker.min.mjs') return undefined;
  return join(dirname(pdfjsRequire.resolve('pdfjs-dist/package.json')), 'build', name);
}

/** The event stream: one message per finished build, a comment every 15 s so proxies keep it open. */
export function eventStream(req: IncomingMessage, res: ServerResponse, site: Site): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.write(`retry: 1000\n\n`);
  const send = (event: SiteEvent) => {
    const { kind, ...data } = event;
    res.write(`event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const unsubscribe = site.subscribe(send);
  const keepAlive = setInterval(() => res.write(': still here\n\n'), 15_000);
  keepAlive.unref();
  req.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
  });
}
