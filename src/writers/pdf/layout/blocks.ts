// Model blocks → units of rows for the paginator. A paragraph unit can be broken again with
// extra constraints (no hyphen on the line that ends a page).

import type { Asset, Block, Inline } from '../../../model/book.js';
import type { Diagnostic as Diag } from '../../../diagnostics.js';
import { isScriptFace, type Face } from '../fonts.js';
import type { Hyphenator } from './hyphenate.js';
import { applyFallback, buildItems, flatten, type Frag, type Item, type Style } from './items.js';
import { breakLines, type LineBreak } from './linebreak.js';

const MAX_HYPHEN_REBREAKS = 3;
import type { Measurer } from './measure.js';
import type { LayoutImage, LayoutItem, LayoutLine, LineRole, TextRun } from './model.js';
import { reorder, setLine, type Align } from './setline.js';
import { bidiLevels, paragraphDirection } from './scripts.js';

export interface Row {
  height: number;
  /** Items relative to the row's top-left corner (x from the text block's left edge). */
  items: LayoutItem[];
  /** A page break may come before this row. */
  breakBefore: boolean;
  /** Dropped when it would start a page (vertical space). */
  discardable: boolean;
  unit: number;
  /** For paragraph lines: index in the paragraph and whether the line ends with a hyphen. */
  lineIndex?: number;
  lineCount?: number;
  hyphenated?: boolean;
  /** Footnotes referenced on this line: they go to the foot of the page the line is on. */
  notes?: number[];
}

export interface Unit {
  rows: Row[];
  /** The first row of the next unit may not start a page (headings, ornaments keep with what follows). */
  keepWithNext: boolean;
  /** Re-sets a paragraph so the given lines do not end with a hyphen. */
  rebreak?: (noHyphenLines: ReadonlySet<number>) => void;
  noHyphenLines?: Set<number>;
  /** Lines beside its drop cap that this paragraph did not fill (a short first paragraph). */
  capRemainder?: { lines: number; width: number };
}

export interface TypeContext {
  measurer: Measurer;
  hyphenator: Hyphenator;
  size: number;
  leading: number;
  width: number;
  /** Maximum image height. */
  maxImageHeight: number;
  assets: ReadonlyMap<string, Asset>;
  ornament: string;
  warnings: Diag[];
  /** File the blocks come from, for warnings. */
  source: string;
  nextParagraphId: () => number;
  warnedChars: Set<string>;
  /** The book's writing direction (from its language): a paragraph's unless its letters say otherwise. */
  direction?: 'ltr' | 'rtl';
}

export interface ParagraphStyle {
  face?: Face;
  size?: number;
  leading?: number;
  indent?: number;
  align?: Align;
  hyphenate?: boolean;
  leftIndent?: number;
  rightIndent?: number;
  /** Small caps on the first line (chapter openers). */
  firstLineSmallCaps?: boolean;
  role?: LineRole;
  /** Text placed in the left indent of the first line (a list marker). */
  marker?: string;
  line?: number;
  /** OpenType features for the whole paragraph (small-caps display lines). */
  features?: string[];
  /** A drop cap this many lines tall (chapter openers). */
  dropCap?: number;
  /** The first `lines` lines sit beside the drop cap of the paragraph before, `width` narrower. */
  besideCap?: { lines: number; width: number };
}

/** Baseline position within a row and the ink box, for a type size and leading. */
export function lineGeometry(size: number, leading: number): { baseline: number; top: number; bottom: number } {
  const baseline = leading - 0.25 * size;
  return { baseline, top: baseline - 0.75 * size, bottom: baseline + 0.25 * size };
}

export function makeLine(role: LineRole, size: number, leading: number, set: { runs: LayoutLine['runs']; width: number; x: number; hyphenated: boolean }, xOffset: number): LayoutLine {
  const g = lineGeometry(size, leading);
  for (let r = 0; r < set.runs.length; r++) set.runs[r].x += xOffset;
  return {
    kind: 'line',
    role,
    y: g.baseline,
    top: g.top,
    bottom: g.bottom,
    x: xOffset + set.x,
    width: set.width,
    runs: set.runs,
    hyphenated: set.hyphenated,
  };
}

