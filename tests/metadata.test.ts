import { describe, expect, it } from 'vitest';
import { loadMetadata } from '../src/metadata/load.js';
import { bookSchema } from '../src/metadata/schema.js';
import { parseYaml } from '../src/metadata/yaml-file.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import { makeBookFolder } from './helpers/book-folder.js';

function problems(yaml: string): string[] {
  const r = parseYaml(yaml, 'book.yaml', bookSchema);
  if (r.ok) return [];
  return r.diagnostics.map(formatDiagnostic);
}

describe('book.yaml validation', () => {
  it('accepts a minimal book', () => {
    const r = parseYaml('title: A Story\n', 'book.yaml', bookSchema);
    expect(r.ok).toBe(true);
  });

  it('names an unknown key with its line, column and a did-you-mean', () => {
    const out = problems('title: A Story\nauthor: Me\nsumary: Oops\n');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^book\.yaml:3:1: unknown key `sumary`/);
    expect(out[0]).toContain('did you mean `summary`?');
  });

  it('suggests a key inside a group that may also be a single value (print.impose)', () => {
    const out = problems('title: A\nprint:\n  impose:\n    kind: booklet\n    flp: long\n    colour: red\n');
    expect(out[0]).toMatch(/^book\.yaml:5:5: unknown key `flp` in `print\.impose`/);
    expect(out[0]).toContain('did you mean `flip`?');
    expect(out[1]).toContain('known keys here: kind, sheet, sheets, flip, marks');
  });

  it('finds typos in nested groups at their own position', () => {
    const out = problems('title: A\nnotes:\n  befor: hi\n');
    expect(out[0]).toMatch(/^book\.yaml:3:3: unknown key `befor` in `notes`/);
    expect(out[0]).toContain('did you mean `before`?');
  });

  it('reports every problem at once, not only the first', () => {
    const out = problems('title: A\nsumary: x\nratng: y\nstatus: done\n');
    expect(out).toHaveLength(3);
    expect(out.join('\n')).toMatch(/book\.yaml:4:\d+: `status` must be one of: complete, in-progress/);
  });

  it('reports a missing title', () => {
    const out = problems('author: Me\n');
    expect(out[0]).toMatch(/missing required key `title`/);
    expect(out[0]).toContain('hint: add a line `title: …`');
  });

  it('reports a wrong type with what was found', () => {
    const out = problems('title: A\nseries:\n  name: S\n  number: two\n');
    expect(out[0]).toMatch(/^book\.yaml:4:11: `series\.number` must be a number, not the text "two"/);
  });

  it('reports malformed YAML with its position', () => {
    const out = problems('title: A\nsummary: "unclosed\n');
    expect(out[0]).toMatch(/^book\.yaml:\d+:\d+: YAML syntax: Missing closing "quote/);
  });

  it('refuses a file that is a list or a single value', () => {
    expect(problems('- title: A\n')[0]).toMatch(/expected key: value pairs at the top level, found a list/);
    expect(problems('just some words\n')[0]).toMatch(/found a single value/);
  });

  it('accepts an author as a name or a list, and dates written plainly', () => {
    const r = parseYaml('title: A\nauthor: [X, Y]\npublished: 2024-05-01\n', 'book.yaml', bookSchema);
    expect(r.ok && r.result.value.author).toEqual(['X', 'Y']);
    expect(r.ok && r.result.value.published).toBe('2024-05-01');
  });
});

describe('series.yaml', () => {
  it('finds the book by title and applies defaults the book does not set', async () => {
    const dir = makeBookFolder({
      'series.yaml': 'name: S\nworks:\n  - title: One\n  - title: Two\ndefaults:\n  author: Someone\n  disclaimer: Not mine.\n',
      'book.yaml': 'title: Two\ndisclaimer: Mine.\n',
    });
    const { metadata, diagnostics } = await loadMetadata(dir);
    expect(diagnostics).toEqual([]);
    expect(metadata?.series?.number).toBe(2);
    expect(metadata?.book.author).toEqual(['Someone']);
    expect(metadata?.book.disclaimer).toBe('Mine.');
  });

  it('finds the book by path in a parent series folder', async () => {
    const root = makeBookFolder({
      'series.yaml': 'name: S\nworks:\n  - title: Intro\n  - title: Renamed Later\n    path: b\n',
      'b/book.yaml': 'title: Something Else\n',
    });
    const { metadata } = await loadMetadata(`${root}/b`);
    expect(metadata?.series?.number).toBe(2);
    expect(metadata?.series?.works.map((w) => w.current)).toEqual([false, true]);
  });

  it('refuses a series.number that contradicts the order of works', async () => {
    const dir = makeBookFolder({
      'series.yaml': 'name: S\nworks:\n  - title: One\n  - title: Two\n',
      'book.yaml': 'title: Two\nseries:\n  name: S\n  number: 3\n',
    });
    const { diagnostics } = await loadMetadata(dir);
    expect(formatDiagnostic(diagnostics[0])).toMatch(/series\.yaml:4:5: "Two" is No\. 2 in `works`, but its book\.yaml says `series\.number: 3`/);
  });

  it('asks for a place when the book is not listed', async () => {
    const dir = makeBookFolder({ 'series.yaml': 'name: S\nworks:\n  - title: One\n', 'book.yaml': 'title: Other\n' });
    const { diagnostics } = await loadMetadata(dir);
    expect(diagnostics[0].message).toContain('"Other" is not among the works of the series');
  });

  it('needs a number for an inline series without series.yaml', async () => {
    const dir = makeBookFolder({ 'book.yaml': 'title: A\nseries:\n  name: S\n' });
    const { diagnostics } = await loadMetadata(dir);
    expect(diagnostics[0].message).toContain('`series.number` is missing');
  });
});
