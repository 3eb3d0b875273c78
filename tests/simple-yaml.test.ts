// The reader of plain YAML (src/metadata/simple-yaml.ts) must give, for every file it takes, the value and
// the positions the `yaml` package gives (yaml-file.ts readYaml), and leave every other file to the package.
// Generated files mix what book.yaml and series.yaml hold with the corners of YAML: texts that read as
// numbers, true or null, comments, quotes, blocks with blank lines, lists as items or in brackets, groups
// of keys in lists, duplicate keys, deeper lines that continue a value, CRLF and a missing last line break.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { isMap } from 'yaml';
import { expect, test } from 'vitest';
import { readSimpleYaml } from '../src/metadata/simple-yaml.js';
import { readYaml } from '../src/metadata/yaml-file.js';
import { filesUnder } from './helpers/files-under.js';

const ROOT = join(import.meta.dirname, '..');

// Texts an author writes, and the corners: texts that read as other values, indicators, quotes, colons.
const plainTexts = ['Harbour Lights', 'The Night Ferry', 'Ghost story', "it's", 'Tess "T" Calloway', 'é ü 漢字 🙂', '—dash', 'a  b', 'C#', 'x#y', 'http://example.org/a', '2026-10-31'];
const cornerTexts = [
  'true', 'False', 'TRUE', 'null', 'Null', '~', 'yes', 'no', '1', '0', '01', '12', '007', '-3', '+4', '1.5', '1.', '.5', '1e3', '.inf', '-.Inf', '.NaN', '0x1F', '0o7',
  '123456789012345', '1234567890123456', 'a: b', 'a:b', 'x:', 'a #b', 'a,b', '[x]', '{x}', '-x', '- x', '*star', '&anchor', '!tag', '%p', '@at', '`tick',
  '? q', 'Rated: teen', 'x\u00a0', '\u00a0x', '\u2003x', 'a\u2028b', 'x\u3000', 'a\u0085b', '|', '>', "'", '"', 'trailing ', ' leading', 'back\\slash', "two''quotes", '',
];
const text = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...plainTexts) }, { weight: 1, arbitrary: fc.constantFrom(...cornerTexts) });
const comment = fc.constantFrom('', '', '', '', '', '', ' # a note', '  #x', '#x', ' #');

/** A one-line value: plain, quoted or a list in brackets. */
const oneLine = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 2, arbitrary: text.map((t) => `"${t}"`) },
  { weight: 2, arbitrary: text.map((t) => `'${t.replace(/'/g, "''")}'`) },
  { weight: 1, arbitrary: text.map((t) => `'${t}`) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.array(fc.oneof(text, text.map((t) => `"${t}"`), text.map((t) => `'${t.replace(/'/g, "''")}'`)), { maxLength: 4 }), fc.constantFrom(', ', ',', ' , '), fc.constantFrom('', ' ', ','))
      .map(([items, separator, end]) => `[${items.join(separator)}${end}]`),
  },
);

const blockLine = fc.constantFrom('A line of the summary.', 'another line ', '', '', '# not a comment', 'key: value', '  more indented', '"quoted"', 'last');

/** A folded or literal block under a key at `indent`. */
const block = (indent: number) =>
  fc
    .tuple(fc.oneof({ weight: 8, arbitrary: fc.constantFrom('>', '>-', '|', '|-', '>-  ') }, { weight: 1, arbitrary: fc.constantFrom('>+', '|2', '> # c') }), fc.integer({ min: indent + 1, max: indent + 4 }), fc.array(blockLine, { minLength: 1, maxLength: 5 }), fc.constantFrom('', '\n', '\n   \n'))
    .map(([header, at, lines, after]) => `${header}\n${lines.map((l) => (l === '' ? '' : ' '.repeat(at) + l)).join('\n')}\n${after}`);

const key = fc.oneof(
  { weight: 60, arbitrary: fc.constantFrom('title', 'author', 'summary', 'tags', 'series', 'name', 'number', 'notes', 'before', 'after', 'end-notes', 'x_1', 'Title', 'rating', 'status', 'language', 'path', 'works', 'cover', 'rights') },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'a key', '"quoted"', 'k :', 'null', 'Null', 'NULL', 'true', 'False', 'TRUE', 'y', 'n', 'on', 'NaN') },
);
const blank = fc.constantFrom('', '', '   ', '# a comment', '  # indented comment');

/** Lines of a mapping at `indent`, `depth` levels of groups deep at most. */
function mapping(indent: number, depth: number): fc.Arbitrary<string> {
  const pad = ' '.repeat(indent);
  const entry = (k: string): fc.Arbitrary<string> =>
    fc.oneof(
      { weight: 5, arbitrary: fc.tuple(oneLine, comment).map(([v, c]) => `${pad}${k}: ${v}${c}\n`) },
      { weight: 2, arbitrary: block(indent).map((b) => `${pad}${k}: ${b}`) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom(0, 2, 4), fc.array(fc.oneof(text, text.map((t) => `"${t}"`)), { minLength: 1, maxLength: 3 }), comment)
          .map(([deeper, items, c]) => `${pad}${k}:${c}\n${items.map((i) => `${pad}${' '.repeat(deeper)}- ${i}`).join('\n')}\n`),
      },
      { weight: 1, arbitrary: fc.oneof(text.map((t) => `${pad}${k}: ${t}\n${pad}  ${t}\n`), fc.constant(`${pad}${k}:\n`)) },
      ...(depth > 0
        ? [
            { weight: 2, arbitrary: fc.tuple(fc.constantFrom(2, 3, 4), comment).chain(([deeper, c]) => mapping(indent + deeper, depth - 1).map((m) => `${pad}${k}:${c}\n${m}`)) },
            {
              weight: 2,
              arbitrary: fc
                .array(fc.tuple(key, oneLine, fc.option(fc.tuple(key, oneLine))), { minLength: 1, maxLength: 3 })
                .map((items) => `${pad}${k}:\n${items.map(([a, v, more]) => `${pad}  - ${a}: ${v}\n${more && more[0] !== a ? `${pad}    ${more[0]}: ${more[1]}\n` : ''}`).join('')}`),
            },
          ]
        : []),
    );
  // Mostly distinct keys; now and then one repeated, which the package refuses.
  const keys = fc.tuple(fc.uniqueArray(key, { minLength: 1, maxLength: 5 }), fc.nat(30)).map(([ks, dup]) => (dup === 0 ? [...ks, ks[0]] : ks));
  return keys.chain((ks) => fc.tuple(...ks.map((k) => fc.tuple(fc.array(blank, { maxLength: 2 }), entry(k))))).map((entries) => entries.map(([b, e]) => b.map((l) => `${l}\n`).join('') + e).join(''));
}

