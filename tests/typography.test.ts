import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookMeta } from './helpers/book-meta.js';
import { parseMarkdown } from '../src/manuscript/markdown.js';
import type { Block, BookDraft, Inline } from '../src/model/book.js';
import { loadLocale } from '../src/locale/load.js';
import { applyTypography, typesetBlocks, typesetString, type TypographyOptions } from '../src/typography/index.js';
import { urlRanges } from '../src/typography/urls.js';

/** Markdown → blocks → typography → text again, with `*…*` for emphasis, `**…**` strong, `` `…` `` code. */
function render(inlines: Inline[]): string {
  return inlines
    .map((node) => {
      switch (node.kind) {
        case 'text':
          return node.text;
        case 'emphasis':
          return `*${render(node.children)}*`;
        case 'strong':
          return `**${render(node.children)}**`;
        case 'code':
          return `\`${node.text}\``;
        case 'link':
          return `[${render(node.children)}](${node.href})`;
        case 'footnoteRef':
          return `[^${node.number}]`;
        case 'lineBreak':
          return '\n';
        case 'image':
          return `![${node.alt}]`;
      }
    })
    .join('');
}

function paragraphs(blocks: Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'paragraph' || b.kind === 'heading') out.push(render(b.children));
    else if (b.kind === 'blockquote') out.push(...paragraphs(b.children));
    else if (b.kind === 'list') for (const item of b.items) out.push(...paragraphs(item));
  }
  return out;
}

function typeset(markdown: string, options?: TypographyOptions): string {
  const { blocks } = parseMarkdown(markdown, { file: 'chapter.md' });
  typesetBlocks(blocks, options);
  return paragraphs(blocks).join('\n\n');
}

// [what the author typed, what the book shows]
const doubleQuotes: [string, string][] = [
  ['"Hello," she said.', '“Hello,” she said.'],
  ['She said "yes" and left.', 'She said “yes” and left.'],
  ['"*No*," she said.', '“*No*,” she said.'],
  ['"**Stop**!" he shouted.', '“**Stop**!” he shouted.'],
  ['The word "*fine*" again.', 'The word “*fine*” again.'],
  ['*"Why?"* she asked.', '*“Why?”* she asked.'],
  ['"Yes?"', '“Yes?”'],
  ['("Quoted")', '(“Quoted”)'],
  ['"Wait--" "...and then"', '“Wait—” “…and then”'],
  ['"I--" he began.', '“I—” he began.'],
  ['He paused--"Go on."', 'He paused—“Go on.”'],
  ['"Really!"--she laughed--"you did?"', '“Really!”—she laughed—“you did?”'],
  ['"Well..." she said.', '“Well…” she said.'],
  ['"...and that was all."', '“…and that was all.”'],
  ['"Don\'t," he said, "touch that."', '“Don’t,” he said, “touch that.”'],
  ['He read "*The Hobbit*".', 'He read “*The Hobbit*”.'],
  ['She said:"Go."', 'She said:“Go.”'],
  // A hair space between marks, as some books set them, is looked through.
  ['"\u200a\'Hello,\' he said."', '“\u200a‘Hello,’ he said.”'],
];

const nestedQuotes: [string, string][] = [
  ['"She said \'no.\'"', '“She said ‘no.’”'],
  ['"He said, \'no.\'"', '“He said, ‘no.’”'],
  ['"\'Hello,\' I said to him, \'how are you?\'"', '“‘Hello,’ I said to him, ‘how are you?’”'],
  ['"A \'creature\' is what she called it."', '“A ‘creature’ is what she called it.”'],
  ['"\'Hush,\' says she. \'\'E\'s asleep.\'"', '“‘Hush,’ says she. ‘’E’s asleep.’”'],
  ['"\'Give \'em back,\' she said."', '“‘Give ’em back,’ she said.”'],
  ['"\'I ain\'t done nothin\', sir,\' he said."', '“‘I ain’t done nothin’, sir,’ he said.”'],
  ['"\'Hawk, ol\' fren\', listen,\' you said, \'an\' I will.\'"', '“‘Hawk, ol’ fren’, listen,’ you said, ‘an’ I will.’”'],
  ["'Single quoted speech,' he said.", '‘Single quoted speech,’ he said.'],
  ["'Go to the Jameses' house,' she said.", '‘Go to the Jameses’ house,’ she said.'],
  ["She said--'no'--and left.", 'She said—‘no’—and left.'],
  ['"I \'ad it. \'Yes,\' he says."', '“I ’ad it. ‘Yes,’ he says.”'],
  ["So the 'experts' say.", 'So the ‘experts’ say.'],
  ['"\'Tis true," he said.', '“’Tis true,” he said.'],
  ['"\'Ve\' well,\' I said. \'Right,\' I said."', '“‘Ve’ well,’ I said. ‘Right,’ I said.”'],
];

