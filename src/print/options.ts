// The print options' vocabularies, shared by book.yaml's schema, the command line and the PDF writer.
// Pure data: cheap to import.

export { SHEET_NAMES, sheetSize } from './sheets.js';

export const IMPOSE_KINDS = ['folio', 'quarto', 'octavo', 'booklet'] as const;
export type ImposeKind = (typeof IMPOSE_KINDS)[number];

export const FLIP_EDGES = ['long', 'short'] as const;
export type FlipEdge = (typeof FLIP_EDGES)[number];

/**
 * Paper thickness per page (one side of a leaf), in inches: the spine is the page count times this.
 * KDP's published figures for its white and cream papers; other printers' are within a few percent.
 */
export const PAPERS = { white: 0.002252, cream: 0.0025 } as const;
export type PaperName = keyof typeof PAPERS;
export const PAPER_NAMES = ['white', 'cream'] as const satisfies readonly PaperName[];

/** Bleed beyond the trim, where asked: 0.125 in, what print-on-demand services require. */
export const BLEED = 0.125 * 72;
