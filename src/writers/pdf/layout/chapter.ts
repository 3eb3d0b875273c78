// One chapter as units of rows (its opener, notes, text and footnotes), and its pages: the part of a
// book's layout that depends on nothing outside the chapter but the page width and, for its pagination,
// whether it starts on a recto. The layout runs it in this thread or, for a long book, on a helper thread
// too (chapter-helper.ts).

import { chapterNoteLabels, type Block, type Book, type Chapter, type Inline } from '../../../model/book.js';
import type { Diagnostic } from '../../../diagnostics.js';
import { blocksToUnits, blockUnits, endFlow, flowStateBefore, paragraphUnit, spaceUnit, type FlowOptions, type FlowState, type Row, type TypeContext, type Unit } from './blocks.js';
import type { LayoutLine } from './model.js';
import type { FootnoteFlow, PageFill } from './paginate.js';

/** Rows that make `height` points of fixed space (never dropped: the chapter sink). */
export function sinkUnit(height: number, unitIndex: number): Unit {
  return { rows: [{ height, items: [], breakBefore: false, discardable: false, unit: unitIndex }], keepWithNext: true };
}

/** Centered display lines (titles), on their own leading, as one unit that keeps with what follows. */
export function displayUnit(ctx: TypeContext, inlines: readonly Inline[], options: { size: number; leading: number; face?: 'serif' | 'serif-italic'; smallCaps?: boolean; role: LayoutLine['role'] }, unitIndex: number): Unit {
  const unit = paragraphUnit(
    { ...ctx },
    inlines,
    { size: options.size, leading: options.leading, face: options.face ?? 'serif', align: 'center', hyphenate: false, role: options.role, features: options.smallCaps ? ['smcp'] : undefined },
    unitIndex,
  );
  for (const row of unit.rows.slice(1)) row.breakBefore = false;
  unit.keepWithNext = true;
  return unit;
}

/** How many lines a drop cap spans. */
export const DROP_CAP_LINES = 3;

/** How a chapter's text flows: the opener's small caps or drop cap on its first paragraph. */
export function chapterFlow(book: Book, chapter: Chapter): FlowOptions {
  const opener = book.print.opener ?? 'small-caps';
  return { indentFirst: false, openerSmallCaps: opener === 'small-caps' && !chapter.summary && !chapter.notes, openerDropCap: opener === 'drop-cap' ? DROP_CAP_LINES : undefined };
}

/**
 * A chapter's blocks set on two threads (chapter-helper.ts): this one takes them from the front, a worker
 * from the back, from block `from` on (the ones before it this thread always sets: see flowStateBefore).
 */
export interface BlockSplit {
  from: number;
  /** The next block for this thread, or undefined once the two have met. */
  claim(): number | undefined;
  /** The blocks the worker set, in order, once it has set them all. */
  finish(): Promise<SetBlock[]>;
}

/** One block set apart from its chapter: its units numbered from 0, its paragraph ids from 1. */
export interface SetBlock {
  index: number;
  units: Unit[];
  paragraphs: number;
  warnings: Diagnostic[];
}

/** Sets one block of a flow apart from the others (on a worker thread), as blockUnits would have in turn. */
export function setBlockApart(ctx: TypeContext, blocks: readonly Block[], index: number, flow: FlowOptions): SetBlock {
  const state = flowStateBefore(blocks, index, flow);
  if (!state) throw new Error(`block ${index} cannot be set apart from the blocks before it`);
  let paragraphs = 0;
  const warnings: Diagnostic[] = [];
  const units: Unit[] = [];
  blockUnits({ ...ctx, warnings, warnedChars: new Set(), nextParagraphId: () => ++paragraphs }, blocks[index], flow, state, units);
  return { index, units, paragraphs, warnings };
}

/**
 * chapterUnits for a chapter whose blocks this thread shares with the layout's worker: this thread's from the
 * front, then the worker's after them, as one thread sets them.
 */
export async function sharedChapterUnits(ctx: TypeContext, book: Book, chapter: Chapter, capacity: number, split: BlockSplit): Promise<{ units: Unit[]; footnotes?: FootnoteFlow }> {
  const units = chapterOpening(ctx, book, chapter, capacity);
  const { blocks } = chapter;
  const flow = chapterFlow(book, chapter);
  const state: FlowState = { indentNext: flow.indentFirst, first: true, besideCap: undefined };
  for (let i = 0; i < split.from; i++) blockUnits(ctx, blocks[i], flow, state, units);
  let next = split.from;
  for (let i = split.claim(); i !== undefined; i = split.claim()) {
    blockUnits(ctx, blocks[i], flow, state, units);
    next = i + 1;
  }
  for (const set of await split.finish()) {
    if (set.index !== next++) throw new Error(`the layout's worker sent block ${set.index}, not ${next - 1}`);
    // Warnings are told once per character and place, in the order one thread meets them: a block that has
    // any is set again here, where the ones already told are known.
    if (set.warnings.length > 0) blockUnits(ctx, blocks[set.index], flow, flowStateBefore(blocks, set.index, flow)!, units);
    else adoptBlock(ctx, blocks, flow, set, units);
  }
  endFlow(flow.leading ?? ctx.leading, state, units);
  return chapterClosing(ctx, book, chapter, units);
}

