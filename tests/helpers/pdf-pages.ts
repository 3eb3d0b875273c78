// Reading what pdfkit wrote, without a PDF library: its page dictionaries are plain text, and its content
// streams are Flate-compressed one by one.
import { inflateSync } from 'node:zlib';

/** Every page dictionary's text, in file order. */
export function pageDictionaries(pdf: Uint8Array): string[] {
  const text = Buffer.from(pdf).toString('latin1');
  return [...text.matchAll(/<<\n\/Type \/Page\n([\s\S]*?)>>\nendobj/g)].map((m) => m[1]);
}

/** A box of a page dictionary as [x1, y1, x2, y2]. */
export function box(dictionary: string, name: string): number[] | undefined {
  const m = new RegExp(`/${name} \\[([^\\]]*)\\]`).exec(dictionary);
  return m ? m[1].trim().split(/\s+/).map(Number) : undefined;
}

/** Decompressed content streams (not images, not font files). */
export function contentStreams(pdf: Uint8Array): string[] {
  const buf = Buffer.from(pdf);
  const text = buf.toString('latin1');
  const out: string[] = [];
  for (const m of text.matchAll(/<<([^]*?)>>\nstream\n/g)) {
    const dict = m[1];
    if (/\/Subtype|\/Length1|\/FontFile|\/Type \/XObject/.test(dict) || !/\/FlateDecode/.test(dict)) continue;
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const start = m.index! + m[0].length;
    try {
      out.push(inflateSync(buf.subarray(start, start + length)).toString('latin1'));
    } catch {
      // Not a content stream after all.
    }
  }
  return out;
}
