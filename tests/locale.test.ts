// The locale files as data, and a book in another language end to end: its quotation marks and French
// spacing in both editions, the added pages in its words, its end marks, and a book's own override.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildBook, loadBook } from '../src/build.js';
import { BUILTIN_TEMPLATES } from '../src/front-matter/templates.js';
import { COMPILED_LOCALES_DIR, loadLocale, localeChain, parseLocaleText, usableCompiled, type CompiledLocale } from '../src/locale/load.js';
import { blocksText, type Book } from '../src/model/book.js';
import { layoutBook } from '../src/writers/pdf/layout/index.js';
import { makeBookFolder, tempDir } from './helpers/book-folder.js';
import { readEpub } from './helpers/epub-files.js';
import { tools } from './helpers/tools.js';

const NNBSP = '\u202f';
const LOCALE_DIR = join(BUILTIN_TEMPLATES, 'locale');
const shipped = readdirSync(LOCALE_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length));
const placeholders = (term: string) => [...term.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the shipped locale files', () => {
  const en = loadLocale('en');

  it('include every language the tool promises', () => {
    for (const tag of ['de', 'fr', 'es', 'it', 'nl', 'pt', 'pt-BR', 'ru', 'uk', 'pl', 'cs', 'sv', 'zh', 'zh-Hant', 'ja', 'ko', 'ar', 'he']) {
      expect(shipped).toContain(tag);
    }
  });

  it.each(shipped)('%s parses and, over en, defines every term with the same {placeholders}', (tag) => {
    const locale = loadLocale(tag);
    for (const [key, term] of Object.entries(en.terms)) {
      const own = (locale.terms as unknown as Record<string, string>)[key];
      expect(own, `${tag}: ${key}`).toBeTypeOf('string');
      expect(own.trim(), `${tag}: ${key}`).not.toBe('');
      expect(placeholders(own), `${tag}: ${key}`).toEqual(placeholders(term));
    }
    // A misspelt key would be silently ignored: every key a file sets must be one en.yaml knows.
    const file = parse(readFileSync(join(LOCALE_DIR, `${tag}.yaml`), 'utf8')) as { terms?: Record<string, string> };
    for (const key of Object.keys(file.terms ?? {})) expect(Object.keys(en.terms), `${tag}: ${key}`).toContain(key);
    for (const pair of [locale.quotes.primary, locale.quotes.secondary]) {
      expect(pair).toHaveLength(2);
      for (const mark of pair) expect(mark).toMatch(/^\S$/u);
    }
    expect(locale.names.pair.length + locale.names.last.length).toBeGreaterThan(0);
  });

  it.each(shipped.filter((t) => t !== 'en' && !t.includes('-')))('%s translates every term itself (no English left over)', (tag) => {
    const file = parse(readFileSync(join(LOCALE_DIR, `${tag}.yaml`), 'utf8')) as { terms: Record<string, string>; 'end-marks': string[] };
    expect(Object.keys(file.terms).sort()).toEqual(Object.keys(en.terms).sort());
    expect(file['end-marks'].length).toBeGreaterThan(0);
  });

  it.each(shipped)('%s is compiled by the build to the value its YAML gives', (tag) => {
    const text = readFileSync(join(LOCALE_DIR, `${tag}.yaml`), 'utf8');
    const compiled = JSON.parse(readFileSync(join(COMPILED_LOCALES_DIR, `${tag}.json`), 'utf8')) as CompiledLocale;
    expect(compiled.text).toBe(text);
    expect(usableCompiled(compiled, text)).toEqual(parseLocaleText(text, `${tag}.yaml`));
  });

  it('takes a compiled locale only for the text it was compiled from, a valid value, and known terms', () => {
    const text = 'name: Test\nterms:\n  contents: Inhalt\n';
    const value = parseLocaleText(text, 'test.yaml');
    expect(usableCompiled({ text, value }, text)).toEqual(value);
    // The YAML file was edited after the build: its own text is parsed instead.
    expect(usableCompiled({ text, value }, text.replace('Inhalt', 'Inhaltsverzeichnis'))).toBeUndefined();
    // A value the schema no longer takes, and a term the files before it do not know (its error is located).
    expect(usableCompiled({ text, value: { ...value, dir: 'upward' } as never }, text)).toBeUndefined();
    expect(usableCompiled({ text, value }, text, ['chapter'])).toBeUndefined();
    expect(usableCompiled({ text, value }, text, ['contents'])).toEqual(value);
  });

  it('resolves regions and scripts: zh-TW and zh-HK read zh-Hant, pt-BR changes pt', () => {
    expect(localeChain('zh-TW')).toEqual(['en', 'zh', 'zh-Hant', 'zh-Hant-TW']);
    expect(loadLocale('zh-TW').quotes.primary).toEqual(['「', '」']);
    expect(loadLocale('zh-HK').terms.contents).toBe('目錄');
    expect(loadLocale('zh').terms.contents).toBe('目录');
    expect(loadLocale('pt').quotes.primary).toEqual(['«', '»']);
    expect(loadLocale('pt-BR').quotes.primary).toEqual(['“', '”']);
    expect(loadLocale('pt-BR').terms.chapter).toBe(loadLocale('pt').terms.chapter);
  });
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = makeBookFolder(files);
  dirs.push(dir);
  return dir;
}

