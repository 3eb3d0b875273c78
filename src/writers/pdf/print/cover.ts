// The print-on-demand cover: back, spine and front on one sheet with bleed all round. The spine is as
// wide as the interior is thick; the title and author go on it when it is wide enough to hold them.

import { BookError, error, warning, type Diagnostic } from '../../../diagnostics.js';
import type { Asset, Book, PodOptions } from '../../../model/book.js';
import { BLEED, PAPERS } from '../../../print/options.js';
import type { FontSet } from '../fonts.js';
import type { LayoutLine } from '../layout/model.js';
import { drawLines } from './draw-lines.js';
import { facesOf, openDocument, setBoxes } from './document.js';
import { blocks, paragraph, stackUnits, text, unitsHeight, withTextSetter, type TextSetter } from './text.js';

const INCH = 72;
/** Below this the printed cover looks soft: an error. */
export const MIN_COVER_PPI = 200;
/** What print-on-demand services ask for: below it, a warning. */
export const GOOD_COVER_PPI = 300;
/** Narrower spines carry no text (KDP allows spine text from about 100 pages). */
export const MIN_SPINE_FOR_TEXT = 0.25 * INCH;
/** Kept clear of spine text on each side, as the services ask. */
const SPINE_MARGIN = 0.0625 * INCH;

export interface CoverGeometry {
  /** Whole sheet, bleed included, in points. */
  width: number;
  height: number;
  bleed: number;
  spine: number;
  trimWidth: number;
  trimHeight: number;
}

/** Paper thickness per page, in inches. */
export function paperThickness(paper: PodOptions['paper']): number {
  return typeof paper === 'number' ? paper : PAPERS[paper ?? 'white'];
}

export function coverGeometry(trim: { width: number; height: number }, pageCount: number, paper: PodOptions['paper']): CoverGeometry {
  const spine = pageCount * paperThickness(paper) * INCH;
  return {
    width: 2 * trim.width + spine + 2 * BLEED,
    height: trim.height + 2 * BLEED,
    bleed: BLEED,
    spine,
    trimWidth: trim.width,
    trimHeight: trim.height,
  };
}

/** The cover image's resolution on the front panel with its bleed, when drawn to fill it. */
export function coverResolution(asset: Pick<Asset, 'width' | 'height'>, g: CoverGeometry): number | undefined {
  if (!asset.width || !asset.height) return undefined;
  const panelWidth = (g.trimWidth + g.bleed) / INCH;
  const panelHeight = (g.trimHeight + 2 * g.bleed) / INCH;
  return Math.min(asset.width / panelWidth, asset.height / panelHeight);
}

export async function writeCover(book: Book, trim: { name: string; width: number; height: number }, pageCount: number, fonts: FontSet): Promise<{ data: Uint8Array; warnings: Diagnostic[]; geometry: CoverGeometry }> {
  const pod = book.print.pod ?? {};
  const g = coverGeometry(trim, pageCount, pod.paper);
  const warnings: Diagnostic[] = [];
  const cover = book.assets.find((a) => a.id === book.meta.coverAssetId);
  if (cover) checkResolution(book, cover, g, trim.name, warnings);

  const source = pod.pos?.file ?? 'book.yaml';
  const frontX = g.bleed + g.trimWidth + g.spine;
  const backX = g.bleed;
  const { lines, spine, setterWarnings } = await withTextSetter(fonts, book, source, (setter) => {
    const set: LayoutLine[] = [...backLines(book, setter, g, backX)];
    const onSpine = spineLines(book, setter, g);
    if (!cover) set.push(...frontLines(book, setter, g, frontX));
    return { lines: set, spine: onSpine, setterWarnings: setter.warnings };
  });
  const faces = facesOf([...lines, ...spine.lines]);
  const { doc, fingerprint, finish } = await openDocument(book, [g.width, g.height], fonts, faces, `cover|${trim.name}|${pageCount}|${g.spine.toFixed(3)}`);
  doc.addPage({ size: [g.width, g.height], margin: 0 });
  setBoxes(doc, g.height, { x: g.bleed, y: g.bleed, width: g.width - 2 * g.bleed, height: g.trimHeight }, { x: 0, y: 0, width: g.width, height: g.height });
  if (cover) {
    // The image fills the front and its bleed, cropped evenly where its shape differs.
    const panel = { x: frontX, y: 0, width: g.trimWidth + g.bleed, height: g.height };
    const w = cover.width ?? panel.width;
    const h = cover.height ?? panel.height;
    const scale = Math.max(panel.width / w, panel.height / h);
    doc.save();
    doc.rect(panel.x, panel.y, panel.width, panel.height).clip();
    doc.image(Buffer.from(cover.data), panel.x + (panel.width - w * scale) / 2, panel.y + (panel.height - h * scale) / 2, { width: w * scale, height: h * scale });
    doc.restore();
    fingerprint.update(cover.data);
  }
  drawLines(doc, lines, fingerprint);
  if (spine.lines.length > 0) {
    // Reads from head to foot (the English-language convention): the text's x runs down the page and its
    // top points at the front cover.
    doc.save();
    doc.transform(0, 1, -1, 0, frontX, g.bleed + spine.start);
    drawLines(doc, spine.lines, fingerprint);
    doc.restore();
  }
  return { data: await finish(), warnings: [...warnings, ...setterWarnings], geometry: g };
}

