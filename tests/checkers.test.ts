// The checkers the other tests lean on. Where Java epubcheck, qpdf or poppler-utils is missing, `npm test`
// uses epubcheck-ts and MuPDF instead (tests/helpers/validate-epub.ts, pdf.ts): these must pass our editions,
// find what the Debian tools find in damaged copies of them, and, where the Debian tools are installed, read
// the same text, fonts, info, outline and page labels as they do.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../src/build.js';
import { writePdf } from '../src/writers/pdf/index.js';
import { tempDir } from './helpers/book-folder.js';
import { REPO } from './helpers/cli.js';
import { EpubcheckBatch } from './helpers/epubcheck-batch.js';
import { checkMupdf, fontsMupdf, infoMupdf, linesMupdf, outlineMupdf, pageLabelsMupdf, renderMupdf, textMupdf } from './helpers/mupdf-pdf.js';
import { poppler, qpdf } from './helpers/pdf.js';
import { tools } from './helpers/tools.js';
import { epubcheckTs } from './helpers/validate-epub.js';
import { makeBook } from './fixtures/pdf-book.js';

const dir = tempDir('checkers-');

async function buildSample(format: 'epub' | 'pdf'): Promise<string> {
  const saved = process.env.SOURCE_DATE_EPOCH;
  process.env.SOURCE_DATE_EPOCH = '1700000000';
  try {
    const { editions } = await buildBook(join(REPO, 'manuscript'), { outDir: join(dir, format), formats: [format] });
    return editions[0].path;
  } finally {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  }
}

/** A copy of the EPUB with `change` applied to its entries (mimetype stays first and stored). */
function alterEpub(file: string, name: string, change: (entries: Record<string, Uint8Array>) => void): string {
  const entries = unzipSync(readFileSync(file));
  change(entries);
  const { mimetype, ...rest } = entries;
  const zippable: Zippable = { mimetype: [mimetype, { level: 0 }], ...rest };
  const out = join(dir, `${name}.epub`);
  writeFileSync(out, zipSync(zippable));
  return out;
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('EPUB validators', () => {
  let good: string;
  let damaged: Record<string, { file: string; id: RegExp }>;
  beforeAll(async () => {
    good = await buildSample('epub');
    damaged = {
      'a chapter the manifest lists is missing': {
        file: alterEpub(good, 'missing', (e) => delete e['EPUB/text/chapter-002.xhtml']),
        id: /RSC-001/,
      },
      'a chapter is not well-formed XML': {
        file: alterEpub(good, 'malformed', (e) => (e['EPUB/text/chapter-001.xhtml'] = strToU8(text(e['EPUB/text/chapter-001.xhtml']).replace('</p>', '')))),
        // Java epubcheck calls it a fatal XML parse error, epubcheck-ts a mismatched tag.
        id: /RSC-016|HTM-004/,
      },
      'the spine names an item the manifest lacks': {
        file: alterEpub(good, 'spine', (e) => (e['EPUB/package.opf'] = strToU8(text(e['EPUB/package.opf']).replace('<itemref idref="', '<itemref idref="nowhere"/><itemref idref="')))),
        id: /OPF-049/,
      },
    };
  });

  it('epubcheck-ts passes the sample book with no fatal, error or warning', async () => {
    const result = await epubcheckTs(good);
    expect(result.output).toBe('');
    expect(result.fatals + result.errors + result.warnings).toBe(0);
  });

  it('epubcheck-ts finds a missing file, a malformed chapter and a spine entry for no item', async () => {
    for (const [what, { file, id }] of Object.entries(damaged)) {
      const result = await epubcheckTs(file);
      expect(result.fatals + result.errors, what).toBeGreaterThan(0);
      expect(result.output, what).toMatch(id);
    }
  });

  describe.skipIf(!tools.epubcheck)('Java epubcheck', () => {
    let batch: EpubcheckBatch;
    beforeAll(() => {
      batch = new EpubcheckBatch();
    });
    afterAll(() => batch.close());

    it('agrees: the sample passes, and each damaged copy fails, naming the problem', async () => {
      expect((await batch.check(good)).output).toBe('');
      for (const [what, { file, id }] of Object.entries(damaged)) {
        const result = await batch.check(file);
        expect(result.fatals + result.errors, what).toBeGreaterThan(0);
        expect(result.output, what).toMatch(id);
      }
    });
  });
});

/** Words of pdftotext-like text, page by page, punctuation-only tokens aside (MuPDF spaces "***" as "* * *"). */
const pageWords = (pdfText: string) =>
  pdfText
    .split('\f')
    .slice(0, -1)
    .map((page) => page.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)));