function warnMissing(ctx: TypeContext, ch: string, line?: number): void {
  const key = `${ch}|${ctx.source}|${line ?? ''}`;
  if (ctx.warnedChars.has(key)) return;
  ctx.warnedChars.add(key);
  const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  ctx.warnings.push({
    severity: 'warning',
    file: ctx.source,
    ...(line !== undefined ? { line } : {}),
    message: `the character "${ch}" (${code}) is in no bundled font; the PDF shows it as a blank box`,
    hint: 'replace it, or use a character the text font has',
  });
}

/** A paragraph (or heading) as a unit whose rows are its lines. */
export function paragraphUnit(ctx: TypeContext, inlines: readonly Inline[], style: ParagraphStyle, unitIndex: number): Unit {
  const size = style.size ?? ctx.size;
  const leading = style.leading ?? ctx.leading;
  const face = style.face ?? 'serif';
  const left = style.leftIndent ?? 0;
  const width = ctx.width - left - (style.rightIndent ?? 0);
  const align = style.align ?? 'justify';
  const base: Style = style.features ? { face, size, features: style.features } : { face, size };
  let frags = applyFallback(flatten(inlines, base), ctx.measurer, (ch) => warnMissing(ctx, ch, style.line));
  // Bidirectional text: each fragment gets one embedding level; lines break in logical order and
  // setLine puts their runs in visual order.
  // Latin, Greek and Cyrillic in a left-to-right book skip all of it.
  let rtl = false;
  if (ctx.direction === 'rtl' || frags.some((f) => isScriptFace(f.style.face))) {
    const text = fragsText(frags);
    rtl = paragraphDirection(text, ctx.direction ?? 'ltr') === 'rtl';
    const levels = bidiLevels(text, rtl ? 'rtl' : 'ltr');
    if (levels) frags = splitByLevel(frags, levels);
  }
  // No drop cap in a right-to-left paragraph, nor on a letter of a joining or complex script.
  const cap = style.dropCap && style.dropCap >= 2 && !rtl ? splitInitial(frags, (face, ch) => ctx.measurer.has(face, ch.codePointAt(0)!)) : undefined;
  let capItems: LayoutLine[] = [];
  // Lines (from this paragraph's first) set beside a drop cap, and the width the cap takes from them.
  let capLines = style.besideCap?.lines ?? 0;
  let capWidth = style.besideCap?.width ?? 0;
  if (cap) {
    frags = cap.rest;
    capLines = style.dropCap!;
    ({ items: capItems, width: capWidth } = dropCapLines(ctx, cap, capLines, size, leading, left));
  }
  // A drop cap with no letter to drop (the text starts with a dash) falls back to a small-caps line.
  const altFeatures = (style.firstLineSmallCaps || style.dropCap) && !cap ? ['smcp'] : undefined;
  const items: Item[] = buildItems(
    {
      inlines,
      base,
      indent: style.indent ?? 0,
      hyphenate: style.hyphenate ?? align === 'justify',
      altFeatures,
      maxBoxWidth: width,
    },
    frags,
    ctx.measurer,
    ctx.hyphenator,
  );
  const id = ctx.nextParagraphId();
  const hasNotes = frags.some((frag) => frag.style.note !== undefined);
  const unit: Unit = { rows: [], keepWithNext: false };
  const build = (noHyphenLines?: ReadonlySet<number>) => {
    let breaks: LineBreak[];
    if (align === 'justify') {
      // Lines beside a drop cap are shorter by its width.
      const lineWidth = (n: number) => (n < capLines ? width - capWidth : width);
      // Each page that would end on this paragraph's hyphen costs a new break of the whole paragraph;
      // a paragraph that keeps doing so (one running over many pages) is set without hyphens, so the
      // cost stays linear in its length.
      const noHyphens = (noHyphenLines?.size ?? 0) >= MAX_HYPHEN_REBREAKS;
      breaks = breakLines(items, { lineWidth, altLines: altFeatures ? 1 : 0, noHyphenLines, specialLines: capLines, noHyphens });
    } else {
      breaks = breakRagged(items, width);
    }
    unit.rows = breaks.map((lb, index) => {
      const beside = index < capLines;
      // The last line keeps its natural spacing (setLine ignores stretch on a filled line) but may shrink.
      const set = setLine(items, lb, ctx.measurer, beside ? width - capWidth : width, align, index === 0 ? altFeatures : undefined, rtl);
      if (index === 0 && cap) {
        // The cap is hidden from text extraction; an invisible copy of it starts the first line,
        // so copying or pdftotext reads the first word whole.
        const text = cap.quote + cap.letter;
        const w = ctx.measurer.width(cap.face, size, text);
        set.runs.unshift({ x: set.x - w, text, face: cap.face, size, width: w, wordSpacing: 0, invisible: true });
      }
      const line = makeLine(style.role ?? 'body', size, leading, set, left + (beside ? capWidth : 0));
      line.paragraph = id;
      line.lineIndex = index;
      line.lineCount = breaks.length;
      const rowItems: LayoutItem[] = index === 0 ? [...capItems.map(copyLine), line] : [line];
      if (index === 0 && style.marker) {
        const mw = ctx.measurer.width(face, size, style.marker);
        const g = lineGeometry(size, leading);
        rowItems.push({
          kind: 'line',
          role: style.role ?? 'body',
          y: g.baseline,
          top: g.top,
          bottom: g.bottom,
          x: left - mw - size * 0.4,
          width: mw,
          runs: [{ x: left - mw - size * 0.4, text: style.marker, face, size, width: mw, wordSpacing: 0 }],
          hyphenated: false,
        });
      }
      const notes = hasNotes ? notesOn(items, lb) : [];
      return {
        ...(notes.length > 0 && { notes }),
        height: leading,
        items: rowItems,
        // Widows and orphans: a page may break inside a paragraph only with two lines on each side;
        // never beside the drop cap.
        breakBefore: index >= capLines && (index === 0 || (index >= 2 && breaks.length - index >= 2)),
        discardable: false,
        unit: unitIndex,
        lineIndex: index,
        lineCount: breaks.length,
        hyphenated: set.hyphenated,
      };
    });
    // A paragraph shorter than the drop cap leaves lines beside it to what follows.
    if (capLines > breaks.length) unit.capRemainder = { lines: capLines - breaks.length, width: capWidth };
    else delete unit.capRemainder;
  };
  build();
  if (align === 'justify') {
    unit.noHyphenLines = new Set();
    unit.rebreak = (lines) => build(lines);
  }
  return unit;
}

