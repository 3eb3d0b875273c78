// Paints a LayoutDocument with pdfkit: every position comes from the layout; pdfkit only draws,
// embeds (subsets) the fonts and writes the file structure.

import { Fingerprint } from './fingerprint.js';
import { isoTimestamp } from '../../iso-date.js';
import type { Asset, Book } from '../../model/book.js';
import { isScriptFace, type Face, type FontSet, type PdfFont } from './fonts.js';
import type { LayoutDocument, LayoutLine, LayoutPage, TextRun } from './layout/model.js';
import { drawPlainText, isPlainRun, type PdfTextTarget } from './plain-text.js';
import { drawShapedText, isShapedRun, pdfTextString, type ShapedTextTarget } from './shaped-text.js';

// The part of pdfkit's document this module uses, including two internals (the catalog and the
// file ID) that pdfkit has no public API for.
export interface PdfDoc {
  registerFont(name: string, src: Buffer | PdfFont): void;
  addPage(options: object): PdfDoc;
  font(name: string): PdfDoc;
  fontSize(size: number): PdfDoc;
  text(text: string, x: number, y: number, options: object): PdfDoc;
  image(src: Buffer, x: number, y: number, options: object): PdfDoc;
  moveTo(x: number, y: number): PdfDoc;
  lineTo(x: number, y: number): PdfDoc;
  lineWidth(w: number): PdfDoc;
  stroke(): PdfDoc;
  goTo(x: number, y: number, w: number, h: number, name: string): PdfDoc;
  link(x: number, y: number, w: number, h: number, url: string): PdfDoc;
  addNamedDestination(name: string): void;
  ref(data: object): { end(): void };
  addContent(data: string): PdfDoc;
  save(): PdfDoc;
  restore(): PdfDoc;
  outline: PdfOutline;
  on(event: string, fn: (chunk?: Buffer) => void): void;
  end(): void;
  _root: { data: Record<string, unknown> };
  _id: Uint8Array;
  /** The current page; its content stream is where addContent writes. */
  page: { content: ContentStream };
}

/** pdfkit's stream object (PDFReference), as far as batching its writes needs it. */
interface ContentStream {
  write(chunk: string | Uint8Array): void;
}

interface PdfOutline {
  addItem(title: string, options?: object): PdfOutline;
}

export interface DrawInput {
  book: Book;
  layout: LayoutDocument;
  fonts: FontSet;
  /** Another page size, with each laid-out page placed on it (print-on-demand bleed: print/pod.ts). */
  frame?: PageFrame;
}

export interface PageFrame {
  width: number;
  height: number;
  /** Called on each new page before its content: moves the origin, sets the page boxes. */
  begin(doc: PdfDoc, page: LayoutPage): void;
  /** Tells this frame's file ID apart from the plain edition's. */
  key: string;
}

/**
 * Paints a whole layout: its body and back matter first, then its front matter, which is the order the
 * layout makes them in (the contents need every chapter's page number), so a PDF drawn while it is laid
 * out (writePdf) and one drawn afterwards are the same bytes.
 */
export async function draw({ book, layout, fonts, frame }: DrawInput): Promise<Uint8Array> {
  const drawer = (await prepareDrawing())({ book, fonts, frame, trim: layout.trim, width: layout.width, height: layout.height });
  for (const page of layout.pages.slice(layout.firstBodyPage)) drawer.page(page);
  return drawer.finish(layout);
}

export interface DrawerInput {
  book: Book;
  fonts: FontSet;
  trim: string;
  /** The layout's page size. */
  width: number;
  height: number;
  frame?: PageFrame;
}

/** Paints pages as they are laid out: the body's and back matter's in order, then the rest at finish. */
export interface PageDrawer {
  page(page: LayoutPage): void;
  /** Paints the front matter, puts the pages in reading order and writes the file. */
  finish(layout: LayoutDocument): Promise<Uint8Array>;
}

/** Loads pdfkit; the function it resolves to starts a document at once (the layout calls it per pass). */
export async function prepareDrawing(): Promise<(input: DrawerInput) => PageDrawer> {
  const { default: PDFDocument } = (await import('pdfkit')) as unknown as { default: new (options: object) => PdfDoc };
  return (input) => new Drawer(PDFDocument, input);
}

