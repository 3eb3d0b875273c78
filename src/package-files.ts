// Files shipped with the package (package.json, templates/), located from the running module whether it
// is compiled module by module (lib/front-matter/…, src/… under vitest) or bundled (lib/build-ebook*.cjs).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    if (dirname(dir) === dir) return dirname(start);
  }
}

/** The folder that holds build-ebook's package.json and templates/. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

const requireHere = createRequire(import.meta.url);

/**
 * A file of an installed dependency ('hyphen/package.json'): where npm installs it, in this package's
 * node_modules, at the cost of one stat; else (hoisted into a parent's node_modules, or absent: it then
 * throws) where require.resolve finds it. Node's resolver took ~1.5 ms the first time in a process, and
 * a PDF build asked it for five files.
 */
export function dependencyFile(specifier: string): string {
  const beside = join(PACKAGE_ROOT, 'node_modules', specifier);
  return existsSync(beside) ? beside : requireHere.resolve(specifier);
}
