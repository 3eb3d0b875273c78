// The pieces of the rich importers, on small inputs: content sniffing, HTML → Markdown (escaping, scene
// breaks, what is dropped), and an AO3 one-chapter download.
import { strToU8, zipSync } from 'fflate';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { MarkdownConverter, newDropped, parseHtml } from '../src/import/html-markdown.js';
import { readHtmlFile } from '../src/import/read-html.js';
import { sniff } from '../src/import/sniff.js';

function convert(html: string) {
  const dropped = newDropped();
  const conv = new MarkdownConverter({ dropped, image: (src) => (src.startsWith('local/') ? `images/${src.slice(6)}` : undefined), target: () => undefined });
  return { md: conv.blocks(parseHtml(html)), dropped };
}

describe('sniff', () => {
  it('tells sources by their bytes', () => {
    expect(sniff(zipSync({ mimetype: strToU8('application/epub+zip'), 'META-INF/container.xml': strToU8('<x/>') })).kind).toBe('epub');
    expect(sniff(zipSync({ '[Content_Types].xml': strToU8('<x/>'), 'word/document.xml': strToU8('<x/>') })).kind).toBe('docx');
    expect(sniff(strToU8('\uFEFF<!DOCTYPE html>\n<html><body><p>x</p></body></html>')).kind).toBe('html');
    expect(sniff(strToU8('Title\nby Someone\n\n<b>not html</b> but a story that mentions tags.\n')).kind).toBe('text');
    expect(sniff(new Uint8Array(0))).toMatchObject({ kind: 'refused', looksLike: 'an empty file' });
  });
});

describe('HTML → Markdown', () => {
  it('escapes text that Markdown would read as syntax, so it reads back as written', () => {
    const { md } = convert('<p>1. Not a list, *not* emphasis, # not a heading, [not a link], a_b_c &amp;amp;</p><p>- not an item</p><p>&gt; not a quote</p>');
    const text = md.map((b) => new MarkdownIt('commonmark').render(b).replace(/<\/?p>\n?/g, '')).join('|');
    expect(text).toBe('1. Not a list, *not* emphasis, # not a heading, [not a link], a_b_c &amp;amp;|- not an item|&gt; not a quote');
  });

  it('turns every shape of scene break into * * *', () => {
    const { md } = convert('<p>a</p><hr/><p>b</p><p style="text-align:center">* * *</p><p>c</p><p>~~~</p><p>d</p><p><img src="local/divider.png" alt=""/></p><p>e</p><div align="center">o0o0o</div><p>f</p>');
    expect(md).toEqual(['a', '* * *', 'b', '* * *', 'c', '* * *', 'd', '* * *', 'e', '* * *', 'f']);
  });

  it('keeps italics, bold, strike-through and small caps written as styles, and reports what it drops', () => {
    const { md, dropped } = convert('<p><span style="font-style: italic">soft</span> and <span style="font-weight:bold">loud</span></p><p> </p><p>&nbsp;</p><style>.skin{}</style><p><s>gone</s> <span style="font-variant: small-caps">Caps</span></p><p><img src="https://example.com/x.png"/>x</p>');
    expect(md).toEqual(['*soft* and **loud**', '~~gone~~ [Caps]{.smallcaps}', 'x']);
    expect(dropped.emptyParagraphs).toBe(2);
    expect(dropped.styles).toBe(1);
    expect(dropped.remoteImages).toEqual(['https://example.com/x.png']);
  });

  it('keeps emphasis delimiters off the spaces at its edges, and lists and quotes as Markdown', () => {
    const { md } = convert('<p>a<i> word </i>b</p><blockquote><p>one</p><p>two</p></blockquote><ol><li>first</li><li><p>second</p></li></ol><ul><li>x</li></ul>');
    expect(md).toEqual(['a *word* b', '> one\n>\n> two', '1. first\n2. second', '- x']);
  });
});

describe('an AO3 download of a one-chapter work', () => {
  it('has one untitled chapter, its text, and no boilerplate', () => {
    const html = `<!DOCTYPE html><html><head><title>t</title></head><body>
<div id="preface"><h2 class="toc-heading">Preface</h2><p class="message"><b>Small Hours</b><br/>Posted originally on the <a href="https://archiveofourown.org/">Archive of Our Own</a> at <a href="https://archiveofourown.org/works/1">https://archiveofourown.org/works/1</a>.</p>
<div class="meta"><dl class="tags"><dt>Rating:</dt><dd><a href="#">General Audiences</a></dd><dt>Fandoms:</dt><dd><a href="#">One</a>, <a href="#">Two</a></dd><dt>Language:</dt><dd>Español</dd><dt>Stats:</dt><dd>Published: 2023-01-05 Updated: 2023-02-01 Words: 5 Chapters: 1/?</dd></dl>
<h1>Small Hours</h1><div class="byline">by <a rel="author" href="#">Ana</a>, <a rel="author" href="#">Bea</a></div></div></div>
<div id="chapters" class="userstuff"><h2 class="toc-heading">Small Hours</h2><div class="userstuff"><p>The clock said <em>three</em>.</p></div></div>
<div id="afterword"><h2 class="toc-heading">Afterword</h2><p class="message">Please <a href="#">drop by the Archive and comment</a> to let the creator know if you enjoyed their work!</p></div>
</body></html>`;
    const story = readHtmlFile(strToU8(html), 'small.html');
    expect(story.format).toBe('an AO3 HTML download');
    expect(story.chapters).toEqual([{ body: 'The clock said *three*.' }]);
    expect(story.meta).toMatchObject({ title: 'Small Hours', authors: ['Ana', 'Bea'], fandoms: ['One', 'Two'], rating: 'General Audiences', language: 'Español', published: '2023-01-05', updated: '2023-02-01', status: 'in-progress', source: 'https://archiveofourown.org/works/1' });
  });
});
