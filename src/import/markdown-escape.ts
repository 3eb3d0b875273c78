// Plain text → Markdown that reads back as the same text. Escapes only what CommonMark would
// take as syntax, because the reader keeps escaped characters literal (out of the typography
// pass): a needless `\-` would stop `--` from becoming a dash.

/** Escapes characters CommonMark would take as inline syntax, anywhere in a line. */
export function escapeInlineText(text: string): string {
  return (
    text
      .replace(/[\\`*_[\]<#]/g, (c) => `\\${c}`)
      // A pair of tildes would strike through; a single one is only text.
      .replace(/~(?=~)|(?<=~)~/g, '\\~')
      // Only an entity-looking `&…;` would be decoded.
      .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
  );
}

/** Escapes what would open a block at the start of a line (already inline-escaped). */
export function escapeLineStart(line: string): string {
  let s = line;
  // Block syntax at the start of a line: quote, list item, ordered-list marker.
  if (/^>/.test(s)) s = `\\${s}`;
  else if (/^[-+](?:\s|$)/.test(s)) s = `\\${s}`;
  else s = s.replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
  // A run of = or - alone under a line would make the line above a heading.
  if (/^=+\s*$/.test(s) || /^(?:-\s*)+$/.test(s)) s = `\\${s}`;
  return s;
}

/** Escapes one line of text (already trimmed) for use inside a paragraph or heading. */
export function escapeMarkdownLine(line: string): string {
  return escapeLineStart(escapeInlineText(line));
}

/**
 * A paragraph of source lines. `hardBreaks`: each line end is one the author typed (a poem,
 * a letter's sign-off) and stays a line break; otherwise lines were wrapped and join with a space.
 */
export function paragraphMarkdown(lines: readonly string[], hardBreaks: boolean): string {
  const escaped = lines.map(escapeMarkdownLine);
  let out = escaped[0] ?? '';
  for (let i = 1; i < escaped.length; i++) {
    out += hardBreaks && !isWrappedJoin(lines[i - 1], lines[i]) ? '\\\n' : '\n';
    out += escaped[i];
  }
  return out;
}

/** A line that stops mid-sentence over one that goes on in lower case was wrapped, not broken. */
export function isWrappedJoin(line: string, next: string): boolean {
  return !/[.!?:;"”’)…]$/u.test(line) && /^\p{Ll}/u.test(next);
}

/** Header text (summary, notes) as Markdown paragraphs. */
export function paragraphsMarkdown(paragraphs: readonly string[]): string {
  return paragraphs.map((p) => escapeMarkdownLine(p.replace(/\s+/g, ' ').trim())).join('\n\n');
}
