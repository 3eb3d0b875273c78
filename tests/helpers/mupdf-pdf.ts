// PDF reading in this process with MuPDF (the `mupdf` npm package, WebAssembly): what poppler's pdftotext,
// pdffonts, pdfinfo and pdftoppm and `qpdf --check` report, for a machine with only Node.
// tests/helpers/pdf.ts chooses between these and the Debian tools; tests call that, not this.
import { readFileSync } from 'node:fs';
import * as mupdf from 'mupdf';
import type { PdfCheck, PdfFont, PdfInfo, PdfLine, PdfOutlineItem, PdfPageLabel, PdfPixels } from './pdf-types.js';

// MuPDF reports what it had to work around through one global log; a check collects it, anything else drops it.
let sink: string[] | undefined;
mupdf.setLog({ warning: (m) => sink?.push(`warning: ${m}`), error: (m) => sink?.push(`error: ${m}`) });

function withDocument<T>(file: string, use: (doc: mupdf.PDFDocument) => T): T {
  const doc = new mupdf.PDFDocument(readFileSync(file));
  try {
    return use(doc);
  } finally {
    doc.destroy();
  }
}

interface Segment {
  x0: number;
  x1: number;
  baseline: number;
  size: number;
  text: string;
}

/** MuPDF's text lines on one page, with where they sit (it honours ActualText and reads invisible text, as poppler does). */
function segments(page: mupdf.PDFPage): Segment[] {
  const stext = page.toStructuredText('');
  const out: Segment[] = [];
  let line: Segment | undefined;
  stext.walk({
    beginLine: () => (line = { x0: Infinity, x1: -Infinity, baseline: NaN, size: 0, text: '' }),
    onChar: (c, origin, _font, size, quad) => {
      if (!line) return;
      if (Number.isNaN(line.baseline)) line.baseline = origin[1];
      // A gap of a tenth of the font size parts words, as in poppler (its minWordBreakSpace); MuPDF's own
      // spacing misses the narrow spaces of a tight justified line.
      const left = Math.min(quad[0], quad[4]);
      if (line.text !== '' && !/\s$/.test(line.text) && !/\s/.test(c) && left - line.x1 > 0.1 * size) line.text += ' ';
      line.text += c;
      line.size = Math.max(line.size, size);
      line.x0 = Math.min(line.x0, quad[0], quad[4]);
      line.x1 = Math.max(line.x1, quad[2], quad[6]);
    },
    endLine: () => {
      if (line && line.text.trim() !== '') out.push({ ...line, text: line.text.replace(/\s+$/, '') });
      line = undefined;
    },
  });
  stext.destroy();
  return out;
}

/**
 * The page's lines as a reader sees them: top to bottom, and pieces on one baseline joined left to right
 * unless a wide gap parts them (a folio beside a running head stays its own line, as in pdftotext).
 */
function pageLines(page: mupdf.PDFPage): PdfLine[] {
  const segs = segments(page).sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  const rows: Segment[][] = [];
  for (const s of segs) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row[0].baseline - s.baseline) <= 0.3 * Math.max(row[0].size, s.size)) row.push(s);
    else rows.push([s]);
  }
  const lines: PdfLine[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x0 - b.x0);
    let current: PdfLine | undefined;
    let right = 0;
    for (const s of row) {
      const gap = s.x0 - right;
      if (current && gap <= 2 * s.size) {
        current.text += (gap > 0.15 * s.size && !/\s$/.test(current.text) ? ' ' : '') + s.text.replace(/^\s+/, '');
      } else {
        current = { x: s.x0, y: s.baseline, size: s.size, text: s.text.replace(/^\s+/, '') };
        lines.push(current);
      }
      right = Math.max(right, s.x1);
    }
  }
  return lines;
}

/** Every page's lines, with the x of each line's start and its baseline in points from the top-left corner. */
export function linesMupdf(file: string): PdfLine[][] {
  return withDocument(file, (doc) =>
    Array.from({ length: doc.countPages() }, (_, i) => {
      const page = doc.loadPage(i);
      try {
        return pageLines(page);
      } finally {
        page.destroy();
      }
    }),
  );
}