/**
 * One line of text that is not broken (a running head): runs in the faces its characters need, in
 * visual order, from x = 0. Features (small caps) apply to the text face only.
 */
export function textRuns(measurer: Measurer, text: string, face: Face, size: number, features: string[] | undefined, direction: 'ltr' | 'rtl'): { runs: TextRun[]; width: number } {
  let frags = applyFallback([{ text, style: { face, size } }], measurer, () => {});
  const scripts = frags.some((f) => isScriptFace(f.style.face));
  const rtl = scripts && paragraphDirection(text, direction) === 'rtl';
  const levels = scripts ? bidiLevels(text, rtl ? 'rtl' : 'ltr') : undefined;
  if (levels) frags = splitByLevel(frags, levels);
  const runs: TextRun[] = [];
  let x = 0;
  for (const frag of frags) {
    const fe = features && !isScriptFace(frag.style.face) ? features : undefined;
    const width = measurer.width(frag.style.face, size, frag.text, fe);
    const run: TextRun = { x, text: frag.text, face: frag.style.face, size, width, wordSpacing: 0 };
    if (fe) run.features = fe;
    if (frag.style.level) run.level = frag.style.level;
    runs.push(run);
    x += width;
  }
  if (levels) reorder(runs, x, rtl ? 1 : 0);
  return { runs, width: x };
}

function fragsText(frags: readonly Frag[]): string {
  let text = '';
  for (const f of frags) text += f.text;
  return text;
}

