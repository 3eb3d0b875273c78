// The imposed edition: the laid-out pages placed on printer sheets for folding into signatures, after a
// page that says how to print and fold them. Each book page is drawn once, scaled and turned in place,
// so its text stays text (extractable, fonts embedded once).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Book, ImposeOptions } from '../../../model/book.js';
import { warning, type Diagnostic } from '../../../diagnostics.js';
import { PACKAGE_ROOT } from '../../../package-files.js';
import { drawPageContent } from '../draw.js';
import type { FontSet } from '../fonts.js';
import type { LayoutDocument, LayoutLine, LayoutPage } from '../layout/model.js';
import { facesOf, openDocument, type PrintDoc } from '../print/document.js';
import { drawLines } from '../print/draw-lines.js';
import { paragraph, stackUnits, text, withTextSetter, type TextSetter } from '../print/text.js';
import { planImposition, spineSide, type FlipEdge, type ImposeKind, type Plan, type PlannedSheet, type Slot } from './plan.js';
import { sheetSize } from '../../../print/options.js';

export interface ImposeWording {
  heading: string;
  print: string;
  test: string;
  signatures: string;
  signaturesLast: string;
  blanks: string;
  scale: string;
  fold: string;
  steps: Record<'vertical' | 'horizontal', string>;
  cut: string;
  gather: string;
  booklet: string;
  marks: string;
  label: string;
  front: string;
  back: string;
  nouns: Record<'sheet' | 'signature' | 'blank', [string, string]>;
}

function loadWording(): ImposeWording {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'templates', 'pdf', 'imposition.json'), 'utf8')) as ImposeWording;
}

const fill = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (m, key: string) => (key in values ? String(values[key]) : m));

/** Where a page goes on its sheet, in points from the sheet's top-left corner. */
export interface Placement {
  x: number;
  y: number;
  scale: number;
  rotation: 0 | 180;
}

/** Sheet geometry: oriented sheet size, cell size, the scale pages are drawn at. */
export function sheetGeometry(plan: Plan, sheet: [number, number], page: { width: number; height: number }) {
  const [short, long] = sheet;
  const [width, height] = plan.scheme.landscape ? [long, short] : [short, long];
  const cellWidth = width / plan.scheme.cols;
  const cellHeight = height / plan.scheme.rows;
  const scale = Math.min(1, cellWidth / page.width, cellHeight / page.height);
  return { width, height, cellWidth, cellHeight, scale };
}

/** A page's box in its cell: against the spine fold, centred from head to foot. */
export function placeSlot(slot: Slot, geometry: ReturnType<typeof sheetGeometry>, page: { width: number; height: number }): Placement {
  const w = page.width * geometry.scale;
  const h = page.height * geometry.scale;
  const cellX = slot.col * geometry.cellWidth;
  const x = spineSide(slot.col) === 'right' ? cellX + geometry.cellWidth - w : cellX;
  const y = slot.row * geometry.cellHeight + (geometry.cellHeight - h) / 2;
  return { x, y, scale: geometry.scale, rotation: slot.rotation };
}

export interface ImposeResult {
  data: Uint8Array;
  warnings: Diagnostic[];
  plan: Plan;
}

