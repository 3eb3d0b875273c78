// A pdfkit document for the print editions (imposed sheets, cover): the reading PDF's metadata, the bundled
// faces registered for embedding, a file ID from the content. Only what these editions draw.

import { Fingerprint } from '../fingerprint.js';
import { isoTimestamp } from '../../../iso-date.js';
import type { Book } from '../../../model/book.js';
import { documentInfo, sortNamesByCodeUnits, type PdfDoc } from '../draw.js';
import { FACES, type Face, type FontSet } from '../fonts.js';
import type { LayoutItem } from '../layout/model.js';

/** The pdfkit calls the print editions make beyond the reading PDF's. */
export interface PrintDoc extends PdfDoc {
  dash(length: number, options?: object): PrintDoc;
  undash(): PrintDoc;
  transform(a: number, b: number, c: number, d: number, e: number, f: number): PrintDoc;
  rect(x: number, y: number, w: number, h: number): PrintDoc;
  clip(): PrintDoc;
  fill(): PrintDoc;
  save(): PrintDoc;
  restore(): PrintDoc;
  lineWidth(w: number): PrintDoc;
  moveTo(x: number, y: number): PrintDoc;
  lineTo(x: number, y: number): PrintDoc;
  stroke(): PrintDoc;


  fillColor(color: number[]): PrintDoc;
  strokeColor(color: number[]): PrintDoc;
  page: PdfDoc['page'] & { dictionary: { data: Record<string, unknown> } };
}

export { Fingerprint };

export interface OpenDocument {
  doc: PrintDoc;
  fingerprint: Fingerprint;
  /** Ends the document and returns its bytes. */
  finish(): Promise<Uint8Array>;
}

/** Faces used by a set of items, so only those are registered (opening a face reads its file). */
export function facesOf(items: Iterable<LayoutItem>, into = new Set<Face>()): Set<Face> {
  for (const item of items) if (item.kind === 'line') for (const run of item.runs) into.add(run.face);
  return into;
}

export async function openDocument(book: Book, size: [number, number], fonts: FontSet, faces: ReadonlySet<Face>, key: string): Promise<OpenDocument> {
  const { default: PDFDocument } = (await import('pdfkit')) as unknown as { default: new (options: object) => PrintDoc };
  const meta = book.meta;
  const info = documentInfo(book, { keywords: false });
  const doc = new PDFDocument({ autoFirstPage: false, size, margin: 0, lang: meta.language, displayTitle: true, info, compress: true, font: null });
  sortNamesByCodeUnits(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk) => chunks.push(chunk!));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  for (const face of FACES) if (faces.has(face)) doc.registerFont(face, fonts.fonts[face]);
  const fingerprint = new Fingerprint();
  fingerprint.update(`${key}|${meta.identifier}|${isoTimestamp(meta.modified)}\n`);
  return {
    doc,
    fingerprint,
    async finish() {
      doc._id = fingerprint.digest();
      doc.end();
      await done;
      return new Uint8Array(Buffer.concat(chunks));
    },
  };
}

/** TrimBox and BleedBox of the current page, given in points from its top-left corner (PDF counts from the
 * bottom-left). */
export function setBoxes(doc: PrintDoc, pageHeight: number, trim: { x: number; y: number; width: number; height: number }, bleed: { x: number; y: number; width: number; height: number }): void {
  const box = (r: typeof trim) => [r.x, pageHeight - r.y - r.height, r.x + r.width, pageHeight - r.y].map((n) => Math.round(n * 1000) / 1000);
  doc.page.dictionary.data.TrimBox = box(trim);
  doc.page.dictionary.data.BleedBox = box(bleed);
}