const seriesYaml = (lang: string) => `title: La Lanterne
author: [Maren Holt, Jules Arnaud]
language: ${lang}
status: complete
`;
const SERIES = 'name: Les Feux du port\nworks:\n  - title: Le Phare\n  - title: La Lanterne\n';

function pageText(book: Book, role: string): string {
  const page = [...book.front, ...book.back].find((p) => p.role === role);
  return page ? blocksText(page.blocks) : '';
}

/** Every line of the PDF layout, its runs joined: the text as the PDF writer sets it. */
async function layoutLines(book: Book): Promise<string[]> {
  const { layout } = await layoutBook(book);
  const lines: string[] = [];
  for (const page of layout.pages) {
    for (const item of page.items) if (item.kind === 'line') lines.push(item.runs.map((r) => r.text).join(''));
  }
  return lines;
}

describe('a book in French', () => {
  const story = '# Le quai\n\n"Bonjour!" dit-elle.\n\nIl est 10:30.\n\nFin\n';
  const dir = folder({ 'book.yaml': seriesYaml('fr'), 'series.yaml': SERIES, '01-quai.md': story });

  it('sets « » with narrow no-break spaces in the EPUB', async () => {
    const out = tempDir();
    dirs.push(out);
    const { editions } = await buildBook(dir, { outDir: out, formats: ['epub'] });
    const epub = readEpub(editions[0].path);
    const chapter = [...epub.entries()].find(([name]) => /chapter-001\.xhtml$/.test(name))?.[1] ?? '';
    expect(chapter).toContain(`<p>«${NNBSP}Bonjour${NNBSP}!${NNBSP}» dit-elle.</p>`);
    expect(chapter).toContain('Il est 10:30.');
  });

  it('sets the same spaced marks in the PDF layout', async () => {
    const { book } = await loadBook(dir);
    expect(blocksText(book.chapters[0].blocks)).toContain(`«${NNBSP}Bonjour${NNBSP}!${NNBSP}» dit-elle.`);
    // The layout turns U+202F into a no-break space glue of its own (its run text shows a space).
    const lines = await layoutLines(book);
    expect(lines.some((l) => /«[ \u202f]Bonjour[ \u202f]![ \u202f]» dit-elle\./.test(l))).toBe(true);
  });

  it.skipIf(!tools.poppler)('pdftotext finds the guillemets and the spaced exclamation mark', async () => {
    const out = tempDir();
    dirs.push(out);
    const { editions } = await buildBook(dir, { outDir: out, formats: ['pdf'] });
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', editions[0].path, '-'], { encoding: 'utf8' });
    // pdftotext gives the narrow space as a space (or U+202F): what matters is that it is there.
    expect(text).toMatch(/«[ \u202f]Bonjour[ \u202f]![ \u202f]» dit-elle\./i);
  });

  it('reads its added pages in French', async () => {
    const { book } = await loadBook(dir);
    const title = pageText(book, 'titlepage');
    expect(title).toContain('par Maren Holt et Jules Arnaud');
    expect(title).toContain('N°\u00a02 de la série Les Feux du port');
    const series = pageText(book, 'series');
    expect(series).toContain(`Cette histoire est le n°\u00a02 de la série «${NNBSP}Les Feux du port${NNBSP}».`);
    expect(series).toContain(`Avant celle-ci${NNBSP}: Le Phare.`);
    expect(series).toContain('La Lanterne (cette histoire)');
    expect(series).not.toMatch(/This story|series|this story/);
    expect(pageText(book, 'summary')).toContain(`Statut${NNBSP}: Terminée`);
    expect(book.front.map((p) => p.title)).toEqual(['Page de titre', 'Les Feux du port', 'Résumé']);
  });

  it('marks "Fin" as the end mark, and a book may override one word in templates/locale/fr.yaml', async () => {
    const { book } = await loadBook(dir);
    const last = book.chapters[0].blocks.at(-1);
    expect(last?.kind === 'paragraph' && last.role).toBe('end-mark');

    const own = folder({
      'book.yaml': seriesYaml('fr'),
      'series.yaml': SERIES,
      '01-quai.md': story,
      'templates/locale/fr.yaml': 'terms:\n  byline: "de {authors}"\n',
    });
    const { book: overridden } = await loadBook(own);
    expect(pageText(overridden, 'titlepage')).toContain('de Maren Holt et Jules Arnaud');
    // Only that term changed: the rest is still the built-in French.
    expect(pageText(overridden, 'series')).toContain('Cette histoire est le n°');
    expect(pageText(overridden, 'titlepage')).not.toContain('par ');
  });
});

