// Raw HTML: escaped by default; with `allow-html: true`, sanitized by an allow-list and mapped into the model.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseChapter } from '../src/manuscript/chapters.js';
import { loadHtmlSupport } from '../src/manuscript/markdown.js';
import type { Block, Inline } from '../src/model/book.js';
import { makeBookFolder, tempDir } from './helpers/book-folder.js';
import { runCli } from './helpers/cli.js';
import { readEpub } from './helpers/epub-files.js';
import { makePng } from './helpers/png.js';
import { epubValidator, type EpubValidator } from './helpers/validate-epub.js';

// The sanitizer loads only for books that allow HTML, as a build does.
beforeAll(loadHtmlSupport);

function blocks(markdown: string, images: Record<string, string> = {}): Block[] {
  return parseChapter(markdown, 'c.md', 1, (src) => images[src], true).blocks;
}

function inlines(markdown: string): Inline[] {
  const [first] = blocks(markdown);
  if (first?.kind !== 'paragraph') throw new Error(`expected a paragraph, got ${JSON.stringify(first)}`);
  return first.children;
}

const text = (t: string): Inline => ({ kind: 'text', text: t });

describe('allow-html: inline HTML into the model', () => {
  it('maps em/i, strong/b, br, and keeps Markdown inside and around it', () => {
    expect(inlines('A <i>quiet</i> <b>*loud*</b><br>end')).toEqual([
      text('A '),
      { kind: 'emphasis', children: [text('quiet')] },
      text(' '),
      { kind: 'strong', children: [{ kind: 'emphasis', children: [text('loud')] }] },
      { kind: 'lineBreak' },
      text('end'),
    ]);
  });

  it('pairs tags that markdown-it gives as separate tokens, and repairs unclosed ones', () => {
    // Markdown's `*…*` opens inside the author's <em> and closes outside it: the parser nests them.
    expect(inlines('<em>one *two</em> three*')).toEqual([
      { kind: 'emphasis', children: [text('one '), { kind: 'emphasis', children: [text('two')] }, text(' three')] },
    ]);
    expect(inlines('<strong>never closed')).toEqual([{ kind: 'strong', children: [text('never closed')] }]);
  });

  it('keeps web, mail and in-book links; drops javascript:, data: and other schemes but keeps their text', () => {
    expect(
      inlines(
        '<a href="https://example.org/?a=1&amp;b=2">web</a> <a href="mailto:me@example.org">mail</a> <a href="#fn1">here</a> ' +
          '<a href="javascript:alert(1)">js</a> <a href="JaVaScRiPt&colon;alert(1)">js2</a> <a href="data:text/html,x">data</a> <a href="file:///etc/passwd">file</a>',
      ),
    ).toEqual([
      { kind: 'link', href: 'https://example.org/?a=1&b=2', children: [text('web')] },
      text(' '),
      { kind: 'link', href: 'mailto:me@example.org', children: [text('mail')] },
      text(' '),
      { kind: 'link', href: '#fn1', children: [text('here')] },
      text(' js js2 data file'),
    ]);
  });

  it('drops scripts, styles, frames, objects and forms (script and style with their content), and every attribute', () => {
    expect(
      inlines(
        'a<script>alert(1)</script>b<style>p{}</style>c<span onclick="x()" style="color:red" class="k">d</span>' +
          '<iframe src="https://evil.example"></iframe>e<object data="x.swf"></object>f<form action="https://evil.example"><input value="v">g</form>' +
          '<img src="x.png" onerror="alert(1)" alt="pic"><!-- comment --><![CDATA[cdata]]>h',
      ),
    ).toEqual([text('abcdefgpich')]); // x.png is not a known image here, so it is its alt text
  });

  it('keeps footnote references, code spans and escapes as the Markdown reader makes them', () => {
    const [para] = parseChapter('<i>Note</i>[^1] `<b>code</b>` \\*\n\n[^1]: The note.\n', 'c.md', 1, undefined, true).blocks;
    expect(para).toMatchObject({
      kind: 'paragraph',
      children: [
        { kind: 'emphasis', children: [text('Note')] },
        { kind: 'footnoteRef', id: 'fn1', number: 1 },
        text(' '),
        { kind: 'code', text: '<b>code</b>' },
        text(' '),
        { kind: 'text', text: '*', literal: true },
      ],
    });
  });

  it('an author cannot forge the placeholders Markdown constructs travel in', () => {
    expect(inlines('a <x-md-leaf data-n="0"></x-md-leaf> <x-md-literal>b</x-md-literal>')).toEqual([text('a b')]);
  });

  it('local images through the image store; others become their alt text', () => {
    const [p] = blocks('<img src="pic.png" alt="A pic"> and <img src="gone.png" alt="Gone">', { 'pic.png': 'img-1' });
    expect(p).toMatchObject({ kind: 'paragraph', children: [{ kind: 'image', assetId: 'img-1', alt: 'A pic' }, text(' and Gone')] });
  });
});

