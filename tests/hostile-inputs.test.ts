// Every bad input of issue 7 through the real CLI: exit status 1, a message naming the file (and line where
// there is one) and what to do, no stack trace, nothing written. And the inputs that must be accepted.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBookFolder, tempDir } from './helpers/book-folder.js';
import { BIN, runCli } from './helpers/cli.js';
import { readEpub } from './helpers/epub-files.js';
import { makePng } from './helpers/png.js';
import { epubValidator, type EpubValidator } from './helpers/validate-epub.js';

type Result = ReturnType<typeof runCli>;

/** Builds `files` as a book folder into a fresh --out; returns the result and the out folder. */
function build(files: Record<string, string | Uint8Array>, setup?: (dir: string) => void): Result & { dir: string; out: string } {
  const dir = makeBookFolder(files);
  setup?.(dir);
  const out = join(tempDir(), 'editions');
  return { ...runCli(['build', dir, '--out', out, '--format', 'epub'], { cwd: dir }), dir, out };
}

/** Status 1, each pattern in stderr, no stack trace, and no edition (nor the --out folder) written. */
function expectRefused(r: Result & { out: string }, ...patterns: RegExp[]): void {
  expect(r.status, r.stderr).toBe(1);
  for (const p of patterns) expect(r.stderr).toMatch(p);
  expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  expect(r.stderr).toMatch(/problems? found; nothing was written\.\n$/);
  expect(existsSync(r.out)).toBe(false);
}

const BOOK = 'title: Hostile\n';

