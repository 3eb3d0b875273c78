// Watching a book's (or series') inputs: book.yaml, series.yaml, the chapters, images and templates, i.e.
// everything in the folder, and a series.yaml in the folder above. The output folder and hidden files
// (editor swap files, the build's own temporaries) are not inputs. A burst of saves is one rebuild.
import { basename, dirname, resolve, sep } from 'node:path';
import { watch } from 'chokidar';
import { findSeriesFile } from '../metadata/load.js';

export interface Watcher {
  close(): Promise<void>;
}

export const DEBOUNCE_MS = 100;

export async function watchInputs(
  dir: string,
  outDir: string,
  onChange: (path: string) => void,
  debounceMs = DEBOUNCE_MS,
): Promise<Watcher> {
  const root = resolve(dir);
  const out = resolve(outDir);
  const paths = [root];
  const seriesFile = findSeriesFile(root);
  if (seriesFile && dirname(seriesFile) !== root) paths.push(seriesFile);
  const isOutput = (p: string) => p === out || p.startsWith(out + sep);
  const watcher = watch(paths, {
    ignoreInitial: true,
    ignored: (p: string) => isOutput(p) || (p !== root && basename(p).startsWith('.')) || basename(p) === 'node_modules',
  });
  let timer: NodeJS.Timeout | undefined;
  let last = '';
  watcher.on('all', (_event, path) => {
    last = path;
    clearTimeout(timer);
    timer = setTimeout(() => onChange(last), debounceMs);
  });
  await new Promise<void>((ready, fail) => {
    watcher.once('ready', ready);
    watcher.once('error', fail);
  });
  return {
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
