// Fills pages from a flow of rows: breaks only where widows and orphans are avoided, keeps
// headings and ornaments with what follows, never ends a page on a hyphen (the paragraph is
// broken again instead), and balances a spread by one line: a recto shortened to match a short
// verso, or a verso shortened to match a short recto.

import type { Row, Unit } from './blocks.js';

export interface PlacedRow {
  row: Row;
  /** Top of the row within the text block. */
  y: number;
}

export interface PageFill {
  /** Text rows, then (at the foot) the footnote separator and footnote rows. */
  rows: PlacedRow[];
  /** Height used, from the top of the text block to the bottom of the last row (the foot, with notes). */
  used: number;
  /** Footnote rows continued from the page before, and those left for the next page. */
  carryIn: Row[];
  carryOut: Row[];
}

/** Footnotes set at the foot of the page where they are referenced. */
export interface FootnoteFlow {
  /** The rows of each note, by number. */
  notes: ReadonlyMap<number, Row[]>;
  /** A new separator row (a short rule) for a page's notes. */
  separator: () => Row;
}

export interface FlowOptions {
  /** Text block height. */
  capacity: number;
  leading: number;
  /** Whether the flow's first page is a recto. */
  firstIsRecto: boolean;
  /** Balance facing pages (body text). */
  balance: boolean;
  footnotes?: FootnoteFlow;
}

const EPS = 0.01;

