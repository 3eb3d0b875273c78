// A grammar of manuscripts for property tests: the Markdown and metadata an author (or a paste from the
// web) might really produce, and the corners that break naive tools.
import fc from 'fast-check';

const words = fc.constantFrom(
  'the', 'ferry', 'night', 'said', 'she', 'harbour', 'lamp', 'don’t', "don't", 'rock’n’roll', "'tis", 'o’clock',
  // right-to-left, combining marks, emoji with joiners and modifiers, CJK, scripts a Latin font lacks
  'שלום', 'مرحبا', 'עברית‎', 'e\u0301', 'Z\u0324\u0354\u0367\u0311', 'n\u0303o', '👩‍👩‍👧', '👍🏽', '🇳🇴', '漢字', 'かな', 'Ελληνικά', 'Кириллица', 'ᚠᚢᚦ', '𝔉𝔯𝔞𝔨𝔱𝔲𝔯', '\u{1F600}',
  // invisible and odd spaces, joiners, marks
  '\u00a0', '\u200b', '\u200d', '\u2028', '\u202e', '\ufeff', '\u00ad',
);

const punctuation = fc.constantFrom(
  '"', "'", '“', '”', '‘', '’', '«', '»', '„', '‚', '‹', '›', '「', '」', '『', '』', '`', '´',
  '--', '---', '—', '–', '...', '…', '!', '?', ',', '.', ';', ':', '(', ')', '[', ']', '{', '}', '*', '_', '~', '#', '|', '\\', '&', '%',
);

const htmlLooking = fc.constantFrom(
  // (No <img src>: a missing or remote image is refused, as tests/hostile-inputs checks, and would refuse too many cases.)
  '<b>', '</i>', '<em>x</em>', '<script>alert(1)</script>', '<img onerror="alert(1)" alt="alt text">', '<a href="javascript:alert(1)">x</a>',
  '<span onclick="x()">', '<!-- c -->', '<![CDATA[x]]>', ']]>', '-->', '<!--', '<?xml ?>', '&amp;', '&nbsp;', '&#0;', '&#x110000;', '&#xD800;',
  '&bogus;', '&lt;', '<div>', '</div>', '<br>', '<hr/>', '<iframe src=x>', '<style>*{}</style>', '<x-md-leaf data-n="0">', '<<>>', '< b >',
);

const escapes = fc.constantFrom('\\*', '\\_', '\\"', "\\'", '\\\\', '\\#', '\\[', '\\<', '\\`');

const longWord = fc.string({ unit: fc.constantFrom('a', 'b', 'é', 'ß', 'x', '-'), minLength: 60, maxLength: 600 });

const footnoteRef = fc.integer({ min: 1, max: 4 }).map((n) => `[^${n}]`);

const links = fc.constantFrom(
  '[the site](https://example.org/a?b=1&c="d")', '[mail](mailto:a@example.org)', '[js](javascript:alert(1))', '[rel](other.md)', '[in](#fn1)',
  '<https://example.org/auto>', '[data](data:text/html,<script>x</script>)',
);

const atom = fc.oneof(
  { weight: 12, arbitrary: words },
  { weight: 5, arbitrary: punctuation },
  { weight: 2, arbitrary: htmlLooking },
  { weight: 1, arbitrary: escapes },
  { weight: 1, arbitrary: longWord },
  { weight: 1, arbitrary: footnoteRef },
  { weight: 1, arbitrary: links },
);

const { inline } = fc.letrec<{ inline: string }>((tie) => ({
  inline: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.array(atom, { minLength: 1, maxLength: 12 }).map((a) => a.join(' ')),
    fc.array(atom, { minLength: 1, maxLength: 6 }).map((a) => a.join('')),
    fc.tuple(fc.constantFrom('*', '_', '**', '__', '***', '`'), tie('inline')).map(([m, s]) => `${m}${s}${m}`),
    // Unbalanced and interleaved markers.
    fc.tuple(tie('inline'), tie('inline')).map(([a, b]) => `*${a} **${b}* more**`),
    fc.tuple(fc.constantFrom('"', '“', "'", '‘', '«', '„'), tie('inline'), fc.constantFrom('"', '”', "'", '’', '»', '“', '')).map(([o, s, c]) => `${o}${s}${c}`),
    fc.tuple(tie('inline'), tie('inline')).map(([a, b]) => `${a}  \n${b}`),
  ),
}));