const document = fc
  .tuple(mapping(0, 2), fc.boolean(), fc.constantFrom('', '', '---\n', '# heading comment\n'), fc.boolean())
  .map(([body, crlf, start, lastBreak]) => {
    const s = start + (lastBreak ? body : body.replace(/\n$/, ''));
    return crlf ? s.replace(/\n/g, '\r\n') : s;
  });

/** Every path in a value, and below each a key and an index that are not there. */
function paths(value: unknown, prefix: PropertyKey[] = []): PropertyKey[][] {
  const out: PropertyKey[][] = [prefix, [...prefix, 'missing'], [...prefix, 7]];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i]), [...prefix, String(i)]));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

/** Whether the simple reader takes `source`; when it does, that it agrees with the package. */
function agrees(source: string): boolean {
  const simple = readSimpleYaml(source);
  if (!simple) return false;
  const full = readYaml(source);
  expect(full.doc.errors.map((e) => e.message), source).toEqual([]);
  expect(isMap(full.doc.contents), source).toBe(true);
  const value = full.doc.toJS();
  expect(simple.value, source).toStrictEqual(value);
  for (const path of paths(value)) expect(simple.locate(path), `${JSON.stringify(path)} in ${JSON.stringify(source)}`).toEqual(full.locate(path));
  return true;
}

test('a generated file the simple reader takes reads as the yaml package reads it, values and positions', () => {
  let taken = 0;
  let runs = 0;
  fc.assert(
    fc.property(document, (source) => {
      runs++;
      if (agrees(source)) taken++;
    }),
    { numRuns: 3000, seed: 20261207 },
  );
  // The grammar is made to be taken often enough that the comparison means something.
  expect(taken / runs).toBeGreaterThan(0.1);
});

test('the sample, the fixtures and the locale files read as the package reads them, and all but one are taken', () => {
  const files = [...filesUnder(join(ROOT, 'manuscript'), '.yaml'), ...filesUnder(join(ROOT, 'tests', 'fixtures'), '.yaml'), ...filesUnder(join(ROOT, 'templates', 'locale'), '.yaml')];
  const declined = files.filter((file) => !agrees(readFileSync(file, 'utf8'))).map((file) => file.slice(ROOT.length + 1));
  expect(files.length).toBeGreaterThan(20);
  // English's quotation marks are written with \u escapes, which the package reads.
  expect(declined).toEqual(['templates/locale/en.yaml']);
});

test('what an author writes in book.yaml and series.yaml is taken', () => {
  const book = [
    'title: "A One-Shot"',
    'author: A Writer',
    'language: en-GB',
    'summary: >-',
    '  Two lines of summary, with "quotes" and it\'s,',
    '  and a second line.',
    '',
    '  A second paragraph.',
    'tags: [Found family, Autumn, "Rated: teen"]',
    'fandoms:',
    '  - Harbour Lights',
    '  - Other Fandom # a comment',
    'published: 2026-10-31',
    'series:',
    '  name: Bench Shorts',
    '  number: 2',
    'notes:',
    '  before: |',
    '    A literal note.',
    '    Two lines.',
    '',
  ].join('\n');
  const series = ['name: The Cycle', 'works:', '  - title: "Novel 1"', '    path: novel-1', '  - title: Novel 2', ''].join('\n');
  for (const source of [book, series, book.replace(/\n/g, '\r\n')]) expect(agrees(source), source).toBe(true);
  expect(readSimpleYaml(book)?.value).toMatchObject({ title: 'A One-Shot', series: { name: 'Bench Shorts', number: 2 }, published: '2026-10-31', tags: ['Found family', 'Autumn', 'Rated: teen'] });
});

test('corners that once read differently agree with the package, taken or left to it', () => {
  const corners = [
    'a: x\u00a0\n', 'a: "x"\u00a0\n', 'a: [x\u00a0, y]\n', 'a: x\u3000\n', 'a: x\u2028y\n', 'a: x\u0085y\n',
    'null: x\n', 'Null: x\n', 'True: x\n', 'False: x\n', 'a:\n  null: 1\n  TRUE: 2\n', 'y: x\n', 'on: x\n',
    'a: x\n b\n', 'a: >-\u00a0\n  x\n', 'a:\n-\n', 'a:\n  -\n', 'a:\n- \n', 'a:\n- x\n-\n', "a: 'x\ny'\n", 'a: "x', 'a: >-\n  x\n\n\n  y\n', 'a: |\n  x\n   y\n', 'a: x # c\n  # deeper comment\nb: y\n',
  ];
  for (const source of corners) agrees(source);
});