/** Paginates units, re-breaking paragraphs whose line would end a page with a hyphen. */
export function paginateUnits(units: Unit[], options: FlowOptions): PageFill[] {
  const rows: Row[] = [];
  const unitStart: number[] = [];
  for (let u = 0; u < units.length; u++) {
    unitStart.push(rows.length);
    keepRule(units, u);
    // Indexed, as below: every row, cold, where for…of makes an iterator result per step.
    const unitRows = units[u].rows;
    for (let r = 0; r < unitRows.length; r++) rows.push(unitRows[r]);
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
  let carry = pages.length > 0 ? pages[pages.length - 1].carryOut : [];
  const notes = options.footnotes ? withFirstReferences(rows, options.footnotes) : undefined;
  while (i < rows.length || carry.length > 0) {
    const pageNo = pages.length;
    const pageStart = i;
    // Skip space at the top of every page but the first (where it is the chapter sink).
    if (pageNo > 0) i = skipSpace(rows, i);
    if (i >= rows.length && carry.length === 0) break;
    const recto = (pageNo % 2 === 0) === options.firstIsRecto;
    const result = fillPage(rows, units, i, full, notes, carry);
    if ('conflict' in result) return result.conflict;
    let page = result;
    const prev = pages[pageNo - 1];
    // Balance the spread when that costs at most one line: a recto shortened to match a short
    // verso, or a full verso shortened to match a recto its break left one line short.
    // Only where both pages then end on the same line; otherwise the recto stays full.
    const oneShort = (used: number) => used < full - EPS && used >= full - options.leading - EPS;
    if (options.balance && recto && prev && pageNo >= 1 && Math.abs(page.used - prev.used) > EPS && page.end < rows.length) {
      if (oneShort(prev.used)) {
        const shorter = fillPage(rows, units, i, prev.used, notes, carry);
        // A shorter page that would end on a hyphen: break that paragraph again, as for a full page.
        if ('conflict' in shorter) return shorter.conflict;
        if (Math.abs(shorter.used - prev.used) <= EPS && shorter.end < rows.length) page = shorter;
      } else if (oneShort(page.used) && prev.used > page.used + EPS) {
        const balanced = balanceSpread(rows, units, pageStarts[pageNo - 1], page.used, pageNo - 1 > 0, notes, prev.carryIn);
        if (balanced && 'conflict' in balanced) return balanced.conflict;
        if (balanced) {
          pages[pageNo - 1] = balanced.verso;
          page = balanced.recto;
        }
      }
    }
    pages.push({ rows: page.rows, used: page.used, carryIn: page.carryIn, carryOut: page.carryOut });
    pageStarts.push(pageStart);
    i = page.end;
    carry = page.carryOut;
  }
  return undefined;
}

/** Footnotes with, for each, the row that refers to it first (a note is printed once, there). */
interface PageNotes extends FootnoteFlow {
  firstRef: ReadonlyMap<number, number>;
}

function withFirstReferences(rows: Row[], footnotes: FootnoteFlow): PageNotes {
  const firstRef = new Map<number, number>();
  for (let k = 0; k < rows.length; k++) {
    const notes = rows[k].notes;
    if (notes) for (let i = 0; i < notes.length; i++) if (!firstRef.has(notes[i])) firstRef.set(notes[i], k);
  }
  return { ...footnotes, firstRef };
}

/** Notes first referenced by row `k`. */
function notesOfRow(rows: Row[], k: number, footnotes: PageNotes): number[] {
  return (rows[k].notes ?? []).filter((n) => footnotes.firstRef.get(n) === k && footnotes.notes.has(n));
}

function skipSpace(rows: Row[], i: number): number {
  while (i < rows.length && rows[i].discardable) i++;
  return i;
}

/** Refills a verso and the recto after it to `height`; undefined unless both end exactly there. */
function balanceSpread(
  rows: Row[],
  units: Unit[],
  versoStart: number,
  height: number,
  skipTop: boolean,
  footnotes: PageNotes | undefined,
  carryIn: Row[],
): { verso: PageFill; recto: FilledPage; rectoStart: number } | { conflict: { unit: number; line: number } } | undefined {
  const verso = fillPage(rows, units, skipTop ? skipSpace(rows, versoStart) : versoStart, height, footnotes, carryIn);
  if ('conflict' in verso) return verso;
  if (Math.abs(verso.used - height) > EPS) return undefined;
  const rectoStart = skipSpace(rows, verso.end);
  const recto = fillPage(rows, units, rectoStart, height, footnotes, verso.carryOut);
  if ('conflict' in recto) return recto;
  if (Math.abs(recto.used - height) > EPS || recto.end >= rows.length) return undefined;
  return { verso: { rows: verso.rows, used: verso.used, carryIn: verso.carryIn, carryOut: verso.carryOut }, recto, rectoStart };
}

interface FilledPage extends PageFill {
  /** Index of the first row after the page. */
  end: number;
}

const sumHeights = (list: readonly Row[]) => list.reduce((h, r) => h + r.height, 0);

/** Notes referenced by rows [from, to) and not yet seen, in order of reference. */
function referencedNotes(rows: Row[], from: number, to: number, footnotes: PageNotes): number[] {
  const out: number[] = [];
  for (let k = from; k < to; k++) out.push(...notesOfRow(rows, k, footnotes));
  return out;
}

/**
 * Fills one page from row `start`: as many rows as fit with the notes they reference, ending
 * at the last legal break. A line whose note does not fit moves to the next page, unless the
 * line and two lines of its note fit: then the note continues on the next page.
 */
function fillPage(
  rows: Row[],
  units: Unit[],
  start: number,
  capacity: number,
  footnotes: PageNotes | undefined,
  carryIn: Row[],
): FilledPage | { conflict: { unit: number; line: number } } {
  const sepHeight = footnotes ? footnotes.separator().height : 0;
  let y = 0;
  let noteHeight = carryIn.length > 0 ? sepHeight + sumHeights(carryIn) : 0;
  let j = start;
  while (j < rows.length) {
    const row = rows[j];
    let add = 0;
    const fresh: number[] = [];
    if (footnotes && row.notes) {
      for (const n of notesOfRow(rows, j, footnotes)) {
        fresh.push(n);
        add += sumHeights(footnotes.notes.get(n)!);
      }
      if (add > 0 && noteHeight === 0) add += sepHeight;
    }
    if (y + row.height + noteHeight + add <= capacity + EPS) {
      y += row.height;
      noteHeight += add;
      j++;
      continue;
    }
    // The note does not fit whole: keep the line here if two lines of the note fit with it.
    if (add > 0 && y + row.height <= capacity + EPS) {
      const firstRows = fresh.flatMap((n) => footnotes!.notes.get(n)!).slice(0, 2);
      const minimum = (noteHeight === 0 ? sepHeight : 0) + sumHeights(firstRows);
      if (y + row.height + noteHeight + minimum <= capacity + EPS) {
        y += row.height;
        j++;
      }
    }
    break;
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
        if (unit.rebreak && !unit.noHyphenLines!.has(before.lineIndex!)) return { conflict: { unit: before.unit, line: before.lineIndex! } };
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
  if (!footnotes) return { rows: placed, used, end, carryIn, carryOut: [] };
  // Notes at the foot: those carried over first, then the ones referenced here; what does
  // not fit continues on the next page.
  const noteRows = [...carryIn, ...referencedNotes(rows, start, end, footnotes).flatMap((n) => footnotes.notes.get(n)!)];
  if (noteRows.length === 0) return { rows: placed, used, end, carryIn, carryOut: [] };
  const room = capacity - used - sepHeight;
  let fit = 0;
  let height = 0;
  while (fit < noteRows.length && height + noteRows[fit].height <= room + EPS) height += noteRows[fit++].height;
  // A page of notes alone always takes at least one row, so pagination ends.
  if (fit === 0 && end === start) height += noteRows[fit++].height;
  // A note that continues takes at least two lines over (no lone line at the next page's foot).
  if (noteRows.length - fit === 1 && fit >= 3) height -= noteRows[--fit].height;
  if (fit === 0) return { rows: placed, used, end, carryIn, carryOut: noteRows };
  const separator = footnotes.separator();
  let noteTop = capacity - height - sepHeight;
  placed.push({ row: separator, y: noteTop });
  noteTop += sepHeight;
  for (const row of noteRows.slice(0, fit)) {
    placed.push({ row, y: noteTop });
    noteTop += row.height;
  }
  return { rows: placed, used: capacity, end, carryIn, carryOut: noteRows.slice(fit) };
}
