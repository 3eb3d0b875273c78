// The EPUB 3 writer: Book model → a reproducible zip (same model, same bytes).
import { leadingPages, readingOrder, type Book } from '../../model/book.js';
import {
  chapterDocument,
  coverDocument,
  languageOf,
  navDocument,
  pageDocument,
  STYLESHEET_HREF,
  TEXT_DIR,
  type ContentDocument,
} from './documents.js';
import { ncxDocument } from './ncx.js';
import { packageDocument, type GuideRef, type ManifestItem, type SpineItem } from './opf.js';
import { zip, type ZipEntry } from './zip.js';

export interface EpubOptions {
  /** The stylesheet's text (templates/epub.css, read by the caller). */
  stylesheet: string;
  /** The Kobo kepub edition: the same book, its text in Kobo's sentence spans (kobo.ts). */
  kobo?: boolean;
}

const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;

export function epubDocuments(book: Book, kobo = false): { documents: ContentDocument[]; cover?: ContentDocument } {
  const cover = coverDocument(book, kobo);
  const documents = [
    ...(cover ? [cover] : []),
    ...readingOrder(book).map((item) => {
      // In an omnibus each work keeps its own language.
      const language = languageOf(book, item.kind === 'page' ? item.page.work : item.chapter.work);
      return item.kind === 'page' ? pageDocument(book, item.page, language, kobo) : chapterDocument(book, item.chapter, language, kobo);
    }),
  ];
  return { documents, cover };
}

export function writeEpub(book: Book, options: EpubOptions): Uint8Array {
  const { documents, cover } = epubDocuments(book, options.kobo);
  const { terms } = book.locale;
  const firstChapter = book.chapters[0];
  const titlePage = leadingPages(book).find((p) => p.role === 'titlepage');
  const landmarks = [
    ...(cover ? [{ type: 'cover', href: 'cover.xhtml', label: terms.cover }] : []),
    ...(titlePage ? [{ type: 'titlepage', href: `${titlePage.id}.xhtml`, label: terms.titlePage }] : []),
    { type: 'toc', href: 'nav.xhtml', label: terms.contents },
    ...(firstChapter ? [{ type: 'bodymatter', href: `${firstChapter.id}.xhtml`, label: terms.startOfStory }] : []),
  ];
  const nav = navDocument(book, landmarks);
  const hasImages = book.assets.some((a) => a.id !== book.meta.coverAssetId) || cover !== undefined;

  const manifest: ManifestItem[] = [
    { id: 'nav', href: `${TEXT_DIR}/nav.xhtml`, mediaType: 'application/xhtml+xml', properties: 'nav' },
    { id: 'ncx', href: 'toc.ncx', mediaType: 'application/x-dtbncx+xml' },
    { id: 'css', href: STYLESHEET_HREF, mediaType: 'text/css' },
    ...documents.map((d) => ({ id: d.id, href: d.href, mediaType: 'application/xhtml+xml', ...(d.properties && { properties: d.properties }) })),
    ...book.assets.map((a) => ({
      id: a.id,
      href: a.href,
      mediaType: a.mediaType,
      ...(a.id === book.meta.coverAssetId && { properties: 'cover-image' }),
    })),
  ];

  // Reading order: cover, the pages before the story, the visible contents, the story, the pages after it.
  // (An omnibus: its title and introduction pages, the contents, then every work with its own pages.)
  const frontCount = (cover ? 1 : 0) + leadingPages(book).length;
  const spine: SpineItem[] = [
    ...documents.slice(0, frontCount).map((d) => ({ idref: d.id })),
    { idref: 'nav' },
    ...documents.slice(frontCount).map((d) => ({ idref: d.id })),
  ];
  const guide: GuideRef[] = [
    ...(cover ? [{ type: 'cover', title: terms.cover, href: cover.href }] : []),
    ...(titlePage ? [{ type: 'title-page', title: terms.titlePage, href: `${TEXT_DIR}/${titlePage.id}.xhtml` }] : []),
    { type: 'toc', title: terms.contents, href: `${TEXT_DIR}/nav.xhtml` },
    ...(firstChapter ? [{ type: 'text', title: 'Start', href: `${TEXT_DIR}/${firstChapter.id}.xhtml` }] : []),
  ];

  const text = (name: string, content: string): ZipEntry => ({ name, data: Buffer.from(content, 'utf8') });
  const entries: ZipEntry[] = [
    // First and stored, so readers can identify the file by its first bytes.
    { name: 'mimetype', data: Buffer.from('application/epub+zip', 'ascii'), store: true },
    text('META-INF/container.xml', CONTAINER),
    text('EPUB/package.opf', packageDocument(book, manifest, spine, guide, hasImages)),
    text('EPUB/toc.ncx', ncxDocument(book, `${TEXT_DIR}/`)),
    text(`EPUB/${TEXT_DIR}/nav.xhtml`, nav),
    text(`EPUB/${STYLESHEET_HREF}`, options.stylesheet),
    ...documents.map((d) => text(`EPUB/${d.href}`, d.xhtml)),
    // Images are compressed already; storing them saves time and nothing else.
    ...book.assets.map((a) => ({ name: `EPUB/${a.href}`, data: a.data, store: true })),
  ];
  return zip(entries, { modified: book.meta.modified, level: 6 });
}
