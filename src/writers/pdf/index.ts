// The print edition: lays the Book out (layout/) and paints it with pdfkit (draw.ts).
// pdfkit, the fonts and the hyphenation patterns load only when a PDF is asked for.

import type { Book } from '../../model/book.js';
import type { Diagnostic } from '../../diagnostics.js';
import { TRIMS } from './trims.js';
import type { ChapterHelper } from './layout/chapter-helper.js';

export { TRIMS };

export interface PdfOptions {
  /** '5x8' | '5.5x8.5' | '6x9' | 'a5' | 'letter' | 'a4'; default: book.print.trim ?? '6x9'. */
  trim?: string;
  /** A worker thread for the layout (see layout/chapter-helper.ts); closed when the layout is done. */
  helper?: ChapterHelper;
}

export async function writePdf(book: Book, options: PdfOptions = {}): Promise<{ data: Uint8Array; warnings: Diagnostic[] }> {
  const [{ layoutAndDraw }, { loadFonts }] = await Promise.all([import('./layout-and-draw.js'), import('./fonts.js')]);
  const { data, warnings } = await layoutAndDraw(book, await loadFonts(), options);
  return { data, warnings };
}