describe('a book in German', () => {
  it('sets „…“ with ‚…‘ inside, its pages in German, untitled chapters as "Kapitel N", "Ende" as the end mark', async () => {
    const dir = folder({
      'book.yaml': seriesYaml('de').replace('status: complete', 'status: in-progress'),
      'series.yaml': SERIES,
      '01.md': '"Er sagte \'nie\' wieder," rief sie.\n',
      '02.md': 'Und dann war Ruhe.\n\n~ Ende ~\n',
    });
    const { book } = await loadBook(dir);
    expect(blocksText(book.chapters[0].blocks)).toBe('„Er sagte ‚nie‘ wieder,“ rief sie.');
    expect(book.chapters.map((c) => c.label)).toEqual(['Kapitel 1', 'Kapitel 2']);
    const last = book.chapters[1].blocks.at(-1);
    expect(last?.kind === 'paragraph' && last.role).toBe('end-mark');
    expect(pageText(book, 'titlepage')).toContain('von Maren Holt und Jules Arnaud');
    expect(pageText(book, 'series')).toContain('Diese Geschichte ist Nr.\u00a02 der Reihe „Les Feux du port“.');
    expect(pageText(book, 'series')).toContain('La Lanterne (diese Geschichte)');
    expect(pageText(book, 'summary')).toContain('Status: In Arbeit');
  });

  it('still knows the English end marks, and not another language\'s', async () => {
    const english = folder({ 'book.yaml': 'title: T\nlanguage: de\n', '01.md': 'Text.\n\nThe End\n' });
    const last = (await loadBook(english)).book.chapters[0].blocks.at(-1);
    expect(last?.kind === 'paragraph' && last.role).toBe('end-mark');
    const russian = folder({ 'book.yaml': 'title: T\nlanguage: de\n', '01.md': 'Text.\n\nКонец\n' });
    const notEnd = (await loadBook(russian)).book.chapters[0].blocks.at(-1);
    expect(notEnd?.kind === 'paragraph' && notEnd.role).toBeFalsy();
  });
});

describe('other scripts', () => {
  it.each([
    ['ru', '«Он сказал „нет“.»', 'Конец'],
    ['ja', '「Он сказал 『нет』.」', '終わり'],
    ['zh', '“Он сказал ‘нет’.”', '完'],
    ['zh-Hant', '「Он сказал 『нет』.」', '完'],
    ['ar', '«Он сказал ”нет“.»', 'النهاية'],
    ['he', '”Он сказал ’нет‘.“', 'סוף'],
  ])('%s: its quotation marks in the text and its end mark', async (lang, quoted, end) => {
    const dir = folder({ 'book.yaml': `title: T\nlanguage: ${lang}\n`, '01.md': `"Он сказал 'нет'."\n\n${end}\n` });
    const { book } = await loadBook(dir);
    const [para, mark] = book.chapters[0].blocks;
    expect(para.kind === 'paragraph' && blocksText([para])).toBe(quoted);
    expect(mark.kind === 'paragraph' && mark.role).toBe('end-mark');
  });

  it('English is unchanged', async () => {
    const dir = folder({ 'book.yaml': 'title: T\nauthor: [A, B, C]\n', '01.md': '"She said \'no\'," he wrote.\n' });
    const { book } = await loadBook(dir);
    expect(blocksText(book.chapters[0].blocks)).toBe('“She said ‘no’,” he wrote.');
    expect(pageText(book, 'titlepage')).toContain('by A, B and C');
  });
});

describe('a book\'s own locale file', () => {
  it('names a misspelt term with its line and the term it meant', async () => {
    const dir = folder({
      'book.yaml': 'title: T\nlanguage: fr\n',
      '01.md': 'Texte.\n',
      'templates/locale/fr.yaml': 'terms:\n  chapter: "Chap. {number}"\n  bylne: "de {authors}"\n',
    });
    await expect(loadBook(dir)).rejects.toThrow(/fr\.yaml:3:\d+: unknown term `bylne`[\s\S]*did you mean `byline`/);
  });
});