/** Splits fragments where the embedding level changes; each piece's style carries its level (0: none). */
function splitByLevel(frags: readonly Frag[], levels: Uint8Array): Frag[] {
  const out: Frag[] = [];
  const styles = new Map<Style, Map<number, Style>>();
  const styled = (style: Style, level: number): Style => {
    if (level === 0) return style;
    let byLevel = styles.get(style);
    if (!byLevel) styles.set(style, (byLevel = new Map()));
    let s = byLevel.get(level);
    if (!s) byLevel.set(level, (s = { ...style, level }));
    return s;
  };
  let at = 0;
  for (const frag of frags) {
    let start = 0;
    for (let i = 1; i <= frag.text.length; i++) {
      if (i < frag.text.length && levels[at + i] === levels[at + start]) continue;
      out.push({ text: frag.text.slice(start, i), style: styled(frag.style, levels[at + start]) });
      start = i;
    }
    at += frag.text.length;
  }
  return out;
}

/** Numbers of the footnotes referenced by the items of a line. */
function notesOn(items: readonly Item[], lb: LineBreak): number[] {
  const out: number[] = [];
  for (let i = lb.start; i < lb.end; i++) {
    const it = items[i];
    if (it.type !== 'box') continue;
    for (let f = 0; f < it.frags.length; f++) {
      const note = it.frags[f].style.note;
      if (note !== undefined && !out.includes(note)) out.push(note);
    }
  }
  return out;
}

/** The initial of a paragraph, split off its text: an opening quote, the letter, the rest of the first word. */
interface Initial {
  quote: string;
  letter: string;
  face: Face;
  rest: Frag[];
}

const INITIAL = /^([\p{Pi}\p{Ps}"'‚„]*)(\p{L}\p{M}*|\p{N})([\p{L}\p{M}'’]*)/u;

/** Splits the first letter (with any opening quote) off the fragments; the rest of its word goes to small caps. */
export function splitInitial(frags: readonly Frag[], hasGlyph: (face: Face, ch: string) => boolean): Initial | undefined {
  const first = frags[0];
  if (!first || first.style.face === 'mono' || first.style.features || isScriptFace(first.style.face)) return undefined;
  const m = INITIAL.exec(first.text);
  if (!m) return undefined;
  const [whole, quote, letter, word] = m;
  // A letter the face lacks would drop a blank box.
  if (!hasGlyph(first.style.face, letter)) return undefined;
  const rest: Frag[] = [];
  if (word) rest.push({ text: word, style: { ...first.style, features: ['smcp'] } });
  const after = first.text.slice(whole.length);
  if (after) rest.push({ text: after, style: first.style });
  rest.push(...frags.slice(1));
  return { quote, letter, face: first.style.face, rest };
}

function copyLine(line: LayoutLine): LayoutLine {
  return { ...line, runs: line.runs.map((r) => ({ ...r })) };
}

/**
 * The drop cap's lines (relative to the paragraph's first row) and the width it takes from the
 * lines beside it. The letter's cap height spans from the first line's cap height to the
 * baseline of line `lines`; an opening quote sits before it, smaller, at the top.
 */
function dropCapLines(ctx: TypeContext, initial: Initial, lines: number, size: number, leading: number, left: number): { items: LayoutLine[]; width: number } {
  const font = ctx.measurer.fontSet.fonts[initial.face];
  const capRatio = font.capHeight / font.unitsPerEm;
  const g = lineGeometry(size, leading);
  const capTop = g.baseline - capRatio * size;
  const baseline = g.baseline + (lines - 1) * leading;
  const capSize = (baseline - capTop) / capRatio;
  const items: LayoutLine[] = [];
  let x = left;
  if (initial.quote) {
    const quoteSize = capSize * 0.45;
    const w = ctx.measurer.width(initial.face, quoteSize, initial.quote);
    const y = capTop + capRatio * quoteSize;
    items.push({ kind: 'line', role: 'drop-cap', y, top: capTop, bottom: y, x, width: w, runs: [{ x, text: initial.quote, face: initial.face, size: quoteSize, width: w, wordSpacing: 0, actualText: '' }], hyphenated: false });
    x += w;
  }
  const w = ctx.measurer.width(initial.face, capSize, initial.letter);
  items.push({ kind: 'line', role: 'drop-cap', y: baseline, top: capTop, bottom: baseline, x, width: w, runs: [{ x, text: initial.letter, face: initial.face, size: capSize, width: w, wordSpacing: 0, actualText: '' }], hyphenated: false });
  x += w;
  // Space between the cap and the text beside it: about a third of an em of the text.
  return { items, width: x - left + size * 0.35 };
}

/** First-fit breaking for ragged and centered text (titles, headings, centered lines). */
function breakRagged(items: readonly Item[], width: number): LineBreak[] {
  const lines: LineBreak[] = [];
  let start = 0;
  let lineWidth = 0;
  let lastBreak = -1;
  let widthAtBreak = 0;
  let lastCostly = false;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it.type === 'penalty' && it.penalty <= -10000) {
      lines.push({ start, end: i, ratio: 0, hyphenated: false });
      start = i + 1;
      lineWidth = 0;
      lastBreak = -1;
      continue;
    }
    if (it.type === 'penalty' && it.penalty < 10000 && !it.flagged && it.width === 0 && i > 0 && items[i - 1].type === 'box') {
      // A break inside a word too long for the line (a URL): allowed, nothing added. A costly one
      // (between Hangul syllables) only when the line has no other.
      const costly = it.penalty >= 100;
      if (costly && lastBreak > start && !lastCostly) continue;
      lastBreak = i;
      lastCostly = costly;
      widthAtBreak = lineWidth;
      continue;
    }
    if (it.type === 'glue') {
      if (it.stretch >= 10000) continue;
      if (i > 0 && items[i - 1].type === 'box') {
        lastBreak = i;
        lastCostly = false;
        widthAtBreak = lineWidth;
      }
      lineWidth += it.width;
    } else if (it.type === 'box') {
      lineWidth += it.width;
      if (lineWidth > width && lastBreak > start) {
        lines.push({ start, end: lastBreak, ratio: 0, hyphenated: false });
        start = lastBreak + 1;
        lineWidth -= widthAtBreak + (items[lastBreak] as { width: number }).width;
        lastBreak = -1;
      }
    }
  }
  return lines.filter((l) => items.slice(l.start, l.end).some((it) => it.type === 'box'));
}

