// Whether a path, after following symbolic links, stays inside a folder: a book build reads nothing
// outside its book folder, whatever links or `..` the input contains.
import { realpathSync, statSync } from 'node:fs';
import { relative, resolve, isAbsolute } from 'node:path';

export type Inside =
  | { ok: true; real: string }
  | { ok: false; reason: 'loop' | 'missing' | 'outside' | 'not-a-file'; real?: string };

/** True when `path` is `root` or below it (both absolute, compared as written). */
export function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Follows links from `path` and checks the file it reaches is a regular file inside `realRoot`. */
export function resolveInside(realRoot: string, path: string): Inside {
  let real: string;
  try {
    real = realpathSync(resolve(path));
  } catch (e) {
    return { ok: false, reason: (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'loop' : 'missing' };
  }
  if (!isWithin(realRoot, real)) return { ok: false, reason: 'outside', real };
  if (!statSync(real).isFile()) return { ok: false, reason: 'not-a-file', real };
  return { ok: true, real };
}