describe('allow-html: HTML blocks into the model', () => {
  it('maps p, div, blockquote, lists, h2–h6, hr; h1 and unknown elements keep their text', () => {
    const html = [
      '<div class="x" style="color:red">',
      '<p onclick="y()">Para <u>one</u></p>',
      '<ul><li>a</li><li><b>b</b></li></ul>',
      '<ol start="3"><li>c</li></ol>',
      '<h1>Top</h1><h3>Three</h3><hr>',
      '<blockquote>Q <table><tr><td>cell</td></tr></table></blockquote>',
      '<script>alert(1)</script><iframe src="https://evil.example">fallback</iframe>',
      '</div>',
    ].join('\n');
    expect(blocks(html)).toEqual([
      { kind: 'paragraph', children: [text('Para one')] },
      { kind: 'list', ordered: false, start: 1, items: [[{ kind: 'paragraph', children: [text('a')] }], [{ kind: 'paragraph', children: [{ kind: 'strong', children: [text('b')] }] }]] },
      { kind: 'list', ordered: true, start: 3, items: [[{ kind: 'paragraph', children: [text('c')] }]] },
      { kind: 'paragraph', children: [text('Top')] },
      { kind: 'heading', level: 3, children: [text('Three')] },
      { kind: 'sceneBreak' },
      { kind: 'blockquote', children: [{ kind: 'paragraph', children: [text('Q cell')] }] },
    ]);
  });

  it('survives nesting far deeper than any story needs', () => {
    const deep = '<div>'.repeat(5000) + 'deep' + '</div>'.repeat(5000);
    expect(blocks(deep)).toEqual([{ kind: 'paragraph', children: [text('deep')] }]);
    const deepInline = 'x ' + '<b>'.repeat(5000) + 'bold' + '</b>'.repeat(5000);
    expect(JSON.stringify(inlines(deepInline))).toContain('bold');
  });
});

describe('raw HTML in a book', () => {
  let batch: EpubValidator;
  beforeAll(() => {
    batch = epubValidator();
  });
  afterAll(() => batch.close());

  const chapter = [
    '# <i>Hostile</i> chapter',
    '',
    'Hello <span onclick="steal()">*there*</span> <b>bold</b> <a href="javascript:alert(1)">js</a> <a href="https://example.org/">web</a>.',
    '',
    '<div onmouseover="x()"><p>Para</p><script>document.write("pwned")</script><iframe src="https://evil.example/"></iframe>',
    '<object data="evil.swf"></object><form action="https://evil.example/"><input name="q"></form><img src="pic.png" alt="A picture" onerror="alert(1)"><hr><h2>Sub</h2></div>',
    '',
    '<svg><script>alert(1)</script></svg><math><mi>x</mi></math><link rel="stylesheet" href="https://evil.example/x.css"><meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '',
    'Last line with <style>body{display:none}</style>style.',
    '',
  ].join('\n');

  it('is escaped text by default', async () => {
    const out = tempDir();
    const dir = makeBookFolder({ 'book.yaml': 'title: Raw\n', '1.md': chapter, 'pic.png': makePng(4, 4) });
    const r = runCli(['build', dir, '--out', out, '--format', 'epub']);
    expect(r.status, r.stderr).toBe(0);
    const xhtml = readEpub(join(out, 'raw.epub')).get('EPUB/text/chapter-001.xhtml') ?? '';
    // (Typography may curl the quotes of this text; it is text, so that is its business.)
    expect(xhtml).toMatch(/&lt;span onclick=.steal\(\).&gt;/);
    expect(xhtml).not.toMatch(/<(span|script|iframe|object|form|svg|style|link rel="stylesheet" href="https)/);
    const result = await batch.check(join(out, 'raw.epub'));
    expect(result.output).toBe('');
  });

  it('with allow-html: true is sanitized into the model and the EPUB passes epubcheck', async () => {
    const out = tempDir();
    const dir = makeBookFolder({ 'book.yaml': 'title: Allowed\nallow-html: true\n', '1.md': chapter, 'pic.png': makePng(4, 4) });
    const r = runCli(['build', dir, '--out', out, '--format', 'epub']);
    expect(r.status, r.stderr).toBe(0);
    const entries = readEpub(join(out, 'allowed.epub'));
    const xhtml = entries.get('EPUB/text/chapter-001.xhtml') ?? '';
    expect(xhtml).toMatch(/<h1[^>]*><em>Hostile<\/em> chapter<\/h1>/);
    expect(xhtml).toContain('<p>Hello <em>there</em> <strong>bold</strong> js <a href="https://example.org/">web</a>.</p>');
    expect(xhtml).toContain('<p>Para</p>');
    expect(xhtml).toMatch(/<img src="\.\.\/images\/pic\.png" alt="A picture"\/>/);
    expect(xhtml).toContain('<hr class="scene-break"/>');
    expect(xhtml).toMatch(/<h2>Sub<\/h2>/);
    expect(xhtml).toContain('Last line with style.');
    for (const [name, content] of entries) {
      if (!name.endsWith('.xhtml')) continue;
      expect(content, name).not.toMatch(/<(script|iframe|object|embed|form|input|svg|math|style|span|div)\b|\son\w+=|javascript:|evil\.example|pwned/i);
    }
    const result = await batch.check(join(out, 'allowed.epub'));
    expect(result.output).toBe('');
    expect(result.fatals + result.errors + result.warnings).toBe(0);
  });

  it('with allow-html: true refuses remote and data: images in HTML, with file and line', () => {
    const dir = makeBookFolder({
      'book.yaml': 'title: T\nallow-html: true\n',
      '1.md': 'Text.\n\n<p><img src="https://example.org/a.png"></p>\n\nInline <img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">.\n',
    });
    const r = runCli(['build', dir, '--out', tempDir()], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^1\.md:3: image `https:\/\/example\.org\/a\.png` is not a local file\n {2}hint: download it/m);
    expect(r.stderr).toMatch(/^1\.md:5: image is embedded as a `data:` URL\n {2}hint: save the image as a JPEG or PNG file/m);
  });
});