export async function imposeLayout(book: Book, layout: LayoutDocument, fonts: FontSet, options: ImposeOptions): Promise<ImposeResult> {
  const warnings: Diagnostic[] = [];
  const sheetName = options.sheet ?? 'letter';
  const sheet = sheetSize(sheetName);
  if (!sheet) throw new Error(`unknown sheet size "${sheetName}"`);
  const plan = planImposition(options.kind, layout.pages.length, { sheetsPerSignature: options.sheetsPerSignature, flip: options.flip });
  const flip: FlipEdge = options.flip ?? (plan.scheme.landscape ? 'short' : 'long');
  const page = { width: layout.width, height: layout.height };
  const geometry = sheetGeometry(plan, sheet, page);
  const where = book.print.imposePos;
  if (geometry.scale < 0.8) {
    warnings.push(
      warning(where?.file ?? `--impose ${options.kind}`, `the imposed pages are printed at ${Math.round(geometry.scale * 100)}% of their size to fit ${options.kind} on ${sheetName}`, {
        ...(where && { line: where.line }),
        hint: `a sheet of ${fullSize(plan, page)} holds them at full size; or choose fewer pages to a side, or a smaller trim`,
      }),
    );
  }
  if (options.kind === 'booklet' && plan.sheets.length > 20) {
    warnings.push(
      warning(where?.file ?? '--impose booklet', `a booklet of ${plan.sheets.length} sheets is thick to fold and staple as one`, {
        ...(where && { line: where.line }),
        hint: 'impose it as folio signatures instead',
      }),
    );
  }

  const wording = loadWording();
  const labelSize = 6;
  // The sheets' labels are set with the instructions, so that a title in another script is shaped as theirs is.
  const { setter, instructions, labels } = await withTextSetter(fonts, book, where?.file ?? 'book.yaml', (setter) => ({
    setter,
    instructions: instructionLines(setter, wording, { book, plan, flip, sheetName, geometry, marks: options.marks ?? false, kind: options.kind }),
    labels: options.marks
      ? plan.sheets.map((sheet) => ({
          front: labelLine(setter, wording, { book, plan, sheet, side: 'front' }, labelSize, geometry, page),
          back: labelLine(setter, wording, { book, plan, sheet, side: 'back' }, labelSize, geometry, page),
        }))
      : [],
  }));
  const faces = facesOf(layout.pages.flatMap((p) => [...p.items, ...p.furniture]));
  facesOf(instructions, faces);
  for (const label of labels) facesOf([label.front, label.back].filter((line) => line !== undefined), faces);
  faces.add('serif');
  const { doc, fingerprint, finish } = await openDocument(book, [geometry.width, geometry.height], fonts, faces, `imposed|${options.kind}|${sheetName}|${flip}|${plan.sheetsPerSignature}|${options.marks ?? false}`);
  const assets = new Map(book.assets.map((a) => [a.id, a]));

  doc.addPage({ size: [geometry.width, geometry.height], margin: 0 });
  drawLines(doc, instructions, fingerprint);
  // The back of the instructions: blank, so printing the whole file on both sides still pairs the sheets.
  doc.addPage({ size: [geometry.width, geometry.height], margin: 0 });

  for (const [index, sheetPlan] of plan.sheets.entries()) {
    for (const side of ['front', 'back'] as const) {
      doc.addPage({ size: [geometry.width, geometry.height], margin: 0 });
      for (const slot of sheetPlan[side]) {
        if (slot.page === null) continue;
        const laid = layout.pages[slot.page];
        drawPlaced(doc, laid, placeSlot(slot, geometry, page), page, assets, fingerprint);
      }
      if (options.marks) {
        drawMarks(doc, plan, sheetPlan[side], geometry, page);
        const label = labels[index][side];
        if (label) drawLines(doc, [label], fingerprint);
      }
      fingerprint.update(`\f${side}`);
    }
  }
  return { data: await finish(), warnings: [...warnings, ...setter.warnings], plan };
}

/** The sheet that holds the pages at 100%, as WxH in inches (wide or upright as the kind lies). */
function fullSize(plan: Plan, page: { width: number; height: number }): string {
  const inches = (n: number) => Math.ceil((n / 72) * 10) / 10;
  return `${inches(plan.scheme.cols * page.width)}x${inches(plan.scheme.rows * page.height)}in`;
}

function drawPlaced(doc: PrintDoc, laid: LayoutPage, at: Placement, page: { width: number; height: number }, assets: Parameters<typeof drawPageContent>[2], fingerprint: Parameters<typeof drawPageContent>[3]): void {
  // Named destinations point at the sheet the page is on, so the contents' links still lead somewhere.
  for (const name of laid.destinations) doc.addNamedDestination(name);
  doc.save();
  if (at.rotation === 0) doc.transform(at.scale, 0, 0, at.scale, at.x, at.y);
  else doc.transform(-at.scale, 0, 0, -at.scale, at.x + page.width * at.scale, at.y + page.height * at.scale);
  drawPageContent(doc, laid, assets, fingerprint);
  doc.restore();
  fingerprint.update(`@${at.x.toFixed(2)},${at.y.toFixed(2)},${at.scale.toFixed(4)},${at.rotation}\n`);
}

/** Fold lines as dashes at the sheet's edges; trim marks at page corners where the cell leaves room. */
function drawMarks(doc: PrintDoc, plan: Plan, slots: readonly Slot[], geometry: ReturnType<typeof sheetGeometry>, page: { width: number; height: number }): void {
  const { width, height, cellWidth, cellHeight } = geometry;
  const dash = 18;
  doc.save().lineWidth(0.4).dash(3, { space: 2 });
  for (let c = 1; c < plan.scheme.cols; c++) {
    const x = c * cellWidth;
    doc.moveTo(x, 0).lineTo(x, dash).stroke();
    doc.moveTo(x, height - dash).lineTo(x, height).stroke();
  }
  for (let r = 1; r < plan.scheme.rows; r++) {
    const y = r * cellHeight;
    doc.moveTo(0, y).lineTo(dash, y).stroke();
    doc.moveTo(width - dash, y).lineTo(width, y).stroke();
  }
  doc.undash().lineWidth(0.3);
  const gap = 2;
  for (const slot of slots) {
    const at = placeSlot(slot, geometry, page);
    const w = page.width * at.scale;
    const h = page.height * at.scale;
    const cellX = slot.col * cellWidth;
    const cellY = slot.row * cellHeight;
    const room = { left: at.x - cellX, right: cellX + cellWidth - (at.x + w), top: at.y - cellY, bottom: cellY + cellHeight - (at.y + h) };
    const len = (r: number) => Math.min(12, r - gap);
    for (const [cx, cy] of [[at.x, at.y], [at.x + w, at.y], [at.x, at.y + h], [at.x + w, at.y + h]] as const) {
      const horizontalRoom = cx === at.x ? room.left : room.right;
      const verticalRoom = cy === at.y ? room.top : room.bottom;
      const sx = cx === at.x ? -1 : 1;
      const sy = cy === at.y ? -1 : 1;
      if (horizontalRoom >= 6) doc.moveTo(cx + sx * gap, cy).lineTo(cx + sx * (gap + len(horizontalRoom)), cy).stroke();
      if (verticalRoom >= 6) doc.moveTo(cx, cy + sy * gap).lineTo(cx, cy + sy * (gap + len(verticalRoom))).stroke();
    }
  }
  doc.restore();
}

