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

describe('plain runs painted from the engine', () => {
  // pdfkit's own path: encode() lays each word out into glyph and position objects. The painter takes the
  // engine's shaping instead (plain-text.ts); the file must not change. A face without engineRun() makes
  // the painter use encode(), so the two documents differ only in the path taken.
  async function paint(viaEncode: boolean, runs: { text: string; features?: string[] }[]) {
    const { default: PDFDocument } = (await import('pdfkit')) as unknown as { default: new (options: object) => PdfDoc };
    const { loadFonts } = await import('../src/writers/pdf/fonts.js');
    const { drawPlainText } = await import('../src/writers/pdf/plain-text.js');
    const serif = (await loadFonts()).fonts.serif;
    const face = viaEncode ? Object.create(serif, { engineRun: { value: undefined } }) : serif;
    const doc = new PDFDocument({ autoFirstPage: false, compress: false, font: null }) as PdfDoc & {
      registerFont(name: string, font: unknown): void;
      font(name: string): { fontSize(size: number): void };
      _font: { widths: number[]; unicode: number[][] };
    };
    doc.addPage({ size: [400, 400], margin: 0 });
    const content: string[] = [];
    const target = doc as unknown as Parameters<typeof drawPlainText>[0];
    const addContent = target.addContent.bind(target);
    target.addContent = (data: string) => (content.push(data), addContent(data));
    doc.registerFont('serif', face);
    doc.font('serif').fontSize(11);
    for (const [i, run] of runs.entries()) drawPlainText(target, run.text, 10, 20 + i * 14, 0.7, run.features);
    return { content, widths: [...doc._font.widths], unicode: doc._font.unicode.map((c) => [...c]) };
  }

  it('writes the same operators, glyph widths and text as pdfkit encode() does', async () => {
    // Kerned pairs (AV, To, Wa), ligatures (ffi, fl), small caps, figures, quotes, and an accented letter.
    const runs = [
      { text: 'AVAST! To Wales, officially flown; “quoted” 1984.' },
      { text: 'Café naïve Œuvre — fjord' },
      { text: 'Small Caps Opening', features: ['smcp'] },
      { text: 'AVAST! To Wales again, now cached.' },
    ];
    const engine = await paint(false, runs);
    const encoded = await paint(true, runs);
    expect(engine.content.length).toBe(runs.length);
    expect(engine.content).toEqual(encoded.content);
    expect(engine.widths).toEqual(encoded.widths);
    expect(engine.unicode).toEqual(encoded.unicode);
  });
});