const apostrophes: [string, string][] = [
  ["don't", 'don’t'],
  ["gov'ment", 'gov’ment'],
  ["It's five o'clock.", 'It’s five o’clock.'],
  ["I ain't done nothin'.", 'I ain’t done nothin’.'],
  ["the Smiths' house", 'the Smiths’ house'],
  ["It was Jones'.", 'It was Jones’.'],
  ["rock 'n' roll", 'rock ’n’ roll'],
  ["Give 'em hell.", 'Give ’em hell.'],
  ["'Tis the season.", '’Tis the season.'],
  ["'twas brillig", '’twas brillig'],
  ["'Twas the night.", '’Twas the night.'],
  ["It's 'cause I said so.", 'It’s ’cause I said so.'],
  ["What's it 'bout?", 'What’s it ’bout?'],
  ["Come 'round later.", 'Come ’round later.'],
  ["Wait 'til dawn.", 'Wait ’til dawn.'],
  ["Back in the '90s.", 'Back in the ’90s.'],
  ["The summer of '69 was hot.", 'The summer of ’69 was hot.'],
  ["The 'Ship wars again.", 'The ’Ship wars again.'],
  ["That's a whole 'nother thing.", 'That’s a whole ’nother thing.'],
  ["the 1990's", 'the 1990’s'],
  ['"Where\'s \'Arry?"', '“Where’s ’Arry?”'],
  ['"I was \'ungry, I was," he said.', '“I was ’ungry, I was,” he said.'],
  ['"\'Round the back," he said.', '“’Round the back,” he said.'],
  ['"\'St!" he whispered.', '“’St!” he whispered.'],
  ["Then 'Vantage in. Deuce. 'Vantage out.", 'Then ’Vantage in. Deuce. ’Vantage out.'],
  ['"Where \'e sits, paying no \'eed to the missis\' calls."', '“Where ’e sits, paying no ’eed to the missis’ calls.”'],
  // Typed as a quote that begins with "Cause": the closing mark pairs with it.
  ["'Cause I said so,' she said.", '‘Cause I said so,’ she said.'],
];

const dashesAndEllipses: [string, string][] = [
  ['word--word', 'word—word'],
  ['word -- word', 'word—word'],
  ['word---word', 'word—word'],
  ['word --- word', 'word—word'],
  ['pages 1--5', 'pages 1–5'],
  ['"Wait --"', '“Wait—”'],
  ['---- stays', '---- stays'],
  ['a well-known fact', 'a well-known fact'],
  ['Nine, ten...', 'Nine, ten…'],
  ['I wonder. . .', 'I wonder…'],
  ['It ended....', 'It ended.…'],
  ['It ended. . . .', 'It ended.…'],
];

const pandocDashes: [string, string][] = [
  ['word--word', 'word–word'],
  ['word---word', 'word—word'],
  ['a -- b', 'a – b'],
  ['pages 1--5', 'pages 1–5'],
];

const tables: [string, [string, string][], TypographyOptions | undefined][] = [
  ['double quotes', doubleQuotes, undefined],
  ['nested quotes', nestedQuotes, undefined],
  ['apostrophes', apostrophes, undefined],
  ['dashes and ellipses (fiction)', dashesAndEllipses, undefined],
  ['dashes (pandoc convention)', pandocDashes, { dashes: 'pandoc' }],
];

for (const [name, table, options] of tables) {
  describe(name, () => {
    it.each(table)('%s', (input, expected) => {
      expect(typeset(input, options)).toBe(expected);
    });
  });
}