class Drawer implements PageDrawer {
  private readonly doc: PdfDoc;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<void>;
  private readonly registered = new Set<Face>();
  private readonly assets: Map<string, Asset>;
  private readonly fingerprint = new Fingerprint();
  /** The pages painted so far, in the order painted. */
  private readonly painted: LayoutPage[] = [];
  private readonly size: [number, number];

  constructor(
    PDFDocument: new (options: object) => PdfDoc,
    private readonly input: DrawerInput,
  ) {
    const { book, frame } = input;
    const meta = book.meta;
    const info = documentInfo(book, { keywords: true });
    this.size = frame ? [frame.width, frame.height] : [input.width, input.height];
    this.doc = new PDFDocument({
      autoFirstPage: false,
      size: this.size,
      margin: 0,
      lang: meta.language,
      displayTitle: true,
      info,
      compress: true,
      // No default font: pdfkit would otherwise parse Helvetica's metrics for every document, unused.
      font: null,
    });
    sortNamesByCodeUnits(this.doc);
    this.doc.on('data', (chunk) => this.chunks.push(chunk!));
    this.done = new Promise<void>((resolve) => this.doc.on('end', () => resolve()));
    this.assets = new Map(book.assets.map((a) => [a.id, a]));
    this.fingerprint.update(`${input.trim}|${meta.identifier}|${isoTimestamp(meta.modified)}${frame ? `|${frame.key}` : ''}\n`);
  }

  page(page: LayoutPage): void {
    const doc = this.doc;
    // The fonts the layout measured with, not their bytes (pdfkit takes any object with fontkit's layout()),
    // each registered as it is first used: opening a face reads its file.
    for (const item of page.items) if (item.kind === 'line') this.register(item);
    for (const line of page.furniture) this.register(line);
    doc.addPage({ size: this.size, margin: 0 });
    this.input.frame?.begin(doc, page);
    for (const name of page.destinations) doc.addNamedDestination(name);
    drawPageContent(doc, page, this.assets, this.fingerprint);
    this.fingerprint.update('\f');
    this.painted.push(page);
  }

  private register(line: LayoutLine): void {
    // Indexed loops here and in drawLine: once per line, cold, where for…of makes an iterator result per run.
    for (let r = 0; r < line.runs.length; r++) {
      const face = line.runs[r].face;
      if (this.registered.has(face)) continue;
      this.registered.add(face);
      this.doc.registerFont(face, this.input.fonts.fonts[face]);
    }
  }

  async finish(layout: LayoutDocument): Promise<Uint8Array> {
    const doc = this.doc;
    const body = layout.pages.slice(layout.firstBodyPage);
    if (this.painted.length !== body.length || this.painted.some((p, i) => p !== body[i])) {
      throw new Error('draw: the pages painted ahead are not the layout\'s body pages');
    }
    for (const page of layout.pages.slice(0, layout.firstBodyPage)) this.page(page);
    // Reading order: the front matter, painted last, goes before the body.
    const kids = (doc._root.data.Pages as unknown as { data: { Kids: unknown[] } }).data.Kids;
    kids.unshift(...kids.splice(body.length));

    // Outline levels: a level-1 entry (a chapter of an omnibus) goes under the last level-0 one (its work).
    let lastTop: PdfOutline | undefined;
    for (const [index, page] of layout.pages.entries()) {
      for (const entry of page.outline) {
        const at = { ...OUTLINE_ENTRY, pageNumber: index };
        if (entry.level > 0 && lastTop) lastTop.addItem(entry.title, at);
        else lastTop = doc.outline.addItem(entry.title, at);
      }
    }

    // Page labels: roman numerals for the front matter, arabic from 1 at chapter 1.
    const nums: unknown[] = [0, { S: 'r' }];
    if (layout.firstBodyPage < layout.pages.length) nums.push(layout.firstBodyPage, { S: 'D', St: 1 });
    const labels = doc.ref({ Nums: nums });
    labels.end();
    doc._root.data.PageLabels = labels;
    doc._root.data.PageMode = 'UseOutlines';
    // A right-bound book: viewers show two-page spreads right to left.
    if (layout.binding === 'right') viewerPreferences(doc).Direction = 'R2L';
    // The file ID comes from the content, not from a clock or a random source.
    doc._id = this.fingerprint.digest();
    doc.end();
    await this.done;
    return new Uint8Array(Buffer.concat(this.chunks));
  }
}

