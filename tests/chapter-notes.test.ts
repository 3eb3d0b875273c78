// A chapter file's front matter: summary, notes and end notes, Markdown allowed; unknown keys are errors
// at their line; a scene break at the top of a chapter is not front matter. Both editions show the notes.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { splitChapterFrontMatter } from '../src/manuscript/chapter-notes.js';
import { makeBookFolder, tempDir } from './helpers/book-folder.js';
import { runCli } from './helpers/cli.js';
import { tools } from './helpers/tools.js';

const CHAPTER = `---
summary: Tess counts the passengers.
notes: |
  Written on the *ferry*.

  Second paragraph of the notes.
end-notes: Thank you for reading!
---

# The Crossing

Twelve went out; thirteen came back.
`;

describe('splitChapterFrontMatter', () => {
  it('reads the three fields and keeps the body on its own lines', () => {
    const r = splitChapterFrontMatter(CHAPTER, '01-x.md');
    expect(r.diagnostics).toEqual([]);
    expect(r.notes).toEqual({ summary: 'Tess counts the passengers.', notes: 'Written on the *ferry*.\n\nSecond paragraph of the notes.', endNotes: 'Thank you for reading!' });
    expect(r.body.split('\n').indexOf('# The Crossing')).toBe(CHAPTER.split('\n').indexOf('# The Crossing'));
  });

  it('names an unknown key at its line in the chapter file', () => {
    const r = splitChapterFrontMatter('---\nsummary: ok\nendnotes: typo\n---\n\nText.\n', '02-y.md');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', file: '02-y.md', line: 3 });
    expect(r.diagnostics[0].message).toContain('endnotes');
  });

  it('leaves a chapter that opens with a scene break alone', () => {
    const text = '---\n\nShe walked in.\n\n---\n\nLater.\n';
    expect(splitChapterFrontMatter(text, 'z.md')).toEqual({ body: text, diagnostics: [] });
  });
});

describe('chapter notes in the editions', () => {
  const book = makeBookFolder({
    'book.yaml': 'title: Notes Test\nauthor: A. Writer\nlanguage: en\n',
    '01-crossing.md': CHAPTER,
    '02-after.md': '# After\n\nNo notes here.\n',
  });

  it('check reports an unknown front-matter key as file:line', () => {
    const bad = makeBookFolder({ 'book.yaml': 'title: Bad\n', '01-a.md': '---\nsumary: x\n---\n\nText.\n' });
    const r = runCli(['check', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr + r.stdout).toMatch(/01-a\.md:2:\d+: unknown key `sumary`/);
  });

  it('the EPUB sets summary and notes before the text, end notes after, with the locale\'s headings', () => {
    const out = tempDir();
    const r = runCli(['build', book, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const zip = unzipSync(readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.epub'))!)));
    const ch1 = strFromU8(zip['EPUB/text/chapter-001.xhtml']);
    const at = (s: string) => ch1.indexOf(s);
    expect(at('Chapter Summary')).toBeGreaterThan(at('The Crossing'));
    expect(at('Chapter Notes')).toBeGreaterThan(at('Tess counts the passengers.'));
    expect(at('<em>ferry</em>')).toBeGreaterThan(at('Chapter Notes'));
    expect(at('Twelve went out')).toBeGreaterThan(at('Second paragraph of the notes.'));
    expect(at('Chapter End Notes')).toBeGreaterThan(at('Twelve went out'));
    expect(ch1).toMatch(/<aside class="chapter-end-notes"[^>]*>\s*<h2[^>]*>Chapter End Notes<\/h2>\s*<p>Thank you for reading!<\/p>/);
    expect(strFromU8(zip['EPUB/text/chapter-002.xhtml'])).not.toMatch(/<aside/);
    if (tools.poppler) {
      const pdf = join(out, readdirSync(out).find((f) => f.endsWith('.pdf'))!);
      const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout;
      const p = (s: string) => text.indexOf(s);
      expect(p('Chapter Summary')).toBeGreaterThan(-1);
      expect(p('Twelve went out')).toBeGreaterThan(p('Second paragraph of the notes.'));
      expect(p('Chapter End Notes')).toBeGreaterThan(p('Twelve went out'));
      expect(p('No notes here.')).toBeGreaterThan(p('Thank you for reading!'));
    }
  }, 60_000);
});
