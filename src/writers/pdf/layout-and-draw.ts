// The reading PDF: laid out (layout/) and painted (draw.ts) at once. The layout hands over each chapter's
// pages as soon as they are final, and they are painted then, while a worker thread, if the book has one
// (layout/chapter-helper.ts), goes on setting chapters: painting no longer waits for the whole layout.
// The pages are painted in the order draw() paints a finished layout, so the file is the same bytes.

import type { Book } from '../../model/book.js';
import type { Diagnostic } from '../../diagnostics.js';
import { prepareDrawing, type PageDrawer } from './draw.js';
import type { FontSet } from './fonts.js';
import type { ChapterHelper } from './layout/chapter-helper.js';
import { layoutBook, resolveTrim, type LayoutDocument } from './layout/index.js';

export async function layoutAndDraw(
  book: Book,
  fonts: FontSet,
  options: { trim?: string; helper?: ChapterHelper },
): Promise<{ data: Uint8Array; layout: LayoutDocument; warnings: Diagnostic[] }> {
  const spec = resolveTrim(book, options);
  const startDrawing = await prepareDrawing();
  let drawer: PageDrawer | undefined;
  const { layout, warnings } = await layoutBook(book, {
    ...options,
    // A new pass (the gutter changed, or text in another script turned up) starts a new file.
    onPass: () => {
      drawer = startDrawing({ book, fonts, trim: spec.name, width: spec.width, height: spec.height });
    },
    onBodyPages: (pages) => {
      for (const page of pages) drawer!.page(page);
    },
  });
  return { data: await drawer!.finish(layout), layout, warnings };
}
