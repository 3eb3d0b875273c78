// The reading PDF and, when asked, the print editions made from the same layout: the imposed sheets for
// home binding (impose/), the print-on-demand interior and cover (print/). The book is laid out once.

import type { Book, ImposeOptions, PodOptions } from '../../model/book.js';
import type { Diagnostic } from '../../diagnostics.js';
import type { ChapterHelper } from './layout/chapter-helper.js';
import { milliseconds } from '../../clock.js';

export interface PrintEditionOptions {
  trim?: string;
  /** A worker thread for the layout (see layout/chapter-helper.ts); closed when the layout is done. */
  helper?: ChapterHelper;
  impose?: ImposeOptions;
  pod?: PodOptions;
}

export interface PdfEditions {
  data: Uint8Array;
  warnings: Diagnostic[];
  /** Written beside the reading PDF as NAME.SUFFIX. */
  extras: { suffix: string; data: Uint8Array; milliseconds: number }[];
}

export async function writePdfEditions(book: Book, options: PrintEditionOptions): Promise<PdfEditions> {
  const [{ resolveTrim }, { layoutAndDraw }, { draw }, { loadFonts }] = await Promise.all([
    import('./layout/index.js'),
    import('./layout-and-draw.js'),
    import('./draw.js'),
    import('./fonts.js'),
  ]);
  const fonts = await loadFonts();
  const { data, layout, warnings } = await layoutAndDraw(book, fonts, { trim: options.trim, helper: options.helper });
  const extras: PdfEditions['extras'] = [];
  let clock = milliseconds();
  const add = (suffix: string, bytes: Uint8Array) => {
    const now = milliseconds();
    extras.push({ suffix, data: bytes, milliseconds: now - clock });
    clock = now;
  };
  if (options.impose) {
    const { imposeLayout } = await import('./impose/index.js');
    const imposed = await imposeLayout(book, layout, fonts, options.impose);
    warnings.push(...imposed.warnings);
    add('imposed.pdf', imposed.data);
  }
  if (options.pod) {
    const [{ podLayout, podFrame }, { writeCover }] = await Promise.all([import('./print/pod.js'), import('./print/cover.js')]);
    const interior = podLayout(layout);
    const podBook = { ...book, print: { ...book.print, pod: options.pod } };
    add('interior.pdf', await draw({ book, layout: interior, fonts, frame: podFrame(interior, options.pod.bleed ?? false) }));
    const trim = resolveTrim(book, { trim: options.trim });
    const cover = await writeCover(podBook, trim, interior.pages.length, fonts);
    warnings.push(...cover.warnings);
    add('cover.pdf', cover.data);
  }
  return { data, warnings, extras };
}
