import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, makeBookFolder } from './helpers/book-folder.js';
import { runCli } from './helpers/cli.js';
import { readEpub } from './helpers/epub-files.js';
import { pdfText } from './helpers/pdf.js';

describe('the sample book, set by the typography pass in both editions', () => {
  let out: string;
  beforeAll(() => {
    out = tempDir();
    const r = runCli(['build', 'manuscript', '--out', out]);
    expect(r.status).toBe(0);
  });

  it('has curly quotes, apostrophes, em dashes and ellipses in the EPUB and no straight quotes in the story', () => {
    const entries = readEpub(join(out, 'the-night-ferry.epub'));
    const story = [...entries].filter(([n]) => /chapter-\d+\.xhtml$/.test(n)).map(([, t]) => t).join('\n');
    const text = story.replace(/<[^>]+>/g, '');
    expect(text).toContain('“Thirteen,” Tess said aloud');
    expect(text).toContain('Most of ’em are true.');
    expect(text).toContain('“What if he’s—” She stopped.');
    expect(text).toContain('The family, the fishermen…');
    expect(text).not.toMatch(/["']/);
    expect(entries.get('EPUB/package.opf')).toContain('<dc:title id="subtitle">A Harbour Lights Story</dc:title>');
    expect(entries.get('EPUB/text/series.xhtml')).toContain('in the series “Harbour Lights”.');
  });

  it('has them in the PDF too', () => {
    // Lines of the page become spaces, so phrases can be found whatever the line breaks.
    const text = pdfText(join(out, 'the-night-ferry.pdf')).replace(/\s+/g, ' ');
    expect(text).toContain('“Thirteen,” Tess said aloud');
    expect(text).toMatch(/Most of ’em are true\./);
    expect(text).toContain('he’s—”');
  });

  it('keeps the pandoc dash convention when book.yaml asks for it', () => {
    const dir = makeBookFolder({ 'book.yaml': 'title: Dashes\ntypography:\n  dashes: pandoc\n', '1.md': 'Pages 1--5 and a pause---here.\n' });
    const o = tempDir();
    expect(runCli(['build', dir, '--out', o, '--format', 'epub']).status).toBe(0);
    const chapter = readEpub(join(o, 'dashes.epub')).get('EPUB/text/chapter-001.xhtml')!;
    expect(chapter).toContain('Pages 1–5 and a pause—here.');
  });
});