export function spaceUnit(height: number, unitIndex: number): Unit {
  return { rows: [{ height, items: [], breakBefore: true, discardable: true, unit: unitIndex }], keepWithNext: false };
}

export function ornamentUnit(ctx: TypeContext, unitIndex: number): Unit {
  const size = ctx.size;
  const frags = applyFallback([{ text: ctx.ornament, style: { face: 'serif', size } }], ctx.measurer, (ch) => warnMissing(ctx, ch));
  let width = 0;
  for (const f of frags) width += ctx.measurer.width(f.style.face, f.style.size, f.text);
  let x = (ctx.width - width) / 2;
  const runs = frags.map((f) => {
    const w = ctx.measurer.width(f.style.face, f.style.size, f.text);
    const run = { x, text: f.text, face: f.style.face, size: f.style.size, width: w, wordSpacing: 0 };
    x += w;
    return run;
  });
  const line = makeLine('ornament', size, ctx.leading, { runs, width, x: 0, hyphenated: false }, 0);
  line.x = (ctx.width - width) / 2;
  return {
    rows: [{ height: ctx.leading, items: [line], breakBefore: true, discardable: false, unit: unitIndex }],
    keepWithNext: true,
  };
}

export function imageUnit(ctx: TypeContext, assetId: string, unitIndex: number): Unit | null {
  const asset = ctx.assets.get(assetId);
  if (!asset) return null;
  if (asset.mediaType !== 'image/jpeg' && asset.mediaType !== 'image/png') {
    ctx.warnings.push({
      severity: 'warning',
      file: asset.source,
      message: `the image ${asset.href} (${asset.mediaType}) cannot be placed in the PDF; only JPEG and PNG can`,
      hint: 'convert it to PNG or JPEG',
    });
    return null;
  }
  // The reader measured the image when it identified it (src/manuscript/images.ts).
  const natural = asset.width && asset.height ? { w: asset.width, h: asset.height } : null;
  if (!natural) return null;
  let w = Math.min(ctx.width, natural.w);
  let h = (w * natural.h) / natural.w;
  if (h > ctx.maxImageHeight) {
    h = ctx.maxImageHeight;
    w = (h * natural.w) / natural.h;
  }
  // Round the row up to whole lines so the text after it stays on the baseline grid.
  const height = Math.ceil((h + ctx.leading * 0.5) / ctx.leading) * ctx.leading;
  const image: LayoutImage = { kind: 'image', assetId, x: (ctx.width - w) / 2, y: (height - h) / 2, width: w, height: h };
  return { rows: [{ height, items: [image], breakBefore: true, discardable: false, unit: unitIndex }], keepWithNext: false };
}