const paragraph = fc.array(inline, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(' '));

const block: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: paragraph },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 6 }), inline).map(([n, s]) => `${'#'.repeat(n)} ${s}`) },
  { weight: 1, arbitrary: inline.map((s) => `${s}\n${'='.repeat(3)}`) },
  { weight: 2, arbitrary: paragraph.map((s) => `> ${s}\n>\n> > # ${s.slice(0, 20)}`) },
  { weight: 2, arbitrary: fc.array(paragraph, { minLength: 1, maxLength: 4 }).map((items) => items.map((s, i) => (i % 2 ? `1. ${s}` : `- ${s}`)).join('\n')) },
  { weight: 1, arbitrary: inline.map((s) => `- # ${s}\n  - nested *${s.slice(0, 10)}*`) },
  { weight: 2, arbitrary: fc.constantFrom('***', '* * *', '---', '___', '~~~', '   ***', '#', '*', '-', '>', '1.') },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 4 }), paragraph).map(([n, s]) => `[^${n}]: ${s}`) },
  { weight: 1, arbitrary: paragraph.map((s) => '```\n' + s + '\n```') },
  { weight: 1, arbitrary: paragraph.map((s) => `<div onclick="x()">\n<p>${s}</p><script>alert(1)</script>\n</div>`) },
  { weight: 1, arbitrary: fc.constantFrom('The End', 'Fin.', '~ THE END ~') },
);

/** One chapter file's Markdown. */
export const chapterMarkdown = fc
  .tuple(fc.option(inline, { nil: undefined }), fc.array(block, { minLength: 0, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([title, blocks, eol, bom]) => {
    const text = [title !== undefined ? `# ${title}` : undefined, ...blocks].filter((b) => b !== undefined).join('\n\n');
    return (bom ? '\uFEFF' : '') + text.split('\n').join(eol) + eol;
  });

/** A YAML double-quoted scalar: JSON's escapes are YAML's. */
const yamlString = (s: string) => JSON.stringify(s);

const metaText = fc.oneof(words, inline, htmlLooking).filter((s) => s.trim().length > 0);

export interface GeneratedBook {
  files: Record<string, string>;
  allowHtml: boolean;
}

export const book: fc.Arbitrary<GeneratedBook> = fc
  .record({
    title: metaText,
    authors: fc.array(metaText, { maxLength: 3 }),
    summary: fc.option(paragraph, { nil: undefined }),
    language: fc.constantFrom('en', 'he', 'ar', 'ja', 'de-CH', 'pt-BR'),
    tags: fc.array(metaText, { maxLength: 3 }),
    series: fc.option(fc.tuple(metaText, fc.integer({ min: 1, max: 9 })), { nil: undefined }),
    allowHtml: fc.boolean(),
    chapters: fc.array(chapterMarkdown, { minLength: 1, maxLength: 4 }),
  })
  .map((b) => {
    const yaml = [
      `title: ${yamlString(b.title)}`,
      b.authors.length > 0 ? `author: [${b.authors.map(yamlString).join(', ')}]` : undefined,
      b.summary !== undefined ? `summary: ${yamlString(b.summary)}` : undefined,
      `language: ${b.language}`,
      b.tags.length > 0 ? `tags: [${b.tags.map(yamlString).join(', ')}]` : undefined,
      b.series ? `series:\n  name: ${yamlString(b.series[0])}\n  number: ${b.series[1]}` : undefined,
      b.allowHtml ? 'allow-html: true' : undefined,
    ]
      .filter((l) => l !== undefined)
      .join('\n');
    const files: Record<string, string> = { 'book.yaml': yaml + '\n' };
    b.chapters.forEach((text, i) => (files[`${i + 1}-chapter.md`] = text));
    return { files, allowHtml: b.allowHtml };
  });