describe('book.yaml that cannot be read', () => {
  it('malformed YAML: the line of the syntax error and how to quote', () => {
    const r = build({ 'book.yaml': 'title: The Ferry: Night\nauthor: Me\n', '1.md': 'Text.\n' });
    expectRefused(r, /^book\.yaml:1:\d+: YAML syntax: .+\n {2}hint: text containing `: `.*needs quotes/m);
  });

  it('an unclosed quote', () => {
    const r = build({ 'book.yaml': 'title: "The Unclosed\nauthor: Me\n', '1.md': 'Text.\n' });
    expectRefused(r, /^book\.yaml:\d+:\d+: YAML syntax: Missing closing "quote\n {2}hint: /m);
  });

  it('a list at the top level', () => {
    const r = build({ 'book.yaml': '- title: A\n- author: B\n', '1.md': 'Text.\n' });
    expectRefused(r, /^book\.yaml:1:1: expected key: value pairs at the top level, found a list\n {2}hint: start with a line like `title: My Story`/m);
  });

  it('a single value at the top level', () => {
    const r = build({ 'book.yaml': 'My Story\n', '1.md': 'Text.\n' });
    expectRefused(r, /^book\.yaml:1:1: expected key: value pairs at the top level, found a single value\n {2}hint: start with a line like/m);
  });

  it('an unknown key, with did-you-mean', () => {
    const r = build({ 'book.yaml': 'title: T\nsumary: Words.\n', '1.md': 'Text.\n' });
    expectRefused(r, /^book\.yaml:2:1: unknown key `sumary`\n {2}hint: did you mean `summary`\?/m);
  });

  it('wrong types, each at its line', () => {
    const r = build({
      'book.yaml': 'title: T\nseries:\n  name: S\n  number: two\nstatus: done\nauthor: {a: 1}\nallow-html: yes please\n',
      '1.md': 'Text.\n',
    });
    expectRefused(
      r,
      /^book\.yaml:4:11: `series\.number` must be a number, not the text "two"$/m,
      /^book\.yaml:5:9: `status` must be one of: complete, in-progress$/m,
      /^book\.yaml:6:9: `author` must be a text or a list of texts, not a group of keys$/m,
      /^book\.yaml:7:13: `allow-html` must be true or false, not the text "yes please"$/m,
    );
  });

  it('a missing title', () => {
    const r = build({ 'book.yaml': 'author: Me\n', '1.md': 'Text.\n' });
    expectRefused(r, /^book\.yaml:1:1: missing required key `title`\n {2}hint: add a line `title: …`/m);
  });

  it('invalid UTF-8 in book.yaml: line, column and byte offset, and the import command', () => {
    const r = build({ 'book.yaml': Buffer.from('title: T\nauthor: Ren\xe9e\n', 'latin1'), '1.md': 'Text.\n' });
    expectRefused(r, /^book\.yaml:2:12: is not valid UTF-8 \(first bad byte at offset 20\)\n {2}hint: .*`build-ebook import FILE\.txt`/m);
  });
});

describe('chapters that cannot be read', () => {
  it('an empty manuscript folder', () => {
    const r = build({ 'book.yaml': BOOK, 'notes.txt': 'not a chapter' });
    expectRefused(r, /: has no chapters\n {2}hint: add the story as one or more Markdown files/);
  });

  it('an empty chapter and a chapter of only white space', () => {
    const r = build({ 'book.yaml': BOOK, '1.md': '', '2.md': ' \n\t\r\n\u00a0\n', '3.md': 'Text.\n' });
    // U+00A0 is not content either: a chapter of it would be a blank page.
    expectRefused(r, /^1\.md: is empty\n {2}hint: write the chapter, or delete the file/m, /^2\.md: is empty/m);
  });

  it('a chapter that is a link to nothing', () => {
    const r = build({ 'book.yaml': BOOK, '2.md': 'Text.\n' }, (dir) => symlinkSync('gone.md', join(dir, '1.md')));
    expectRefused(r, /^1\.md: is a symbolic link to a file that does not exist\n {2}hint: fix the link or delete it/m);
  });

  it('a chapter that links outside the book folder', () => {
    const outside = makeBookFolder({ 'secret.md': 'Not part of the book.\n' });
    const r = build({ 'book.yaml': BOOK }, (dir) => symlinkSync(join(outside, 'secret.md'), join(dir, '1.md')));
    expectRefused(r, /^1\.md: is a symbolic link to .*secret\.md outside the book folder\n {2}hint: copy the chapter into the book folder/m);
  });

  it('a symbolic link loop', () => {
    const r = build({ 'book.yaml': BOOK, '3.md': 'Text.\n' }, (dir) => {
      symlinkSync('2.md', join(dir, '1.md'));
      symlinkSync('1.md', join(dir, '2.md'));
    });
    expectRefused(r, /^1\.md: is a symbolic link loop\n {2}hint: replace the link/m, /^2\.md: is a symbolic link loop/m);
  });

  it('invalid UTF-8: line, column, byte offset, and `import` for Windows-1252 text', () => {
    const r = build({ 'book.yaml': BOOK, '1.md': Buffer.from('# One\n\nShe said \x93hello\x94.\n', 'latin1') });
    expectRefused(r, /^1\.md:3:10: is not valid UTF-8 \(first bad byte at offset 16\)\n {2}hint: save it as UTF-8, or for Windows-1252\/Latin-1 text run `build-ebook import FILE\.txt`/m);
  });
});

describe("a book's own templates", () => {
  it('that link outside the book folder are refused', () => {
    const r = build({ 'book.yaml': BOOK, '1.md': 'Text.\n' }, (dir) => {
      mkdirSync(join(dir, 'templates'));
      symlinkSync('/etc/passwd', join(dir, 'templates', 'epub.css'));
    });
    expectRefused(r, /^templates\/epub\.css: is a symbolic link to \/etc\/passwd outside the book folder\n {2}hint: make it a file, or delete it to use the built-in epub\.css/m);
  });
});

describe('images that are refused', () => {
  it('an image that does not exist', () => {
    const r = build({ 'book.yaml': BOOK, '1.md': 'Text.\n\n![map](maps/harbour.png)\n' });
    expectRefused(r, /^1\.md:3: image `maps\/harbour\.png` does not exist\n {2}hint: looked for .*maps\/harbour\.png/m);
  });

  it('a text file named .jpg, as the cover and in a chapter', () => {
    const r = build({ 'book.yaml': 'title: T\ncover: cover.jpg\n', 'cover.jpg': 'not an image\n', '1.md': 'A\n\nB ![x](cover.jpg)\n' });
    expectRefused(
      r,
      /^book\.yaml:2: `cover\.jpg` is not a JPEG or PNG image\n {2}hint: convert it to JPEG or PNG.*check it is not a renamed file/m,
      /^1\.md:3: `cover\.jpg` is not a JPEG or PNG image/m,
    );
  });

  it('an image over the size limit', () => {
    const big = Buffer.concat([makePng(4, 4), Buffer.alloc(10 * 1024 * 1024)]);
    const r = build({ 'book.yaml': BOOK, '1.md': 'Text.\n\n![big](big.png)\n', 'big.png': big });
    expectRefused(r, /^1\.md:3: image `big\.png` is 10\.0 MB, over the 10 MB limit\n {2}hint: resize or recompress it/m);
  });

  it('a path that leaves the book folder, as cover and image', () => {
    const r = build({ 'book.yaml': 'title: T\ncover: ../../etc/passwd\n', '1.md': 'Text.\n\n![p](../../../etc/passwd)\n\n![q](..%2F..%2Fetc%2Fpasswd)\n' });
    expectRefused(
      r,
      /^book\.yaml:2: image `\.\.\/\.\.\/etc\/passwd` leaves the book folder\n {2}hint: copy the image into the book folder/m,
      /^1\.md:3: image `\.\.\/\.\.\/\.\.\/etc\/passwd` leaves the book folder/m,
      /^1\.md:5: image `\.\.%2F\.\.%2Fetc%2Fpasswd` leaves the book folder/m,
    );
  });

  it('an absolute path, as cover and image', () => {
    const r = build({ 'book.yaml': 'title: T\ncover: /etc/passwd\n', '1.md': 'Text.\n\n![p](/etc/hostname)\n' });
    expectRefused(
      r,
      /^book\.yaml:2: image `\/etc\/passwd` is an absolute path\n {2}hint: use a path relative to the book folder/m,
      /^1\.md:3: image `\/etc\/hostname` is an absolute path/m,
    );
  });

  it('an image that links outside the book folder, and an image link loop', () => {
    const outside = makeBookFolder({ 'photo.png': makePng(2, 2) });
    const r = build({ 'book.yaml': BOOK, '1.md': 'A ![a](a.png)\n\nB ![b](loop1.png)\n' }, (dir) => {
      symlinkSync(join(outside, 'photo.png'), join(dir, 'a.png'));
      symlinkSync('loop2.png', join(dir, 'loop1.png'));
      symlinkSync('loop1.png', join(dir, 'loop2.png'));
    });
    expectRefused(
      r,
      /^1\.md:1: image `a\.png` is a symbolic link to .*photo\.png outside the book folder\n {2}hint: copy the image into the book folder/m,
      /^1\.md:3: image `loop1\.png` is a symbolic link loop\n {2}hint: replace the link/m,
    );
  });

  it('a data: image', () => {
    const r = build({ 'book.yaml': BOOK, '1.md': 'Text.\n\n![dot](data:image/png;base64,iVBORw0KGgo=)\n' });
    expectRefused(r, /^1\.md:3: image is embedded as a `data:` URL\n {2}hint: save the image as a JPEG or PNG file in the book folder/m);
  });

  describe('a remote image', () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end(makePng(2, 2));
    });
    beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('is refused and never fetched', async () => {
      const { port } = server.address() as { port: number };
      const dir = makeBookFolder({ 'book.yaml': `title: T\ncover: http://127.0.0.1:${port}/cover.png\n`, '1.md': `Text.\n\n![p](http://127.0.0.1:${port}/p.png)\n` });
      const out = join(tempDir(), 'editions');
      // Asynchronously, so this process's server could answer if the build asked it anything.
      const r = await new Promise<Result>((resolve) =>
        execFile(process.execPath, [BIN, 'build', dir, '--out', out], { cwd: dir }, (error, stdout, stderr) =>
          resolve({ status: error ? (error.code as number) : 0, stdout, stderr }),
        ),
      );
      expectRefused(
        { ...r, out },
        /^book\.yaml:2: image `http:\/\/127\.0\.0\.1:\d+\/cover\.png` is not a local file\n {2}hint: download it into the book folder.*never fetches from the network/m,
        /^1\.md:3: image `http:\/\/127\.0\.0\.1:\d+\/p\.png` is not a local file/m,
      );
      expect(requests).toBe(0);
    });
  });
});

