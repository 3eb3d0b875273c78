// Reads the objects of a PDF as pdfkit writes it (no object streams, no cross-reference streams), with
// Flate streams inflated: enough to check in-process which fonts are embedded and what a page draws.
import { inflateSync } from 'node:zlib';

export interface PdfObject {
  num: number;
  /** The object's text before any stream (its dictionary), read as Latin-1. */
  dict: string;
  /** The stream's bytes, inflated when FlateDecode. */
  stream?: Buffer;
}

export function pdfObjects(data: Uint8Array): Map<number, PdfObject> {
  const text = Buffer.from(data).toString('latin1');
  const objects = new Map<number, PdfObject>();
  const head = /(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null;
  while ((m = head.exec(text))) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    const body = text.slice(start, end);
    const at = body.indexOf('stream');
    const obj: PdfObject = { num: Number(m[1]), dict: at >= 0 ? body.slice(0, at) : body };
    if (at >= 0) {
      const length = Number(/\/Length (\d+)/.exec(obj.dict)?.[1]);
      let from = start + at + 'stream'.length;
      if (text[from] === '\r') from++;
      if (text[from] === '\n') from++;
      const raw = Buffer.from(text.slice(from, from + length), 'latin1');
      obj.stream = /\/FlateDecode/.test(obj.dict) ? inflateSync(raw) : raw;
    }
    objects.set(obj.num, obj);
    head.lastIndex = end;
  }
  return objects;
}

function ref(dict: string, key: string): number | undefined {
  const m = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : undefined;
}

export interface EmbeddedFontInfo {
  /** BaseFont, with its subset tag: ABCDEF+Name. */
  name: string;
  /** The embedded TrueType bytes (FontFile2), if any. */
  fontFile?: Buffer;
  /** The Type0 font's object number (what a page's resources name). */
  num: number;
}

/** Every Type0 font with its descendant's embedded file. */
export function embeddedFonts(objects: Map<number, PdfObject>): EmbeddedFontInfo[] {
  const fonts: EmbeddedFontInfo[] = [];
  for (const obj of objects.values()) {
    if (!/\/Subtype\s*\/Type0/.test(obj.dict)) continue;
    const name = /\/BaseFont\s*\/([^\s/>]+)/.exec(obj.dict)?.[1] ?? '';
    const descendant = Number(/\/DescendantFonts\s*\[\s*(\d+) 0 R/.exec(obj.dict)?.[1]);
    const descriptor = ref(objects.get(descendant)?.dict ?? '', 'FontDescriptor');
    const file = descriptor === undefined ? undefined : ref(objects.get(descriptor)?.dict ?? '', 'FontFile2');
    fonts.push({ name, num: obj.num, fontFile: file === undefined ? undefined : objects.get(file)?.stream });
  }
  return fonts;
}

/** Per page: its content stream's text and its font resource names → font object numbers. */
export function pages(objects: Map<number, PdfObject>): { content: string; fonts: Map<string, number> }[] {
  const out: { content: string; fonts: Map<string, number> }[] = [];
  for (const obj of objects.values()) {
    if (!/\/Type\s*\/Page\b/.test(obj.dict)) continue;
    const contents = ref(obj.dict, 'Contents');
    const resources = ref(obj.dict, 'Resources');
    const resourceDict = resources === undefined ? obj.dict : (objects.get(resources)?.dict ?? '');
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(resourceDict)?.[1] ?? '';
    const fonts = new Map<string, number>();
    for (const f of fontDict.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) fonts.set(f[1], Number(f[2]));
    out.push({ content: contents === undefined ? '' : (objects.get(contents)?.stream?.toString('latin1') ?? ''), fonts });
  }
  return out;
}

/**
 * The glyph ids (CIDs) a content stream draws, grouped by text matrix: each `Tm` starts a group (the
 * PDF writer sets one per word of a shaped run), with the font resource it is drawn in.
 */
export function glyphGroups(content: string): { font: string; cids: number[] }[] {
  const groups: { font: string; cids: number[] }[] = [];
  let font = '';
  let group: { font: string; cids: number[] } | undefined;
  const ops = /\/(\w+) [-\d.]+ Tf|[-\d. ]+ Tm|\[([^\]]*)\] TJ|<([0-9a-fA-F]*)> Tj/g;
  for (const m of content.matchAll(ops)) {
    if (m[1] !== undefined) font = m[1];
    else if (m[0].endsWith('Tm')) groups.push((group = { font, cids: [] }));
    else {
      const hex = m[2] !== undefined ? [...m[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('') : m[3];
      if (!group) groups.push((group = { font, cids: [] }));
      for (let i = 0; i + 4 <= hex.length; i += 4) group.cids.push(parseInt(hex.slice(i, i + 4), 16));
    }
  }
  return groups;
}
