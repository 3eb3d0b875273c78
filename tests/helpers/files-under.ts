// Every file under a folder (and its subfolders) whose name ends with `suffix`, for tests that read
// each of the repository's sample or fixture files.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function filesUnder(dir: string, suffix: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) filesUnder(path, suffix, out);
    else if (name.endsWith(suffix)) out.push(path);
  }
  return out;
}
