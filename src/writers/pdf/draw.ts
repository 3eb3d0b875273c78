// Paints a LayoutDocument with pdfkit: every position comes from the layout; pdfkit only draws,
// embeds (subsets) the fonts and writes the file structure.

import { createHash } from 'node:crypto';
import type { Asset, Book } from '../../model/book.js';
import { FACES, isScriptFace, type Face, type FontSet, type PdfFont } from './fonts.js';
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
}

interface PdfOutline {
  addItem(title: string): PdfOutline;
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

export async function draw({ book, layout, fonts, frame }: DrawInput): Promise<Uint8Array> {
  const { default: PDFDocument } = (await import('pdfkit')) as unknown as { default: new (options: object) => PdfDoc };
  const meta = book.meta;
  const keywords = [...meta.fandoms, ...meta.tags].join(', ');
  const info: Record<string, unknown> = {
    Title: meta.title,
    Author: meta.authors.join(', '),
    Creator: 'build-ebook',
    Producer: 'build-ebook (PDFKit)',
    CreationDate: meta.modified,
    ModDate: meta.modified,
  };
  if (meta.summaryText) info.Subject = meta.summaryText;
  if (keywords) info.Keywords = keywords;
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: frame ? [frame.width, frame.height] : [layout.width, layout.height],
    margin: 0,
    lang: meta.language,
    displayTitle: true,
    info,
    compress: true,
    // No default font: pdfkit would otherwise parse Helvetica's metrics for every document, unused.
    font: null,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk) => chunks.push(chunk!));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));

  // The fonts the layout measured with, not their bytes (pdfkit takes any object with fontkit's layout()),
  // and only the faces the layout uses: opening a face reads its file.
  const used = new Set<Face>();
  for (const page of layout.pages) for (const item of [...page.items, ...page.furniture]) if (item.kind === 'line') for (const run of item.runs) used.add(run.face);
  for (const face of FACES) if (used.has(face)) doc.registerFont(face, fonts.fonts[face]);
  const assets = new Map(book.assets.map((a) => [a.id, a]));
  const fingerprint = createHash('sha256');
  fingerprint.update(`${layout.trim}|${meta.identifier}|${meta.modified.toISOString()}${frame ? `|${frame.key}` : ''}\n`);

  // Outline levels: a level-1 entry (a chapter of an omnibus) goes under the last level-0 one (its work).
  let lastTop: PdfOutline | undefined;
  for (const page of layout.pages) {
    doc.addPage({ size: frame ? [frame.width, frame.height] : [layout.width, layout.height], margin: 0 });
    frame?.begin(doc, page);
    for (const name of page.destinations) doc.addNamedDestination(name);
    for (const entry of page.outline) {
      if (entry.level > 0 && lastTop) lastTop.addItem(entry.title);
      else lastTop = doc.outline.addItem(entry.title);
    }
    drawPageContent(doc, page, assets, fingerprint);
    fingerprint.update('\f');
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
  doc._id = new Uint8Array(createHash('md5').update(fingerprint.digest()).digest());
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** A page's items and furniture, in the current coordinates (imposition draws them scaled and turned). */
export function drawPageContent(doc: PdfDoc, page: LayoutPage, assets: ReadonlyMap<string, Asset>, fingerprint: ReturnType<typeof createHash>): void {
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

function drawLine(doc: PdfDoc, line: LayoutLine, fingerprint: ReturnType<typeof createHash>): void {
  for (const run of line.runs) {
    const options: Record<string, unknown> = {
      lineBreak: false,
      baseline: 'alphabetic',
      // pdfkit only spaces words itself when wordSpacing is non-zero; keep it on so the widths match.
      wordSpacing: run.wordSpacing === 0 ? 1e-6 : run.wordSpacing,
    };
    if (run.features) options.features = run.features;
    if (run.url) options.link = run.url;
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
    } else if (isPlainRun(run.text, run.url, run.features)) {
      // Same operators as text() below writes for such a run, without its per-call overhead (plain-text.ts).
      drawPlainText(doc as unknown as PdfTextTarget, run.text, run.x, line.y - (run.rise ?? 0), options.wordSpacing as number);
    } else {
      doc.text(run.text, run.x, line.y - (run.rise ?? 0), options);
    }
    if (run.strike !== undefined) drawStrike(doc, run, line.y);
    if (run.invisible) doc.restore();
    if (run.actualText !== undefined) doc.addContent('EMC');
    fingerprint.update(`${run.face}|${run.size}|${run.x.toFixed(2)}|${line.y.toFixed(2)}|${run.text}\n`);
  }
  if (line.goTo) doc.goTo(line.x, line.top, line.width, line.bottom - line.top, line.goTo);
}

/** The catalog's viewer preferences (pdfkit makes the dictionary for displayTitle). */
function viewerPreferences(doc: PdfDoc): Record<string, unknown> {
  const root = doc._root.data;
  root.ViewerPreferences ??= doc.ref({});
  return (root.ViewerPreferences as { data: Record<string, unknown> }).data;
}