describe('speech over several paragraphs', () => {
  it('opens every paragraph and closes only the last', () => {
    const md = '"It began in spring.\n\n"Then summer came.\n\n"And that was all," she said.';
    expect(typeset(md)).toBe('“It began in spring.\n\n“Then summer came.\n\n“And that was all,” she said.');
  });

  it('continues after a dialogue tag in the first paragraph', () => {
    const md = '"I went," he said, "to the town.\n\n"Then I came back."';
    expect(typeset(md)).toBe('“I went,” he said, “to the town.\n\n“Then I came back.”');
  });

  it('closes the open speech with a mark the next paragraph starts with', () => {
    const md = '"It began in spring.\n\n" was all she wrote.';
    expect(typeset(md)).toBe('“It began in spring.\n\n” was all she wrote.');
  });

  it('runs a quote inside the speech on too', () => {
    const md = '"\'Well,\' said he, \'I have a job for you.\n\n"\'It is this.\'"';
    expect(typeset(md)).toBe('“‘Well,’ said he, ‘I have a job for you.\n\n“‘It is this.’”');
  });

  it('does not take a possessive after a blank for a quote in a speech that runs on', () => {
    expect(typeset('"He joins General ⸻\'s regiment.\n\n"Then home."')).toBe(
      '“He joins General ⸻’s regiment.\n\n“Then home.”',
    );
  });

  it('runs on in single quotes too', () => {
    const md = "'Come here,' he said, 'and look at this.\n\n'It is the last one.'";
    expect(typeset(md)).toBe('‘Come here,’ he said, ‘and look at this.\n\n‘It is the last one.’');
  });
});

describe('text the pass never touches', () => {
  it('leaves code spans alone and curls around them', () => {
    expect(typeset('Type `"x" -- \'y\'...` and "y".')).toBe('Type `"x" -- \'y\'...` and “y”.');
  });

  it('curls a quote around a code span', () => {
    expect(typeset('"`ls`" lists files.')).toBe('“`ls`” lists files.');
  });

  it('leaves escaped marks straight', () => {
    expect(typeset('He typed \\"straight\\" marks and \\\'one\\\' more.')).toBe(
      'He typed "straight" marks and \'one\' more.',
    );
  });

  it('leaves URLs in text as written', () => {
    expect(typeset('See http://example.com/a--b...c for "more".')).toBe(
      'See http://example.com/a--b...c for “more”.',
    );
  });

  it('finds every URL-like span the full expression finds, whatever text surrounds it', () => {
    // urlRanges runs its expression only on text with `://`, `www.`, `mailto:` or `@` in it.
    const full = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:)[^\s<>"'\u201c\u201d\u2018\u2019]*[^\s<>"'\u201c\u201d\u2018\u2019.,;:!?)\]]|\b[\w.+-]+@[\w-]+\.[\w.-]*\w/gi;
    const unit = fc.constantFrom('a', 'w', 'www.', 'http', ':', '/', '//', '@', '.', ' ', 'x.y', 'mailto', '"', '-', 'é');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }).map((u) => u.join('')), (text) => {
        const expected = [...text.matchAll(full)].flatMap((m) => [m.index, m.index + m[0].length]);
        expect(urlRanges(text)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
    expect(urlRanges('Ratio 3:2, at 10:30: no address here')).toEqual([]);
    expect(urlRanges('see www.example.com. Or write to a@b.example')).toEqual([4, 19, 33, 44]);
  });

  it('leaves link targets alone and sets link text', () => {
    expect(typeset('[a "link" -- here](http://example.com/it\'s--x)')).toBe(
      '[a “link”—here](http://example.com/it\'s--x)',
    );
  });

  it('reads a footnote reference as part of the word before a quote', () => {
    const md = '"Quoted."[^1] He read "it"[^1] twice.\n\n[^1]: A "note" -- with \'90s dashes...\n';
    const { blocks, footnotes } = parseMarkdown(md, { file: 'n.md' });
    typesetBlocks(blocks);
    typesetBlocks(footnotes[0].blocks);
    expect(paragraphs(blocks)[0]).toBe('“Quoted.”[^1] He read “it”[^1] twice.');
    expect(paragraphs(footnotes[0].blocks)[0]).toBe('A “note”—with ’90s dashes…');
  });

  it('takes a hard line break as a space', () => {
    expect(typeset('"First line,\\\n"second line."')).toBe('“First line,\n“second line.”');
  });

  it('leaves code blocks alone', () => {
    const { blocks } = parseMarkdown('```\n"x" -- y...\n```\n', { file: 'c.md' });
    typesetBlocks(blocks);
    expect(blocks[0]).toEqual({ kind: 'codeBlock', text: '"x" -- y...' });
  });
});

