// Which book page goes where on which printed sheet, for folding into signatures. Pure: derived by
// simulating the folds the instruction page tells the reader to make, so the two cannot disagree.

import type { FlipEdge, ImposeKind } from '../../../print/options.js';

export type { FlipEdge, ImposeKind };
export type Fold = 'vertical' | 'horizontal';

export interface Scheme {
  /** Page cells across and down one side of a sheet. */
  cols: number;
  rows: number;
  /** In order; `vertical`: the left half behind the right; `horizontal`: the top half behind the bottom. */
  folds: Fold[];
  /** The sheet lies wider than tall (pages keep their upright proportions in the cells). */
  landscape: boolean;
}

const FOLIO: Scheme = { cols: 2, rows: 1, folds: ['vertical'], landscape: true };

export const SCHEMES: Record<ImposeKind, Scheme> = {
  folio: FOLIO,
  booklet: FOLIO,
  quarto: { cols: 2, rows: 2, folds: ['horizontal', 'vertical'], landscape: false },
  octavo: { cols: 4, rows: 2, folds: ['vertical', 'horizontal', 'vertical'], landscape: true },
};

/** Pages on one sheet, both sides. */
export function pagesPerSheet(scheme: Scheme): number {
  return 2 * scheme.cols * scheme.rows;
}

export type Rotation = 0 | 180;

/** One page cell on one side of a sheet. */
export interface Slot {
  col: number;
  row: number;
  /** 0-based page of the book; null for a blank page added to complete the signature. */
  page: number | null;
  rotation: Rotation;
}

export interface PlannedSheet {
  /** 0-based. */
  signature: number;
  /** 0-based within its signature, outermost first. */
  sheet: number;
  sheetsInSignature: number;
  front: Slot[];
  back: Slot[];
}

export interface Plan {
  scheme: Scheme;
  sheets: PlannedSheet[];
  signatures: number;
  sheetsPerSignature: number;
  /** Blank pages added at the end of the last signature. */
  blanks: number;
}

interface Piece {
  sheet: number;
  col: number;
  row: number;
  x: number;
  y: number;
  /** Layer in the folded stack, 0 on top. */
  z: number;
  /** The sheet's front faces up. */
  up: boolean;
  /** How the piece's content is mirrored as seen from above: x and y scale, each ±1. */
  sx: number;
  sy: number;
}

interface FoldedCell {
  /** 0-based page within the signature and its rotation, for each side of the sheet. */
  front: { page: number; rotation: Rotation };
  back: { page: number; rotation: Rotation };
}

const rotation = (sx: number): Rotation => (sx === 1 ? 0 : 180);

/**
 * Folds a stack of `sheets` sheets (sheet 0 on top, fronts up) as the scheme says and reads the result:
 * layer k of the folded stack is leaf k, its upper face page 2k, its lower face page 2k + 1, spine on the
 * left. Returns, per sheet and cell (row-major), the page each side shows and how it is turned.
 */
export function foldSignature(scheme: Scheme, sheets: number): FoldedCell[][] {
  const pieces: Piece[] = [];
  for (let s = 0; s < sheets; s++) {
    for (let row = 0; row < scheme.rows; row++) {
      for (let col = 0; col < scheme.cols; col++) pieces.push({ sheet: s, col, row, x: col, y: row, z: s, up: true, sx: 1, sy: 1 });
    }
  }
  let width = scheme.cols;
  let height = scheme.rows;
  let layers = sheets;
  for (const fold of scheme.folds) {
    const vertical = fold === 'vertical';
    const half = (vertical ? width : height) / 2;
    for (const p of pieces) {
      const pos = vertical ? p.x : p.y;
      let next: number;
      if (pos < half) {
        // Folded behind: mirrored about the fold, under everything, its layers in reverse order, turned over.
        next = (vertical ? width : height) - 1 - pos - half;
        p.z = 2 * layers - 1 - p.z;
        p.up = !p.up;
        if (vertical) p.sx = -p.sx;
        else p.sy = -p.sy;
      } else next = pos - half;
      if (vertical) p.x = next;
      else p.y = next;
    }
    if (vertical) width = half;
    else height = half;
    layers *= 2;
  }
  const out: FoldedCell[][] = Array.from({ length: sheets }, () => []);
  for (const p of pieces) {
    // Seen from above, a piece face up is a rotation (sx = sy); the lower face is read by turning the leaf
    // over about the spine (a mirror in x), which gives the same rotation. A piece face down is a mirror
    // seen from above; the turn about the spine makes it the rotation sx·(-1).
    const cell: FoldedCell = p.up
      ? { front: { page: 2 * p.z, rotation: rotation(p.sx) }, back: { page: 2 * p.z + 1, rotation: rotation(p.sx) } }
      : { front: { page: 2 * p.z + 1, rotation: rotation(-p.sx) }, back: { page: 2 * p.z, rotation: rotation(-p.sx) } };
    out[p.sheet][p.row * scheme.cols + p.col] = cell;
  }
  return out;
}