/** The sheet's name in the bottom margin, when the pages leave room for it there. */
function labelLine(setter: TextSetter, wording: ImposeWording, at: { book: Book; plan: Plan; sheet: PlannedSheet; side: 'front' | 'back' }, size: number, geometry: ReturnType<typeof sheetGeometry>, page: { width: number; height: number }): LayoutLine | undefined {
  const room = (geometry.cellHeight - page.height * geometry.scale) / 2;
  if (room < size * 2.5) return undefined;
  const content = fill(wording.label, {
    title: at.book.meta.title,
    signature: at.sheet.signature + 1,
    signatures: at.plan.signatures,
    sheet: at.sheet.sheet + 1,
    sheets: at.sheet.sheetsInSignature,
    side: wording[at.side],
  });
  const ctx = setter.ctx(size, size * 1.2, geometry.width);
  const { lines } = stackUnits([paragraph(ctx, text(content), { align: 'center', hyphenate: false, size, leading: size * 1.2 })], 0, geometry.height - room / 2 - size);
  return lines[0];
}

interface InstructionInput {
  book: Book;
  plan: Plan;
  flip: FlipEdge;
  sheetName: string;
  geometry: ReturnType<typeof sheetGeometry>;
  marks: boolean;
  kind: ImposeKind;
}

/** The first page: what to print, how to test the flip edge, how to fold, cut and gather. */
export function instructionParagraphs(wording: ImposeWording, input: InstructionInput): string[] {
  const { plan, flip, sheetName } = input;
  const noun = (kind: keyof ImposeWording['nouns'], n: number) => fill(wording.nouns[kind][n === 1 ? 0 : 1], { n });
  const total = plan.sheets.length;
  const bookPages = plan.sheets.length * 2 * plan.scheme.cols * plan.scheme.rows - plan.blanks;
  const other = flip === 'long' ? 'short' : 'long';
  const out = [
    fill(wording.print, { from: 3, to: 2 + 2 * total, sheets: noun('sheet', total), paper: /^a\d$/i.test(sheetName) ? sheetName.toUpperCase() : sheetName, flip }),
    fill(wording.test, { from: 3, fromBack: 4, otherFlip: other }),
  ];
  const last = plan.sheets[plan.sheets.length - 1].sheetsInSignature;
  if (plan.signatures === 1 || last === plan.sheetsPerSignature) {
    out.push(fill(wording.signatures, { pages: bookPages, signatures: noun('signature', plan.signatures), sheetsPer: noun('sheet', plan.sheetsPerSignature) }));
  } else {
    out.push(fill(wording.signaturesLast, { pages: bookPages, signatures: noun('signature', plan.signatures), sheetsPer: noun('sheet', plan.sheetsPerSignature), lastSheets: noun('sheet', last) }));
  }
  if (plan.blanks > 0) out.push(fill(wording.blanks, { blanks: noun('blank', plan.blanks) }));
  if (input.geometry.scale < 0.999) out.push(fill(wording.scale, { percent: Math.round(input.geometry.scale * 100) }));
  if (input.kind === 'booklet') {
    out.push(wording.booklet);
  } else {
    const steps = plan.scheme.folds.map((f) => wording.steps[f]).join(', then ');
    out.push(fill(wording.fold, { steps }));
    if (plan.scheme.folds.length > 1) out.push(wording.cut);
    out.push(wording.gather);
  }
  if (input.marks) out.push(wording.marks);
  return out;
}

function instructionLines(setter: TextSetter, wording: ImposeWording, input: InstructionInput): LayoutLine[] {
  const { width: sheetWidth } = input.geometry;
  const margin = 54;
  const measure = Math.min(sheetWidth - 2 * margin, 6 * 72);
  const left = (sheetWidth - measure) / 2;
  const size = 11;
  const leading = 15;
  const ctx = setter.ctx(size, leading, measure);
  const units = [paragraph(ctx, text(wording.heading), { size: 16, leading: 22, align: 'left', hyphenate: false, face: 'serif-bold' })];
  units.push(paragraph(ctx, text(input.book.meta.title), { size: 12, leading: 22, align: 'left', hyphenate: false, face: 'serif-italic' }));
  for (const p of instructionParagraphs(wording, input)) {
    units.push({ rows: [{ height: leading * 0.6, items: [], breakBefore: false, discardable: false, unit: 0 }], keepWithNext: false });
    units.push(paragraph(ctx, text(p), { align: 'left', hyphenate: true }));
  }
  return stackUnits(units, left, margin).lines;
}

export type { Plan };
