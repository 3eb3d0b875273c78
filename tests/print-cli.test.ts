// The print editions from the command line: the flags, book.yaml's options under them, usage errors.
import { readdirSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeBookFolder, tempDir } from './helpers/book-folder.js';
import { runCli } from './helpers/cli.js';
import { seriesFiles } from './helpers/series-folder.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const keep = (d: string) => (dirs.push(d), d);

describe('build --impose / --print', () => {
  it('the sample book: every edition listed, written beside the reading PDF', () => {
    const out = keep(tempDir());
    const r = runCli(['build', 'manuscript', '--out', out, '--format', 'pdf', '--impose', 'folio', '--sheet', 'a4', '--flip', 'long', '--marks', '--print', 'pod']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['the-night-ferry.cover.pdf', 'the-night-ferry.imposed.pdf', 'the-night-ferry.interior.pdf', 'the-night-ferry.pdf']);
    expect(r.stdout).toContain('the-night-ferry.imposed.pdf');
  });

  it('book.yaml print.impose alone makes the imposed edition; a bad value names its line', () => {
    const good = keep(makeBookFolder({ 'book.yaml': 'title: Folded\nprint:\n  impose: booklet\n', 'one.md': 'A short story.\n' }));
    const out = keep(tempDir());
    expect(runCli(['build', good, '--out', out, '--format', 'pdf']).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['folded.imposed.pdf', 'folded.pdf']);

    const bad = keep(makeBookFolder({ 'book.yaml': 'title: Folded\nprint:\n  impose:\n    kind: folio\n    sheet: napkin\n', 'one.md': 'A short story.\n' }));
    const r = runCli(['build', bad, '--out', keep(tempDir())]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/book\.yaml:5:\d+: .*letter, legal, tabloid, a4, a3, or a size like 11x17in/);
  });

  it('a series folder: every book gets its print editions, named in reading order', () => {
    const dir = keep(makeBookFolder(seriesFiles()));
    const out = keep(tempDir());
    const r = runCli(['build', dir, '--out', out, '--format', 'pdf', '--impose', 'booklet', '--print', 'pod', '--jobs', '1']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const files = readdirSync(out).sort();
    for (const book of ['01-first-light', '02-help-wanted', '04-the-long-way-round']) {
      for (const suffix of ['pdf', 'imposed.pdf', 'interior.pdf', 'cover.pdf']) expect(files).toContain(`${book}.${suffix}`);
    }
    expect(files).toHaveLength(12);
  });

  it('usage errors: an unknown kind or sheet size', () => {
    expect(runCli(['build', 'manuscript', '--impose', 'sextodecimo']).status).toBe(2);
    const r = runCli(['build', 'manuscript', '--impose', 'folio', '--sheet', '11by17']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('11x17in');
  });
});
