// Where a worker thread's entry is, beside the module that starts it. The bundle (scripts/bundle.mjs) puts
// a CommonJS stub there, NAME.cjs, that loads the bundled chunk: an ES module entry would start Node's ES
// module loader in the thread, which took a third of a worker's time to be ready (210 ms against 153 ms
// to open the layout's fonts). The module-by-module build has the module itself, NAME.js.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The entry NAME.cjs or NAME.js next to `moduleUrl` (import.meta.url), or undefined when neither is built. */
export function workerEntry(name: string, moduleUrl: string): URL | undefined {
  for (const file of [`./${name}.cjs`, `./${name}.js`]) {
    const url = new URL(file, moduleUrl);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}
