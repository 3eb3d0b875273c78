// Ellipses: `...` and `. . .` become `…`; a fourth dot (`....`, `. . . .`) is a full stop before it.

const ELLIPSIS = /(^|[^.])(\.\.\.\.?|\. \. \.(?: \.)?)(?![.])/g;

export function replaceEllipses(text: string): string {
  if (text.indexOf('..') < 0 && text.indexOf('. .') < 0) return text;
  return text.replace(ELLIPSIS, (_m, before: string, dots: string) =>
    before + (dots.length === 4 || dots.length === 7 ? '.\u2026' : '\u2026'),
  );
}