/** Whether the back of each sheet must be turned 180°: the folds read the back as the sheet turned about its
 * vertical axis, which is the printer's long edge on an upright sheet and its short edge on a wide one. */
export function backTurned(scheme: Scheme, flip: FlipEdge): boolean {
  return flip !== (scheme.landscape ? 'short' : 'long');
}

/** Sheets per signature when none is given: a single signature for a short book, else sizes binders use. */
export function defaultSheetsPerSignature(kind: ImposeKind, pageCount: number): number {
  const perSheet = pagesPerSheet(SCHEMES[kind]);
  const needed = Math.max(1, Math.ceil(pageCount / perSheet));
  switch (kind) {
    case 'booklet':
      return needed;
    case 'folio': {
      if (needed <= 6) return needed;
      // 4 sheets (16 pages) is the usual folio signature; 5, 3 or 6 when that leaves the last one fuller.
      let best = 4;
      let bestShort = Infinity;
      for (const s of [4, 5, 3, 6]) {
        const short = (s - (needed % s)) % s;
        if (short < bestShort) [best, bestShort] = [s, short];
      }
      return best;
    }
    case 'quarto':
      // Two sheets folded twice together: 16 pages, still easy to fold by hand.
      return Math.min(2, needed);
    case 'octavo':
      return 1;
  }
  return 1;
}

/**
 * The whole plan: signatures of `sheetsPerSignature` sheets (the last one only as many as the remaining
 * pages need), blank pages at the end of the last signature, each sheet's front and back as printed.
 */
export function planImposition(kind: ImposeKind, pageCount: number, options: { sheetsPerSignature?: number; flip?: FlipEdge } = {}): Plan {
  const scheme = SCHEMES[kind];
  const perSheet = pagesPerSheet(scheme);
  const totalSheets = Math.max(1, Math.ceil(pageCount / perSheet));
  const per = kind === 'booklet' ? totalSheets : Math.max(1, options.sheetsPerSignature ?? defaultSheetsPerSignature(kind, pageCount));
  const turned = backTurned(scheme, options.flip ?? (scheme.landscape ? 'short' : 'long'));
  const sheets: PlannedSheet[] = [];
  let firstPage = 0;
  let signature = 0;
  for (let done = 0; done < totalSheets; signature++) {
    const count = Math.min(per, totalSheets - done);
    const folded = foldSignature(scheme, count);
    folded.forEach((cells, sheet) => {
      const front: Slot[] = [];
      const back: Slot[] = [];
      cells.forEach((cell, i) => {
        const col = i % scheme.cols;
        const row = Math.floor(i / scheme.cols);
        const page = (n: number) => (firstPage + n < pageCount ? firstPage + n : null);
        front.push({ col, row, page: page(cell.front.page), rotation: cell.front.rotation });
        // The back as seen after turning the sheet about its vertical axis: columns mirror.
        const backSlot: Slot = { col: scheme.cols - 1 - col, row, page: page(cell.back.page), rotation: cell.back.rotation };
        if (turned) {
          backSlot.col = scheme.cols - 1 - backSlot.col;
          backSlot.row = scheme.rows - 1 - backSlot.row;
          backSlot.rotation = backSlot.rotation === 0 ? 180 : 0;
        }
        back.push(backSlot);
      });
      const order = (a: Slot, b: Slot) => a.row - b.row || a.col - b.col;
      sheets.push({ signature, sheet, sheetsInSignature: count, front: front.sort(order), back: back.sort(order) });
    });
    firstPage += count * perSheet;
    done += count;
  }
  return { scheme, sheets, signatures: signature, sheetsPerSignature: per, blanks: totalSheets * perSheet - pageCount };
}

/** Which edge of a cell is the spine (the last vertical fold): cells pair up across it. */
export function spineSide(col: number): 'left' | 'right' {
  return col % 2 === 0 ? 'right' : 'left';
}
