// `build-ebook serve`: a real server on a free port of 127.0.0.1, asked as browsers, e-readers and OPDS
// apps ask. Downloads must be the very bytes the build wrote, and nothing else may be reachable.
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import OPDSParser, { AcquisitionFeed, NavigationFeed, OPDSAcquisitionLink, OPDSArtworkLink } from 'opds-feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type Running } from '../src/serve/index.js';
import { makeBookFolder, tempDir } from './helpers/book-folder.js';
import { BIN, REPO, runCli } from './helpers/cli.js';
import { request } from './helpers/http.js';
import { makePng } from './helpers/png.js';
import { seriesFiles } from './helpers/series-folder.js';

const KOBO_UA = 'Mozilla/5.0 (Linux; U; Android 2.0; en-us;) AppleWebKit/538.1 (KHTML, like Gecko) Version/4.0 Mobile Safari/538.1 (Kobo Touch 0377/4.38.21908)';
const MEDIA = { 'the-night-ferry.epub': 'application/epub+zip', 'the-night-ferry.kepub.epub': 'application/kepub+zip', 'the-night-ferry.pdf': 'application/pdf' };

const quiet = { out: () => {}, err: () => {} };

async function parseFeed(xml: string) {
  return new OPDSParser().parse(xml);
}

describe('serve: a book folder', () => {
  let root: string;
  let book: string;
  let out: string;
  let running: Running;
  let port: number;

  beforeAll(async () => {
    root = tempDir();
    book = join(root, 'night-ferry');
    cpSync(join(REPO, 'manuscript'), book, { recursive: true });
    // A small cover of the test's own in place of the sample's.
    const yaml = join(book, 'book.yaml');
    writeFileSync(yaml, `${readFileSync(yaml, 'utf8').replace(/^cover:.*\n/m, '')}\ncover: images/cover.png\n`);
    makeBookFolder({ 'images/cover.png': makePng(12, 18, [30, 40, 90]) }, book);
    out = join(root, 'dist');
    running = await startServe(book, { port: 0, out, watch: false }, quiet);
    port = running.port;
  });

  afterAll(async () => {
    await running?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('builds every edition and serves each with the bytes written to the output folder', async () => {
    for (const [name, type] of Object.entries(MEDIA)) {
      const r = await request(port, `/download/${name}`);
      expect(r.status, name).toBe(200);
      expect(r.headers['content-type']).toBe(type);
      expect(r.headers['content-length']).toBe(String(r.body.byteLength));
      expect(r.headers['content-disposition']).toContain(`filename="${name}"`);
      expect(r.headers.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
      expect(r.body.equals(readFileSync(join(out, name))), name).toBe(true);
    }
  });

  it('answers HEAD with the same headers and no body, and a matching ETag with 304', async () => {
    const get = await request(port, '/download/the-night-ferry.pdf');
    const head = await request(port, '/download/the-night-ferry.pdf', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
    for (const h of ['content-type', 'content-length', 'content-disposition', 'etag']) expect(head.headers[h], h).toBe(get.headers[h]);
    const again = await request(port, '/download/the-night-ferry.pdf', { headers: { 'If-None-Match': get.headers.etag as string } });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
  });

  it('sends byte ranges (206), so a download can resume, and 416 past the end', async () => {
    const whole = readFileSync(join(out, 'the-night-ferry.epub'));
    const size = whole.byteLength;
    const part = await request(port, '/download/the-night-ferry.epub', { headers: { Range: 'bytes=100-1099' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-1099/${size}`);
    expect(part.headers['content-length']).toBe('1000');
    expect(part.body.equals(whole.subarray(100, 1100))).toBe(true);

    const rest = await request(port, '/download/the-night-ferry.epub', { headers: { Range: 'bytes=1100-' } });
    expect(Buffer.concat([whole.subarray(0, 1100), rest.body]).equals(whole)).toBe(true);
    const tail = await request(port, '/download/the-night-ferry.epub', { headers: { Range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(tail.body.equals(whole.subarray(size - 10))).toBe(true);
    const headPart = await request(port, '/download/the-night-ferry.epub', { method: 'HEAD', headers: { Range: 'bytes=0-9' } });
    expect([headPart.status, headPart.headers['content-length'], headPart.body.byteLength]).toEqual([206, '10', 0]);

    const past = await request(port, '/download/the-night-ferry.epub', { headers: { Range: `bytes=${size}-` } });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${size}`);
    // A resume against a file that has changed since (If-Range no longer matches) gets the whole file.
    const stale = await request(port, '/download/the-night-ferry.epub', { headers: { Range: 'bytes=100-', 'If-Range': '"0-0"' } });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(whole)).toBe(true);
  });

  it('serves nothing but what the build wrote: traversal, encoded dots and slashes, absolute paths, inputs', async () => {
    const paths = [
      '/download/../night-ferry/book.yaml',
      '/download/%2e%2e/night-ferry/book.yaml',
      '/download/%2E%2E%2Fnight-ferry%2Fbook.yaml',
      '/download/..%2fnight-ferry%2fbook.yaml',
      '/download/..%5cnight-ferry%5cbook.yaml',
      `/download/${encodeURIComponent(join(book, 'book.yaml'))}`,
      '/download//etc/passwd',
      '/download/%2fetc%2fpasswd',
      '/etc/passwd',
      '/download/book.yaml',
      '/download/01-the-last-crossing.md',
      '/download/the-night-ferry.epub%00.pdf',
      '/download/.the-night-ferry.epub',
      '/preview/book/the-night-ferry/../../../night-ferry/book.yaml',
      '/preview/book/the-night-ferry/%2e%2e/%2e%2e/book.yaml',
      '/cover/..%2fnight-ferry',
      'http://127.0.0.1/download/the-night-ferry.epub',
    ];
    for (const path of paths) {
      const r = await request(port, path);
      expect(r.status, path).toBe(404);
      expect(r.body.toString()).not.toContain('title:');
    }
  });

  it('gives 404 for a symbolic link in the output folder, even in place of an edition', async () => {
    symlinkSync(join(book, 'book.yaml'), join(out, 'stolen.epub'));
    expect((await request(port, '/download/stolen.epub')).status).toBe(404);
    const edition = join(out, 'the-night-ferry.kepub.epub');
    renameSync(edition, `${edition}.saved`);
    symlinkSync(join(book, 'book.yaml'), edition);
    try {
      expect((await request(port, '/download/the-night-ferry.kepub.epub')).status).toBe(404);
    } finally {
      rmSync(edition);
      renameSync(`${edition}.saved`, edition);
      rmSync(join(out, 'stolen.epub'));
    }
  });

  it('answers any method but GET and HEAD with 405', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      for (const path of ['/', '/download/the-night-ferry.epub', '/opds']) {
        const r = await request(port, path, { method });
        expect(r.status, `${method} ${path}`).toBe(405);
        expect(r.headers.allow).toBe('GET, HEAD');
      }
    }
  });

  it('lists the editions with their sizes on a page without scripts, the kepub first for a Kobo', async () => {
    const page = (await request(port, '/')).body.toString();
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('<h2>The Night Ferry</h2>');
    expect(page).toContain('by Maren Holt');
    expect(page).toContain('No. 2 in the series “Harbour Lights”');
    expect(page).toContain('<img class="cover" src="/cover/the-night-ferry"');
    const links = (html: string) => [...html.matchAll(/<a href="\/download\/([^"]+)"/g)].map((m) => m[1]);
    expect(links(page)).toEqual(['the-night-ferry.epub', 'the-night-ferry.pdf', 'the-night-ferry.kepub.epub']);
    const size = readFileSync(join(out, 'the-night-ferry.epub')).byteLength;
    expect(page).toContain(`EPUB</a> <span class="size">${(size / 1024).toFixed(1)} kB</span>`);
    const kobo = (await request(port, '/', { headers: { 'User-Agent': KOBO_UA } })).body.toString();
    expect(links(kobo)[0]).toBe('the-night-ferry.kepub.epub');
    const cover = await request(port, '/cover/the-night-ferry');
    expect(cover.headers['content-type']).toBe('image/png');
    expect(cover.body.equals(readFileSync(join(book, 'images/cover.png')))).toBe(true);
  });

  it('has an OPDS acquisition feed that an OPDS client library reads: title, author, series, links', async () => {
    const r = await request(port, '/opds');
    expect(r.headers['content-type']).toContain('application/atom+xml;profile=opds-catalog;kind=acquisition');
    const feed = await parseFeed(r.body.toString());
    expect(feed).toBeInstanceOf(AcquisitionFeed);
    const [entry] = (feed as AcquisitionFeed).entries;
    expect(entry.title).toBe('The Night Ferry');
    expect(entry.authors.map((a) => a.name)).toEqual(['Maren Holt']);
    expect(entry.language).toBe('en');
    expect(entry.series.name).toBe('Harbour Lights');
    expect(Number(entry.series.position)).toBe(2);
    expect(entry.summary.content).toMatch(/^When the last ferry/);
    const acquisitions = entry.links.filter((l): l is OPDSAcquisitionLink => l instanceof OPDSAcquisitionLink);
    expect(acquisitions.map((l) => [l.type, l.href])).toEqual([
      ['application/epub+zip', '/download/the-night-ferry.epub'],
      ['application/kepub+zip', '/download/the-night-ferry.kepub.epub'],
      ['application/pdf', '/download/the-night-ferry.pdf'],
    ]);
    for (const link of acquisitions) {
      const got = await request(port, link.href);
      expect(got.body.equals(readFileSync(join(out, decodeURIComponent(link.href.split('/').pop()!))))).toBe(true);
    }
    const artwork = entry.links.filter((l) => l instanceof OPDSArtworkLink);
    expect(artwork.map((l) => l.rel).sort()).toEqual(['http://opds-spec.org/image', 'http://opds-spec.org/image/thumbnail']);
  });

  it('shows a failed build on the page and keeps serving the last good editions', async () => {
    const before = readFileSync(join(out, 'the-night-ferry.epub'));
    const yaml = readFileSync(join(book, 'book.yaml'), 'utf8');
    writeFileSync(join(book, 'book.yaml'), `${yaml}\ntitel: Oops\n`);
    try {
      await running.site.rebuild();
      const page = (await request(port, '/')).body.toString();
      expect(page).toContain('The last build failed');
      expect(page).toMatch(/book\.yaml:\d+.*titel/);
      expect(page).toContain('/download/the-night-ferry.epub');
      expect((await request(port, '/download/the-night-ferry.epub')).body.equals(before)).toBe(true);
    } finally {
      writeFileSync(join(book, 'book.yaml'), yaml);
      await running.site.rebuild();
    }
    expect((await request(port, '/')).body.toString()).not.toContain('The last build failed');
  });
});

describe('serve: a series folder', () => {
  let series: string;
  let out: string;
  let running: Running;

  beforeAll(async () => {
    series = makeBookFolder(seriesFiles());
    out = tempDir();
    running = await startServe(series, { port: 0, out, watch: false, jobs: 1, format: ['epub', 'kepub'] }, quiet);
  });

  afterAll(async () => {
    await running?.close();
    rmSync(series, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('has a navigation feed leading to the books in reading order, with positions, and to the omnibus', async () => {
    const root = await parseFeed((await request(running.port, '/opds')).body.toString());
    expect(root).toBeInstanceOf(NavigationFeed);
    const hrefs = (root as NavigationFeed).entries.map((e) => e.links[0].href);
    expect(hrefs).toEqual(['/opds/books', '/opds/omnibus']);

    const books = (await parseFeed((await request(running.port, '/opds/books')).body.toString())) as AcquisitionFeed;
    expect(books).toBeInstanceOf(AcquisitionFeed);
    expect(books.entries.map((e) => [e.title, e.series.name, Number(e.series.position)])).toEqual([
      ['First Light', 'The Tide Tables', 1],
      ['Help Wanted', 'The Tide Tables', 2],
      ['The Long Way Round', 'The Tide Tables', 4],
    ]);
    for (const entry of books.entries) {
      const links = entry.links.filter((l) => l instanceof OPDSAcquisitionLink);
      expect(links.map((l) => l.type)).toEqual(['application/epub+zip', 'application/kepub+zip']);
      for (const l of links) {
        expect((await request(running.port, l.href)).body.equals(readFileSync(join(out, decodeURIComponent(l.href.split('/').pop()!))))).toBe(true);
      }
    }
    const omnibus = (await parseFeed((await request(running.port, '/opds/omnibus')).body.toString())) as AcquisitionFeed;
    expect(omnibus.entries).toHaveLength(1);
    expect(omnibus.entries[0].links.filter((l) => l instanceof OPDSAcquisitionLink).map((l) => l.href)).toEqual([
      '/download/the-tide-tables-omnibus.epub',
      '/download/the-tide-tables-omnibus.kepub.epub',
    ]);
  });

  it('lists the books on the page in reading order, then the omnibus', async () => {
    const page = (await request(running.port, '/')).body.toString();
    expect(page).toContain('<h1>The Tide Tables</h1>');
    const titles = [...page.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(titles).toEqual(['First Light', 'Help Wanted', 'The Long Way Round', 'The Tide Tables']);
    expect(page).toContain('No. 4 in the series “The Tide Tables”');
    expect(page).toContain('/download/04-the-long-way-round.kepub.epub');
  });
});

describe('watch and serve from the command line', () => {
  it('watch rebuilds after a chapter is saved, and reports a broken book.yaml without stopping', async () => {
    const root = tempDir();
    const book = join(root, 'book');
    cpSync(join(REPO, 'manuscript'), book, { recursive: true });
    const out = join(root, 'dist');
    const child = spawn(process.execPath, [BIN, 'watch', book, '--format', 'epub', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const waitFor = (text: string, from: number) => expect.poll(() => output.slice(from), { timeout: 30_000, interval: 50 }).toContain(text);
    try {
      await waitFor('Watching', 0);
      const first = readFileSync(join(out, 'the-night-ferry.epub'));
      let mark = output.length;
      appendFileSync(join(book, '03-the-turn-of-the-tide.md'), '\nA new last line.\n');
      await waitFor('built the-night-ferry.epub', mark);
      expect(output.slice(mark)).toContain('changed: ');
      expect(readFileSync(join(out, 'the-night-ferry.epub')).equals(first)).toBe(false);

      const rebuilt = readFileSync(join(out, 'the-night-ferry.epub'));
      mark = output.length;
      appendFileSync(join(book, 'book.yaml'), '\nsumary: typo\n');
      await waitFor('problem found; the editions were not changed', mark);
      expect(output.slice(mark)).toMatch(/book\.yaml:\d+:1: unknown key `sumary`/);
      expect(readFileSync(join(out, 'the-night-ferry.epub')).equals(rebuilt)).toBe(true);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('serve says so, and stops, when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((listening) => taken.listen(0, '127.0.0.1', listening));
    const out = tempDir();
    try {
      const port = (taken.address() as AddressInfo).port;
      const r = runCli(['serve', 'manuscript', '--port', String(port), '--format', 'epub', '--out', out]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`cannot listen on port ${port}`);
    } finally {
      await new Promise((closed) => taken.close(closed));
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('serve refuses a port that is not a number', () => {
    const r = runCli(['serve', 'manuscript', '--port', 'eighty']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('give a port number');
  });
});