function checkResolution(book: Book, cover: Asset, g: CoverGeometry, trimName: string, warnings: Diagnostic[]): void {
  const ppi = coverResolution(cover, g);
  if (ppi === undefined) return;
  const at = book.meta.coverPos;
  const file = at?.file ?? cover.source;
  const need = (p: number) => `${Math.ceil(((g.trimWidth + g.bleed) / INCH) * p)}×${Math.ceil(((g.trimHeight + 2 * g.bleed) / INCH) * p)} px`;
  const what = `the cover image ${cover.source} (${cover.width}×${cover.height} px) prints at ${Math.floor(ppi)} ppi on a ${trimName} front cover with its bleed`;
  if (ppi < MIN_COVER_PPI) {
    throw new BookError([
      error(file, `${what}; a printed cover needs at least ${MIN_COVER_PPI} ppi`, {
        ...(at && { line: at.line }),
        hint: `use an image of at least ${need(MIN_COVER_PPI)} (${need(GOOD_COVER_PPI)} for the ${GOOD_COVER_PPI} ppi printers ask for)`,
      }),
    ]);
  }
  if (ppi < GOOD_COVER_PPI) {
    warnings.push(warning(file, `${what}; print-on-demand services ask for ${GOOD_COVER_PPI} ppi`, { ...(at && { line: at.line }), hint: `an image of ${need(GOOD_COVER_PPI)} prints sharp` }));
  }
}

/** The summary on the back, above the space printers keep for the barcode (2 × 1.2 in, bottom right). */
function backLines(book: Book, setter: TextSetter, g: CoverGeometry, backX: number): LayoutLine[] {
  if (!book.meta.summary) return [];
  const margin = 0.6 * INCH;
  const width = g.trimWidth - 2 * margin;
  const top = g.bleed + 0.9 * INCH;
  const room = g.trimHeight - 0.9 * INCH - (1.2 + 0.25 + 0.3) * INCH;
  // The largest size that fits, from a comfortable 12 pt down to 8.
  for (let size = 12; size >= 8; size -= 0.5) {
    const ctx = setter.ctx(size, size * 1.35, width);
    const units = blocks(ctx, book.meta.summary, 'justify');
    if (unitsHeight(units) <= room || size <= 8) return stackUnits(units, backX + margin, top).lines;
  }
  return [];
}

/** Title, subtitle and author on a front without an image. */
function frontLines(book: Book, setter: TextSetter, g: CoverGeometry, frontX: number): LayoutLine[] {
  const wording = book.titlePage;
  const margin = 0.6 * INCH;
  const width = g.trimWidth - 2 * margin;
  const left = frontX + margin;
  const titleSize = Math.min(40, g.trimWidth / 9);
  const ctx = setter.ctx(titleSize, titleSize * 1.15, width);
  const units = [paragraph(ctx, wording.title, { align: 'center', hyphenate: false, size: titleSize, leading: titleSize * 1.15 })];
  if (wording.subtitle) {
    const s = titleSize * 0.45;
    units.push({ rows: [{ height: s, items: [], breakBefore: false, discardable: false, unit: 0 }], keepWithNext: false });
    units.push(paragraph(ctx, wording.subtitle, { align: 'center', hyphenate: false, size: s, leading: s * 1.3, face: 'serif-italic' }));
  }
  const top = stackUnits(units, left, g.bleed + g.trimHeight * 0.22).lines;
  const authorSize = titleSize * 0.5;
  const author = book.meta.authors.join(' & ');
  const bottom = author ? stackUnits([paragraph(ctx, text(author), { align: 'center', hyphenate: false, size: authorSize, leading: authorSize * 1.3, features: ['smcp'] })], left, g.bleed + g.trimHeight * 0.72).lines : [];
  return [...top, ...bottom];
}

/** Title (and the author, when there is room) along the spine, in the spine's own coordinates: x down the
 * spine from `start`, y across it from the front's edge. */
function spineLines(book: Book, setter: TextSetter, g: CoverGeometry): { lines: LayoutLine[]; start: number } {
  const start = 0.5 * INCH;
  if (g.spine < MIN_SPINE_FOR_TEXT) return { lines: [], start };
  const length = g.trimHeight - 2 * start;
  // As large as the spine allows, smaller for a title that would not fit on one line; none below 6 pt.
  for (let size = Math.min(14, (g.spine - 2 * SPINE_MARGIN) * 0.72); size >= 6; size -= 0.5) {
    const ctx = setter.ctx(size, size, length);
    const oneLine = (inlines: Parameters<typeof paragraph>[1], features?: string[]) =>
      stackUnits([paragraph(ctx, inlines, { align: 'left', hyphenate: false, size, leading: size, ...(features && { features }) })], 0, 0).lines;
    const title = oneLine(book.titlePage.title);
    if (title.length !== 1) continue;
    const baseline = g.spine / 2 + size * 0.33;
    const place = (line: LayoutLine, x: number): LayoutLine => {
      const dx = x - line.x;
      return { ...line, x, y: baseline, top: baseline - size * 0.75, bottom: baseline + size * 0.25, runs: line.runs.map((r) => ({ ...r, x: r.x + dx })) };
    };
    const out = [place(title[0], 0)];
    const author = book.meta.authors.length > 0 ? oneLine(text(book.meta.authors.join(' & ')), ['smcp']) : [];
    // The author at the foot of the spine, when both fit with room between them.
    if (author.length === 1 && title[0].width + author[0].width + 2 * size <= length) out.push(place(author[0], length - author[0].width));
    return { lines: out, start };
  }
  return { lines: [], start };
}
