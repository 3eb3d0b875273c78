// A Word document (.docx from Word, Google Docs, LibreOffice, pandoc): mammoth turns its styles into HTML
// (headings, italics, bold, lists, footnotes, images); the page is then read as any HTML page.
import type { Diagnostic } from '../diagnostics.js';
import { warning } from '../diagnostics.js';
import { attr, elements, isElement, newDropped, parseHtml, type ChildNode, type ConvertContext, type Element } from './html-markdown.js';
import { ImageCollector } from './images.js';
import { reportDropped } from './read-epub.js';
import { readHeadedHtml } from './read-html.js';
import { refuse } from './refused.js';
import type { SourceStory } from './source-story.js';
import { openZip, type SafeZip } from './zip-safe.js';
import { zipSync } from 'fflate';

/** Paragraph styles word processors use for quotations (Word, LibreOffice, pandoc's "Block Text"). */
const STYLE_MAP = [
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='Block Text'] => blockquote > p:fresh",
  "p[style-name='Quotations'] => blockquote > p:fresh",
  "p[style-name='Title'] => h1:fresh",
  // Strike-through is <s> already; small caps has no HTML of mammoth's own.
  'small-caps => span.smallcaps',
];

/** Checks the zip before mammoth reads it: unsafe names, bombs, macros, declared entities. */
function checkDocx(bytes: Uint8Array): SafeZip {
  const zip = openZip(bytes);
  const macros = zip.names.find((n) => /(?:^|\/)vbaProject\.bin$/i.test(n) || /(?:^|\/)vbaData\.xml$/i.test(n));
  if (macros) refuse(`a Word document with macros (${macros}); macros are never run or imported — save it as a plain .docx and import that`);
  const types = zip.text('[Content_Types].xml') ?? '';
  if (/macroEnabled/i.test(types)) refuse('a macro-enabled Word document (.docm); save it as a plain .docx and import that');
  for (const name of zip.names) if (/\.(?:xml|rels)$/i.test(name)) zip.text(name);
  return zip;
}

/**
 * pandoc and older Word write a scene break as a horizontal-rule drawing (VML `o:hr`), which mammoth
 * skips; it becomes the text `* * *` first, which the HTML reader then takes for a scene break.
 */
function markRules(zip: SafeZip, bytes: Uint8Array): Uint8Array {
  const doc = zip.text('word/document.xml');
  if (!doc || !/o:hr="t"/.test(doc)) return bytes;
  const marked = doc.replace(/<w:pict\b[^>]*>(?:(?!<\/w:pict>)[\s\S])*?o:hr="t"[\s\S]*?<\/w:pict>/g, '<w:t>* * *</w:t>');
  const files: Record<string, Uint8Array> = {};
  for (const name of zip.names) if (!name.endsWith('/')) files[name] = zip.bytes(name)!;
  files['word/document.xml'] = new TextEncoder().encode(marked);
  return zipSync(files);
}

export async function readDocx(bytes: Uint8Array, file: string): Promise<SourceStory> {
  bytes = markRules(checkDocx(bytes), bytes);
  const mammoth = (await import('mammoth')).default;
  const warnings: Diagnostic[] = [];
  const images = new ImageCollector(file, warnings);
  let count = 0;
  const result = await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes) },
    {
      styleMap: STYLE_MAP,
      convertImage: mammoth.images.imgElement(async (image) => {
        const data = new Uint8Array(await image.read());
        count++;
        const path = images.add(`image-${count}`, `image-${count}`, data, `number ${count}`);
        return { src: path ?? '' };
      }),
    },
  );
  for (const m of result.messages) {
    // Unrecognised styles are the normal case for a document written freehand; the rest is worth saying.
    if (!/Unrecognised (?:paragraph|run) style/.test(m.message)) warnings.push(warning(file, `Word document: ${m.message}`));
  }
  const nodes = parseHtml(result.value);
  // mammoth puts the footnotes in a list at the end; the references find them there.
  const ids = new Map<string, Element>();
  for (const el of elements(nodes)) if (attr(el, 'id')) ids.set(attr(el, 'id'), el);
  const noteLists = new Set<ChildNode>(
    nodes.filter((n) => isElement(n) && n.name === 'ol' && n.children.every((li) => !isElement(li) || /^(?:foot|end)note-\d+$/.test(attr(li, 'id')))),
  );
  const dropped = newDropped();
  const ctx: ConvertContext = {
    dropped,
    image: (src) => (src.startsWith('images/') ? src : undefined),
    target: (href) => (href.startsWith('#') ? ids.get(href.slice(1)) : undefined),
  };
  const { meta, chapters } = readHeadedHtml(nodes.filter((n) => !noteLists.has(n)), ctx, file, warnings);
  reportDropped(dropped, file, warnings);
  return { format: 'a Word document (.docx)', meta, chapters, images: images.images, warnings };
}
