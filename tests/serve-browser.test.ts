// `build-ebook serve` in a real browser: Debian's chromium driven by playwright-core. The download page,
// the preview following an edit without a manual reload, and a broken book.yaml shown while the last good
// editions stay served. Skipped where there is no chromium (npm test on a machine with only Node).
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type Running } from '../src/serve/index.js';
import { tempDir } from './helpers/book-folder.js';
import { REPO } from './helpers/cli.js';
import { request } from './helpers/http.js';
import { CHROMIUM, tools } from './helpers/tools.js';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Set to a folder to keep screenshots of the page and the preview (for a look by eye; off in CI).
const SHOTS = process.env.BUILD_EBOOK_SCREENSHOTS;

if (!tools.chromium) console.log(`serve-browser: skipped, no browser at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(!tools.chromium)('serve in a browser', () => {
  let root: string;
  let book: string;
  let out: string;
  let running: Running;
  let browser: Browser;
  let page: Page;
  const log: string[] = [];

  beforeAll(async () => {
    root = tempDir();
    book = join(root, 'night-ferry');
    out = join(root, 'dist');
    cpSync(join(REPO, 'manuscript'), book, { recursive: true });
    running = await startServe(book, { port: 0, out, format: ['epub', 'kepub', 'pdf'] }, { out: (s) => log.push(s), err: (s) => log.push(s) });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    if (SHOTS) console.log(log.join('\n'));
    await browser?.close();
    await running?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists every edition on the download page', async () => {
    await page.goto(running.url);
    const links = page.locator('ul.downloads a');
    await expect.poll(() => links.allTextContents()).toEqual(['EPUB', 'PDF (print)', 'Kobo (kepub)']);
    expect(await page.locator('.downloads .size').count()).toBe(3);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'download-page.png'), fullPage: true });
  });

  it('shows the EPUB beside the PDF, and the new text within 2 s of saving a chapter', async () => {
    await page.goto(`${running.url}preview`);
    const epub = page.frameLocator('#epub');
    await expect.poll(() => epub.locator('h1').first().textContent(), { timeout: 10_000 }).toBe('The Last Crossing');
    // pdf.js drew at least the first page.
    await expect.poll(() => page.locator('#pdf canvas').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'preview.png') });

    const chapter = join(book, '01-the-last-crossing.md');
    const text = readFileSync(chapter, 'utf8');
    expect(text).toContain('quarter past six');
    const saved = Date.now();
    writeFileSync(chapter, text.replace('quarter past six', 'quarter past seven'));
    await expect
      .poll(() => epub.locator('body').textContent(), { timeout: 2000, interval: 50 })
      .toContain('quarter past seven');
    log.push(`preview showed the edit ${Date.now() - saved} ms after the save`);
    // The reload came from the server (no navigation by the test), and the PDF was drawn again.
    await expect.poll(() => page.locator('#pdf canvas').count(), { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('shows a broken book.yaml on the page and the preview, and keeps serving the last good editions', async () => {
    const good = readFileSync(join(out, 'the-night-ferry.epub'));
    const yamlFile = join(book, 'book.yaml');
    const yaml = readFileSync(yamlFile, 'utf8');
    writeFileSync(yamlFile, yaml.replace(/^title:.*$/m, 'title: [unclosed'));
    try {
      await expect.poll(() => page.locator('#failure').isVisible(), { timeout: 10_000 }).toBe(true);
      expect(await page.locator('#failure').textContent()).toContain('book.yaml');
      // The preview still shows the last good book.
      expect(await page.frameLocator('#epub').locator('body').textContent()).toContain('quarter past seven');

      await page.goto(running.url);
      expect(await page.locator('.failure h2').textContent()).toBe('The last build failed');
      expect(await page.locator('.failure pre').textContent()).toContain('book.yaml');
      expect(await page.locator('ul.downloads a').count()).toBe(3);
      const download = await request(running.port, '/download/the-night-ferry.epub');
      expect(download.status).toBe(200);
      expect(download.body.equals(good)).toBe(true);
      if (SHOTS) await page.screenshot({ path: join(SHOTS, 'download-page-failed.png'), fullPage: true });
    } finally {
      writeFileSync(yamlFile, yaml);
    }
    await expect.poll(async () => (await page.goto(running.url), page.locator('.failure').count()), { timeout: 10_000 }).toBe(0);
  });
});
