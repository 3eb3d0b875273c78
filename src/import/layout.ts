// Lines of a story → units: text paragraphs, blank-line gaps, dividers, chapter headings.
// How lines make paragraphs depends on the file's layout, decided once for the whole file.
import { isDividerLine, matchChapterHeading, type ChapterHeading } from './patterns.js';

export interface SourceLine {
  /** The line without leading or trailing whitespace; inner tabs become spaces. */
  text: string;
  /** 1-based line number in the source file. */
  no: number;
  indented: boolean;
}

/**
 * - `blocks`: paragraphs are separated by blank lines; a line end inside one is a line break
 *   the author typed (or a hard wrap, when `wrapped`).
 * - `lines`: no blank lines between paragraphs, each line is one; a blank line is a scene break.
 * - `indents`: hard-wrapped; an indented line starts a paragraph (blank lines may separate
 *   paragraphs too, or, where they are rare, mark scene breaks).
 */
export type LayoutMode = 'blocks' | 'lines' | 'indents';

export interface Layout {
  mode: LayoutMode;
  /** Lines were wrapped at a fixed width, so a line end inside a paragraph is a space. */
  wrapped: boolean;
  /** Blank lines that separate ordinary paragraphs (blocks mode). */
  paragraphGap: number;
  /** A run of at least this many blank lines is a scene break. */
  breakGap: number;
}

export type Unit =
  | { kind: 'text'; lines: SourceLine[] }
  | { kind: 'gap'; size: number; no: number }
  | { kind: 'divider'; line: SourceLine }
  | { kind: 'heading'; line: SourceLine; heading: ChapterHeading };

export function splitLines(text: string): SourceLine[] {
  return text.split('\n').map((raw, i) => ({
    text: raw.replace(/\t/g, ' ').trim(),
    no: i + 1,
    indented: /^[ \t\u00a0\u3000]/.test(raw) && raw.trim() !== '',
  }));
}

interface Group {
  lines: SourceLine[];
  gapBefore: number;
}

function groupLines(lines: SourceLine[]): Group[] {
  const groups: Group[] = [];
  let gap = 0;
  let current: Group | undefined;
  for (const line of lines) {
    if (line.text === '') {
      gap++;
      current = undefined;
      continue;
    }
    if (!current) {
      current = { lines: [], gapBefore: groups.length === 0 ? 0 : gap };
      groups.push(current);
      gap = 0;
    }
    current.lines.push(line);
  }
  return groups;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * `headerLines` are the numbers of lines that look like header (fields, by-lines): they say
 * nothing about how the story's paragraphs are laid out, so they are left out of the count.
 */
export function detectLayout(lines: SourceLine[], headerLines: ReadonlySet<number> = new Set()): Layout {
  const groups = groupLines(lines)
    .map((g) => ({ ...g, lines: g.lines.filter((l) => !headerLines.has(l.no)) }))
    .filter((g) => g.lines.length > 0);
  const textLines = groups.flatMap((g) => g.lines);
  const lengths = textLines.map((l) => l.text.length);
  const width = percentile(lengths, 0.9);
  // Hard-wrapped text: most lines end close to one fixed width, and that width is a terminal's.
  const nearWidth = lengths.filter((n) => n >= width * 0.7 && n <= width + 2).length;
  const wrapped = textLines.length >= 8 && width >= 40 && width <= 100 && nearWidth >= 0.5 * textLines.length;
  const inBigGroups = groups.filter((g) => g.lines.length >= 3).reduce((n, g) => n + g.lines.length, 0);
  const mostlyUnbroken = textLines.length > 0 && inBigGroups > 0.5 * textLines.length;

  const gaps = groups.slice(1).map((g) => g.gapBefore);
  const counts = new Map<number, number>();
  for (const g of gaps) counts.set(g, (counts.get(g) ?? 0) + 1);
  let paragraphGap = 1;
  let best = 0;
  for (const [gap, count] of counts) {
    if (count > best || (count === best && gap < paragraphGap)) {
      best = count;
      paragraphGap = gap;
    }
  }

  const blockBreak = Math.max(2, paragraphGap + 1);
  const indented = textLines.filter((l) => l.indented).length;
  const firstLines = new Set(groups.map((g) => g.lines[0]));
  // Indented lines inside a group of wrapped lines: the indent is what starts a paragraph.
  const midGroupIndents = textLines.filter((l) => l.indented && !firstLines.has(l)).length;
  if (wrapped && mostlyUnbroken && midGroupIndents >= 2 && indented <= 0.6 * textLines.length) {
    const rareGaps = gaps.length < textLines.length / 12;
    return { mode: 'indents', wrapped, paragraphGap, breakGap: rareGaps ? 1 : blockBreak };
  }
  if (mostlyUnbroken && !wrapped) return { mode: 'lines', wrapped: false, paragraphGap: 0, breakGap: 1 };
  return { mode: 'blocks', wrapped, paragraphGap, breakGap: blockBreak };
}

/** Units in reading order. Dividers and headings are split out even inside a group of lines. */
export const HEADER_LAYOUT: Layout = { mode: 'blocks', wrapped: false, paragraphGap: 1, breakGap: 2 };

export function toUnits(lines: SourceLine[], layout: Layout): Unit[] {
  const units: Unit[] = [];
  for (const group of groupLines(lines)) {
    if (group.gapBefore > 0) units.push({ kind: 'gap', size: group.gapBefore, no: group.lines[0].no - group.gapBefore });
    let pending: SourceLine[] = [];
    const flush = () => {
      if (pending.length > 0) units.push({ kind: 'text', lines: pending });
      pending = [];
    };
    for (const line of group.lines) {
      const heading = matchChapterHeading(line.text);
      if (isDividerLine(line.text)) {
        flush();
        units.push({ kind: 'divider', line });
      } else if (heading) {
        flush();
        units.push({ kind: 'heading', line, heading });
      } else if (layout.mode === 'lines') {
        flush();
        pending.push(line);
        flush();
      } else {
        if (layout.mode === 'indents' && line.indented) flush();
        pending.push(line);
      }
    }
    flush();
  }
  return units;
}
