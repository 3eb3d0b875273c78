// Files shipped with the package (package.json, templates/), located from the running module whether it
// is compiled module by module (lib/front-matter/…, src/… under vitest) or bundled (lib/build-ebook*.cjs).
import { existsSync } from 'node:fs';
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
