// Knuth–Plass total-fit line breaking over box/glue/penalty items, with TeX's demerits,
// fitness classes, at most MAX_HYPHEN_STREAK hyphenated lines in a row, and per-line widths.

import { INFINITY, type Glue, type Item } from './items.js';

export const MAX_HYPHEN_STREAK = 2;

export interface BreakOptions {
  /** Width available to line `n` (0-based). */
  lineWidth: (line: number) => number;
  /** Lines 0..altLines-1 are measured with the boxes' altWidth (small-caps first line). */
  altLines?: number;
  /** Lines (0-based) that must not end with a hyphen (they end a page). */
  noHyphenLines?: ReadonlySet<number>;
  /** Lines whose width differs from the following ones, so line numbers matter up to here. */
  specialLines?: number;
  /** No line may end with a hyphen. */
  noHyphens?: boolean;
}

export interface LineBreak {
  /** Items [start, end) set on the line; `end` is the break item (not set, except a penalty's hyphen). */
  start: number;
  end: number;
  /** Adjustment ratio: >0 stretches the glue, <0 shrinks it. */
  ratio: number;
  hyphenated: boolean;
}

interface Node {
  position: number;
  line: number;
  fitness: number;
  streak: number;
  totalWidth: number;
  totalAlt: number;
  totalStretch: number;
  totalShrink: number;
  demerits: number;
  ratio: number;
  previous: Node | null;
  hyphenated: boolean;
  /**
   * How far (natural width plus the most stretch the tolerance allows) a line from this node must reach
   * before it can be feasible, in REACH_UNITS rounded down; until then the node is only carried along (see
   * tryBreak). A whole number, so reading it allocates nothing in interpreted code, where a double field
   * is boxed afresh at each read: this test runs for every active node at every breakpoint.
   */
  reach: number;
}

const LINE_PENALTY = 10;
const DOUBLE_HYPHEN_DEMERITS = 3000;
const ADJACENT_FITNESS_DEMERITS = 3000;
const FINAL_HYPHEN_DEMERITS = 5000;

/** Points a line may lack at the reach test and still be computed in full: rounding never skips a feasible line. */
const REACH_MARGIN = 0.01;

/** Reach is kept in 1/64 pt. */
const REACH_UNITS = 64;
/** A reach no node has: the largest small integer (the test then never skips). */
const NEVER_SKIP = 0x3fffffff;

/** Items in one optimum-fit window; a longer paragraph is broken window by window. */
const WINDOW = 4000;

/**
 * Breaks a paragraph. Total-fit over a whole paragraph costs time and memory that grow faster than its
 * length, so a very long one (thousands of words) is broken in overlapping windows: each window's lines
 * are kept but its last (which would be set as a paragraph's last line), and the next window starts there.
 */
export function breakLines(items: readonly Item[], options: BreakOptions): LineBreak[] {
  if (items.length <= WINDOW * 1.5) return breakWhole(items, options);
  const lines: LineBreak[] = [];
  let start = 0;
  for (;;) {
    let cut = Math.min(items.length, start + WINDOW);
    const last = cut >= items.length;
    let segment: Item[];
    if (last) segment = items.slice(start);
    else {
      // End the window between two words, with the ending every paragraph has.
      while (cut > start + 1 && items[cut].type !== 'glue') cut--;
      const space = items[cut] as Extract<Item, { type: 'glue' }>;
      segment = [
        ...items.slice(start, cut),
        { type: 'penalty', width: 0, penalty: INFINITY, flagged: false },
        { ...space, width: 0, stretch: INFINITY, shrink: 0 },
        { type: 'penalty', width: 0, penalty: -INFINITY, flagged: false },
      ];
    }
    let part = breakWhole(segment, shiftLines(options, lines.length));
    // A window of one line (an enormous unbreakable word) cannot overlap: break the rest at once.
    const rest = last || part.length < 2;
    if (rest && !last) part = breakWhole(items.slice(start), shiftLines(options, lines.length));
    const keep = rest ? part : part.slice(0, -1);
    for (const l of keep) lines.push({ ...l, start: l.start + start, end: l.end + start });
    if (rest) return lines;
    start = keep[keep.length - 1].end + start + 1;
  }
}

/** Options for lines numbered from `offset` on, as a window sees them. */
function shiftLines(options: BreakOptions, offset: number): BreakOptions {
  return {
    ...options,
    lineWidth: (n) => options.lineWidth(n + offset),
    altLines: Math.max(0, (options.altLines ?? 0) - offset),
    specialLines: Math.max(0, (options.specialLines ?? 0) - offset),
    noHyphenLines: options.noHyphenLines && new Set([...options.noHyphenLines].filter((l) => l >= offset).map((l) => l - offset)),
  };
}

