// The layout model: what the pages hold, positioned in points from the page's top-left corner.
// The draw step only paints this; tests inspect it.

import type { Face } from '../fonts.js';

/** A run of text set in one face at one size, drawn at (x, baseline of its line). */
export interface TextRun {
  x: number;
  text: string;
  face: Face;
  size: number;
  /** OpenType features (e.g. small caps), when not the font's defaults. */
  features?: string[];
  /** Width the run takes, spaces included. */
  width: number;
  /** Extra space added to each space inside the run (justification), in points. */
  wordSpacing: number;
  /** Baseline shift upwards, in points (superscripts that the font has no figures for). */
  rise?: number;
  /** A web link, drawn as a link annotation. */
  url?: string;
  /** Struck through: a rule this far above the baseline (half the face's x-height), in points. */
  strike?: number;
  /** Text a reader or text extraction gets instead of the glyphs ('' hides them: a drop cap). */
  actualText?: string;
  /** Drawn invisibly (text render mode 3): the drop cap's letter in the running text, for extraction. */
  invisible?: boolean;
  /** Bidirectional embedding level; odd: set right to left. Absent for 0. */
  level?: number;
}

export type LineRole =
  | 'body'
  | 'heading'
  | 'chapter-title'
  | 'chapter-number'
  | 'ornament'
  /** The initial of a chapter's first paragraph, several lines tall. */
  | 'drop-cap'
  | 'footnote'
  | 'front'
  | 'toc'
  | 'code'
  | 'running-head'
  | 'folio';

export interface LayoutLine {
  kind: 'line';
  role: LineRole;
  /** Baseline. */
  y: number;
  /** Ink box used for the text-block check: [top, bottom] around the baseline. */
  top: number;
  bottom: number;
  /** Left edge and width of the set text. */
  x: number;
  width: number;
  runs: TextRun[];
  /** Ends with a hyphen inserted by hyphenation (or a word's own hyphen at the break). */
  hyphenated: boolean;
  /** Id of the paragraph the line belongs to (for widow/orphan checks); lines of one paragraph share it. */
  paragraph?: number;
  /** Index of the line within its paragraph and the paragraph's line count. */
  lineIndex?: number;
  lineCount?: number;
  /** Named destination this line links to (table of contents). */
  goTo?: string;
}

export interface LayoutImage {
  kind: 'image';
  assetId: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LayoutRule {
  kind: 'rule';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export type LayoutItem = LayoutLine | LayoutImage | LayoutRule;

export type PageSection = 'front' | 'contents' | 'body' | 'back';

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface LayoutPage {
  /** 0-based physical index. */
  index: number;
  /** The page label a viewer shows: roman in the front matter, arabic from chapter 1. */
  label: string;
  side: 'recto' | 'verso';
  section: PageSection;
  /** No running head or folio: blank pages, chapter openers, front matter. */
  plain: boolean;
  blank: boolean;
  /** The chapter whose text the page holds (index into book.chapters). */
  chapter?: number;
  /** True on the page a chapter starts. */
  opener: boolean;
  textBlock: Rect;
  items: LayoutItem[];
  /** Running head and folio lines, outside the text block. */
  furniture: LayoutLine[];
  /** Named destinations that point to the top of this page. */
  destinations: string[];
  /** Outline (bookmark) entries that start on this page. */
  outline: { title: string; level: number }[];
}

export interface TocEntry {
  title: string;
  destination: string;
  /** The page label printed in the contents. */
  pageLabel: string;
  /** Physical index of the target page. */
  pageIndex: number;
  /** Index into book.chapters, when the entry is a chapter. */
  chapter?: number;
  /** 0 for a top entry; 1 for a chapter under its work in an omnibus. */
  level: number;
}

export interface LayoutDocument {
  trim: string;
  width: number;
  height: number;
  innerMargin: number;
  /** The edge the pages are bound on: right for a right-to-left book (its recto is the left-hand page). */
  binding: 'left' | 'right';
  pages: LayoutPage[];
  toc: TocEntry[];
  /** Physical index of the page labelled 1 (chapter 1's opener). */
  firstBodyPage: number;
}