/**
 * The named destinations (a name tree) sorted by the strings' code units: pdfkit sorts them with
 * localeCompare, whose first call builds ICU's collator (~10 ms of an 8,000-word PDF's time, for a handful
 * of names), and whose order is not the one the PDF format asks for: a name tree's keys are in lexical
 * order of their bytes, which a reader's binary search relies on. For the ASCII names the layout gives,
 * code units are those bytes.
 */
export function sortNamesByCodeUnits(doc: PdfDoc): void {
  const names = doc._root.data.Names as { data: { Dests: { _compareKeys(a: string, b: string): number } } };
  names.data.Dests._compareKeys = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
}

/** The PDF's document information: title, author, summary, dates; the reading edition adds keywords. */
export function documentInfo(book: Book, options: { keywords: boolean }): Record<string, unknown> {
  const meta = book.meta;
  const info: Record<string, unknown> = {
    Title: meta.title,
    Author: meta.authors.join(', '),
    Creator: 'build-ebook',
    Producer: 'build-ebook (PDFKit)',
    CreationDate: new UtcDate(meta.modified),
    ModDate: new UtcDate(meta.modified),
  };
  if (meta.summaryText) info.Subject = meta.summaryText;
  const keywords = [...meta.fandoms, ...meta.tags].join(', ');
  if (options.keywords && keywords) info.Keywords = keywords;
  return info;
}

/**
 * A date whose toISOString reads its UTC fields (iso-date.ts): pdfkit writes the XMP creation date with
 * toISOString, whose first call loads ICU's time-zone data. The Info dictionary reads the UTC fields itself.
 */
class UtcDate extends Date {
  override toISOString(): string {
    return isoTimestamp(this);
  }
}

/** pdfkit's own defaults for an outline entry (a whole-page view), with the page given by its index. */
const OUTLINE_ENTRY = { top: 0, left: 0, zoom: 0, fit: true, expanded: false };

/** A page's items and furniture, in the current coordinates (imposition draws them scaled and turned). */
export function drawPageContent(doc: PdfDoc, page: LayoutPage, assets: ReadonlyMap<string, Asset>, fingerprint: FingerprintInput): void {
  // pdfkit turns each write to a content stream (every operator a run or a rule adds) into a buffer of its
  // own, and those small buffers were a tenth of painting a page; the fingerprint took a native call per
  // run. Both get one call per page, with the same bytes: write() ends each chunk with a newline.
  const content = doc.page.content;
  const write = content.write;
  const own = Object.prototype.hasOwnProperty.call(content, 'write');
  const contentBatch = batching((chunk) => write.call(content, chunk), '\n');
  const fingerprintBatch = batching((data) => fingerprint.update(data), '');
  content.write = contentBatch.write;
  try {
    drawItems(doc, page, assets, { update: fingerprintBatch.write });
  } finally {
    if (own) content.write = write;
    else delete (content as Partial<ContentStream>).write;
    contentBatch.flush();
    fingerprintBatch.flush();
  }
}

/** What painting feeds the file's fingerprint (fingerprint.ts): the text and place of each run, each image. */
interface FingerprintInput {
  update(data: string | Uint8Array): unknown;
}

/**
 * Collects the strings written to `sink` and passes them on joined with `separator`, at flush() or before
 * the next bytes: one call where there were many, in the same order.
 */
function batching(sink: (chunk: string | Uint8Array) => void, separator: string): { write: (chunk: string | Uint8Array) => void; flush: () => void } {
  const pending: string[] = [];
  const flush = () => {
    if (pending.length > 0) sink(pending.join(separator));
    pending.length = 0;
  };
  const write = (chunk: string | Uint8Array) => {
    if (typeof chunk === 'string') pending.push(chunk);
    else {
      flush();
      sink(chunk);
    }
  };
  return { write, flush };
}