describe('undecidable quotes', () => {
  it('stay straight and are reported with file and line', () => {
    const { blocks } = parseMarkdown('# One\n\nFine "here".\n\nShe drew a " on the page.\n', { file: 'ch1.md' });
    const diagnostics = typesetBlocks(blocks);
    expect(paragraphs(blocks)[2]).toBe('She drew a " on the page.');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', file: 'ch1.md', line: 5 });
    expect(diagnostics[0].message).toContain('a " on the');
  });

  it('report a lone single mark between spaces', () => {
    const { blocks } = parseMarkdown('The \' mark.', { file: 'ch2.md' });
    const diagnostics = typesetBlocks(blocks);
    expect(paragraphs(blocks)[0]).toBe("The ' mark.");
    expect(diagnostics).toEqual([expect.objectContaining({ file: 'ch2.md', line: 1, severity: 'warning' })]);
  });

  it('do not arise in ordinary dialogue', () => {
    const { blocks } = parseMarkdown('"Hi," she said. "It\'s \'em again."\n\n\'Tis so.', { file: 'x.md' });
    expect(typesetBlocks(blocks)).toEqual([]);
  });
});

describe('typesetString', () => {
  it('sets a title', () => {
    expect(typesetString('The Boy\'s "Universe" -- Part 2...')).toBe('The Boy’s “Universe”—Part 2…');
  });

  it('is idempotent', () => {
    const once = typesetString('"\'Tis the \'90s," he said -- "rock \'n\' roll..."');
    expect(once).toBe('“’Tis the ’90s,” he said—“rock ’n’ roll…”');
    expect(typesetString(once)).toBe(once);
  });

  it('keeps pandoc dashes when asked', () => {
    expect(typesetString('Part 1 -- The Start', { dashes: 'pandoc' })).toBe('Part 1 – The Start');
  });
});

describe('applyTypography', () => {
  function paragraph(text: string, line: number): Block {
    return { kind: 'paragraph', children: [{ kind: 'text', text }], pos: { file: 'story.md', line } };
  }

  function book(): BookDraft {
    return {
      meta: bookMeta({
        title: 'T',
        authors: ['A'],
        identifier: 'urn:uuid:0',
        summary: [paragraph('A "summary".', 1)],
        disclaimer: [paragraph("They aren't mine.", 1)],
        series: { name: 'S', number: 2, works: [], introduction: [paragraph("It's a series.", 1)] },
      }),
      front: [{ role: 'titlepage', id: 'title', title: 'Title', blocks: [paragraph('By "A"', 1)] }],
      chapters: [
        {
          id: 'chapter-001',
          title: [{ kind: 'text', text: '"Run"--and Hide' }],
          titleText: '"Run"--and Hide',
          source: 'story.md',
          blocks: [paragraph('"Go," she said.', 3), paragraph('A " here.', 5)],
          footnotes: [{ id: 'fn1', number: 1, blocks: [paragraph("The '90s...", 9)] }],
        },
      ],
      back: [{ role: 'notes-after', id: 'after', title: 'Notes', blocks: [paragraph("Thanks, y'all.", 1)] }],
      assets: [],
      print: {},
      locale: loadLocale('en'),
    };
  }

  it('sets chapters, titles, footnotes, pages, summary, disclaimer and the series introduction', () => {
    const b = book();
    const diagnostics = applyTypography(b);
    const text = (blocks: Block[] | undefined) => paragraphs(blocks ?? []).join('|');
    expect(text(b.chapters[0].blocks)).toBe('“Go,” she said.|A " here.');
    expect(render(b.chapters[0].title ?? [])).toBe('“Run”—and Hide');
    expect(b.chapters[0].titleText).toBe('“Run”—and Hide');
    expect(text(b.chapters[0].footnotes[0].blocks)).toBe('The ’90s…');
    expect(text(b.meta.summary)).toBe('A “summary”.');
    expect(text(b.meta.disclaimer)).toBe('They aren’t mine.');
    expect(text(b.meta.series?.introduction)).toBe('It’s a series.');
    expect(text(b.front[0].blocks)).toBe('By “A”');
    expect(text(b.back[0].blocks)).toBe('Thanks, y’all.');
    expect(diagnostics).toEqual([expect.objectContaining({ file: 'story.md', line: 5, severity: 'warning' })]);
  });
});

