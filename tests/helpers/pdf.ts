// What a reader's or a printer's tools see in a PDF: its text, fonts, document info, outline, page labels,
// a structural check, a rendered page. With poppler-utils and qpdf installed (Debian; .ci/run installs
// them) the answers come from pdftotext, pdffonts, pdfinfo, pdftoppm and qpdf; without them, from MuPDF in
// this process (tests/helpers/mupdf-pdf.ts), in the same shape, so `npm test` needs only Node.
import { execFileSync, spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { checkMupdf, fontsMupdf, infoMupdf, linesMupdf, outlineMupdf, pageLabelsMupdf, renderMupdf, textMupdf } from './mupdf-pdf.js';
import type { PdfCheck, PdfFont, PdfInfo, PdfLine, PdfOutlineItem, PdfPageLabel, PdfPixels } from './pdf-types.js';
import { tools } from './tools.js';

export type { PdfCheck, PdfFont, PdfInfo, PdfLine, PdfOutlineItem, PdfPageLabel, PdfPixels } from './pdf-types.js';

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

/** The tool that reads text, fonts and info here. */
export const pdfReader: 'poppler' | 'mupdf' = tools.poppler ? 'poppler' : 'mupdf';

/** `pdftotext -enc UTF-8 FILE -`: the text in reading order, a form feed after each page. */
export function pdfText(file: string): string {
  return tools.poppler ? poppler.text(file) : textMupdf(file);
}

/** pdffonts' rows. */
export function pdfFonts(file: string): PdfFont[] {
  return tools.poppler ? fontsPoppler(file) : fontsMupdf(file);
}

/** `qpdf --check`, or MuPDF's equivalent (see checkMupdf). */
export function pdfCheck(file: string): PdfCheck {
  return tools.qpdf ? checkQpdf(file) : checkMupdf(file);
}

/** Asserts that pdfCheck finds nothing, showing what it found if it does. */
export function expectPdfClean(file: string): void {
  const result = pdfCheck(file);
  expect(result.problems, `${result.checker} on ${file}`).toEqual([]);
  expect(result.ok).toBe(true);
}

/** pdfinfo's document info and every page's size. */
export function pdfInfo(file: string): PdfInfo {
  return tools.poppler ? infoPoppler(file) : infoMupdf(file);
}

/** The bookmarks as a tree (qpdf --json's outlines). */
export function pdfOutline(file: string): PdfOutlineItem[] {
  return tools.qpdf ? outlineQpdf(file) : outlineMupdf(file);
}

/** The catalog's page label ranges (qpdf --json's pagelabels). */
export function pdfPageLabels(file: string): PdfPageLabel[] {
  return tools.qpdf ? pageLabelsQpdf(file) : pageLabelsMupdf(file);
}

/** Page `index` (from 0) in 8-bit grey at `dpi` (`pdftoppm -gray -r DPI`). */
export function renderPage(file: string, index: number, dpi: number): PdfPixels {
  return tools.poppler ? renderPoppler(file, index, dpi) : renderMupdf(file, index, dpi);
}

/** Each page's lines with their positions (always MuPDF: no Debian tool gives these simply). */
export function pdfLines(file: string): PdfLine[][] {
  return linesMupdf(file);
}

/** The Debian tools' readings, whatever this machine would choose (for tests that compare the two). */
export const poppler = { text: (file: string) => run('pdftotext', ['-enc', 'UTF-8', file, '-']), fonts: fontsPoppler, info: infoPoppler, render: renderPoppler };
export const qpdf = { check: checkQpdf, outline: outlineQpdf, pageLabels: pageLabelsQpdf };

function fontsPoppler(file: string): PdfFont[] {
  const [, rule, ...rows] = run('pdffonts', [file]).split('\n');
  // The rule of dashes under the header gives each column's width.
  const columns = [...rule.matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  return rows
    .filter((row) => row.trim() !== '')
    .map((row) => {
      const [name, type, encoding, emb, sub, uni] = columns.map(([from, to], i) => row.slice(from, i === columns.length - 1 ? undefined : to).trim());
      return { name, type, encoding, embedded: emb === 'yes', subset: sub === 'yes', unicode: uni === 'yes' };
    });
}

function checkQpdf(file: string): PdfCheck {
  const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const ok = r.status === 0 && output.includes('No syntax or stream encoding errors found') && !/WARNING/i.test(output);
  const problems = ok ? [] : output.split('\n').filter((l) => /WARNING|error/i.test(l) && !l.includes('No syntax or stream encoding errors'));
  if (!ok && problems.length === 0) problems.push(`qpdf exit ${r.status}: ${output.trim()}`);
  return { ok, problems, checker: 'qpdf' };
}

function infoPoppler(file: string): PdfInfo {
  const out = run('pdfinfo', ['-isodates', '-f', '1', '-l', '1000000', file]);
  const field = (key: string) => new RegExp(`^${key}:[ \\t]+(.*)$`, 'm').exec(out)?.[1];
  // -isodates prints 2023-11-14T22:13:20Z, or with an offset such as +01 or +01:00.
  const iso = (s: string | undefined) => (s === undefined ? undefined : new Date(s.replace(/([+-]\d\d)$/, '$1:00')).toISOString());
  return {
    title: field('Title'),
    author: field('Author'),
    subject: field('Subject'),
    keywords: field('Keywords'),
    creator: field('Creator'),
    producer: field('Producer'),
    creationDate: iso(field('CreationDate')),
    modDate: iso(field('ModDate')),
    pages: [...out.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) })),
  };
}

function qpdfJson(file: string, key: string): unknown {
  return (JSON.parse(run('qpdf', ['--json', `--json-key=${key}`, file])) as Record<string, unknown>)[key];
}

function outlineQpdf(file: string): PdfOutlineItem[] {
  type Item = { title: string; destpageposfrom1?: number | null; kids: Item[] };
  const convert = (items: Item[]): PdfOutlineItem[] =>
    items.map((o) => ({ title: o.title, page: o.destpageposfrom1 ? o.destpageposfrom1 - 1 : undefined, kids: convert(o.kids) }));
  return convert(qpdfJson(file, 'outlines') as Item[]);
}

function pageLabelsQpdf(file: string): PdfPageLabel[] {
  type Entry = { index: number; label: { '/S'?: string; '/St'?: number; '/P'?: string } };
  // qpdf's JSON writes names as "/D" and text strings as "u:text".
  return (qpdfJson(file, 'pagelabels') as Entry[]).map(({ index, label }) => ({
    index,
    style: label['/S']?.replace(/^\//, ''),
    start: label['/St'] ?? 1,
    prefix: label['/P']?.replace(/^u:/, ''),
  }));
}

function renderPoppler(file: string, index: number, dpi: number): PdfPixels {
  const page = String(index + 1);
  // Without an output root, pdftoppm writes the one page to standard output.
  const pgm = execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-singlefile', '-f', page, '-l', page, file], { maxBuffer: 256 * 1024 * 1024 });
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 64));
  if (!header) throw new Error(`pdftoppm gave no PGM for ${file}`);
  const [width, height] = [Number(header[1]), Number(header[2])];
  return { width, height, pixels: new Uint8Array(pgm.subarray(header[0].length, header[0].length + width * height)), renderer: 'pdftoppm' };
}
