// The download page at `/`: plain HTML that e-reader browsers (Kobo, PocketBook, Kindle) show without
// JavaScript. Cover, title, author, series position, summary and one link per edition with its size; a
// Kobo sees the kepub first. A series lists its books in reading order, then the omnibus.
import { readTemplate } from '../front-matter/templates.js';
import type { Format } from '../model/book.js';
import { escapeAttr, escapeText } from '../writers/epub/xml.js';
import { MEDIA_TYPES } from './downloads.js';
import type { Catalog, ServedBook } from './site.js';
import { EDITION_LABELS, coverPath, downloadPath, previewPath } from './urls.js';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Kobo's browser names itself in its User-Agent ("… (Kobo Touch 0373/4.38.21908)"). */
export function isKobo(userAgent: string | undefined): boolean {
  return /\bkobo\b/i.test(userAgent ?? '');
}

export function editionOrder(kobo: boolean): Format[] {
  return kobo ? ['kepub', 'epub', 'pdf'] : ['epub', 'pdf', 'kepub'];
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function bookSection(served: ServedBook, kobo: boolean): string {
  const m = served.book.meta;
  const order = editionOrder(kobo);
  const editions = [...served.editions].sort((a, b) => order.indexOf(a.format) - order.indexOf(b.format));
  const parts = [
    served.cover ? `<img class="cover" src="${escapeAttr(coverPath(served))}" alt="${escapeAttr(`Cover of ${m.title}`)}"/>` : '',
    `<h2>${escapeText(m.title)}</h2>`,
    m.subtitle ? `<p class="subtitle">${escapeText(m.subtitle)}</p>` : '',
    m.authors.length > 0 ? `<p class="author">by ${escapeText(joinNames(m.authors))}</p>` : '',
    m.series && !served.omnibus ? `<p class="series">No. ${m.series.number} in the series “${escapeText(m.series.name)}”</p>` : '',
    served.omnibus ? `<p class="series">The whole series in one book</p>` : '',
    m.summaryText
      ? `<div class="summary">${m.summaryText
          .split(/\n\s*\n/)
          .map((p) => `<p>${escapeText(p.trim())}</p>`)
          .join('')}</div>`
      : '',
    `<ul class="downloads">${editions
      .map(
        (e) =>
          `<li><a href="${escapeAttr(downloadPath(e))}" type="${MEDIA_TYPES[e.format]}" download="${escapeAttr(e.fileName)}">${EDITION_LABELS[e.format]}</a> <span class="size">${formatSize(e.bytes)}</span></li>`,
      )
      .join('\n')}</ul>`,
  ];
  return `<article class="book" id="${escapeAttr(served.key)}">\n${parts.filter(Boolean).join('\n')}\n</article>`;
}

export interface PageState {
  catalog?: Catalog;
  failure?: string;
  userAgent?: string;
  /** The address shown for the OPDS catalog (http://host:port). */
  origin: string;
}

export function downloadPage(state: PageState): string {
  const { catalog, failure } = state;
  const kobo = isKobo(state.userAgent);
  const title = catalog?.series?.name ?? catalog?.books[0]?.book.meta.title ?? 'build-ebook';
  const failureBox = failure
    ? `<div class="failure" role="alert">
<h2>The last build failed</h2>
<pre>${escapeText(failure)}</pre>
<p>${catalog ? `The editions below are those of the last good build (${escapeText(catalog.built.toLocaleTimeString('en-GB'))}).` : 'There are no editions yet.'} Fix the problem and save: the book is rebuilt at once.</p>
</div>`
    : '';
  const books = catalog?.books ?? [];
  const heading = catalog?.series ? `<h1>${escapeText(catalog.series.name)}</h1>\n` : '';
  const preview = books.filter((b) => !b.omnibus).map((b) => `<a href="${escapeAttr(previewPath(b))}">${escapeText(b.book.meta.title)}</a>`);
  return `<!DOCTYPE html>
<html lang="${escapeAttr(books[0]?.book.meta.language ?? 'en')}">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>${escapeText(title)}</title>
<link rel="alternate" type="application/atom+xml;profile=opds-catalog" href="/opds" title="OPDS catalog"/>
<style>
${readTemplate('serve/page.css').text}
</style>
</head>
<body>
${failureBox}${heading}${books.map((b) => bookSection(b, kobo)).join('\n')}
<footer>
<p>In an e-reader app (KOReader, Moon+ Reader, Thorium, Marvin), add the catalog <a href="/opds">${escapeText(state.origin)}/opds</a>.</p>
${preview.length > 0 ? `<p>Preview while you write: ${preview.join(', ')}.</p>` : ''}
</footer>
</body>
</html>
`;
}