/** Pixel size from a PNG or JPEG header. */
/** Images that stand alone in a paragraph are placed as blocks. */
function imagesOf(inlines: readonly Inline[]): string[] {
  const ids: string[] = [];
  for (const node of inlines) {
    if (node.kind === 'image') ids.push(node.assetId);
    else if (node.kind === 'emphasis' || node.kind === 'strong' || node.kind === 'strike' || node.kind === 'smallCaps' || node.kind === 'link' || node.kind === 'span') ids.push(...imagesOf(node.children));
  }
  return ids;
}

function hasText(inlines: readonly Inline[]): boolean {
  for (const node of inlines) {
    if ((node.kind === 'text' || node.kind === 'code') && node.text.trim()) return true;
    if (node.kind === 'footnoteRef') return true;
    if ((node.kind === 'emphasis' || node.kind === 'strong' || node.kind === 'strike' || node.kind === 'smallCaps' || node.kind === 'link' || node.kind === 'span') && hasText(node.children)) return true;
  }
  return false;
}

export interface FlowOptions {
  /** Indent the first paragraph (false after a chapter title). */
  indentFirst: boolean;
  /** Space between paragraphs instead of first-line indents (front matter). */
  blockParagraphs?: boolean;
  align?: Align;
  leftIndent?: number;
  rightIndent?: number;
  size?: number;
  leading?: number;
  /** Small caps on the first line of the first paragraph. */
  openerSmallCaps?: boolean;
  /** A drop cap this many lines tall on the first paragraph. */
  openerDropCap?: number;
  role?: LineRole;
}

/** Where a flow of blocks stands between two of them: what the next block's first paragraph looks like. */
export interface FlowState {
  /** The next paragraph takes a first-line indent. */
  indentNext: boolean;
  /** No block has made a unit yet (the opener's small caps or drop cap go on the next paragraph). */
  first: boolean;
  /** Lines beside a drop cap that the paragraph before left unfilled. */
  besideCap: Unit['capRemainder'];
}

/** Lays out a list of blocks as units, appending to `units`. */
export function blocksToUnits(ctx: TypeContext, blocks: readonly Block[], options: FlowOptions, units: Unit[]): void {
  const state: FlowState = { indentNext: options.indentFirst, first: true, besideCap: undefined };
  for (const block of blocks) blockUnits(ctx, block, options, state, units);
  endFlow(options.leading ?? ctx.leading, state, units);
}

/**
 * The state before block `index` of a flow, from the blocks alone, where no drop cap reaches it: at least
 * DROP_CAP_REACH blocks after the flow's first paragraph with text (a block's units depend on nothing else
 * before it, so such a block can be set apart from the rest, on another thread). Undefined nearer the start.
 */
