// Words in another language: `[texte]{lang=fr}` in Markdown, `<span lang="fr">` with allow-html.
import { describe, expect, it } from 'vitest';
import { loadHtmlSupport, parseMarkdown } from '../src/manuscript/markdown.js';
import { parseSpanAttributes } from '../src/manuscript/spans.js';
import { inlineText, type Block, type Inline } from '../src/model/book.js';
import { typesetBlocks } from '../src/typography/index.js';

function inlines(markdown: string, allowHtml = false): Inline[] {
  const [first] = parseMarkdown(markdown, { file: 'c.md', allowHtml }).blocks;
  return (first as Extract<Block, { kind: 'paragraph' }>).children;
}

describe('bracketed spans', () => {
  it('become a span with the language, and its direction from the language', () => {
    expect(inlines('She said [bonjour]{lang=fr} and [שלום]{lang="he"}.')).toEqual([
      { kind: 'text', text: 'She said ' },
      { kind: 'span', lang: 'fr', dir: 'ltr', children: [{ kind: 'text', text: 'bonjour' }] },
      { kind: 'text', text: ' and ' },
      { kind: 'span', lang: 'he', dir: 'rtl', children: [{ kind: 'text', text: 'שלום' }] },
      { kind: 'text', text: '.' },
    ]);
  });

  it('hold Markdown inside, and sit inside Markdown', () => {
    expect(inlines('*[la *vie* en rose]{lang=fr-FR}*')).toEqual([
      {
        kind: 'emphasis',
        children: [{ kind: 'span', lang: 'fr-FR', dir: 'ltr', children: [{ kind: 'text', text: 'la ' }, { kind: 'emphasis', children: [{ kind: 'text', text: 'vie' }] }, { kind: 'text', text: ' en rose' }] }],
      },
    ]);
    const withLink = inlines('[voir [ici](https://example.org)]{lang=fr}');
    expect(withLink).toEqual([
      { kind: 'span', lang: 'fr', dir: 'ltr', children: [{ kind: 'text', text: 'voir ' }, { kind: 'link', href: 'https://example.org', children: [{ kind: 'text', text: 'ici' }] }] },
    ]);
  });

  it('take an explicit direction', () => {
    expect(inlines('[abc]{lang=en dir=rtl}')).toEqual([{ kind: 'span', lang: 'en', dir: 'rtl', children: [{ kind: 'text', text: 'abc' }] }]);
  });

  it('leave links, footnotes and anything that is not a language or small caps alone, as text', () => {
    expect(inlines('[a link](https://example.org){lang=fr}')[0]).toMatchObject({ kind: 'link' });
    expect(inlineText(inlines('[x]{.shout} and [y]{lang=not a tag} and [z]{lang=fr class=a} and [w]{.smallcaps .shout}'))).toBe('[x]{.shout} and [y]{lang=not a tag} and [z]{lang=fr class=a} and [w]{.smallcaps .shout}');
    expect(inlines('Noted[^1]{lang=fr}.\n\n[^1]: A note.\n')[1]).toMatchObject({ kind: 'footnoteRef', number: 1 });
    expect(parseSpanAttributes('{lang=fr}', 0)).toEqual({ end: 9, lang: 'fr' });
    expect(parseSpanAttributes('{dir=rtl}', 0)).toBeUndefined();
    expect(parseSpanAttributes('{.smallcaps}', 0)).toEqual({ end: 12, smallCaps: true });
  });

  it('are typeset like the text around them', () => {
    const blocks = parseMarkdown('"[C\'est la vie]{lang=fr}," she said -- twice...', { file: 'c.md' }).blocks;
    typesetBlocks(blocks);
    expect(inlineText((blocks[0] as Extract<Block, { kind: 'paragraph' }>).children)).toBe('“C’est la vie,” she said—twice…');
  });
});

describe('language in raw HTML (allow-html)', () => {
  it('keeps <span lang> as a span and lang on paragraphs, headings and quotations', async () => {
    await loadHtmlSupport();
    expect(inlines('Say <span lang="de" onclick="x()">Guten Tag</span> and <span class="x">plain</span>.', true)).toEqual([
      { kind: 'text', text: 'Say ' },
      { kind: 'span', lang: 'de', dir: 'ltr', children: [{ kind: 'text', text: 'Guten Tag' }] },
      { kind: 'text', text: ' and plain.' },
    ]);
    // Markdown spans and HTML meet in one paragraph.
    expect(inlines('<b>[oui]{lang=fr}</b>', true)).toEqual([{ kind: 'strong', children: [{ kind: 'span', lang: 'fr', dir: 'ltr', children: [{ kind: 'text', text: 'oui' }] }] }]);
    const blocks = parseMarkdown('<div lang="ar"><p>مرحبا</p><h2 lang="en">Hello</h2></div>\n\n<blockquote lang="fr"><p>Oui.</p></blockquote>\n', { file: 'c.md', allowHtml: true }).blocks;
    expect(blocks.map((b) => [b.kind, 'lang' in b ? b.lang : undefined, 'dir' in b ? b.dir : undefined])).toEqual([
      ['paragraph', 'ar', 'rtl'],
      ['heading', 'en', 'ltr'],
      ['blockquote', 'fr', 'ltr'],
    ]);
  });
});