/**
 * Text like `pdftotext -enc UTF-8`: lines in reading order, a form feed after each page, and a word broken
 * by a hyphen at a line end put back together (pdftotext drops such a hyphen and joins the lines).
 */
export function textMupdf(file: string): string {
  return linesMupdf(file)
    .map((lines) => {
      let text = '';
      lines.forEach((line, i) => {
        const next = lines[i + 1];
        const hyphen = /\p{L}[-\u00ad]$/u.test(line.text);
        const sameParagraph = next !== undefined && next.y - line.y < 2 * line.size && Math.abs(next.size - line.size) < 0.5;
        text += hyphen && sameParagraph ? line.text.slice(0, -1) : line.text + '\n';
      });
      return text + '\f';
    })
    .join('');
}

function name(obj: mupdf.PDFObject): string | undefined {
  return obj.isName() ? obj.asName() : undefined;
}

/** pdffonts' "type" column for a font dictionary. */
function fontType(font: mupdf.PDFObject): string {
  const subtype = name(font.get('Subtype'));
  if (subtype === 'Type0') {
    const descendant = font.get('DescendantFonts').get(0);
    const sub = name(descendant.get('Subtype'));
    if (sub === 'CIDFontType2') return 'CID TrueType';
    return descendant.get('FontDescriptor').get('FontFile3').isNull() ? 'CID Type 0' : 'CID Type 0C';
  }
  if (subtype === 'Type1' || subtype === 'MMType1') return font.get('FontDescriptor').get('FontFile3').isNull() ? 'Type 1' : 'Type 1C';
  if (subtype === 'TrueType') return 'TrueType';
  if (subtype === 'Type3') return 'Type 3';
  return subtype ?? 'unknown';
}

function fontRow(font: mupdf.PDFObject): PdfFont {
  const baseFont = name(font.get('BaseFont')) ?? '[none]';
  const type = fontType(font);
  const descriptor = (type.startsWith('CID') ? font.get('DescendantFonts').get(0) : font).get('FontDescriptor');
  const embedded = type === 'Type 3' || ['FontFile', 'FontFile2', 'FontFile3'].some((k) => !descriptor.get(k).isNull());
  const encoding = font.get('Encoding');
  return {
    name: baseFont,
    type,
    encoding: name(encoding) ?? (encoding.isNull() ? 'Builtin' : 'Custom'),
    embedded,
    subset: /^[A-Z]{6}\+/.test(baseFont),
    unicode: !font.get('ToUnicode').isNull(),
  };
}

/** Like pdffonts: each font the pages (and the forms they draw) use, once, in the order first met. */
export function fontsMupdf(file: string): PdfFont[] {
  return withDocument(file, (doc) => {
    const seen = new Set<string>();
    const rows: PdfFont[] = [];
    const visit = (resources: mupdf.PDFObject, depth: number) => {
      if (resources.isNull() || depth > 8) return;
      resources.get('Font').forEach((ref) => {
        const key = ref.isIndirect() ? `obj ${ref.asIndirect()}` : `direct ${rows.length}`;
        if (seen.has(key)) return;
        seen.add(key);
        rows.push(fontRow(ref.resolve()));
      });
      resources.get('XObject').forEach((xobject) => {
        if (name(xobject.get('Subtype')) === 'Form') visit(xobject.get('Resources'), depth + 1);
      });
    };
    for (let i = 0; i < doc.countPages(); i++) visit(doc.findPage(i).getInheritable('Resources'), 0);
    return rows;
  });
}

/**
 * A structural check in the spirit of `qpdf --check`: the file opens without MuPDF having to rebuild its
 * cross-reference table, every object parses, every stream decodes, and every page's content runs,
 * with no warning or error on the way.
 */