describe('PDF readers', () => {
  let sample: string;
  let fixture: string;
  let damaged: Record<string, string>;
  beforeAll(async () => {
    sample = await buildSample('pdf');
    const book = makeBook({ longParagraphs: 10 });
    book.print.opener = 'drop-cap';
    fixture = join(dir, 'fixture.pdf');
    writeFileSync(fixture, (await writePdf(book)).data);
    const bytes = readFileSync(fixture);
    const source = bytes.toString('latin1');
    const copies: Record<string, Buffer> = {};
    // An object's offset in the cross-reference table, moved by a few bytes.
    const table = source.lastIndexOf('\nxref\n');
    const entry = source.indexOf('\n', source.indexOf('\n', table + 6) + 1) + 1 + 20 * 3;
    const moved = Buffer.from(bytes);
    moved.write(String(Number(source.slice(entry, entry + 10)) + 7).padStart(10, '0'), entry, 'latin1');
    copies['a wrong offset in the xref table'] = moved;
    // Bytes changed inside a compressed stream.
    const stream = source.indexOf('stream\n', source.indexOf('/FlateDecode')) + 'stream\n'.length;
    const garbled = Buffer.from(bytes);
    for (let i = 10; i < 40; i++) garbled[stream + i] ^= 0x5a;
    copies['a damaged compressed stream'] = garbled;
    copies['a file cut short'] = bytes.subarray(0, Math.floor(bytes.length * 0.9));
    damaged = Object.fromEntries(
      Object.entries(copies).map(([what, data], i) => {
        const file = join(dir, `damaged-${i}.pdf`);
        writeFileSync(file, data);
        return [what, file];
      }),
    );
  }, 60_000);

  it('MuPDF’s check passes our PDFs and fails a wrong xref offset, a damaged stream and a truncated file', () => {
    expect(checkMupdf(sample)).toEqual({ ok: true, problems: [], checker: 'mupdf' });
    expect(checkMupdf(fixture).problems).toEqual([]);
    for (const [what, file] of Object.entries(damaged)) {
      const result = checkMupdf(file);
      expect(result.ok, what).toBe(false);
      expect(result.problems.length, what).toBeGreaterThan(0);
    }
  });

  it('MuPDF reads the drop-capped first word whole, a folio apart from its running head, and page sizes', () => {
    const text = textMupdf(fixture).replace(/\s+/g, ' ');
    expect(text).toContain('The morning Maren found the map');
    const body = linesMupdf(fixture).filter((page) => page.length > 2 && /^\d+$/.test(page[0].text) && Math.abs(page[1].y - page[0].y) < 0.5);
    expect(body.length).toBeGreaterThan(3);
    const { pages } = infoMupdf(fixture);
    expect(pages[0]).toEqual({ width: 432, height: 648 });
    expect(pageLabelsMupdf(fixture)[0]).toMatchObject({ index: 0, style: 'r', start: 1 });
    expect(outlineMupdf(fixture).map((o) => o.title)).toContain('Contents');
    expect(fontsMupdf(fixture).every((f) => f.embedded && f.subset)).toBe(true);
    const page = renderMupdf(fixture, 0, 20);
    expect([page.width, page.height]).toEqual([120, 180]);
  });

  it.skipIf(!tools.qpdf)('qpdf agrees: our PDFs pass, each damaged one fails', () => {
    expect(qpdf.check(sample).ok).toBe(true);
    expect(qpdf.check(fixture).ok).toBe(true);
    for (const [what, file] of Object.entries(damaged)) expect(qpdf.check(file).ok, what).toBe(false);
  });

  it.skipIf(!tools.poppler)('MuPDF’s text has the words pdftotext gives, page by page', () => {
    expect(pageWords(textMupdf(sample))).toEqual(pageWords(poppler.text(sample)));
  });

  it.skipIf(!tools.poppler)('MuPDF lists the fonts pdffonts lists, and the info and page sizes pdfinfo gives', () => {
    for (const file of [sample, fixture]) {
      expect(fontsMupdf(file)).toEqual(poppler.fonts(file));
      const info = infoMupdf(file);
      expect(info).toEqual(poppler.info(file));
      expect(info.creationDate).toBe('2023-11-14T22:13:20.000Z');
    }
  });

  it.skipIf(!tools.qpdf)('MuPDF reads the outline and page labels qpdf reads', () => {
    for (const file of [sample, fixture]) {
      expect(outlineMupdf(file)).toEqual(qpdf.outline(file));
      expect(pageLabelsMupdf(file)).toEqual(qpdf.pageLabels(file));
    }
  });

  it.skipIf(!tools.poppler)('MuPDF renders a page at the size pdftoppm does, with about as much ink', () => {
    const ink = (p: { pixels: Uint8Array }) => p.pixels.reduce((sum, v) => sum + (255 - v), 0);
    for (const index of [2, 12]) {
      const ours = renderMupdf(sample, index, 50);
      const theirs = poppler.render(sample, index, 50);
      expect([ours.width, ours.height]).toEqual([theirs.width, theirs.height]);
      expect(ink(ours) / ink(theirs)).toBeGreaterThan(0.85);
      expect(ink(ours) / ink(theirs)).toBeLessThan(1.15);
    }
  });
});
