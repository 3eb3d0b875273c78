// Problems found in an author's input, reported as `file:line:column: message` plus a hint.

export interface Diagnostic {
  severity: 'error' | 'warning';
  file: string;
  /** 1-based; absent when the problem has no line (a missing file, an empty folder). */
  line?: number;
  column?: number;
  message: string;
  hint?: string;
}

/** Thrown when input is invalid; carries every problem found, not just the first. */
export class BookError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'BookError';
    this.diagnostics = diagnostics;
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file;
  if (d.line !== undefined) {
    where += `:${d.line}`;
    if (d.column !== undefined) where += `:${d.column}`;
  }
  const label = d.severity === 'warning' ? 'warning: ' : '';
  const hint = d.hint ? `\n  hint: ${d.hint}` : '';
  return `${where}: ${label}${d.message}${hint}`;
}

export function error(file: string, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { severity: 'error', file, message, ...extra };
}

export function warning(file: string, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { severity: 'warning', file, message, ...extra };
}

/** Damerau-free Levenshtein distance, for did-you-mean hints. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = above;
    }
  }
  return prev[b.length];
}

/** The closest candidate within a small distance, or undefined. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}
