import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeBookFolder, tempDir } from './helpers/book-folder.js';
import { runCli } from './helpers/cli.js';
import { pdfInfo } from './helpers/pdf.js';

describe('build-ebook check', () => {
  it('exits 1 with file:line:column and a did-you-mean for a typo in a key', () => {
    const dir = makeBookFolder({ 'book.yaml': 'title: T\nauthr: Me\n', '1.md': 'Text.\n' });
    const r = runCli(['check', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/book\.yaml:2:1: unknown key `authr`/);
    expect(r.stderr).toContain('did you mean `author`?');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('reports problems in metadata and chapters together', () => {
    const dir = makeBookFolder({ 'book.yaml': 'title: T\nratng: x\n', '1.md': '   \n' });
    const r = runCli(['check', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('unknown key `ratng`');
    expect(r.stderr).toMatch(/1\.md: is empty/);
    expect(r.stderr).toContain('2 problems found');
  });

  it('says OK for a good book and writes nothing', () => {
    const dir = makeBookFolder({ 'book.yaml': 'title: Fine\n', '1.md': 'One two three.\n' });
    const r = runCli(['check', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('OK — "Fine", 1 chapter, 3 words');
    expect(readdirSync(dir).sort()).toEqual(['1.md', 'book.yaml']);
  });

  it('explains a folder without book.yaml', () => {
    const r = runCli(['check', tempDir()]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/book\.yaml: not found/);
  });
});

describe('build-ebook build', () => {
  it('prints one line per edition with path, size and time', () => {
    const out = tempDir();
    const r = runCli(['build', 'manuscript', '--out', out, '--format', 'epub']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/the-night-ferry\.epub {2}\d+(\.\d)? kB {2}\d+ ms/);
    expect(existsSync(join(out, 'the-night-ferry.epub'))).toBe(true);
  });

  it('builds both editions by default, the PDF in the trim asked for', () => {
    const out = tempDir();
    const r = runCli(['build', 'manuscript', '--out', out, '--trim', 'a5']);
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['the-night-ferry.epub', 'the-night-ferry.pdf']);
    // A5 is 148 x 210 mm = 419.53 x 595.28 pt.
    for (const page of pdfInfo(join(out, 'the-night-ferry.pdf')).pages) {
      expect(page.width).toBeCloseTo(419.53, 1);
      expect(page.height).toBeCloseTo(595.28, 1);
    }
    expect(runCli(['build', 'manuscript', '--out', out, '--trim', '7x10']).status).toBe(2);
  });

  it('is quiet with --quiet', () => {
    const r = runCli(['--quiet', 'build', 'manuscript', '--out', tempDir(), '--format', 'epub']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('exits 2 for usage errors', () => {
    expect(runCli(['build', 'manuscript', '--format', 'docx']).status).toBe(2);
    expect(runCli(['frobnicate', 'x', 'y']).status).toBe(2);
    expect(runCli(['build', '--no-such-option']).status).toBe(2);
  });

  it('has help with examples and a version', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('build-ebook init', () => {
  it('scaffolds a book that builds at once, and never overwrites one', () => {
    const parent = tempDir();
    const dir = join(parent, 'my-new-story');
    expect(runCli(['init', dir]).status).toBe(0);
    const out = tempDir();
    const r = runCli(['build', dir, '--out', out, '--format', 'epub']);
    expect(r.status).toBe(0);
    expect(readdirSync(out)).toEqual(['my-new-story.epub']);
    expect(runCli(['init', dir]).status).toBe(1);
  });
});