/** Appends a block set apart, its units and paragraph ids moved to follow this thread's. */
function adoptBlock(ctx: TypeContext, blocks: readonly Block[], flow: FlowOptions, set: SetBlock, units: Unit[]): void {
  const base = units.length;
  let offset = 0;
  for (let k = 0; k < set.paragraphs; k++) {
    const id = ctx.nextParagraphId();
    if (k === 0) offset = id - 1;
  }
  const move = (rows: Row[]) => {
    for (const row of rows) {
      row.unit += base;
      for (const item of row.items) if (item.kind === 'line' && item.paragraph !== undefined) item.paragraph += offset;
    }
  };
  // The worker's paragraphs cannot carry their closures here: a paragraph broken again (a page would end on
  // its hyphen) is set again in this thread from its block, with the same paragraph ids.
  let again: Unit[] | undefined;
  set.units.forEach((unit, local) => {
    move(unit.rows);
    if (unit.noHyphenLines) {
      unit.rebreak = (lines) => {
        if (!again) {
          again = [];
          let id = offset;
          blockUnits({ ...ctx, warnings: [], warnedChars: new Set(), nextParagraphId: () => ++id }, blocks[set.index], flow, flowStateBefore(blocks, set.index, flow)!, again);
        }
        const twin = again[local];
        twin.rebreak!(lines);
        for (const row of twin.rows) row.unit = base + local;
        unit.rows = twin.rows;
        if (twin.capRemainder) unit.capRemainder = twin.capRemainder;
        else delete unit.capRemainder;
      };
    }
    units.push(unit);
  });
}

export function chapterUnits(ctx: TypeContext, book: Book, chapter: Chapter, capacity: number): { units: Unit[]; footnotes?: FootnoteFlow } {
  const units = chapterOpening(ctx, book, chapter, capacity);
  blocksToUnits(ctx, chapter.blocks, chapterFlow(book, chapter), units);
  return chapterClosing(ctx, book, chapter, units);
}

/** The chapter's opener (number, title, sink) and the notes before its text. */
function chapterOpening(ctx: TypeContext, book: Book, chapter: Chapter, capacity: number): Unit[] {
  const { size, leading } = ctx;
  const units: Unit[] = [];
  const lines = Math.round(capacity / leading);
  // Sink the opener about a third down the page, on the baseline grid.
  units.push(sinkUnit(Math.round(lines * 0.28) * leading, 0));
  let used = 0;
  const numbered = chapter.numberLabel !== undefined;
  if (chapter.numberLabel !== undefined) {
    const u = displayUnit(ctx, [{ kind: 'text', text: chapter.numberLabel }], { size: size * 1.05, leading, smallCaps: true, role: 'chapter-number' }, units.length);
    units.push(u);
    used += u.rows.length * leading;
  }
  const titleInlines: Inline[] | undefined = chapter.title ?? (chapter.oneShot ? [{ kind: 'text', text: chapter.label }] : undefined);
  if (titleInlines) {
    const titleLeading = leading * 1.5;
    const u = displayUnit(ctx, titleInlines, { size: size * 1.7, leading: titleLeading, role: 'chapter-title' }, units.length);
    units.push(u);
    used += u.rows.length * titleLeading;
  } else if (!numbered) {
    const u = displayUnit(ctx, [{ kind: 'text', text: String(chapter.number) }], { size: size * 1.7, leading: leading * 1.5, role: 'chapter-number' }, units.length);
    units.push(u);
    used += u.rows.length * leading * 1.5;
  }
  // Back onto the grid, with at least two blank lines before the text.
  const gap = Math.ceil(used / leading + 2) * leading - used;
  units.push(sinkUnit(gap, units.length));
  const labels = chapterNoteLabels(book, chapter);
  // The chapter's notes as the archives print them: summary and notes before the text, end notes after.
  notesUnits(ctx, labels.summary, chapter.summary, units);
  notesUnits(ctx, labels.notes, chapter.notes, units);
  if (chapter.summary || chapter.notes) units.push(sinkUnit(leading, units.length));
  return units;
}

