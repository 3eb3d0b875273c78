// The package document: metadata (Dublin Core, series both ways readers know, accessibility), manifest, spine.
import type { Book } from '../../model/book.js';
import { escapeAttr, escapeText } from './xml.js';
import { isoSeconds } from '../../iso-date.js';

export interface ManifestItem {
  id: string;
  href: string;
  mediaType: string;
  properties?: string;
}

export interface SpineItem {
  idref: string;
  linear?: boolean;
}

export interface GuideRef {
  type: string;
  title: string;
  href: string;
}

function el(name: string, text: string, attrs = ''): string {
  return `<${name}${attrs}>${escapeText(text)}</${name}>`;
}

export function metadataXml(book: Book, hasImages: boolean): string {
  const m = book.meta;
  const lines: string[] = [];
  lines.push(el('dc:identifier', m.identifier, ' id="book-id"'));
  lines.push(el('dc:title', m.title, ' id="title"'));
  lines.push('<meta refines="#title" property="title-type">main</meta>');
  if (m.subtitle) {
    lines.push(el('dc:title', m.subtitle, ' id="subtitle"'));
    lines.push('<meta refines="#subtitle" property="title-type">subtitle</meta>');
  }
  m.authors.forEach((name, i) => {
    lines.push(el('dc:creator', name, ` id="author-${i + 1}"`));
    lines.push(`<meta refines="#author-${i + 1}" property="role" scheme="marc:relators">aut</meta>`);
  });
  lines.push(el('dc:language', m.language));
  if (m.summaryText) lines.push(el('dc:description', m.summaryText));
  if (m.rights) lines.push(el('dc:rights', m.rights));
  if (m.source) lines.push(el('dc:source', m.source));
  if (m.published) lines.push(el('dc:date', m.published));
  for (const subject of [...m.fandoms, ...m.tags]) lines.push(el('dc:subject', subject));
  lines.push(el('meta', isoSeconds(m.modified), ' property="dcterms:modified"'));
  if (m.series) {
    lines.push(el('meta', m.series.name, ' property="belongs-to-collection" id="meta-series"'));
    lines.push('<meta refines="#meta-series" property="collection-type">series</meta>');
    lines.push(`<meta refines="#meta-series" property="group-position">${m.series.number}</meta>`);
    // Calibre (and the Kobo and KOReader libraries fed from it) read the series from these.
    lines.push(`<meta name="calibre:series" content="${escapeAttr(m.series.name)}"/>`);
    lines.push(`<meta name="calibre:series_index" content="${m.series.number}"/>`);
  }
  if (m.coverAssetId) lines.push(`<meta name="cover" content="${escapeAttr(m.coverAssetId)}"/>`);
  // Accessibility metadata, as EPUB Accessibility 1.1 asks for.
  lines.push('<meta property="schema:accessMode">textual</meta>');
  if (hasImages) lines.push('<meta property="schema:accessMode">visual</meta>');
  lines.push('<meta property="schema:accessModeSufficient">textual</meta>');
  for (const feature of ['structuralNavigation', 'tableOfContents', 'readingOrder', ...(hasImages ? ['alternativeText'] : [])]) {
    lines.push(`<meta property="schema:accessibilityFeature">${feature}</meta>`);
  }
  lines.push('<meta property="schema:accessibilityHazard">none</meta>');
  lines.push(
    el(
      'meta',
      'A reflowable text with a table of contents, headings for every chapter and page, and the reading order of the printed book.' +
        (hasImages ? ' Images carry the text alternatives the author wrote.' : ''),
      ' property="schema:accessibilitySummary"',
    ),
  );
  return lines.map((l) => `    ${l}`).join('\n');
}

export function packageDocument(
  book: Book,
  manifest: ManifestItem[],
  spine: SpineItem[],
  guide: GuideRef[],
  hasImages: boolean,
): string {
  const lang = escapeAttr(book.lang);
  const items = manifest
    .map(
      (i) =>
        `    <item id="${escapeAttr(i.id)}" href="${escapeAttr(i.href)}" media-type="${i.mediaType}"${i.properties ? ` properties="${i.properties}"` : ''}/>`,
    )
    .join('\n');
  const refs = spine.map((s) => `    <itemref idref="${escapeAttr(s.idref)}"${s.linear === false ? ' linear="no"' : ''}/>`).join('\n');
  const guideRefs = guide
    .map((g) => `    <reference type="${g.type}" title="${escapeAttr(g.title)}" href="${escapeAttr(g.href)}"/>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${lang}" prefix="calibre: https://calibre-ebook.com">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
${metadataXml(book, hasImages)}
  </metadata>
  <manifest>
${items}
  </manifest>
  <spine toc="ncx"${book.dir === 'rtl' ? ' page-progression-direction="rtl"' : ''}>
${refs}
  </spine>
  <guide>
${guideRefs}
  </guide>
</package>
`;
}
