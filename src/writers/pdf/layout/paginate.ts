// Fills pages from a flow of rows: breaks only where widows and orphans are avoided, keeps
// headings and ornaments with what follows, never ends a page on a hyphen (the paragraph is
// broken again instead), and shortens a recto by one line to match a short verso.

import type { Row, Unit } from './blocks.js';

export interface PlacedRow {
  row: Row;
  /** Top of the row within the text block. */
  y: number;
}

export interface PageFill {
  rows: PlacedRow[];
  /** Height used, from the top of the text block to the bottom of the last row. */
  used: number;
}

export interface FlowOptions {
  /** Text block height. */
  capacity: number;
  leading: number;
  /** Whether the flow's first page is a recto. */
  firstIsRecto: boolean;
  /** Balance facing pages (body text). */
  balance: boolean;
}

const EPS = 0.01;

/** Paginates units, re-breaking paragraphs whose line would end a page with a hyphen. */
export function paginateUnits(units: Unit[], options: FlowOptions): PageFill[] {
  const rows: Row[] = [];
  const unitStart: number[] = [];
  for (let u = 0; u < units.length; u++) {
    unitStart.push(rows.length);
    keepRule(units, u);
    for (const row of units[u].rows) rows.push(row);
  }
  const pages: PageFill[] = [];
  const pageStarts: number[] = [];
  let from = 0;
  for (let attempt = 0; ; attempt++) {
    const conflict = paginate(rows, units, options, pages, pageStarts, from);
    if (!conflict || attempt > 200) return pages;
    // Break the paragraph again without the hyphen, splice its new rows in and resume from
    // the page where it starts (earlier pages are unaffected).
    const unit = units[conflict.unit];
    const oldCount = unit.rows.length;
    unit.noHyphenLines!.add(conflict.line);
    unit.rebreak!(unit.noHyphenLines!);
    keepRule(units, conflict.unit);
    rows.splice(unitStart[conflict.unit], oldCount, ...unit.rows);
    const delta = unit.rows.length - oldCount;
    if (delta !== 0) for (let u = conflict.unit + 1; u < units.length; u++) unitStart[u] += delta;
    let p = pageStarts.length - 1;
    while (p > 0 && pageStarts[p] > unitStart[conflict.unit]) p--;
    if (p < 0) p = 0;
    from = pageStarts[p] ?? 0;
    pages.length = p;
    pageStarts.length = p;
  }
}

/** A unit after one that keeps with the next may not start a page. */
function keepRule(units: Unit[], u: number): void {
  const first = units[u].rows[0];
  if (first && u > 0 && units[u - 1].keepWithNext && !first.discardable) first.breakBefore = false;
}

function paginate(rows: Row[], units: Unit[], options: FlowOptions, pages: PageFill[], pageStarts: number[], from: number): { unit: number; line: number } | undefined {
  let i = from;
  const full = options.capacity;
  while (i < rows.length) {
    const pageNo = pages.length;
    const pageStart = i;
    // Skip space at the top of every page but the first (where it is the chapter sink).
    if (pageNo > 0) while (i < rows.length && rows[i].discardable) i++;
    if (i >= rows.length) break;
    const recto = (pageNo % 2 === 0) === options.firstIsRecto;
    let capacity = full;
    const prev = pages[pageNo - 1];
    if (options.balance && recto && pageNo >= 2 && prev && prev.used < full - EPS && prev.used >= full - options.leading - EPS) {
      let rest = 0;
      for (let k = i; k < rows.length && rest <= full; k++) rest += rows[k].height;
      if (rest > full) capacity = prev.used;
    }
    const start = i;
    let y = 0;
    let j = i;
    while (j < rows.length && y + rows[j].height <= capacity + EPS) {
      y += rows[j].height;
      j++;
    }
    let end = j;
    if (j < rows.length) {
      end = -1;
      for (let k = j; k > start; k--) {
        if (!rows[k].breakBefore) continue;
        const before = rows[k - 1];
        const sameParagraph = before.unit === rows[k].unit && before.lineIndex !== undefined && rows[k].lineIndex !== undefined;
        if (sameParagraph && before.hyphenated) {
          const unit = units[before.unit];
          if (unit.rebreak && !unit.noHyphenLines!.has(before.lineIndex!)) return { unit: before.unit, line: before.lineIndex! };
          continue;
        }
        end = k;
        break;
      }
      // Nothing legal on this page (a giant unbreakable block): break where it overflows.
      if (end < 0) end = Math.max(j, start + 1);
    }
    const placed: PlacedRow[] = [];
    let top = 0;
    for (let k = start; k < end; k++) {
      placed.push({ row: rows[k], y: top });
      top += rows[k].height;
    }
    // Trailing space does not count as used height.
    let used = top;
    for (let k = end - 1; k >= start && rows[k].discardable; k--) used -= rows[k].height;
    pages.push({ rows: placed, used });
    pageStarts.push(pageStart);
    i = end;
  }
  return undefined;
}
