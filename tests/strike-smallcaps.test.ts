// Strike-through (`~~text~~`) and small caps (`[text]{.smallcaps}`): read from the manuscript, written by
// both editions, and kept by the importers (HTML, .docx, and an EPUB this tool made).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { loadBook, renderEdition } from '../src/build.js';
import { parseMarkdown } from '../src/manuscript/markdown.js';
import { inlineText, type Block, type Inline } from '../src/model/book.js';
import { layoutBook } from '../src/writers/pdf/layout/index.js';
import type { LayoutLine, TextRun as LayoutRun } from '../src/writers/pdf/layout/model.js';
import { MarkdownConverter, newDropped, parseHtml } from '../src/import/html-markdown.js';
import { readDocx } from '../src/import/read-docx.js';
import { readEpub } from '../src/import/read-epub.js';
import { makeBookFolder, tempDir } from './helpers/book-folder.js';
import { epubcheck } from './helpers/epubcheck.js';
import { pdfText } from './helpers/pdf.js';
import { tools } from './helpers/tools.js';

function inlinesOf(markdown: string): Inline[] {
  const [block] = parseMarkdown(markdown, {}).blocks as Block[];
  expect(block.kind).toBe('paragraph');
  return (block as Extract<Block, { kind: 'paragraph' }>).children;
}

function convert(html: string): string[] {
  return new MarkdownConverter({ dropped: newDropped(), image: () => undefined }).blocks(parseHtml(html));
}

const CHAPTER = `# The Ledger

Old Tamsin wrote ~~forty~~ fifty barrels in the ledger and signed it [Harbour Office]{.smallcaps} as usual.

The clerk underlined the ~~ by mistake and nobody struck anything out.
`;

describe('Markdown → model', () => {
  it('reads ~~text~~ as strike-through and [text]{.smallcaps} as small caps', () => {
    const inlines = inlinesOf('She ~~never~~ *always* read the [Tide Tables]{.smallcaps} first.');
    expect(inlines.find((n) => n.kind === 'strike')).toEqual({ kind: 'strike', children: [{ kind: 'text', text: 'never' }] });
    expect(inlines.find((n) => n.kind === 'smallCaps')).toEqual({ kind: 'smallCaps', children: [{ kind: 'text', text: 'Tide Tables' }] });
    expect(inlineText(inlines)).toBe('She never always read the Tide Tables first.');
  });

  it('leaves a lone ~~ and an unknown class as the text the author wrote', () => {
    const lone = inlinesOf('A lone ~~ stays, and so does ~~ this.');
    expect(lone.some((n) => n.kind === 'strike')).toBe(false);
    expect(inlineText(lone)).toBe('A lone ~~ stays, and so does ~~ this.');
    const other = inlinesOf('A [word]{.shout} here.');
    expect(other.some((n) => n.kind === 'smallCaps' || n.kind === 'span')).toBe(false);
    expect(inlineText(other)).toBe('A [word]{.shout} here.');
  });

  it('combines small caps with a language, and keeps small caps inside emphasis', () => {
    const inlines = inlinesOf('*see [Le Havre]{.smallcaps lang=fr}*');
    const em = inlines[0] as Extract<Inline, { kind: 'emphasis' }>;
    expect(em.kind).toBe('emphasis');
    const sc = em.children.find((n) => n.kind === 'smallCaps') as Extract<Inline, { kind: 'smallCaps' }>;
    expect(sc.children).toEqual([{ kind: 'span', lang: 'fr', dir: 'ltr', children: [{ kind: 'text', text: 'Le Havre' }] }]);
  });

  it('with allow-html, keeps <s>, <del> and <span class="smallcaps">', async () => {
    const { loadHtmlSupport } = await import('../src/manuscript/markdown.js');
    await loadHtmlSupport();
    const [block] = parseMarkdown('A <del>old</del> <s>gone</s> <span class="smallcaps">Caps</span> word.', { allowHtml: true }).blocks;
    const kids = (block as Extract<Block, { kind: 'paragraph' }>).children;
    expect(kids.filter((n) => n.kind === 'strike').map((n) => inlineText([n]))).toEqual(['old', 'gone']);
    expect(kids.filter((n) => n.kind === 'smallCaps').map((n) => inlineText([n]))).toEqual(['Caps']);
  });
});

