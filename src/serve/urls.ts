// The server's URLs for a book's parts, in one place so the page, the catalog and the routes agree.
import type { Format } from '../model/book.js';
import type { ServedBook, ServedEdition } from './site.js';

/** How each edition is named to a reader, on the page and in the catalog. */
export const EDITION_LABELS: Record<Format, string> = {
  epub: 'EPUB',
  kepub: 'Kobo (kepub)',
  pdf: 'PDF (print)',
};

export function downloadPath(edition: ServedEdition): string {
  return `/download/${encodeURIComponent(edition.fileName)}`;
}

export function coverPath(book: ServedBook): string {
  return `/cover/${encodeURIComponent(book.key)}`;
}

export function previewPath(book: ServedBook): string {
  return `/preview?book=${encodeURIComponent(book.key)}`;
}
