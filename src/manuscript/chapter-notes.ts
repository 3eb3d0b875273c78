// A chapter file may open with YAML front matter holding the chapter's notes (summary, notes, end-notes),
// as archives keep them. Unknown keys are errors at their line, as in book.yaml.
import { error, type Diagnostic } from '../diagnostics.js';
import { chapterFrontMatterSchema } from '../metadata/schema.js';
import { parseYaml } from '../metadata/yaml-file.js';

export interface ChapterFrontMatter {
  summary?: string;
  notes?: string;
  endNotes?: string;
}

/**
 * Splits `---` front matter off a chapter. The body keeps its line count (the front matter becomes blank
 * lines), so every later message still names the right line.
 */
export function splitChapterFrontMatter(text: string, file: string): { body: string; notes?: ChapterFrontMatter; diagnostics: Diagnostic[] } {
  // Only `---` over a `key:` line opens front matter; a scene break at the top of a chapter stays one.
  if (!/^---[ \t]*\r?\n[A-Za-z][\w-]*:(?:[ \t]|\r?\n|$)/.test(text)) return { body: text, diagnostics: [] };
  const m = /^---[ \t]*\r?\n([\s\S]*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m.exec(text);
  if (!m) return { body: text, diagnostics: [error(file, 'front matter opened with `---` is never closed', { line: 1, hint: 'end it with a line of `---`' })] };
  const lines = m[0].split('\n').length - 1;
  const body = '\n'.repeat(lines) + text.slice(m[0].length);
  const parsed = parseYaml(m[1], file, chapterFrontMatterSchema);
  if (!parsed.ok) {
    // The YAML starts on the file's second line.
    return { body, diagnostics: parsed.diagnostics.map((d) => ({ ...d, ...(d.line !== undefined && { line: d.line + 1 }) })) };
  }
  const v = parsed.result.value;
  return { body, notes: { ...(v.summary && { summary: v.summary }), ...(v.notes && { notes: v.notes }), ...(v['end-notes'] && { endNotes: v['end-notes'] }) }, diagnostics: [] };
}
