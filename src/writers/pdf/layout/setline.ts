// Sets one broken line: positions each run from the items and the line's adjustment ratio.

import { INFINITY, sameStyle, type Frag, type Item, type Style } from './items.js';
import type { LineBreak } from './linebreak.js';
import type { Measurer } from './measure.js';
import type { TextRun } from './model.js';
import { visualOrder } from './scripts.js';

export type Align = 'justify' | 'left' | 'center' | 'right';

export interface SetLine {
  runs: TextRun[];
  /** Width of the set text. */
  width: number;
  /** Left edge of the set text, relative to the line's left edge. */
  x: number;
  hyphenated: boolean;
}

export function setLine(
  items: readonly Item[],
  line: LineBreak,
  measurer: Measurer,
  lineWidth: number,
  align: Align,
  altFeatures?: string[],
  /** A right-to-left paragraph: its runs go right to left, its ragged lines and indent to the right. */
  rtl = false,
): SetLine {
  let start = line.start;
  while (start < line.end && items[start].type !== 'box') start++;
  let hasFill = false;
  for (let i = start; i < line.end; i++) {
    const it = items[i];
    if (it.type === 'glue' && it.stretch >= INFINITY) hasFill = true;
  }
  const justify = align === 'justify';
  let ratio = justify ? line.ratio : 0;
  if (hasFill && ratio > 0) ratio = 0;
  if (ratio > 3) ratio = 3; // A line with one word cannot be stretched meaningfully.

  const runs: TextRun[] = [];
  // The pen: where the next run starts. After a word joins a run it is the run's end, worked out only when it
  // is next needed (interpreted code makes a new number for every result, and most words join a run).
  let x = 0;
  let xAtRunEnd = false;
  let run: TextRun | null = null;
  // Called where a new run starts, a box without text moves the pen, and the line ends: not once a word.
  const settlePen = () => {
    if (!xAtRunEnd) return;
    x = run!.x + run!.width;
    xAtRunEnd = false;
  };
  let runStyle: Style | null = null;
  // The space of the current run, measured once it first takes a space, and the glue width its word spacing
  // was last worked out for.
  let runSpace = -1;
  let spacingFor = -1;
  // Glue waiting for the next word: its width and the face whose space it stands for.
  let pending = false;
  let pendingWidth = 0;
  let pendingFace = '';
  // The pending glue is space between CJK characters (no space character): a gap between runs if not zero.
  let pendingInter = false;

  const place = (frag: Frag, width: number) => {
    const style = frag.style;
    const features = altFeatures && !style.features && style.face !== 'mono' ? altFeatures : style.features;
    const effective: Style = features === style.features ? style : { ...style, features };
    if (run && runStyle && sameStyle(runStyle, effective) && (!pending || (pendingFace === style.face && !(pendingInter && pendingWidth !== 0)))) {
      if (pending && !pendingInter) {
        if (runSpace < 0) runSpace = measurer.width(style.face, style.size, ' ');
        run.text += ' ';
        run.width += pendingWidth;
        if (pendingWidth !== spacingFor) {
          run.wordSpacing = pendingWidth - runSpace;
          spacingFor = pendingWidth;
        }
      }
      run.text += frag.text;
      run.width += width;
    } else {
      settlePen();
      if (pending) x += pendingWidth;
      run = { x, text: frag.text, face: style.face, size: style.size, width, wordSpacing: 0 };
      if (features) run.features = features;
      if (style.rise) run.rise = style.rise;
      if (style.url) run.url = style.url;
      if (style.strike) run.strike = strikeHeight(measurer, style);
      if (style.level) run.level = style.level;
      runs.push(run);
      runStyle = effective;
      runSpace = -1;
      spacingFor = -1;
    }
    pending = false;
    xAtRunEnd = true;
  };

  let lastGlue: Item | undefined;
  let lastGlueWidth = 0;
  for (let i = start; i < line.end; i++) {
    const it = items[i];
    if (it.type === 'box') {
      if (it.frags.length === 0) {
        settlePen();
        if (pending) x += pendingWidth;
        pending = false;
        x += it.width;
        run = null;
        continue;
      }
      // Box widths are exact for the whole word; split them across the word's fragments.
      const boxWidth = altFeatures ? it.altWidth : it.width;
      if (it.frags.length === 1) place(it.frags[0], boxWidth);
      else {
        let sum = 0;
        const widths = it.frags.map((f) => {
          const fe = altFeatures && !f.style.features && f.style.face !== 'mono' ? altFeatures : f.style.features;
          const w = measurer.width(f.style.face, f.style.size, f.text, fe);
          sum += w;
          return w;
        });
        const scale = sum > 0 ? boxWidth / sum : 1;
        it.frags.forEach((f, k) => place(f, widths[k] * scale));
      }
    } else if (it.type === 'glue') {
      if (it.stretch >= INFINITY) continue;
      // A paragraph's spaces share one glue: its set width is worked out once a line (interpreted code makes a
      // new number for every result).
      if (it !== lastGlue) {
        lastGlue = it;
        lastGlueWidth = it.width + (ratio >= 0 ? ratio * it.stretch : ratio * it.shrink);
      }
      const w = lastGlueWidth;
      if (pending) {
        pendingWidth += w;
        pendingInter &&= it.inter === true;
      } else {
        pending = true;
        pendingWidth = w;
        pendingFace = it.face;
        pendingInter = it.inter === true;
      }
    }
  }
  const breakItem = items[line.end];
  let hyphenated = false;
  if (breakItem && breakItem.type === 'penalty' && breakItem.flagged) {
    hyphenated = true;
    if (breakItem.hyphen) place(breakItem.hyphen, breakItem.width);
  }
  settlePen();
  const width = x;
  // A run's text was joined word by word: a chain of string pieces that lives as long as the layout (to
  // be painted). Made one flat string now, while the pieces are still new, they are freed young.
  for (let r = 0; r < runs.length; r++) runs[r].text = flat(runs[r].text);
  if (rtl || runs.some((r) => r.level)) reorder(runs, width, rtl ? 1 : 0);
  let offset = 0;
  if (align === 'center') offset = (lineWidth - width) / 2;
  // A right-to-left paragraph starts at the right: its left alignment and every unjustified line go there.
  else if (rtl ? align !== 'right' : align === 'right') offset = lineWidth - width;
  if (offset !== 0) for (const r of runs) r.x += offset;
  return { runs, width, x: offset, hyphenated };
}