describe('the editions', () => {
  const dir = makeBookFolder({ 'book.yaml': 'title: The Ledger Book\nauthor: A. Writer\nlanguage: en\n', '01-ledger.md': CHAPTER });

  it('EPUB: <s> and <span class="smallcaps"> with the stylesheet rule, and the EPUB round-trips through import', async () => {
    const { book } = await loadBook(dir);
    const { data } = await renderEdition(book, 'epub', { bookDir: dir });
    const files = unzipSync(data);
    const chapter = Object.entries(files).find(([name, bytes]) => name.endsWith('.xhtml') && strFromU8(bytes).includes('Tamsin'));
    expect(chapter).toBeDefined();
    const xhtml = strFromU8(chapter![1]);
    expect(xhtml).toContain('<s>forty</s>');
    expect(xhtml).toContain('<span class="smallcaps">Harbour Office</span>');
    expect(xhtml).toContain('the ~~ by mistake');
    const css = strFromU8(Object.entries(files).find(([name]) => name.endsWith('.css'))![1]);
    expect(css).toMatch(/\.smallcaps\s*\{\s*font-variant:\s*small-caps;/);

    const story = readEpub(data, 'ledger.epub');
    const body = story.chapters.map((c) => c.body).join('\n');
    expect(body).toContain('~~forty~~ fifty');
    expect(body).toContain('[Harbour Office]{.smallcaps}');
    // The lone pair stays text when read back.
    const back = parseMarkdown(body, {}).blocks.map((b) => (b.kind === 'paragraph' ? inlineText(b.children) : '')).join('\n');
    expect(back).toContain('the ~~ by mistake');
    expect(story.warnings.map((w) => w.message).join('\n')).not.toMatch(/strike|small caps/i);
  });

  it.skipIf(!tools.epubcheck)('EPUB passes epubcheck with no errors or warnings', async () => {
    const { book } = await loadBook(dir);
    const file = join(tempDir(), 'ledger.epub');
    writeFileSync(file, (await renderEdition(book, 'epub', { bookDir: dir })).data);
    const result = epubcheck(file);
    expect(result.errors).toBe(0);
    expect(result.warnings).toBe(0);
  });

  it('PDF: small caps set with smcp, a rule through the struck words only, and every word in the text', async () => {
    const { book } = await loadBook(dir);
    const { layout } = await layoutBook(book);
    const runs: LayoutRun[] = layout.pages.flatMap((p) => p.items.filter((i): i is LayoutLine => i.kind === 'line').flatMap((l) => l.runs));
    const struck = runs.filter((r) => r.strike !== undefined);
    expect(struck.map((r) => r.text.trim())).toEqual(['forty']);
    // Half the x-height of a text face: well above the baseline, well below the cap height.
    expect(struck[0].strike!).toBeGreaterThan(struck[0].size * 0.15);
    expect(struck[0].strike!).toBeLessThan(struck[0].size * 0.35);
    const caps = runs.filter((r) => r.features?.includes('smcp') && /Harbour|Office/.test(r.text));
    expect(caps.map((r) => r.text).join(' ')).toContain('Harbour Office');
    expect(runs.some((r) => r.text.includes('fifty') && r.strike === undefined)).toBe(true);

    const { data } = await renderEdition(book, 'pdf', { bookDir: dir });
    const file = join(tempDir(), 'ledger.pdf');
    writeFileSync(file, data);
    const text = pdfText(file).replace(/\s+/g, ' ');
    for (const phrase of ['wrote forty fifty barrels', 'Harbour Office', 'the ~~ by mistake']) expect(text).toContain(phrase);
  });
});

describe('import', () => {
  it('HTML of AO3 and word processors: <s>, <del>, <strike>, line-through and small caps become Markdown', () => {
    const md = convert(
      '<p>The <s>old</s> <del>older</del> <strike>oldest</strike> map, <span style="text-decoration: line-through">torn</span>.</p>' +
        '<p>Signed <span class="smallcaps">Harbour Office</span>, <span style="font-variant: small-caps"> Pier Two </span> and <span class="small-caps"><em>Dock</em></span>.</p>' +
        '<p>Two tildes ~~ in the text stay text.</p>',
    );
    expect(md).toEqual([
      'The ~~old~~ ~~older~~ ~~oldest~~ map, ~~torn~~.',
      'Signed [Harbour Office]{.smallcaps},  [Pier Two]{.smallcaps}  and [*Dock*]{.smallcaps}.',
      'Two tildes \\~\\~ in the text stay text.',
    ]);
    const lone = parseMarkdown(md[2], {}).blocks[0] as Extract<Block, { kind: 'paragraph' }>;
    expect(inlineText(lone.children)).toBe('Two tildes ~~ in the text stay text.');
  });

  it('a .docx with strike-through and small caps', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({
              children: [
                new TextRun('The harbour master wrote '),
                new TextRun({ text: 'ten', strike: true }),
                new TextRun(' twelve boats, signed '),
                new TextRun({ text: 'Pier Office', smallCaps: true }),
                new TextRun('.'),
              ],
            }),
          ],
        },
      ],
    });
    const bytes = new Uint8Array(await Packer.toBuffer(doc));
    const story = await readDocx(bytes, 'ledger.docx');
    const body = story.chapters.map((c) => c.body).join('\n');
    expect(body).toContain('wrote ~~ten~~ twelve boats, signed [Pier Office]{.smallcaps}.');
    expect(story.warnings.map((w) => w.message).join('\n')).not.toMatch(/strike|small caps/i);
  });
});
