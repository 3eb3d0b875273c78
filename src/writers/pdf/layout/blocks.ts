// Model blocks → units of rows for the paginator. A paragraph unit can be broken again with
// extra constraints (no hyphen on the line that ends a page).

import type { Asset, Block, Inline } from '../../../model/book.js';
import type { Diagnostic as Diag } from '../../../diagnostics.js';
import type { Face } from '../fonts.js';
import type { Hyphenator } from './hyphenate.js';
import { applyFallback, buildItems, flatten, type Item, type Style } from './items.js';
import { breakLines, type LineBreak } from './linebreak.js';
import type { Measurer } from './measure.js';
import type { LayoutImage, LayoutItem, LayoutLine, LineRole } from './model.js';
import { setLine, type Align } from './setline.js';

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
}

export interface Unit {
  rows: Row[];
  /** The first row of the next unit may not start a page (headings, ornaments keep with what follows). */
  keepWithNext: boolean;
  /** Re-sets a paragraph so the given lines do not end with a hyphen. */
  rebreak?: (noHyphenLines: ReadonlySet<number>) => void;
  noHyphenLines?: Set<number>;
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
}

/** Baseline position within a row and the ink box, for a type size and leading. */
export function lineGeometry(size: number, leading: number): { baseline: number; top: number; bottom: number } {
  const baseline = leading - 0.25 * size;
  return { baseline, top: baseline - 0.75 * size, bottom: baseline + 0.25 * size };
}

export function makeLine(role: LineRole, size: number, leading: number, set: { runs: LayoutLine['runs']; width: number; x: number; hyphenated: boolean }, xOffset: number): LayoutLine {
  const g = lineGeometry(size, leading);
  for (const r of set.runs) r.x += xOffset;
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
  const frags = applyFallback(flatten(inlines, base), ctx.measurer, (ch) => warnMissing(ctx, ch, style.line));
  const altFeatures = style.firstLineSmallCaps ? ['smcp'] : undefined;
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
  const unit: Unit = { rows: [], keepWithNext: false };
  const build = (noHyphenLines?: ReadonlySet<number>) => {
    let breaks: LineBreak[];
    if (align === 'justify') {
      breaks = breakLines(items, { lineWidth: () => width, altLines: altFeatures ? 1 : 0, noHyphenLines });
    } else {
      breaks = breakRagged(items, width);
    }
    unit.rows = breaks.map((lb, index) => {
      // The last line keeps its natural spacing (setLine ignores stretch on a filled line) but may shrink.
      const set = setLine(items, lb, ctx.measurer, width, align, index === 0 ? altFeatures : undefined);
      const line = makeLine(style.role ?? 'body', size, leading, set, left);
      line.paragraph = id;
      line.lineIndex = index;
      line.lineCount = breaks.length;
      const rowItems: LayoutItem[] = [line];
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
      return {
        height: leading,
        items: rowItems,
        // Widows and orphans: a page may break inside a paragraph only with two lines on each side.
        breakBefore: index === 0 || (index >= 2 && breaks.length - index >= 2),
        discardable: false,
        unit: unitIndex,
        lineIndex: index,
        lineCount: breaks.length,
        hyphenated: set.hyphenated,
      };
    });
  };
  build();
  if (align === 'justify') {
    unit.noHyphenLines = new Set();
    unit.rebreak = (lines) => build(lines);
  }
  return unit;
}

/** First-fit breaking for ragged and centered text (titles, headings, centered lines). */
function breakRagged(items: readonly Item[], width: number): LineBreak[] {
  const lines: LineBreak[] = [];
  let start = 0;
  let lineWidth = 0;
  let lastBreak = -1;
  let widthAtBreak = 0;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it.type === 'penalty' && it.penalty <= -10000) {
      lines.push({ start, end: i, ratio: 0, hyphenated: false });
      start = i + 1;
      lineWidth = 0;
      lastBreak = -1;
      continue;
    }
    if (it.type === 'glue') {
      if (it.stretch >= 10000) continue;
      if (i > 0 && items[i - 1].type === 'box') {
        lastBreak = i;
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
  const natural = asset.width && asset.height ? { w: asset.width, h: asset.height } : imageSize(asset.data, asset.mediaType);
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
export function imageSize(data: Uint8Array, mediaType: string): { w: number; h: number } | null {
  if (mediaType === 'image/png' && data.length > 24) {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    return { w: view.getUint32(16), h: view.getUint32(20) };
  }
  if (mediaType === 'image/jpeg') {
    let i = 2;
    while (i + 9 < data.length) {
      if (data[i] !== 0xff) return null;
      const marker = data[i + 1];
      const length = (data[i + 2] << 8) | data[i + 3];
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { h: (data[i + 5] << 8) | data[i + 6], w: (data[i + 7] << 8) | data[i + 8] };
      }
      i += 2 + length;
    }
  }
  return null;
}

/** Images that stand alone in a paragraph are placed as blocks. */
function imagesOf(inlines: readonly Inline[]): string[] {
  const ids: string[] = [];
  for (const node of inlines) {
    if (node.kind === 'image') ids.push(node.assetId);
    else if (node.kind === 'emphasis' || node.kind === 'strong' || node.kind === 'link') ids.push(...imagesOf(node.children));
  }
  return ids;
}

function hasText(inlines: readonly Inline[]): boolean {
  for (const node of inlines) {
    if ((node.kind === 'text' || node.kind === 'code') && node.text.trim()) return true;
    if (node.kind === 'footnoteRef') return true;
    if ((node.kind === 'emphasis' || node.kind === 'strong' || node.kind === 'link') && hasText(node.children)) return true;
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
  role?: LineRole;
}

/** Lays out a list of blocks as units, appending to `units`. */
export function blocksToUnits(ctx: TypeContext, blocks: readonly Block[], options: FlowOptions, units: Unit[]): void {
  const size = options.size ?? ctx.size;
  const leading = options.leading ?? ctx.leading;
  const indentWidth = size * 1.2;
  let indentNext = options.indentFirst;
  let first = true;
  const push = (unit: Unit | null) => {
    if (unit) units.push(unit);
  };
  for (const block of blocks) {
    const idx = units.length;
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
            {
              ...common,
              align: centered ? 'center' : (options.align ?? 'justify'),
              indent: centered || options.blockParagraphs || !indentNext ? 0 : indentWidth,
              firstLineSmallCaps: first && options.openerSmallCaps,
              line: block.pos?.line,
            },
            units.length,
          ),
        );
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
        blocksToUnits(ctx, block.children, { ...options, indentFirst: false, blockParagraphs: true, leftIndent: (options.leftIndent ?? 0) + size * 1.5, rightIndent: (options.rightIndent ?? 0) + size * 1.5, openerSmallCaps: false }, units);
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
              blocksToUnits(ctx, [sub], { ...options, indentFirst: false, leftIndent: left, openerSmallCaps: false }, units);
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
        for (const text of block.text.replace(/\n$/, '').split('\n')) {
          const unit = paragraphUnit(ctx, [{ kind: 'text', text: text.replace(/ /g, '\u00A0') || '\u00A0' }], { ...common, face: 'mono', size: codeSize, leading, align: 'left', hyphenate: false, role: 'code', indent: 0 }, units.length);
          for (const row of unit.rows) row.breakBefore = true;
          push(unit);
        }
        push(spaceUnit(leading * 0.5, units.length));
        indentNext = false;
        break;
      }
    }
    if (units.length > idx) first = false;
  }
}

