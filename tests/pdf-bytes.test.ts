import { describe, expect, it } from 'vitest';
import { literalCodes } from '../src/writers/pdf/plain-text.js';
import { sortNamesByCodeUnits, type PdfDoc } from '../src/writers/pdf/draw.js';

describe('glyph codes in a content stream', () => {
  it('are written as the bytes of a literal string, half the length of hex', () => {
    expect(literalCodes('00410042')).toBe('(\x00A\x00B)');
  });

  it('escapes the delimiters, the backslash and the line ends, which a reader would otherwise take apart', () => {
    // Glyph ids 10, 13, 40, 41 and 92 of a subset: a line feed, a carriage return (read as a line end, so
    // changed to LF), the two parentheses and the backslash.
    expect(literalCodes('000a000d00280029005c')).toBe('(\x00\\n\x00\\r\x00\\(\x00\\)\x00\\\\)');
    // Their high bytes too: glyph 0x0a28.
    expect(literalCodes('0a28')).toBe('(\\n\\()');
  });
});

describe('named destinations', () => {
  it('are sorted by their bytes, as a name tree must be, not by locale', async () => {
    const { default: PDFDocument } = (await import('pdfkit')) as unknown as { default: new (options: object) => PdfDoc };
    const doc = new PDFDocument({ autoFirstPage: false, compress: false, font: null });
    sortNamesByCodeUnits(doc);
    const chunks: Buffer[] = [];
    doc.on('data', (chunk) => chunks.push(chunk!));
    const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
    doc.addPage({ size: [100, 100], margin: 0 });
    for (const name of ['b', 'B', 'a-1', 'a1', 'A']) doc.addNamedDestination(name);
    doc.end();
    await done;
    const file = Buffer.concat(chunks).toString('latin1');
    const tree = file.slice(file.indexOf('/Names ['));
    // Each entry: (name) [page /XYZ …].
    expect([...tree.matchAll(/^\s+\((.*?)\) \[/gm)].map((m) => m[1])).toEqual(['A', 'B', 'a-1', 'a1', 'b']);
  });
});
