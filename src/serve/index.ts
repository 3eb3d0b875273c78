// `build-ebook serve` and `build-ebook watch`: one warm process that builds, serves the editions (download
// page, OPDS catalog, preview) and rebuilds whenever an input changes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { displayPath } from '../input/text-file.js';
import type { Format } from '../model/book.js';
import { createHandler } from './routes.js';
import { createSite, SERVE_FORMATS, type Site, type SiteLog } from './site.js';
import { watchInputs, type Watcher } from './watcher.js';

export const DEFAULT_PORT = 8080;

export interface ServeOptions {
  out?: string;
  format?: Format[];
  trim?: string;
  jobs?: number;
  port?: number;
  /** Listen on every network interface (for a device on the same network), not only this computer. */
  lan?: boolean;
  /** Rebuild on changes (default true). */
  watch?: boolean;
}

export interface Running {
  site: Site;
  /** http://127.0.0.1:PORT (or the LAN address). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Where the editions go: --out, else dist/ (in the series folder for a series, as `build` does). */
async function outputFolder(dir: string, out: string | undefined): Promise<string> {
  if (out) return resolve(out);
  const { isSeriesFolder } = await import('../series/plan.js');
  return isSeriesFolder(dir) ? resolve(dir, 'dist') : resolve('dist');
}

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

async function startWatching(site: Site, dir: string, outDir: string, log: SiteLog): Promise<Watcher> {
  return watchInputs(dir, outDir, (path) => {
    log.out(`changed: ${displayPath(path)}; rebuilding`);
    void site.rebuild();
  });
}

export async function startServe(dir: string, options: ServeOptions, log: SiteLog): Promise<Running> {
  const outDir = await outputFolder(dir, options.out);
  const site = createSite(dir, { outDir, formats: options.format ?? SERVE_FORMATS, trim: options.trim, jobs: options.jobs }, log);
  await site.rebuild();
  const server: Server = createServer(createHandler(site));
  const host = options.lan ? '0.0.0.0' : '127.0.0.1';
  await new Promise<void>((listening, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? DEFAULT_PORT, host, listening);
  });
  const port = (server.address() as AddressInfo).port;
  const watcher = options.watch === false ? undefined : await startWatching(site, dir, outDir, log);
  const lan = options.lan ? lanAddresses() : [];
  const url = `http://${lan[0] ?? '127.0.0.1'}:${port}/`;
  return {
    site,
    url,
    port,
    async close() {
      await watcher?.close();
      server.closeAllConnections();
      await new Promise<void>((closed) => server.close(() => closed()));
    },
  };
}

/** What `serve` prints: where to point the browser, the e-reader and the OPDS app. */
export async function announce(running: Running, lan: boolean, log: SiteLog): Promise<void> {
  log.out(`Serving on ${running.url}  (download page)`);
  log.out(`  ${running.url}opds     OPDS catalog for KOReader, Moon+ Reader, Thorium, …`);
  log.out(`  ${running.url}preview  preview while you write; it reloads after each build`);
  if (!lan) {
    log.out('Only this computer can connect; add --lan to open it to a device on your network.');
    return;
  }
  const { default: qrcode } = await import('qrcode-terminal');
  log.out('On the e-reader, open its web browser at the address above, or scan:');
  qrcode.generate(running.url, { small: true }, (code: string) => log.out(code));
}

/** `build-ebook watch`: rebuild on every change, print results and errors, serve nothing. */
export async function startWatch(dir: string, options: ServeOptions, log: SiteLog): Promise<{ site: Site; close(): Promise<void> }> {
  const outDir = await outputFolder(dir, options.out);
  const site = createSite(dir, { outDir, ...(options.format && { formats: options.format }), trim: options.trim, jobs: options.jobs }, log);
  await site.rebuild();
  const watcher = await startWatching(site, dir, outDir, log);
  log.out(`Watching ${displayPath(resolve(dir)) || '.'} for changes (Ctrl-C to stop).`);
  return { site, close: () => watcher.close() };
}