describe('inputs that are accepted', () => {
  let batch: EpubValidator;
  beforeAll(() => {
    batch = epubValidator();
  });
  afterAll(() => batch.close());

  async function expectValid(file: string): Promise<void> {
    const result = await batch.check(file);
    expect(result.output).toBe('');
    expect(result.fatals + result.errors + result.warnings).toBe(0);
  }

  it('a BOM and CRLF line ends, in chapters and book.yaml', async () => {
    const r = build({
      'book.yaml': '\uFEFFtitle: Crlf\r\nauthor: Me\r\n',
      '1.md': '\uFEFF# One\r\n\r\nFirst line\r\nsecond line.\r\n\r\n***\r\n\r\nAfter.\r\n',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const chapter = readEpub(join(r.out, 'crlf.epub')).get('EPUB/text/chapter-001.xhtml') ?? '';
    expect(chapter).toMatch(/<h1[^>]*>One<\/h1>/);
    expect(chapter).toContain('<p>First line second line.</p>');
    expect(chapter).not.toMatch(/\r|\uFEFF/);
    await expectValid(join(r.out, 'crlf.epub'));
  });

  it('NUL and other control characters: removed, with a warning naming file and line', async () => {
    const r = build({ 'book.yaml': 'title: Ctrl\n', '1.md': 'Clean line.\n\nA\u0000B\u0007C\u001bD\u007f.\n' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^1\.md:3: warning: removed 4 control characters \(first: U\+0000\)$/m);
    const chapter = readEpub(join(r.out, 'ctrl.epub')).get('EPUB/text/chapter-001.xhtml') ?? '';
    expect(chapter).toContain('<p>ABCD.</p>');
    await expectValid(join(r.out, 'ctrl.epub'));
  });

  it('characters that no bundled font has: a warning naming each, with file and line, and both editions', () => {
    const dir = makeBookFolder({ 'book.yaml': 'title: Glyphs\n', '1.md': '# One\n\nFine text.\n\nLinear B \u{10000} and a private-use \ue000 here.\n' });
    const out = tempDir();
    const r = runCli(['build', dir, '--out', out, '--format', 'epub,pdf'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^1\.md:5: warning: the character "\u{10000}" \(U\+10000\) is in no bundled font; the PDF shows it as a blank box\n {2}hint: replace it/mu);
    expect(r.stderr).toMatch(/^1\.md:5: warning: the character "\ue000" \(U\+E000\) is in no bundled font/m);
    expect(r.stderr).not.toContain('Fine');
    expect(readdirSync(out).sort()).toEqual(['glyphs.epub', 'glyphs.pdf']);
  });

  it('metadata that tries to break out of XML or the output folder', async () => {
    const yaml = [
      'title: "../../Escape ]]> <!-- -- --> & \\"quotes\\" \'apos\' \\u0001\\u0008"',
      'subtitle: "<script>alert(1)</script>"',
      'author: ["A -- B", "C ]]> D", "<b>E</b>"]',
      'summary: "Summary with <script>x</script> and ]]> and --> and [a link](javascript:alert(1))."',
      'tags: ["--", "]]>", "\\"", "<tag>"]',
      'rights: "\\u0000\\u001f © --"',
      'identifier: "urn:x:\\"]]>--"',
      'series:\n  name: "S ]]> -- \\"q\\""\n  number: 2',
      '',
    ].join('\n');
    const r = build({ 'book.yaml': yaml, '1.md': '[out](javascript:alert(1)) [ok](https://example.org/?a="b"&c=\'d\') <script>alert(1)</script>\n' });
    expect(r.status, r.stderr).toBe(0);
    // Only the edition, named from the title but never a path.
    expect(readdirSync(r.out)).toEqual(['escape-quotes-apos.epub']);
    const entries = readEpub(join(r.out, 'escape-quotes-apos.epub'));
    for (const [name, text] of entries) {
      if (!/\.(xhtml|opf|ncx)$/.test(name)) continue;
      expect(text, name).not.toMatch(/<script|href="javascript:|[\u0000-\u0008]/);
    }
    await expectValid(join(r.out, 'escape-quotes-apos.epub'));
  });

  it('a 5 MB single paragraph and a 50,000-paragraph chapter', async () => {
    const words = 'lorem ipsum dolor sit amet consectetur '.repeat(Math.ceil((5 * 1024 * 1024) / 39)).slice(0, 5 * 1024 * 1024);
    const paragraphs = Array.from({ length: 50_000 }, (_, i) => `Paragraph ${i + 1} of the long chapter.`).join('\n\n');
    const r = build({ 'book.yaml': 'title: Large\n', '1-long-paragraph.md': `# One\n\n${words}\n`, '2-many.md': `# Two\n\n${paragraphs}\n` });
    expect(r.status, r.stderr).toBe(0);
    const entries = readEpub(join(r.out, 'large.epub'));
    expect((entries.get('EPUB/text/chapter-001.xhtml') ?? '').length).toBeGreaterThan(5 * 1024 * 1024);
    expect((entries.get('EPUB/text/chapter-002.xhtml') ?? '').match(/<p>/g)).toHaveLength(50_000);
    await expectValid(join(r.out, 'large.epub'));
  });
});

describe('the input is never modified', () => {
  function snapshot(dir: string): string {
    const hash = createHash('sha256');
    for (const name of readdirSync(dir, { recursive: true }) as string[]) {
      const path = join(dir, name);
      const s = statSync(path);
      hash.update(`${name} ${s.mode} ${s.size} ${s.mtimeMs}\n`);
      if (s.isFile()) hash.update(readFileSync(path));
    }
    return hash.digest('hex');
  }

  it('by a good build, a failing build, or check', () => {
    const dir = makeBookFolder({ 'book.yaml': 'title: Same\ncover: c.png\n', '1.md': 'A\u0000 ![i](c.png)\n', 'c.png': makePng(3, 3) });
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'x.md'), 'not a chapter\n');
    const before = snapshot(dir);
    expect(runCli(['build', dir, '--out', tempDir()]).status).toBe(0);
    expect(runCli(['check', dir]).status).toBe(0);
    writeFileSync(join(dir, '2.md'), '');
    const withEmpty = snapshot(dir);
    expect(runCli(['build', dir, '--out', tempDir()]).status).toBe(1);
    expect(snapshot(dir)).toBe(withEmpty);
    expect(withEmpty).not.toBe(before);
  });
});
