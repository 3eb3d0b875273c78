// Files that must not be imported: each gives one line naming the file and the reason, exit 1, and
// nothing written. And files that are not stories at all (a PDF, an image, a legacy .doc, binary data).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const FIXTURES = resolve(__dirname, 'fixtures/import');
const tmp = mkdtempSync(join(tmpdir(), 'import-hostile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CONTAINER = `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`;
const opf = (extra = '') => `<?xml version="1.0" encoding="UTF-8"?>${extra}
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier><dc:title>Hostile</dc:title><dc:language>en</dc:language></metadata>
<manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>`;
const page = (body: string, head = '') => `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>c</title>${head}</head><body>${body}</body></html>`;

/** An EPUB as a zip of the given entries (mimetype first, stored). */
function epub(entries: Record<string, string | Uint8Array>, base = true): Uint8Array {
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = { mimetype: [strToU8('application/epub+zip'), { level: 0 }] };
  if (base) {
    files['META-INF/container.xml'] = strToU8(CONTAINER);
    files['OEBPS/content.opf'] = strToU8(opf());
    files['OEBPS/c1.xhtml'] = strToU8(page('<h1>One</h1><p>Some story text.</p>'));
  }
  for (const [k, v] of Object.entries(entries)) files[k] = typeof v === 'string' ? strToU8(v) : v;
  return zipSync(files as never);
}

/** Sets every central-directory entry's "uncompressed size" to `size` (a zip that lies about itself). */
function claimSize(zip: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, size, true);
  return out;
}

function importBytes(name: string, bytes: Uint8Array) {
  const file = join(tmp, name);
  writeFileSync(file, bytes);
  const out = join(tmp, `${name}-out`);
  const r = runCli(['import', file, '--out', out]);
  return { ...r, out, file };
}

function expectRefused(r: ReturnType<typeof importBytes>, reason: RegExp) {
  expect(r.status).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0].startsWith(`${r.file}: `)).toBe(true);
  expect(lines[0]).toMatch(reason);
  expect(existsSync(r.out)).toBe(false);
}

const docx = () => new Uint8Array(readFileSync(join(FIXTURES, 'docx-package.docx')));
function docxWith(extra: Record<string, Uint8Array>): Uint8Array {
  const files = { ...unzipSync(docx()), ...extra };
  return zipSync(files);
}

describe('hostile files are refused with one line, exit 1, nothing written', () => {
  it.each([
    ['../escape.xhtml', 'climbs out'],
    ['/etc/absolute.xhtml', 'absolute path'],
    ['OEBPS\\..\\..\\win.xhtml', 'backslash'],
    ['C:/Windows/drive.xhtml', 'absolute path'],
  ])('zip slip: an entry named %s', (name, why) => {
    expectRefused(importBytes(`slip-${why.replace(/\W/g, '')}.epub`, epub({ [name]: page('<p>x</p>') })), new RegExp(`${why}.*zip slip`));
  });

  it('zip bomb: an entry that unpacks a thousand times larger than it is stored', () => {
    const zeros = new Uint8Array(20 * 1024 * 1024);
    expectRefused(importBytes('bomb-ratio.epub', epub({ 'OEBPS/zeros.xhtml': zeros })), /zip bomb/);
  });

  it('zip bomb: a zip whose entries claim more than the limit', () => {
    expectRefused(importBytes('bomb-claim.epub', claimSize(epub({}), 300 * 1024 * 1024)), /more than 256 MB.*zip bomb/);
  });

  it('XML entity expansion ("billion laughs") in the package document', () => {
    const laughs = `<!DOCTYPE package [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>`;
    expectRefused(importBytes('laughs.epub', epub({ 'OEBPS/content.opf': opf(laughs) })), /declares XML entities/);
  });

  it('an external entity that would read another file', () => {
    const xxe = page('<p>&xxe;</p>').replace('<html', '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><html');
    expectRefused(importBytes('xxe.epub', epub({ 'OEBPS/c1.xhtml': xxe })), /declares XML entities/);
  });

  it('a script in a chapter', () => {
    expectRefused(importBytes('script.epub', epub({ 'OEBPS/c1.xhtml': page('<p>Text.</p>', '<script>alert(1)</script>') })), /c1\.xhtml contains a <script>/);
  });

  it('an event attribute in an HTML page', () => {
    const html = `<!DOCTYPE html><html><head><title>t</title></head><body><h1>T</h1><p onclick="steal()">Text.</p></body></html>`;
    expectRefused(importBytes('event.html', strToU8(html)), /an onclick attribute on <p>/);
  });

  it('a DRM-protected EPUB', () => {
    const enc = `<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="OEBPS/c1.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>`;
    expectRefused(importBytes('drm.epub', epub({ 'META-INF/encryption.xml': enc })), /this EPUB is DRM-protected and cannot be imported/);
  });

  it('a Word document with macros', () => {
    expectRefused(importBytes('macros.docx', docxWith({ 'word/vbaProject.bin': new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]) })), /macros \(word\/vbaProject\.bin\)/);
  });

  it('a Word document that declares XML entities', () => {
    const files = unzipSync(docx());
    const doc = new TextDecoder().decode(files['word/document.xml']).replace('<w:document', '<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:document');
    expectRefused(importBytes('entity.docx', docxWith({ 'word/document.xml': strToU8(doc) })), /declares XML entities/);
  });
});

describe('files that are not stories are refused by what they are, not by their name', () => {
  it.each([
    ['story.txt', strToU8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), /looks like a PDF document/],
    ['cover.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /looks like a PNG image/],
    ['old.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), /legacy Word \.doc.*save it as \.docx/],
    ['data.txt', new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), /looks like binary data/],
    ['archive.epub', zipSync({ 'readme.txt': strToU8('hello') }), /a zip archive that is neither an EPUB nor a Word document/],
  ])('%s', (name, bytes, reason) => {
    expectRefused(importBytes(name, bytes), reason);
  });

  it('an EPUB named .txt is read as the EPUB it is, never as zip bytes', () => {
    const r = importBytes('story-really-epub.txt', new Uint8Array(readFileSync(join(FIXTURES, 'ao3.epub'))));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Imported an AO3 EPUB download');
    const chapter = readFileSync(join(r.out, '01-the-measuring-tape.md'), 'utf8');
    expect(chapter).not.toMatch(/[\u0000-\u0008]|PK/);
  });
});

describe('what is left out is reported, never fetched', () => {
  it('a remote image is left out and named', () => {
    const r = importBytes('remote.epub', epub({ 'OEBPS/c1.xhtml': page('<h1>One</h1><p>Text <img src="https://example.com/x.png" alt="x"/> here.</p>') }));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('remote image https://example.com/x.png not fetched');
    expect(readFileSync(join(r.out, '01-one.md'), 'utf8')).not.toContain('example.com');
  });
});