describe('properties over generated text', () => {
  // A fixed-seed generator: the same strings on every run.
  function* strings(count: number): Generator<string> {
    let seed = 20261124;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pieces = ['a', 'E', 's', 'in', 'em', 'tis', '9', ' ', ' ', '"', "'", '-', '--', '...', '.', ',', '!', '—', '(', ')', '\u200a'];
    for (let n = 0; n < count; n++) {
      let s = '';
      const length = 1 + Math.floor(next() * 16);
      for (let i = 0; i < length; i++) s += pieces[Math.floor(next() * pieces.length)];
      yield s;
    }
  }

  it('changes only quotes, dashes, dots and the spaces around dashes, and is idempotent', () => {
    const skeleton = (s: string) => s.replace(/["'“”‘’\-–—….\s]/g, '');
    for (const s of strings(3000)) {
      const once = typesetString(s);
      expect(skeleton(once)).toBe(skeleton(s));
      expect(typesetString(once)).toBe(once);
    }
  });
});

describe('the book language sets the quotation marks', () => {
  const NNBSP = '\u202f';
  const inLanguage = (lang: string) => ({ locale: loadLocale(lang) });
  const nested = '"She said \'no\' twice," he wrote. It\'s late.';

  it('English is unchanged: “ ” outside, ‘ ’ inside, apostrophes ’', () => {
    expect(typeset(nested, inLanguage('en'))).toBe('“She said ‘no’ twice,” he wrote. It’s late.');
    expect(typeset(nested, inLanguage('en'))).toBe(typeset(nested));
  });

  it.each([
    ['de', '„She said ‚no‘ twice,“ he wrote. It’s late.'],
    ['cs', '„She said ‚no‘ twice,“ he wrote. It’s late.'],
    ['ru', '«She said „no“ twice,» he wrote. It’s late.'],
    ['uk', '«She said „no“ twice,» he wrote. It’s late.'],
    ['pl', '„She said «no» twice,” he wrote. It’s late.'],
    ['es', '«She said “no” twice,» he wrote. It’s late.'],
    ['sv', '”She said ’no’ twice,” he wrote. It’s late.'],
    ['zh', '“She said ‘no’ twice,” he wrote. It’s late.'],
    ['zh-Hant', '「She said 『no』 twice,」 he wrote. It’s late.'],
    ['zh-TW', '「She said 『no』 twice,」 he wrote. It’s late.'],
    ['ja', '「She said 『no』 twice,」 he wrote. It’s late.'],
    ['he', '”She said ’no‘ twice,“ he wrote. It’s late.'],
  ])('%s nests its own pairs and keeps the apostrophe', (lang, expected) => {
    expect(typeset(nested, inLanguage(lang))).toBe(expected);
  });

  it('German: „…“ with ‚…‘ inside, across emphasis', () => {
    expect(typeset('"Er sagte *\'nein\'*," rief sie.', inLanguage('de'))).toBe('„Er sagte *‚nein‘*,“ rief sie.');
  });

  it('Chinese and Japanese: straight quotes between ideographs, no spaces added', () => {
    expect(typeset('他说："你好"。', inLanguage('zh'))).toBe('他说：“你好”。');
    expect(typeset('彼は"こんにちは"と言った。', inLanguage('ja'))).toBe('彼は「こんにちは」と言った。');
    expect(typeset('"你好,\'朋友\'。"', inLanguage('zh-Hant'))).toBe('「你好,『朋友』。」');
  });

  it('French: guillemets with a narrow no-break space inside and before ! ? ; :', () => {
    expect(typeset('"Bonjour!" dit-elle.', inLanguage('fr'))).toBe(`«${NNBSP}Bonjour${NNBSP}!${NNBSP}» dit-elle.`);
    expect(typeset('Il demanda: "Tu viens?" Oui; enfin.', inLanguage('fr'))).toBe(
      `Il demanda${NNBSP}: «${NNBSP}Tu viens${NNBSP}?${NNBSP}» Oui${NNBSP}; enfin.`,
    );
  });

  it('French: typed spaces (ordinary or no-break) become narrow, typed guillemets stay', () => {
    expect(typeset('« Oui » , dit-il ! Et\u00a0? «Non»', inLanguage('fr'))).toBe(
      `«${NNBSP}Oui${NNBSP}» , dit-il${NNBSP}! Et${NNBSP}? «${NNBSP}Non${NNBSP}»`,
    );
    // „ “ typed by the author are not guillemets: kept as they are, with no space added inside.
    expect(typeset('Il lut „Faust“ hier.', inLanguage('fr'))).toBe('Il lut „Faust“ hier.');
  });

  it('French: one space before ?! and none in times, URLs, code or escaped text', () => {
    expect(typeset('Quoi?! À 10:30 ou 9:05? Voir https://example.org/a?b=c:d et `x: y`!', inLanguage('fr'))).toBe(
      `Quoi${NNBSP}?! À 10:30 ou 9:05${NNBSP}? Voir https://example.org/a?b=c:d et \`x: y\`${NNBSP}!`,
    );
    expect(typeset('Ratio 3:2 et mailto:a@b.example', inLanguage('fr'))).toBe('Ratio 3:2 et mailto:a@b.example');
  });

  it('French spacing is idempotent and only adds U+202F', () => {
    const once = typesetString('"Alors?" -- "Oui!" Il est 10:30 ; voilà: fini...', inLanguage('fr'));
    expect(typesetString(once, inLanguage('fr'))).toBe(once);
    expect(once.replaceAll(NNBSP, '')).not.toContain(NNBSP);
    expect(once).toBe(`«${NNBSP}Alors${NNBSP}?${NNBSP}»—«${NNBSP}Oui${NNBSP}!${NNBSP}» Il est 10:30${NNBSP}; voilà${NNBSP}: fini…`);
  });

  it('outside English, a word ending in -in or -s before a quote mark is not taken for an elision', () => {
    expect(typeset('"Elle m\'a dit \'jamais\' hier."', inLanguage('fr'))).toBe(`«${NNBSP}Elle m’a dit “jamais” hier.${NNBSP}»`);
    expect(typeset('"Sag \'nein\', bitte."', inLanguage('de'))).toBe('„Sag ‚nein‘, bitte.“');
    // English keeps its dropped g: `nothin'` is an elision, not the end of a quote.
    expect(typeset("'Well, I ain't seen nothin' yet,' he said.", inLanguage('en'))).toBe('‘Well, I ain’t seen nothin’ yet,’ he said.');
  });

  it('Hebrew: " and \' between two Hebrew letters are gershayim and geresh, not quotation marks', () => {
    expect(typeset('"שירתתי בצה"ל," אמר. ג\'ירפה!', inLanguage('he'))).toBe('”שירתתי בצה״ל,“ אמר. ג׳ירפה!');
  });

  it('no French spacing in other languages', () => {
    expect(typeset('"Hallo!" Wirklich? Ja: gut.', inLanguage('de'))).toBe('„Hallo!“ Wirklich? Ja: gut.');
  });
});

describe('single quotes beside Chinese and Japanese letters', () => {
  // These scripts have no apostrophe: a straight ' touching their letters is an inner quotation mark.
  it('opens and closes 『…』 in Japanese, ‘…’ in Chinese, inside the outer marks', () => {
    const ja = loadLocale('ja');
    const zh = loadLocale('zh');
    expect(typesetString(`"船長が言った、'待っている船は道を見つける'とな。"`, { locale: ja })).toBe('「船長が言った、『待っている船は道を見つける』とな。」');
    expect(typesetString(`"船长常说：'有人等的船，总能找到路。'"`, { locale: zh })).toBe('“船长常说：‘有人等的船，总能找到路。’”');
  });

  it('leaves English apostrophes beside them alone', () => {
    expect(typesetString(`He's reading 東京's map, 'slowly'.`)).toBe('He’s reading 東京’s map, ‘slowly’.');
  });
});

describe('English elisions are English', () => {
  it("opens a French inner quotation on 'Un, which English would read as 'un (one)", () => {
    const fr = loadLocale('fr');
    expect(typesetString(`"Il dit : 'Un bateau qu'on attend trouve son chemin.' Voilà."`, { locale: fr })).toBe('«\u202fIl dit\u202f: “Un bateau qu’on attend trouve son chemin.” Voilà.\u202f»');
    expect(typesetString(`"A good 'un," he said.`)).toBe('“A good ’un,” he said.');
  });
});
