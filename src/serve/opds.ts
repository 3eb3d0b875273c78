// The OPDS 1.2 catalog (Atom) that e-reader apps browse: KOReader, Moon+ Reader, Thorium, Marvin, Librera.
// A book folder is one acquisition feed; a series folder a navigation feed leading to its books in reading
// order and to the omnibus. Each entry has what those apps show (cover, summary, author, language, series
// and position) and one acquisition link per edition with its media type.
import { escapeAttr, escapeText } from '../writers/epub/xml.js';
import { isoSeconds } from '../iso-date.js';
import { MEDIA_TYPES } from './downloads.js';
import type { Catalog, ServedBook } from './site.js';
import { EDITION_LABELS, coverPath, downloadPath } from './urls.js';

export const OPDS_ACQUISITION = 'application/atom+xml;profile=opds-catalog;kind=acquisition';
export const OPDS_NAVIGATION = 'application/atom+xml;profile=opds-catalog;kind=navigation';

const NAMESPACES =
  'xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/terms/" xmlns:opds="http://opds-spec.org/2010/catalog" xmlns:schema="http://schema.org/"';

function feed(parts: { id: string; title: string; updated: Date; self: string; kind: string; up?: string; body: string[] }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed ${NAMESPACES}>
  <id>${escapeText(parts.id)}</id>
  <title>${escapeText(parts.title)}</title>
  <updated>${isoSeconds(parts.updated)}</updated>
  <author><name>build-ebook</name></author>
  <link rel="self" href="${escapeAttr(parts.self)}" type="${parts.kind}"/>
  <link rel="start" href="/opds" type="${parts.up ? OPDS_NAVIGATION : parts.kind}"/>
${parts.up ? `  <link rel="up" href="${escapeAttr(parts.up)}" type="${OPDS_NAVIGATION}"/>\n` : ''}${parts.body.join('\n')}
</feed>
`;
}

export function bookEntry(served: ServedBook): string {
  const m = served.book.meta;
  const lines = [
    `<title>${escapeText(m.title)}</title>`,
    `<id>${escapeText(m.identifier)}</id>`,
    `<updated>${isoSeconds(m.modified)}</updated>`,
    ...m.authors.map((a) => `<author><name>${escapeText(a)}</name></author>`),
    `<dc:language>${escapeText(m.language)}</dc:language>`,
    `<dc:identifier>${escapeText(m.identifier)}</dc:identifier>`,
    ...(m.published ? [`<dc:issued>${escapeText(m.published)}</dc:issued>`] : []),
    ...(m.subtitle ? [`<schema:alternativeHeadline>${escapeText(m.subtitle)}</schema:alternativeHeadline>`] : []),
    ...(m.summaryText ? [`<summary type="text">${escapeText(m.summaryText)}</summary>`] : []),
    // schema.org's Series with the position, as Library Simplified's OPDS feeds (and their clients) carry it.
    ...(m.series && !served.omnibus ? [`<schema:Series name="${escapeAttr(m.series.name)}" schema:position="${m.series.number}"/>`] : []),
    ...[...m.fandoms, ...m.tags].map((t) => `<category term="${escapeAttr(t)}" label="${escapeAttr(t)}"/>`),
    ...(served.cover
      ? [
          `<link rel="http://opds-spec.org/image" href="${escapeAttr(coverPath(served))}" type="${served.cover.mediaType}"/>`,
          `<link rel="http://opds-spec.org/image/thumbnail" href="${escapeAttr(coverPath(served))}" type="${served.cover.mediaType}"/>`,
        ]
      : []),
    ...served.editions.map(
      (e) =>
        `<link rel="http://opds-spec.org/acquisition" href="${escapeAttr(downloadPath(e))}" type="${MEDIA_TYPES[e.format]}" title="${EDITION_LABELS[e.format]}" length="${e.bytes}"/>`,
    ),
  ];
  return `  <entry>\n${lines.map((l) => `    ${l}`).join('\n')}\n  </entry>`;
}

function navigationEntry(title: string, href: string, id: string, updated: Date, content: string): string {
  return `  <entry>
    <title>${escapeText(title)}</title>
    <id>${escapeText(id)}</id>
    <updated>${isoSeconds(updated)}</updated>
    <content type="text">${escapeText(content)}</content>
    <link rel="subsection" href="${escapeAttr(href)}" type="${OPDS_ACQUISITION}"/>
  </entry>`;
}

export interface FeedAnswer {
  type: string;
  xml: string;
}

/** The feed at `path` (/opds, /opds/books, /opds/omnibus), or undefined for no such feed. */
export function opdsFeed(catalog: Catalog, path: string): FeedAnswer | undefined {
  const works = catalog.books.filter((b) => !b.omnibus);
  const omnibus = catalog.books.find((b) => b.omnibus);
  const root = 'urn:build-ebook:catalog:' + (works[0]?.book.meta.identifier ?? 'empty');
  if (!catalog.series) {
    if (path !== '/opds') return undefined;
    const title = works[0]?.book.meta.title ?? 'build-ebook';
    return { type: OPDS_ACQUISITION, xml: feed({ id: root, title, updated: catalog.built, self: '/opds', kind: OPDS_ACQUISITION, body: works.map(bookEntry) }) };
  }
  const name = catalog.series.name;
  if (path === '/opds') {
    const body = [
      navigationEntry(`${name}: the books in reading order`, '/opds/books', `${root}:books`, catalog.built, `${works.length} book${works.length === 1 ? '' : 's'}`),
      ...(omnibus ? [navigationEntry(`${name}: the whole series in one book`, '/opds/omnibus', `${root}:omnibus`, catalog.built, omnibus.book.meta.title)] : []),
    ];
    return { type: OPDS_NAVIGATION, xml: feed({ id: root, title: name, updated: catalog.built, self: '/opds', kind: OPDS_NAVIGATION, body }) };
  }
  if (path === '/opds/books') {
    const xml = feed({ id: `${root}:books`, title: name, updated: catalog.built, self: path, kind: OPDS_ACQUISITION, up: '/opds', body: works.map(bookEntry) });
    return { type: OPDS_ACQUISITION, xml };
  }
  if (path === '/opds/omnibus' && omnibus) {
    const xml = feed({ id: `${root}:omnibus`, title: omnibus.book.meta.title, updated: catalog.built, self: path, kind: OPDS_ACQUISITION, up: '/opds', body: [bookEntry(omnibus)] });
    return { type: OPDS_ACQUISITION, xml };
  }
  return undefined;
}