export function checkMupdf(file: string): PdfCheck {
  const problems: string[] = [];
  sink = problems;
  try {
    withDocument(file, (doc) => {
      for (let num = 1; num < doc.countObjects(); num++) {
        const obj = doc.newIndirect(num).resolve();
        if (obj.isStream()) obj.readStream();
      }
      const device = new mupdf.Device({});
      for (let i = 0; i < doc.countPages(); i++) {
        const page = doc.loadPage(i);
        page.run(device, mupdf.Matrix.identity);
        page.destroy();
      }
      device.close();
      device.destroy();
      if (doc.wasRepaired()) problems.unshift('the cross-reference table is damaged: the file had to be repaired to open');
    });
  } catch (e) {
    problems.push(`error: ${(e as Error).message}`);
  } finally {
    sink = undefined;
  }
  return { ok: problems.length === 0, problems, checker: 'mupdf' };
}

/** "D:20231114221320Z", "D:20231114221320+01'00'" → an ISO 8601 instant. */
export function pdfDate(raw: string | undefined): string | undefined {
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(\d{2})?'?(\d{2})?'?)?/.exec(raw ?? '');
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const offset = sign === '+' || sign === '-' ? `${sign}${oh}:${om}` : 'Z';
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`).toISOString();
}

export function infoMupdf(file: string): PdfInfo {
  return withDocument(file, (doc) => {
    const meta = (key: string) => doc.getMetaData(`info:${key}`) || undefined;
    const pages = Array.from({ length: doc.countPages() }, (_, i) => {
      const page = doc.loadPage(i);
      const [x0, y0, x1, y1] = page.getBounds();
      page.destroy();
      return { width: x1 - x0, height: y1 - y0 };
    });
    return {
      title: meta('Title'),
      author: meta('Author'),
      subject: meta('Subject'),
      keywords: meta('Keywords'),
      creator: meta('Creator'),
      producer: meta('Producer'),
      creationDate: pdfDate(meta('CreationDate')),
      modDate: pdfDate(meta('ModDate')),
      pages,
    };
  });
}

export function outlineMupdf(file: string): PdfOutlineItem[] {
  type Item = { title?: string; page?: number; down?: Item[] };
  const convert = (items: Item[]): PdfOutlineItem[] => items.map((o) => ({ title: o.title ?? '', page: o.page, kids: convert(o.down ?? []) }));
  return withDocument(file, (doc) => convert((doc.loadOutline() as Item[] | null) ?? []));
}

export function pageLabelsMupdf(file: string): PdfPageLabel[] {
  return withDocument(file, (doc) => {
    const labels: PdfPageLabel[] = [];
    const walk = (node: mupdf.PDFObject) => {
      const nums = node.get('Nums');
      for (let i = 0; i + 1 < nums.length; i += 2) {
        const dict = nums.get(i + 1);
        const start = dict.get('St');
        const prefix = dict.get('P');
        labels.push({
          index: nums.get(i).asNumber(),
          style: name(dict.get('S')),
          start: start.isNull() ? 1 : start.asNumber(),
          prefix: prefix.isNull() ? undefined : prefix.asString(),
        });
      }
      const kids = node.get('Kids');
      for (let i = 0; i < kids.length; i++) walk(kids.get(i));
    };
    const root = doc.getTrailer().get('Root').get('PageLabels');
    if (!root.isNull()) walk(root);
    return labels;
  });
}

/** Page `index` (from 0) in 8-bit grey at `dpi`, as `pdftoppm -gray -r DPI` would give it. */
export function renderMupdf(file: string, index: number, dpi: number): PdfPixels {
  return withDocument(file, (doc) => {
    const page = doc.loadPage(index);
    const pixmap = page.toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceGray, false);
    const width = pixmap.getWidth();
    const height = pixmap.getHeight();
    const stride = pixmap.getStride();
    const samples = pixmap.getPixels();
    const pixels = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) pixels.set(samples.subarray(y * stride, y * stride + width), y * width);
    pixmap.destroy();
    page.destroy();
    return { width, height, pixels, renderer: 'mupdf' };
  });
}
