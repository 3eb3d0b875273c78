// Dashes: `---` is an em dash; `--` is an em dash (fiction, spaces around it dropped) or an
// en dash (pandoc); `--` between digits is always an en dash (a range: 1--5).

export type DashStyle = 'fiction' | 'pandoc';

// Longest first so `---` is not read as `--` + `-`. Runs of four or more hyphens are left alone
// (they are drawn rules or censored words, not dashes).
const DIGIT_RANGE = /(\d)--(?=\d)/g;
const FICTION_DASH = /(^|[^-]) ?(?:---|--) ?(?!-)/g;
const PANDOC_DASH = /(^|[^-])(---|--)(?!-)/g;

export function replaceDashes(text: string, style: DashStyle): string {
  if (text.indexOf('--') < 0) return text;
  const ranged = text.replace(DIGIT_RANGE, '$1\u2013');
  if (style === 'pandoc') {
    return ranged.replace(PANDOC_DASH, (_m, before: string, dash: string) =>
      before + (dash === '---' ? '\u2014' : '\u2013'),
    );
  }
  return ranged.replace(FICTION_DASH, '$1\u2014');
}