function drawItems(doc: PdfDoc, page: LayoutPage, assets: ReadonlyMap<string, Asset>, fingerprint: FingerprintInput): void {
  for (const item of page.items) {
    if (item.kind === 'line') drawLine(doc, item, fingerprint);
    else if (item.kind === 'rule') {
      doc.moveTo(item.x1, item.y1).lineTo(item.x2, item.y2).lineWidth(0.5).stroke();
    } else if (item.kind === 'image') {
      const asset = assets.get(item.assetId);
      if (asset) {
        doc.image(Buffer.from(asset.data), item.x, item.y, { width: item.width, height: item.height });
        fingerprint.update(asset.data);
      }
    }
  }
  for (const line of page.furniture) drawLine(doc, line, fingerprint);
}

/** Strike-through: a thin rule across the run (spaces included) at half the x-height. */
function drawStrike(doc: PdfDoc, run: TextRun, baseline: number): void {
  const y = baseline - (run.rise ?? 0) - run.strike!;
  doc.save().moveTo(run.x, y).lineTo(run.x + run.width, y).lineWidth(run.size * 0.05).stroke().restore();
}

function drawLine(doc: PdfDoc, line: LayoutLine, fingerprint: FingerprintInput): void {
  const lineY = line.y.toFixed(2);
  for (let r = 0; r < line.runs.length; r++) {
    const run = line.runs[r];
    // pdfkit only spaces words itself when wordSpacing is non-zero; keep it on so the widths match.
    const wordSpacing = run.wordSpacing === 0 ? 1e-6 : run.wordSpacing;
    if (run.actualText !== undefined) doc.addContent(`/Span <</ActualText ${pdfTextString(run.actualText)}>> BDC`);
    if (run.invisible) doc.save().addContent('3 Tr');
    doc.font(run.face).fontSize(run.size);
    const scriptFace = isScriptFace(run.face);
    if (isShapedRun(run, scriptFace)) {
      // Right to left, or another script: shaped word by word in its direction (shaped-text.ts). Readers
      // put a right-to-left word's glyphs in logical order themselves, and CJK glyphs map one to one to
      // their characters; a left-to-right complex run (Devanagari vowel signs drawn before their consonant,
      // marks) carries its text as ActualText.
      const actualText = run.actualText === undefined && (run.level ?? 0) % 2 === 0 && !run.face.startsWith('cjk-');
      drawShapedText(doc as unknown as ShapedTextTarget, run, line.y - (run.rise ?? 0), actualText);
      if (run.url) doc.link(run.x, line.top, run.width, line.bottom - line.top, run.url);
    } else if (isPlainRun(run.text, run.url)) {
      // Same operators as text() below writes for such a run, without its per-call overhead (plain-text.ts).
      drawPlainText(doc as unknown as PdfTextTarget, run.text, run.x, line.y - (run.rise ?? 0), wordSpacing, run.features);
    } else {
      const options: Record<string, unknown> = { lineBreak: false, baseline: 'alphabetic', wordSpacing };
      if (run.features) options.features = run.features;
      if (run.url) options.link = run.url;
      doc.text(run.text, run.x, line.y - (run.rise ?? 0), options);
    }
    if (run.strike !== undefined) drawStrike(doc, run, line.y);
    if (run.invisible) doc.restore();
    if (run.actualText !== undefined) doc.addContent('EMC');
    fingerprint.update(`${run.face}|${run.size}|${run.x.toFixed(2)}|${lineY}|${run.text}\n`);
  }
  if (line.goTo) doc.goTo(line.x, line.top, line.width, line.bottom - line.top, line.goTo);
}

/** The catalog's viewer preferences (pdfkit makes the dictionary for displayTitle). */
function viewerPreferences(doc: PdfDoc): Record<string, unknown> {
  const root = doc._root.data;
  root.ViewerPreferences ??= doc.ref({});
  return (root.ViewerPreferences as { data: Record<string, unknown> }).data;
}

