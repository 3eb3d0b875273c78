// The reading PDF: laid out (layout/) and painted (draw.ts). With a worker thread for the layout
// (layout/chapter-helper.ts), at once: the layout hands over each chapter's pages as soon as they are
// final and they are painted then, while the worker goes on setting chapters. The pages are painted in the
// order draw() paints a finished layout, so the file is the same bytes either way.

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
  if (!options.helper) {
    // One thread (a short book, or a book of a series, whose pool keeps the cores busy): painting while
    // laying out would gain nothing and hold the layout and the file in memory together.
    const { layout, warnings } = await layoutBook(book, options);
    const drawer = startDrawing({ book, fonts, trim: layout.trim, width: layout.width, height: layout.height });
    for (const page of layout.pages.slice(layout.firstBodyPage)) drawer.page(page);
    return { data: await drawer.finish(layout), layout, warnings };
  }
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