function breakWhole(items: readonly Item[], options: BreakOptions): LineBreak[] {
  for (const tolerance of [400, 3000, Infinity]) {
    const result = tryBreak(items, options, tolerance);
    if (result) return result;
  }
  throw new Error('line breaking found no solution');
}

function tryBreak(items: readonly Item[], options: BreakOptions, tolerance: number): LineBreak[] | null {
  const n = items.length;
  // The alt widths are summed only for a paragraph with alt lines: nothing reads them otherwise.
  const altLines = options.altLines ?? 0;
  // Prefix sums over items: width, alt width, stretch, shrink.
  const sumW = new Float64Array(n + 1);
  const sumA = new Float64Array(altLines > 0 ? n + 1 : 0);
  const sumY = new Float64Array(n + 1);
  const sumZ = new Float64Array(n + 1);
  // Running totals in locals: in cold code each read of a Float64Array element allocates a number.
  let w = 0;
  let a = 0;
  let y = 0;
  let z = 0;
  // A paragraph's spaces share one glue object: its numbers are read once, not at every space (in cold
  // code each read of a number field allocates one too).
  let glue: Glue | undefined;
  let glueWidth = 0;
  let glueStretch = 0;
  let glueShrink = 0;
  const readGlue = (it: Glue): void => {
    if (it === glue) return;
    glue = it;
    glueWidth = it.width;
    glueStretch = it.stretch;
    glueShrink = it.shrink;
  };
  for (let i = 0; i < n; i++) {
    const it = items[i];
    if (it.type === 'box') {
      w += it.width;
      if (altLines > 0) a += it.altWidth;
    } else if (it.type === 'glue') {
      readGlue(it);
      w += glueWidth;
      if (altLines > 0) a += glueWidth;
      y += glueStretch;
      z += glueShrink;
    }
    sumW[i + 1] = w;
    if (altLines > 0) sumA[i + 1] = a;
    sumY[i + 1] = y;
    sumZ[i + 1] = z;
  }
  const noHyphen = options.noHyphenLines;
  let classCap = Math.max(altLines, options.specialLines ?? 0);
  if (noHyphen) for (const l of noHyphen) classCap = Math.max(classCap, l + 1);
  const emergency = tolerance === Infinity;

  let active: Node[] = [
    {
      position: -1,
      line: 0,
      fitness: 1,
      streak: 0,
      totalWidth: 0,
      totalAlt: 0,
      totalStretch: 0,
      totalShrink: 0,
      demerits: 0,
      ratio: 0,
      previous: null,
      hyphenated: false,
      reach: 0,
    },
  ];
  // A line is feasible only if its natural width plus maxRatio times its stretch reaches the line width.
  // Both grow along the paragraph, so a node whose lines cannot reach yet is skipped at one comparison:
  // most active nodes at most breakpoints, and the arithmetic skipped is what cold code spends most on.
  const maxRatio = Math.cbrt(tolerance / 100);
  const canSkip = !emergency && altLines === 0;
  if (canSkip) active[0].reach = Math.floor((options.lineWidth(0) - REACH_MARGIN) * REACH_UNITS);

  // Best candidate per (line class, fitness, streak): a handful, so two small arrays searched in turn.
  // Indexed loops and reused arrays: most paragraphs are broken by cold (interpreted) code, where for…of
  // and a fresh array per breakpoint allocate.
  // Lists with explicit lengths: setting an array's length to 0 frees its storage, so each breakpoint
  // would allocate it again.
  const bestKeys: number[] = [];
  const bestNodes: Node[] = [];
  let bestCount = 0;
  let survivors: Node[] = [];
  let survivorCount = 0;
  let activeCount = 1;
  for (let b = 0; b < n; b++) {
    const item = items[b];
    let legal = false;
    if (item.type === 'penalty') legal = item.penalty < INFINITY;
    else if (item.type === 'glue') legal = b > 0 && items[b - 1].type === 'box';
    if (!legal) continue;

    const penalty = item.type === 'penalty' ? item.penalty : 0;
    const flagged = item.type === 'penalty' && item.flagged;
    const breakWidth = item.type === 'penalty' ? item.width : 0;
    const forced = penalty <= -INFINITY;

    bestCount = 0;
    survivorCount = 0;
    let lastDeactivated: Node | null = null;
    // Rounded up, the node's reach down: a line skipped here falls short of its reach unrounded too.
    const reach = canSkip && !forced ? Math.ceil((sumW[b] + breakWidth + maxRatio * sumY[b]) * REACH_UNITS) : NEVER_SKIP;
    for (let k = 0; k < activeCount; k++) {
      const a = active[k];
      if (reach < a.reach) {
        survivors[survivorCount++] = a;
        continue;
      }
      const useAlt = a.line < altLines;
      const width = (useAlt ? sumA[b] - a.totalAlt : sumW[b] - a.totalWidth) + breakWidth;
      const stretch = sumY[b] - a.totalStretch;
      const shrink = sumZ[b] - a.totalShrink;
      const target = options.lineWidth(a.line);
      let ratio: number;
      if (width < target) ratio = stretch > 0 ? (target - width) / stretch : INFINITY;
      else if (width > target) ratio = shrink > 0 ? (target - width) / shrink : -INFINITY;
      else ratio = 0;

      // A node too full to end here can start no later line either; a forced break ends every line.
      if (ratio >= -1 && !forced) survivors[survivorCount++] = a;
      if (ratio < -1) lastDeactivated = a;

      const badness = ratio < -1 ? INFINITY * 10 : Math.min(INFINITY, 100 * Math.abs(ratio) ** 3);
      const feasible = ratio >= -1 ? badness <= tolerance : emergency;
      if (!feasible) continue;
      if (flagged && (options.noHyphens || noHyphen?.has(a.line))) continue;
      const streak = flagged ? a.streak + 1 : 0;
      if (streak > MAX_HYPHEN_STREAK) continue;

      let demerits: number;
      const base = LINE_PENALTY + badness;
      if (penalty >= 0) demerits = base * base + penalty * penalty;
      else if (penalty > -INFINITY) demerits = base * base - penalty * penalty;
      else demerits = base * base;
      if (flagged && a.hyphenated) demerits += DOUBLE_HYPHEN_DEMERITS;
      // A hyphen on the line before the last one.
      if (forced && a.hyphenated && isFinalBreak(items, b)) demerits += FINAL_HYPHEN_DEMERITS;
      const fitness = ratio < -0.5 ? 0 : ratio <= 0.5 ? 1 : ratio <= 1 ? 2 : 3;
      if (Math.abs(fitness - a.fitness) > 1 && !forced) demerits += ADJACENT_FITNESS_DEMERITS;
      demerits += a.demerits;

      const line = a.line + 1;
      const key = (Math.min(line, classCap) * 4 + fitness) * 4 + streak;
      let slot = 0;
      while (slot < bestCount && bestKeys[slot] !== key) slot++;
      if (slot === bestCount || demerits < bestNodes[slot].demerits) {
        const node: Node = {
          position: b,
          line,
          fitness,
          streak,
          totalWidth: 0,
          totalAlt: 0,
          totalStretch: 0,
          totalShrink: 0,
          demerits,
          ratio,
          previous: a,
          hyphenated: flagged,
          reach: 0,
        };
        if (slot === bestCount) {
          bestKeys[bestCount] = key;
          bestCount++;
        }
        bestNodes[slot] = node;
      }
    }
    // The survivors become the active list; the old list's array is reused for the next survivors.
    const previous = active;
    active = survivors;
    activeCount = survivorCount;
    survivors = previous;
    if (bestCount > 0) {
      // Totals after the break: skip glue and penalties up to the next box (they vanish at a line start).
      let tw = sumW[b];
      let ta = altLines > 0 ? sumA[b] : 0;
      let ty = sumY[b];
      let tz = sumZ[b];
      for (let i = b; i < n; i++) {
        const it = items[i];
        if (it.type === 'box') break;
        if (it.type === 'glue') {
          readGlue(it);
          tw += glueWidth;
          if (altLines > 0) ta += glueWidth;
          ty += glueStretch;
          tz += glueShrink;
        } else if (it.type === 'penalty' && it.penalty <= -INFINITY && i > b) break;
      }
      for (let k = 0; k < bestCount; k++) {
        const node = bestNodes[k];
        node.totalWidth = tw;
        node.totalAlt = ta;
        node.totalStretch = ty;
        node.totalShrink = tz;
        if (canSkip) node.reach = Math.floor((options.lineWidth(node.line) + tw + maxRatio * ty - REACH_MARGIN) * REACH_UNITS);
        active[activeCount++] = node;
      }
    } else if (activeCount === 0) {
      if (!emergency || !lastDeactivated) return null;
      active[0] = lastDeactivated;
      activeCount = 1;
    }
  }

  // The final forced break leaves its nodes active; pick the best that ends at the last item.
  let winner: Node | null = null;
  for (let k = 0; k < activeCount; k++) {
    const a = active[k];
    if (a.position === n - 1 && (!winner || a.demerits < winner.demerits)) winner = a;
  }
  if (!winner) return null;
  const lines: LineBreak[] = [];
  for (let node: Node | null = winner; node && node.previous; node = node.previous) {
    lines.push({ start: node.previous.position + 1, end: node.position, ratio: node.ratio, hyphenated: node.hyphenated });
  }
  lines.reverse();
  return lines;
}

function isFinalBreak(items: readonly Item[], b: number): boolean {
  return b === items.length - 1;
}
