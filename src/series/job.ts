// One book of a series, loaded and rendered: the unit of work a worker thread runs. Every failure comes
// back as diagnostics, never as an exception, so one bad book cannot take down the others.
import { DEFAULT_FORMATS, loadBook, renderEdition, type Format, type PrintRequest } from '../build.js';
import { BookError, error, type Diagnostic } from '../diagnostics.js';
import { displayPath } from '../input/text-file.js';
import type { Book } from '../model/book.js';
import { collectGarbage } from './memory.js';
import { milliseconds } from '../clock.js';

export interface BookJob {
  id: number;
  bookDir: string;
  seriesFile: string;
  /** Default: the book's own `formats` (book.yaml, or series.yaml's defaults), else epub and pdf. */
  formats?: Format[];
  /** PDF page size from the command line, overriding print.trim. */
  trim?: string;
  /** Print editions asked for on the command line (book.yaml's print.impose and print.pod apply anyway). */
  print?: PrintRequest;
  /** Send the Book model back (for an omnibus, or for `check`'s summary). */
  wantBook: boolean;
}

export interface RenderedEdition {
  format: Format;
  /** The file name's ending when not the format's (`imposed.pdf`, `cover.pdf`). */
  suffix?: string;
  data: Uint8Array;
  milliseconds: number;
}

export type BookJobResult =
  | { id: number; ok: true; editions: RenderedEdition[]; warnings: Diagnostic[]; book?: Book }
  | { id: number; ok: false; diagnostics: Diagnostic[] };

export async function runJob(job: BookJob): Promise<BookJobResult> {
  try {
    const { book, warnings, formats } = await loadBook(job.bookDir, { seriesFile: job.seriesFile });
    const editions: RenderedEdition[] = [];
    for (const format of job.formats ?? formats ?? DEFAULT_FORMATS) {
      const started = milliseconds();
      const { data, warnings: editionWarnings, extras = [] } = await renderEdition(book, format, { bookDir: job.bookDir, trim: job.trim, print: job.print ?? {} });
      warnings.push(...editionWarnings);
      editions.push({ format, data, milliseconds: milliseconds() - started });
      for (const extra of extras) editions.push({ format, suffix: extra.suffix, data: extra.data, milliseconds: extra.milliseconds ?? 0 });
    }
    return { id: job.id, ok: true, editions, warnings, ...(job.wantBook && { book }) };
  } catch (e) {
    if (e instanceof BookError) return { id: job.id, ok: false, diagnostics: e.diagnostics };
    return { id: job.id, ok: false, diagnostics: [internalError(job.bookDir, e)] };
  } finally {
    // This book's model, layout and buffers are garbage now (the result keeps only the bytes).
    collectGarbage();
  }
}

export function internalError(bookDir: string, e: unknown): Diagnostic {
  const message = e instanceof Error ? e.message : String(e);
  return error(displayPath(bookDir) || bookDir, `could not be built: ${message}`, {
    hint: 'this is a fault in build-ebook, not in the book; please report it with the book folder',
  });
}
