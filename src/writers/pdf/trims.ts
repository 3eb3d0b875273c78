// Page sizes and the type specification that goes with each. Pure data: cheap to import
// (the CLI validates --trim against TRIMS without loading pdfkit or fonts).

const INCH = 72;
const MM = 72 / 25.4;

export interface TrimSpec {
  name: string;
  /** Page size in points. */
  width: number;
  height: number;
  /** Body type size and leading (baseline-to-baseline), in points. */
  fontSize: number;
  leading: number;
  /** Margins in points; `inner` is the minimum before the page-count gutter is applied. */
  top: number;
  bottom: number;
  outer: number;
  inner: number;
}

const SPECS: Record<string, TrimSpec> = {
  '5x8': { name: '5x8', width: 5 * INCH, height: 8 * INCH, fontSize: 10.5, leading: 13.5, top: 0.7 * INCH, bottom: 0.7 * INCH, outer: 0.5 * INCH, inner: 0.5 * INCH },
  '5.5x8.5': { name: '5.5x8.5', width: 5.5 * INCH, height: 8.5 * INCH, fontSize: 11, leading: 14, top: 0.72 * INCH, bottom: 0.72 * INCH, outer: 0.55 * INCH, inner: 0.55 * INCH },
  '6x9': { name: '6x9', width: 6 * INCH, height: 9 * INCH, fontSize: 11.5, leading: 14.5, top: 0.75 * INCH, bottom: 0.75 * INCH, outer: 0.6 * INCH, inner: 0.6 * INCH },
  a5: { name: 'a5', width: 148 * MM, height: 210 * MM, fontSize: 11, leading: 14, top: 18 * MM, bottom: 18 * MM, outer: 14 * MM, inner: 14 * MM },
  // Home printing: a wider page needs a larger size and wide margins to keep lines readable (~70 characters).
  letter: { name: 'letter', width: 8.5 * INCH, height: 11 * INCH, fontSize: 13, leading: 17, top: 1 * INCH, bottom: 1 * INCH, outer: 1.1 * INCH, inner: 1.1 * INCH },
  a4: { name: 'a4', width: 210 * MM, height: 297 * MM, fontSize: 13, leading: 17, top: 25 * MM, bottom: 25 * MM, outer: 28 * MM, inner: 28 * MM },
};

export const TRIMS: readonly string[] = Object.freeze(Object.keys(SPECS));

export const DEFAULT_TRIM = '6x9';

export function trimSpec(name: string): TrimSpec | undefined {
  return SPECS[name.toLowerCase()];
}

/**
 * Inside (binding) margin a print-on-demand printer requires for a page count; thicker books
 * curve more into the spine. Steps follow KDP's published minimums.
 */
export function minimumGutter(pageCount: number): number {
  if (pageCount <= 150) return 0.375 * INCH;
  if (pageCount <= 300) return 0.5 * INCH;
  if (pageCount <= 500) return 0.625 * INCH;
  if (pageCount <= 700) return 0.75 * INCH;
  return 0.875 * INCH;
}

/** Inner margin: the trim's own inner margin plus room that grows with the page count. */
export function innerMargin(spec: TrimSpec, pageCount: number): number {
  return Math.max(spec.inner, minimumGutter(pageCount) + 0.25 * INCH);
}