/**
 * Puts a line's runs, set in logical order, in visual order (UAX #9 L2), keeping each space between
 * two runs between them; a space takes the lower level of its neighbours, the indent the paragraph's.
 */
export function reorder(runs: TextRun[], width: number, baseLevel: number): void {
  const pieces: { run?: TextRun; width: number; level: number }[] = [];
  let end = 0;
  runs.forEach((run, i) => {
    const gap = run.x - end;
    const level = run.level ?? 0;
    if (gap > 1e-9) pieces.push({ width: gap, level: i === 0 ? baseLevel : Math.min(level, runs[i - 1].level ?? 0) });
    pieces.push({ run, width: run.width, level });
    end = run.x + run.width;
  });
  if (width - end > 1e-9) pieces.push({ width: width - end, level: baseLevel });
  const order = visualOrder(pieces.map((p) => p.level));
  let x = 0;
  const visual: TextRun[] = [];
  for (const k of order) {
    const piece = pieces[k];
    if (piece.run) {
      piece.run.x = x;
      visual.push(piece.run);
    }
    x += piece.width;
  }
  runs.splice(0, runs.length, ...visual);
}

/** Where a strike-through rule goes: half the face's x-height above the baseline. */
function strikeHeight(measurer: Measurer, style: Style): number {
  const font = measurer.fontSet.fonts[style.face];
  return ((font.xHeight / font.unitsPerEm) * style.size) / 2;
}

/** The string as one flat string: V8 flattens a joined string when a character of it is read. */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}