export function flowStateBefore(blocks: readonly Block[], index: number, options: FlowOptions): FlowState | undefined {
  const from = firstBlockApart(blocks);
  if (from === undefined || index < from || index >= blocks.length) return undefined;
  let indentNext = options.indentFirst;
  for (let j = index - 1; j >= 0; j--) {
    const b = blocks[j];
    if (b.kind === 'paragraph') {
      if (!hasText(b.children)) continue;
      indentNext = (b.role ?? 'body') === 'body';
    } else if (b.kind === 'heading' || b.kind === 'sceneBreak' || b.kind === 'blockquote' || b.kind === 'list' || b.kind === 'codeBlock') {
      indentNext = false;
    } else continue;
    break;
  }
  return { indentNext, first: false, besideCap: undefined };
}

/** The first block of a flow that flowStateBefore can start from, if any. */
export function firstBlockApart(blocks: readonly Block[]): number | undefined {
  const firstText = blocks.findIndex((b) => b.kind === 'paragraph' && hasText(b.children));
  return firstText < 0 ? undefined : firstText + DROP_CAP_REACH;
}

/**
 * Blocks after the first paragraph with text before a drop cap no longer reaches: the cap is at most
 * DROP_CAP_LINES (3) lines tall and each paragraph beside it takes at least one of them.
 */
const DROP_CAP_REACH = 4;

/** Ends a flow: a drop cap taller than everything beside it keeps its lines. */
export function endFlow(leading: number, state: FlowState, units: Unit[]): void {
  if (state.besideCap) {
    const pad = spaceUnit(state.besideCap.lines * leading, units.length);
    pad.rows[0].discardable = false;
    pad.rows[0].breakBefore = false;
    units.push(pad);
  }
}