/** The end notes after the chapter's text, and its footnotes. */
function chapterClosing(ctx: TypeContext, book: Book, chapter: Chapter, units: Unit[]): { units: Unit[]; footnotes?: FootnoteFlow } {
  notesUnits(ctx, chapterNoteLabels(book, chapter).endNotes, chapter.endNotes, units);
  const footnotes = footnoteFlow(ctx, chapter, units, book.dir === 'rtl');
  return { units, footnotes };
}

/** A chapter's notes under their label, smaller, as block paragraphs. */
function notesUnits(ctx: TypeContext, label: string, blocks: Block[] | undefined, units: Unit[]): void {
  if (!blocks || blocks.length === 0) return;
  if (units.length > 0) units.push(spaceUnit(ctx.leading, units.length));
  blocksToUnits(ctx, [{ kind: 'heading', level: 3, children: [{ kind: 'text', text: label }] }, ...blocks], { indentFirst: false, blockParagraphs: true, size: ctx.size * 0.9 }, units);
}

/**
 * The chapter's footnotes as rows for the foot of the page where each is referenced. A note
 * nothing refers to is set at the chapter's end under a rule, so no text is lost.
 */
function footnoteFlow(ctx: TypeContext, chapter: Chapter, units: Unit[], rtl: boolean): FootnoteFlow | undefined {
  if (chapter.footnotes.length === 0) return undefined;
  const { size, leading } = ctx;
  const referenced = new Set<number>();
  // Indexed: every row of the chapter, cold, where for…of makes an iterator result per step.
  for (let u = 0; u < units.length; u++) {
    const rows = units[u].rows;
    for (let r = 0; r < rows.length; r++) {
      const notes = rows[r].notes;
      if (notes) for (let n = 0; n < notes.length; n++) referenced.add(notes[n]);
    }
  }
  const noteSize = size * 0.85;
  const noteLeading = leading * 0.85;
  const noteUnits = (note: Chapter['footnotes'][number], into: Unit[]) => {
    const start = into.length;
    const blocks = note.blocks.length > 0 && note.blocks[0].kind === 'paragraph'
      ? [{ ...note.blocks[0], children: [{ kind: 'text' as const, text: `${note.number}.\u2002` }, ...note.blocks[0].children] }, ...note.blocks.slice(1)]
      : note.blocks;
    blocksToUnits({ ...ctx, size: noteSize, leading: noteLeading }, blocks, { indentFirst: false, blockParagraphs: true, size: noteSize, leading: noteLeading, role: 'footnote' }, into);
    for (let u = start; u < into.length; u++) for (const row of into[u].rows) for (const item of row.items) if (item.kind === 'line') item.role = 'footnote';
  };
  const notes = new Map<number, Row[]>();
  const unreferenced = chapter.footnotes.filter((note) => !referenced.has(note.number));
  for (const note of chapter.footnotes) {
    if (!referenced.has(note.number)) continue;
    const into: Unit[] = [];
    noteUnits(note, into);
    notes.set(note.number, into.flatMap((u) => u.rows));
  }
  if (unreferenced.length > 0) {
    units.push(spaceUnit(leading, units.length));
    units.push({ rows: [ruleRow(ctx.width, rtl, leading * 0.5, leading * 0.25, units.length)], keepWithNext: true });
    for (const note of unreferenced) noteUnits(note, units);
  }
  const separatorHeight = leading * 0.75;
  return { notes, separator: () => ruleRow(ctx.width, rtl, separatorHeight, separatorHeight * 0.4, -1) };
}

/** A short rule above notes, a quarter of the measure, where lines start (the right in right-to-left text). */
export function ruleRow(measure: number, rtl: boolean, height: number, y: number, unit: number): Row {
  const width = measure * 0.25;
  const x1 = rtl ? measure - width : 0;
  return { height, items: [{ kind: 'rule', x1, y1: y, x2: rtl ? measure : width, y2: y }], breakBefore: true, discardable: false, unit };
}

/**
 * Moves a chapter's paragraph ids (1..n, from the layout's worker thread) to follow `offset`, as if the
 * main thread had numbered them; each line once, though a footnote row may sit in one page's rows and the
 * next page's carry.
 */
export function renumberParagraphs(fills: readonly PageFill[], offset: number): void {
  const seen = new Set<object>();
  for (const fill of fills) {
    for (const rows of [fill.rows.map((p) => p.row), fill.carryIn, fill.carryOut]) {
      for (const row of rows) {
        for (const item of row.items) {
          if (item.kind !== 'line' || item.paragraph === undefined || seen.has(item)) continue;
          seen.add(item);
          item.paragraph += offset;
        }
      }
    }
  }
}
