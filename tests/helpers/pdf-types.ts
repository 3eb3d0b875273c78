// What the PDF helpers (tests/helpers/pdf.ts) return, whichever tool read the file.

/** One row of pdffonts. */
export interface PdfFont {
  /** The BaseFont, with its subset tag (ABCDEF+Name). */
  name: string;
  /** pdffonts' words: "CID TrueType", "TrueType", "Type 1", "Type 1C", "Type 3", … */
  type: string;
  /** "Identity-H", "WinAnsi", "Custom", "Builtin", … */
  encoding: string;
  embedded: boolean;
  subset: boolean;
  /** Has a ToUnicode map (text can be copied). */
  unicode: boolean;
}

/** A structural check: `ok` when the file needed no repair and no object or stream is broken. */
export interface PdfCheck {
  ok: boolean;
  /** What the checker found, one problem a line ([] when ok). */
  problems: string[];
  checker: 'qpdf' | 'mupdf';
}

export interface PdfInfo {
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string;
  creator?: string;
  producer?: string;
  /** ISO 8601 instants (`2023-11-14T22:13:20.000Z`). */
  creationDate?: string;
  modDate?: string;
  /** Each page's size in points. */
  pages: { width: number; height: number }[];
}

export interface PdfOutlineItem {
  title: string;
  /** The page it opens, from 0. */
  page?: number;
  kids: PdfOutlineItem[];
}

/** One entry of the catalog's /PageLabels: from page `index` (from 0) on, labels in `style` from `start`. */
export interface PdfPageLabel {
  index: number;
  /** "D" decimal, "r"/"R" roman, "a"/"A" letters, undefined for a prefix alone. */
  style?: string;
  start: number;
  prefix?: string;
}

/** One line of a page: where it starts and its baseline, in points from the top-left corner. */
export interface PdfLine {
  x: number;
  y: number;
  /** The largest font size on it. */
  size: number;
  text: string;
}

/** A page rendered in 8-bit grey, row by row (0 black, 255 white). */
export interface PdfPixels {
  width: number;
  height: number;
  pixels: Uint8Array;
  renderer: 'pdftoppm' | 'mupdf';
}
