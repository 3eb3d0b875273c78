// Printer sheet sizes for imposition: the common names, or a size as WxH with in or mm (default in).

const INCH = 72;
const MM = 72 / 25.4;

const NAMED: Record<string, [number, number]> = {
  letter: [8.5 * INCH, 11 * INCH],
  legal: [8.5 * INCH, 14 * INCH],
  tabloid: [11 * INCH, 17 * INCH],
  a4: [210 * MM, 297 * MM],
  a3: [297 * MM, 420 * MM],
};

export const SHEET_NAMES = Object.keys(NAMED);

/** A sheet's short and long side in points, or undefined for a size this does not read. */
export function sheetSize(value: string): [number, number] | undefined {
  const key = value.trim().toLowerCase();
  if (NAMED[key]) return NAMED[key];
  const m = /^(\d+(?:\.\d+)?)\s*x\s*(\d+(?:\.\d+)?)\s*(in|mm)?$/.exec(key);
  if (!m) return undefined;
  const unit = m[3] === 'mm' ? MM : INCH;
  const [a, b] = [Number(m[1]) * unit, Number(m[2]) * unit];
  if (a <= 0 || b <= 0 || a > 100 * INCH || b > 100 * INCH) return undefined;
  return [Math.min(a, b), Math.max(a, b)];
}
