// Setting short texts (the folding instructions, the back cover's summary, the spine) with the layout's own
// line breaking, fonts and fallbacks, as LayoutLines the draw step paints.

import type { Block, Book, Inline } from '../../../model/book.js';
import type { Diagnostic } from '../../../diagnostics.js';
import { loadHarfBuzz } from '../font-engine/harfbuzz.js';
import { installedCjkFamily, type FontSet } from '../fonts.js';
import { blocksToUnits, paragraphUnit, type ParagraphStyle, type TypeContext, type Unit } from '../layout/blocks.js';
import { createHyphenator } from '../layout/hyphenate.js';
import { Measurer } from '../layout/measure.js';
import type { LayoutItem, LayoutLine } from '../layout/model.js';
import { ComplexTextFound, loadBidi } from '../layout/scripts.js';

export interface TextSetter {
  ctx(size: number, leading: number, width: number): TypeContext;
  measurer: Measurer;
  warnings: Diagnostic[];
}

/**
 * Runs `set` with a text setter for the book, as the body's layout sets its text: with the shaping engine,
 * and again with HarfBuzz and the bidi algorithm (loaded then) when a text turns out to be in a script that
 * needs them, or from the start in a right-to-left book. A cover or a page of folding instructions in
 * Arabic, Hebrew or Chinese otherwise stopped the build.
 */
export async function withTextSetter<T>(fonts: FontSet, book: Book, source: string, set: (setter: TextSetter) => T): Promise<T> {
  const language = book.meta.language;
  if (book.dir !== 'rtl') {
    try {
      return set(textSetter(fonts, language, source));
    } catch (error) {
      if (!(error instanceof ComplexTextFound)) throw error;
    }
  }
  await Promise.all([loadHarfBuzz(), loadBidi()]);
  return set(textSetter(fonts, language, source, { complex: true, direction: book.dir }));
}

export function textSetter(fonts: FontSet, language: string, source: string, options: { complex?: boolean; direction?: 'ltr' | 'rtl' } = {}): TextSetter {
  const measurer = new Measurer(fonts, options.complex ? { complex: true, cjk: installedCjkFamily(language)?.family } : {});
  const hyphenator = createHyphenator(language);
  const warnings: Diagnostic[] = [];
  const warnedChars = new Set<string>();
  let id = 0;
  return {
    measurer,
    warnings,
    ctx: (size, leading, width) => ({
      measurer,
      hyphenator,
      size,
      leading,
      width,
      maxImageHeight: 0,
      assets: new Map(),
      ornament: '*',
      warnings,
      source,
      nextParagraphId: () => ++id,
      warnedChars,
      ...(options.direction && { direction: options.direction }),
    }),
  };
}

/** Units stacked from `top`, offset by `left`: the lines and the y below the last. */
export function stackUnits(units: readonly Unit[], left: number, top: number): { lines: LayoutLine[]; bottom: number } {
  const lines: LayoutLine[] = [];
  let y = top;
  for (const unit of units) {
    for (const row of unit.rows) {
      for (const item of row.items) if (item.kind === 'line') lines.push(shift(item, left, y));
      y += row.height;
    }
  }
  return { lines, bottom: y };
}

function shift(line: LayoutLine, dx: number, dy: number): LayoutLine {
  return { ...line, x: line.x + dx, y: line.y + dy, top: line.top + dy, bottom: line.bottom + dy, runs: line.runs.map((r) => ({ ...r, x: r.x + dx })) };
}

export function paragraph(ctx: TypeContext, inlines: readonly Inline[], style: ParagraphStyle = {}): Unit {
  return paragraphUnit(ctx, inlines, { role: 'front', ...style }, 0);
}

export function blocks(ctx: TypeContext, content: readonly Block[], align: 'left' | 'justify' = 'justify'): Unit[] {
  const units: Unit[] = [];
  blocksToUnits(ctx, content, { indentFirst: false, blockParagraphs: true, align, role: 'front' }, units);
  return units;
}

export const text = (s: string): Inline[] => [{ kind: 'text', text: s }];

/** Height of stacked units. */
export function unitsHeight(units: readonly Unit[]): number {
  let h = 0;
  for (const u of units) for (const r of u.rows) h += r.height;
  return h;
}

export type { LayoutItem };