/** One block of a flow as units, appended to `units`; `state` moves on past it. */
export function blockUnits(ctx: TypeContext, block: Block, options: FlowOptions, state: FlowState, units: Unit[]): void {
  const size = options.size ?? ctx.size;
  const leading = options.leading ?? ctx.leading;
  const indentWidth = size * 1.2;
  let { indentNext, first, besideCap } = state;
  const push = (unit: Unit | null) => {
    if (unit) units.push(unit);
  };
  const idx = units.length;
  if (besideCap && !(block.kind === 'paragraph' && (block.role ?? 'body') === 'body' && hasText(block.children) && imagesOf(block.children).length === 0)) {
    // Anything but a plain paragraph starts below the cap.
    const pad = spaceUnit(besideCap.lines * leading, units.length);
    pad.rows[0].discardable = false;
    pad.rows[0].breakBefore = false;
    push(pad);
    besideCap = undefined;
  }
  const common = { leftIndent: options.leftIndent, rightIndent: options.rightIndent, size, leading, role: options.role };
  switch (block.kind) {
    case 'paragraph': {
      for (const id of imagesOf(block.children)) push(imageUnit(ctx, id, units.length));
      if (!hasText(block.children)) break;
      const role = block.role ?? 'body';
      if (role === 'end-mark') push(spaceUnit(leading, units.length));
      if (options.blockParagraphs && !first) push(spaceUnit(leading * 0.5, units.length));
      const centered = role !== 'body';
      push(
        paragraphUnit(
          ctx,
          block.children,
          // Written out, not spread from `common`: in cold code V8 gave each spread copy new hidden classes
          // for the keys added after it, six maps per paragraph.
          {
            leftIndent: common.leftIndent,
            rightIndent: common.rightIndent,
            size: common.size,
            leading: common.leading,
            role: common.role,
            align: centered ? 'center' : (options.align ?? 'justify'),
            indent: centered || options.blockParagraphs || !indentNext ? 0 : indentWidth,
            firstLineSmallCaps: first && options.openerSmallCaps,
            dropCap: first && !centered ? options.openerDropCap : undefined,
            besideCap,
            line: block.pos?.line,
          },
          units.length,
        ),
      );
      besideCap = units[units.length - 1].capRemainder;
      // The paragraph after keeps with the cap's paragraph (no page break beside the cap).
      if (besideCap) units[units.length - 1].keepWithNext = true;
      indentNext = !centered;
      break;
    }
    case 'heading': {
      if (!first) push(spaceUnit(leading, units.length));
      const unit = paragraphUnit(
        ctx,
        block.children,
        { ...common, align: 'center', face: block.level <= 2 ? 'serif' : 'serif-italic', size: block.level <= 2 ? size * 1.15 : size, role: 'heading', hyphenate: false, line: block.pos?.line },
        units.length,
      );
      unit.keepWithNext = true;
      push(unit);
      const after = spaceUnit(leading, units.length);
      after.rows[0].breakBefore = false;
      push(after);
      units[units.length - 1].keepWithNext = true;
      indentNext = false;
      break;
    }
    case 'sceneBreak': {
      push(spaceUnit(leading, units.length));
      push(ornamentUnit(ctx, units.length));
      const after = spaceUnit(leading, units.length);
      after.rows[0].breakBefore = false;
      after.keepWithNext = true;
      push(after);
      indentNext = false;
      break;
    }
    case 'blockquote': {
      push(spaceUnit(leading * 0.5, units.length));
      blocksToUnits(ctx, block.children, { ...options, indentFirst: false, blockParagraphs: true, leftIndent: (options.leftIndent ?? 0) + size * 1.5, rightIndent: (options.rightIndent ?? 0) + size * 1.5, openerSmallCaps: false, openerDropCap: undefined }, units);
      push(spaceUnit(leading * 0.5, units.length));
      indentNext = false;
      break;
    }
    case 'list': {
      push(spaceUnit(leading * 0.5, units.length));
      block.items.forEach((item, k) => {
        const marker = block.ordered ? `${block.start + k}.` : '•';
        const left = (options.leftIndent ?? 0) + size * 2;
        item.forEach((sub, j) => {
          if (sub.kind === 'paragraph') {
            push(paragraphUnit(ctx, sub.children, { ...common, leftIndent: left, indent: 0, marker: j === 0 ? marker : undefined, line: sub.pos?.line }, units.length));
          } else {
            blocksToUnits(ctx, [sub], { ...options, indentFirst: false, leftIndent: left, openerSmallCaps: false, openerDropCap: undefined }, units);
          }
        });
      });
      push(spaceUnit(leading * 0.5, units.length));
      indentNext = false;
      break;
    }
    case 'codeBlock': {
      push(spaceUnit(leading * 0.5, units.length));
      const codeSize = size * 0.8;
      const left = options.leftIndent ?? 0;
      const room = ctx.width - left - (options.rightIndent ?? 0);
      const charWidth = ctx.measurer.width('mono', codeSize, 'M');
      for (const text of block.text.replace(/\n$/, '').split('\n')) {
        wrapCode(text.replace(/\t/g, '    '), Math.max(8, Math.floor(room / charWidth))).forEach((piece, k) => {
          // Continuation lines are indented two characters, so a wrapped line reads as one.
          const indent = k === 0 ? 0 : 2 * charWidth;
          const unit = paragraphUnit(ctx, [{ kind: 'text', text: piece.replace(/ /g, '\u00A0') || '\u00A0' }], { ...common, face: 'mono', size: codeSize, leading, align: 'left', hyphenate: false, role: 'code', indent: 0, leftIndent: left + indent }, units.length);
          for (const row of unit.rows) row.breakBefore = true;
          push(unit);
        });
      }
      push(spaceUnit(leading * 0.5, units.length));
      indentNext = false;
      break;
    }
  }
  if (units.length > idx) first = false;
  state.indentNext = indentNext;
  state.first = first;
  state.besideCap = besideCap;
}


/**
 * Splits a code line into pieces of at most `columns` characters (continuations get two fewer, for
 * their indent), at the last space that leaves a reasonably full piece, else mid-token.
 */
export function wrapCode(text: string, columns: number): string[] {
  const chars = [...text];
  if (chars.length <= columns) return [text];
  const pieces: string[] = [];
  let rest = chars;
  let limit = columns;
  while (rest.length > limit) {
    let cut = limit;
    for (let i = limit; i > limit / 2; i--) {
      if (rest[i - 1] === ' ' && rest[i] !== ' ') {
        cut = i;
        break;
      }
    }
    pieces.push(rest.slice(0, cut).join('').trimEnd());
    rest = rest.slice(cut);
    limit = columns - 2;
  }
  pieces.push(rest.join(''));
  return pieces;
}
