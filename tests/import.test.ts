// The plain-text importer, one pattern at a time, with short inputs written for these tests.
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeWindows1252 } from '../src/import/decode.js';
import { runImport } from '../src/import/index.js';
import { isDividerLine, isEndMark, matchChapterHeading, parseNumber } from '../src/import/patterns.js';
import { matchSeriesLine, parseSeriesValue } from '../src/import/series.js';
import { bookYamlOf, chapterFiles, importText, readMarkdown } from './fixtures/import/helpers.js';

const HEADER = 'Kettle Weather\nby Ash Morrow\n\n';

function storyBlocks(text: string) {
  return chapterFiles(importText(text)).map((f) => readMarkdown(f.content));
}

function paragraphs(text: string): string[] {
  return storyBlocks(text).flat().filter((b) => b.type === 'paragraph').map((b) => (b as { text: string }).text);
}

describe('encodings and line ends', () => {
  const body = 'The kettle sang.\n\n"Tea?" asked Bel.\n';

  it('reads UTF-8 with a byte order mark without keeping the mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(HEADER + body)]);
    const result = importText(bytes);
    expect(result.report.title).toBe('Kettle Weather');
    expect(result.report.encoding).toBe('utf-8-bom');
    expect(result.files.every((f) => !f.content.includes('\ufeff'))).toBe(true);
  });

  it('detects Windows-1252 and keeps curly quotes, dashes and accents', () => {
    // “Café—now,” she said. … in Windows-1252 bytes.
    const story = [0x93, ...Buffer.from('Caf'), 0xe9, 0x97, ...Buffer.from('now,'), 0x94, ...Buffer.from(' she said. '), 0x85];
    const bytes = new Uint8Array([...Buffer.from(HEADER), ...story, 0x0a]);
    const result = importText(bytes);
    expect(result.report.encoding).toBe('windows-1252');
    expect(readMarkdown(chapterFiles(result)[0].content)).toEqual([
      { type: 'paragraph', text: '\u201cCaf\u00e9\u2014now,\u201d she said. \u2026' },
    ]);
  });

  it('reads each line of a UTF-8 file with pasted-in Windows-1252 lines in its own encoding', () => {
    const utf8Line = new TextEncoder().encode('\u201cCaf\u00e9,\u201d she said.\n\n');
    const cp1252Line = [0x93, ...Buffer.from('Na'), 0xef, ...Buffer.from('ve,'), 0x94, ...Buffer.from(' he said.\n')];
    const result = importText(new Uint8Array([...Buffer.from(HEADER), ...utf8Line, ...cp1252Line]));
    expect(result.report.encoding).toBe('mixed');
    const content = chapterFiles(result)[0].content;
    expect(content).toContain('\u201cCaf\u00e9,\u201d she said.');
    expect(content).toContain('\u201cNa\u00efve,\u201d he said.');
  });

  it('maps all 27 defined Windows-1252 high bytes to their Unicode characters', () => {
    expect(decodeWindows1252(new Uint8Array([0x80, 0x8a, 0x91, 0x92, 0x96, 0x99, 0x9f, 0xa0, 0xff]))).toBe('\u20ac\u0160\u2018\u2019\u2013\u2122\u0178\u00a0\u00ff');
  });

  it('removes control characters such as a DOS end-of-file mark, and says so', () => {
    const result = importText(`${HEADER}The kettle\u0007 sang.\n\u001a`);
    expect(paragraphs(`${HEADER}The kettle\u0007 sang.\n\u001a`)).toEqual(['The kettle sang.']);
    expect(result.warnings.map((w) => w.message)).toContain('removed 2 control characters (first: U+0007)');
  });

  it('gives the same book for LF, CRLF and CR line ends', () => {
    const lf = HEADER + body + '\n\n\nMore.\n';
    const results = [lf, lf.replace(/\n/g, '\r\n'), lf.replace(/\n/g, '\r')].map((t) => importText(t));
    expect(results.map((r) => r.report.lineEnds)).toEqual(['lf', 'crlf', 'cr']);
    expect(results[1].files).toEqual(results[0].files);
    expect(results[2].files).toEqual(results[0].files);
  });

  it('drops indentation, tabs and trailing spaces without making code blocks or line breaks', () => {
    const text = HEADER + '\tThe kettle sang.   \n\n        "Tea?"\tasked Bel.  \n';
    // readMarkdown throws on a code block.
    expect(paragraphs(text)).toEqual(['The kettle sang.', '"Tea?" asked Bel.']);
  });
});

describe('paragraph layouts', () => {
  it('takes one paragraph per line when the file has no blank lines between paragraphs', () => {
    const text = 'Kettle Weather\nby Ash Morrow\nThe kettle sang.\n"Tea?" asked Bel.\nNo one answered.\n\nLater, the rain stopped.\nBel drank alone.\n';
    const result = importText(text);
    expect(result.report.layout).toBe('lines');
    expect(result.report.title).toBe('Kettle Weather');
    expect(result.report.authors).toEqual(['Ash Morrow']);
    const blocks = storyBlocks(text).flat();
    expect(blocks).toEqual([
      { type: 'paragraph', text: 'The kettle sang.' },
      { type: 'paragraph', text: '"Tea?" asked Bel.' },
      { type: 'paragraph', text: 'No one answered.' },
      { type: 'hr' },
      { type: 'paragraph', text: 'Later, the rain stopped.' },
      { type: 'paragraph', text: 'Bel drank alone.' },
    ]);
  });

  it('reads a header written without blank lines above a one-paragraph-per-line story', () => {
    const text = 'Kettle Weather\nby Ash Morrow\nRating: G\nSummary: Bel waits out the storm.\nThe kettle sang.\n"Tea?" asked Bel.\nNo one answered.\nThe rain went on.\n';
    const result = importText(text);
    expect(result.report).toMatchObject({ layout: 'lines', title: 'Kettle Weather', authors: ['Ash Morrow'], rating: 'G', summary: 'Bel waits out the storm.' });
    expect(paragraphs(text)).toEqual(['The kettle sang.', '"Tea?" asked Bel.', 'No one answered.', 'The rain went on.']);
  });

  it('joins hard-wrapped lines into one paragraph', () => {
    const wrapped = [
      'The kettle had been singing for a good ten minutes before anyone in the',
      'house thought to take it off the stove, and by then the whole kitchen was',
      'thick with steam and the windows had gone white from the inside out.',
      '',
      'Bel came down the stairs in her socks, grumbling, and found the cat',
      'asleep on the warm tiles beside the range as if nothing were the matter',
      'at all, which for the cat was very probably true on most days anyway.',
      '',
      'She lifted the kettle and poured two cups without asking who the second',
      'was for, because in this house there was always someone who wanted one.',
    ].join('\n');
    const result = importText(HEADER + wrapped + '\n');
    const paras = paragraphs(HEADER + wrapped + '\n');
    expect(paras).toHaveLength(3);
    expect(paras[0]).toBe(wrapped.split('\n').slice(0, 3).join('\n'));
    // Soft line ends: the reader turns them into spaces.
    expect(chapterFiles(result)[0].content).not.toContain('\\\n');
  });

  it('keeps line ends the author typed inside a paragraph as line breaks', () => {
    const text = HEADER + 'She left a note on the table:\n\nGone to the lake.\nBack by dark.\nB.\n\nNobody read it.\n';
    const content = chapterFiles(importText(text))[0].content;
    expect(content).toContain('Gone to the lake.\\\nBack by dark.\\\nB.');
    expect(paragraphs(text)[1]).toBe('Gone to the lake.\nBack by dark.\nB.');
  });

  it('joins a line that stops mid-sentence with the lower-case line under it, even in a short file', () => {
    const text = HEADER + 'Rosa took the long way round because the short way went past\nthe school, and she had promised herself.\n\nShe said:\nCome home.\n';
    const content = chapterFiles(importText(text))[0].content;
    expect(content).toContain('went past\nthe school');
    expect(content).toContain('She said:\\\nCome home.');
  });

  it('starts a paragraph at each indented line of hard-wrapped text without blank lines', () => {
    const lines = [
      '    The kettle had been singing for a good ten minutes before anyone in the',
      'house thought to take it off the stove, and by then the whole kitchen was',
      'thick with steam and the windows had gone white from the inside out.',
      '    Bel came down the stairs in her socks, grumbling, and found the cat',
      'asleep on the warm tiles beside the range as if nothing were the matter',
      'at all, which for the cat was very probably true on most days anyway.',
      '    She lifted the kettle and poured two cups without asking who the second',
      'was for, because in this house there was always someone who wanted one.',
      '    The rain went on, patient and grey, against the glass of the window.',
      'Neither of them minded it much, and the cat minded it least of them all.',
      '    Later, when the cups were empty, Bel washed them and set them to dry on',
      'the rack by the window, one beside the other, the way her mother had.',
    ];
    const text = HEADER + lines.join('\n') + '\n';
    const result = importText(text);
    expect(result.report.layout).toBe('indents');
    expect(paragraphs(text)).toHaveLength(5);
  });

  it('reads paragraphs separated by two blank lines as paragraphs, and a wider gap as a scene break', () => {
    const text = 'Kettle Weather\n\n\nOne.\n\n\nTwo.\n\n\nThree.\n\n\n\n\nFour.\n\n\nFive.\n';
    expect(storyBlocks(text).flat().map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'paragraph', 'hr', 'paragraph', 'paragraph']);
  });
});

describe('scene breaks', () => {
  const dividers = ['* * *', '***', '---', '~~~', 'xXx', 'oOo', '~*~', '#', '-x-', '+++', '- - -', 'XxXxX', '=====', 'o0o', '§', '* ~ *'];
  for (const divider of dividers) {
    it(`takes a line "${divider}" as a scene break`, () => {
      const text = `${HEADER}Before the break.\n\n${divider}\n\nAfter the break.\n`;
      const result = importText(text);
      expect(storyBlocks(text).flat()).toEqual([
        { type: 'paragraph', text: 'Before the break.' },
        { type: 'hr' },
        { type: 'paragraph', text: 'After the break.' },
      ]);
      expect(result.report.sceneBreaks).toBe(1);
    });
  }

  it('drops an archive\'s "Chapter Text" label under a heading', () => {
    expect(storyBlocks(`${HEADER}Chapter 1: Tea\n\nChapter Text\n\nThe kettle sang.\n`)[0]).toEqual([
      { type: 'heading', text: 'Chapter 1: Tea' },
      { type: 'paragraph', text: 'The kettle sang.' },
    ]);
  });

  it('takes two or more blank lines in a row as a scene break', () => {
    const text = `${HEADER}One.\n\nTwo.\n\n\nThree.\n\n\n\nFour.\n`;
    expect(storyBlocks(text).flat().map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'hr', 'paragraph', 'hr', 'paragraph']);
  });

  it('does not take silence, ellipses or short words for dividers', () => {
    for (const line of ['"..."', '...', '…', '?!', 'Oh.', 'OK', 'ox', 'No', '"---"', 'I', 'x']) expect(isDividerLine(line), line).toBe(false);
  });

  it('drops a divider that stands next to a chapter heading', () => {
    const text = `${HEADER}Chapter 1\n\nOne.\n\n* * *\n\nChapter 2\n\n~*~\n\nTwo.\n`;
    const result = importText(text);
    expect(result.report.sceneBreaks).toBe(0);
    expect(storyBlocks(text)).toEqual([
      [{ type: 'heading', text: 'Chapter 1' }, { type: 'paragraph', text: 'One.' }],
      [{ type: 'heading', text: 'Chapter 2' }, { type: 'paragraph', text: 'Two.' }],
    ]);
  });
});

describe('chapters', () => {
  it.each([
    ['Chapter 3', { kind: 'chapter', number: 3 }],
    ['Chapter 3: The Ferry', { kind: 'chapter', number: 3, name: 'The Ferry' }],
    ['Chapter 12 - Lamp Oil', { kind: 'chapter', number: 12, name: 'Lamp Oil' }],
    ['CHAPTER THREE', { kind: 'chapter', number: 3 }],
    ['Chapter Twenty-One', { kind: 'chapter', number: 21 }],
    ['chapter iv.', { kind: 'chapter', number: 4 }],
    ['Part II', { kind: 'part', number: 2 }],
    ['Part Two: Downriver', { kind: 'part', number: 2, name: 'Downriver' }],
    ['Prologue', { kind: 'prologue' }],
    ['EPILOGUE: Spring', { kind: 'epilogue', name: 'Spring' }],
    ['~ Chapter 7 ~', { kind: 'chapter', number: 7, text: 'Chapter 7' }],
    ['== Part III: Home ==', { kind: 'part', number: 3, name: 'Home', text: 'Part III: Home' }],
    ['[Prologue]', { kind: 'prologue', text: 'Prologue' }],
    ['Ch. 4', { kind: 'chapter', number: 4 }],
  ])('recognises %s', (line, expected) => {
    expect(matchChapterHeading(line)).toEqual({ text: line, ...expected });
  });

  it.each(['Chapter 3 was the worst year of her life.', 'Chapters', 'Part of the problem was the rain.', 'Chapter Mix', 'The prologue was long.', 'Parti', 'Part 1 of 3 was the hardest.'])(
    'does not take "%s" for a heading',
    (line) => {
      expect(matchChapterHeading(line)).toBeUndefined();
    },
  );

  it('parses numbers as digits, Roman numerals and words', () => {
    expect([parseNumber('7'), parseNumber('XIV'), parseNumber('ninety-nine'), parseNumber('Twelve'), parseNumber('IIII'), parseNumber('lamp')]).toEqual([7, 14, 99, 12, undefined, undefined]);
  });

  it('writes one file per chapter in reading order, with the heading as written', () => {
    const text = `${HEADER}Prologue\n\nFirst.\n\nChapter 1: The Ferry\n\nSecond.\n\nCHAPTER TWO\n\nThird.\n\nEpilogue\n\nFourth.\n`;
    const result = importText(text);
    const files = chapterFiles(result);
    expect(files.map((f) => f.path)).toEqual(['01-prologue.md', '02-the-ferry.md', '03-chapter-two.md', '04-epilogue.md']);
    expect(files.map((f) => readMarkdown(f.content)[0])).toEqual([
      { type: 'heading', text: 'Prologue' },
      { type: 'heading', text: 'Chapter 1: The Ferry' },
      { type: 'heading', text: 'CHAPTER TWO' },
      { type: 'heading', text: 'Epilogue' },
    ]);
    expect(result.report.chapters).toBe(4);
  });

  it('keeps text before the first heading as an untitled chapter', () => {
    const text = `${HEADER}It began on a Tuesday, the way such things do.\n\nChapter 2\n\nThen it rained.\n`;
    const blocks = storyBlocks(text);
    expect(blocks[0]).toEqual([{ type: 'paragraph', text: 'It began on a Tuesday, the way such things do.' }]);
    expect(blocks[1][0]).toEqual({ type: 'heading', text: 'Chapter 2' });
  });

  it('takes a short line directly under a bare heading as the chapter name', () => {
    const text = `${HEADER}Chapter One\nIn Which the Kettle Sings\n\nIt sang.\n`;
    expect(storyBlocks(text)[0][0]).toEqual({ type: 'heading', text: 'Chapter One: In Which the Kettle Sings' });
  });

  it('splits a heading from text that follows it without a blank line', () => {
    const text = `${HEADER}Chapter 1\nThe kettle sang all morning, and nobody came.\n`;
    expect(storyBlocks(text)[0]).toEqual([
      { type: 'heading', text: 'Chapter 1' },
      { type: 'paragraph', text: 'The kettle sang all morning, and nobody came.' },
    ]);
  });

  it('writes a one-shot as a single untitled chapter named after the book', () => {
    const result = importText(`${HEADER}Only this.\n`);
    expect(chapterFiles(result).map((f) => f.path)).toEqual(['01-kettle-weather.md']);
    expect(readMarkdown(chapterFiles(result)[0].content)).toEqual([{ type: 'paragraph', text: 'Only this.' }]);
  });
});

describe('the header block', () => {
  it('reads fields in any order and capitalisation', () => {
    const text = [
      'RATING: Teen And Up',
      'characters: Bel Hart, Ash Morrow',
      'Pairing: Bel/Ash',
      'WARNINGS: Mild peril, Storms',
      'Fandoms: Kettle Town, Rainy Days',
      'Status: In Progress',
      'Word Count: 1,234',
      'Tags: fluff; tea',
      '',
      'Kettle Weather',
      'Author: Ash Morrow',
      '',
      'DISCLAIMER: The town is not mine.',
      '',
      'summary: Bel waits out the storm.',
      'It takes all night.',
      '',
      'The kettle sang.',
    ].join('\n');
    const result = importText(text);
    const book = bookYamlOf(result);
    expect(book).toMatchObject({
      title: 'Kettle Weather',
      author: 'Ash Morrow',
      rating: 'Teen And Up',
      characters: ['Bel Hart', 'Ash Morrow'],
      relationships: ['Bel/Ash'],
      warnings: ['Mild peril', 'Storms'],
      fandoms: ['Kettle Town', 'Rainy Days'],
      status: 'in-progress',
      tags: ['fluff', 'tea'],
      disclaimer: 'The town is not mine.',
      summary: 'Bel waits out the storm. It takes all night.',
    });
    expect(result.report.statedWordCount).toBe('1,234');
    expect(result.report.words).toBe(3);
    expect(paragraphs(text)).toEqual(['The kettle sang.']);
  });

  it('reads "TITLE: A X/Y Crossover" as title, subtitle and two fandoms', () => {
    const result = importText('Rain on the Ferry: A Kettle Town/Harbour Lights Crossover\n\nThe kettle sang.\n');
    expect(bookYamlOf(result)).toMatchObject({
      title: 'Rain on the Ferry',
      subtitle: 'A Kettle Town/Harbour Lights Crossover',
      fandoms: ['Kettle Town', 'Harbour Lights'],
    });
  });

  it.each([
    ['Title: Rain on the Ferry: A Kettle Town/Harbour Lights Crossover', 'Rain on the Ferry', 'A Kettle Town/Harbour Lights Crossover'],
    ['Rain: The Ferry - An Kettle Town x Harbour Lights crossover', 'Rain: The Ferry', 'An Kettle Town x Harbour Lights crossover'],
    ['Rain on the Ferry (Kettle Town/Harbour Lights Crossover)', 'Rain on the Ferry', 'Kettle Town/Harbour Lights Crossover'],
    ['Rain on the Ferry\nA Kettle Town/Harbour Lights Crossover', 'Rain on the Ferry', 'A Kettle Town/Harbour Lights Crossover'],
  ])('reads the crossover title %j', (line, title, subtitle) => {
    const result = importText(`${line}\n\nThe kettle sang.\n`);
    expect(result.report).toMatchObject({ title, subtitle, fandoms: ['Kettle Town', 'Harbour Lights'] });
  });

  it('takes a second short line under the title as the subtitle', () => {
    const result = importText('Kettle Weather\nA Winter Story\nby Ash Morrow\n\nThe kettle sang.\n');
    expect(result.report).toMatchObject({ title: 'Kettle Weather', subtitle: 'A Winter Story', authors: ['Ash Morrow'] });
  });

  it('says when a first line alone was taken for the title', () => {
    expect(importText('Kettle Weather\n\nThe kettle sang.\n').warnings.map((w) => w.message)).toContain(
      'took the first line, "Kettle Weather", for the title: the file has no other header',
    );
    expect(importText(`${HEADER}The kettle sang.\n`).warnings.map((w) => w.message).join()).not.toContain('took the first line');
  });

  it('takes a title in quotes when header lines stand beside it, and strips the quotes', () => {
    expect(importText('\u201cKettle Weather\u201d\nby Ash Morrow\n\nThe kettle sang.\n').report.title).toBe('Kettle Weather');
    expect(importText('Title: "Kettle Weather"\nAuthor - Ash Morrow\n\nThe kettle sang.\n').report).toMatchObject({ title: 'Kettle Weather', authors: ['Ash Morrow'] });
    // Alone, a quoted line is speech: the story's first paragraph.
    expect(paragraphs('"Run," said Bel.\n\nThe kettle sang.\n')[0]).toBe('"Run," said Bel.');
  });

  it('splits several authors', () => {
    expect(importText('Kettle Weather\nby Ash Morrow & Bel Hart\n\nThe kettle sang.\n').report.authors).toEqual(['Ash Morrow', 'Bel Hart']);
  });

  it('does not take a sentence beginning with "By" for a by-line', () => {
    const result = importText('Kettle Weather\n\nBy the time the kettle sang, Bel was asleep.\n');
    expect(result.report.authors).toEqual([]);
    expect(paragraphs('Kettle Weather\n\nBy the time the kettle sang, Bel was asleep.\n')).toEqual(['By the time the kettle sang, Bel was asleep.']);
  });

  it('takes "Summary:" alone on its line with the paragraph under it', () => {
    const result = importText('Kettle Weather\n\nSummary:\n\nBel waits out the storm.\n\nThe kettle sang.\n');
    expect(result.report.summary).toBe('Bel waits out the storm.');
    expect(paragraphs('Kettle Weather\n\nSummary:\n\nBel waits out the storm.\n\nThe kettle sang.\n')).toEqual(['The kettle sang.']);
  });

  it('keeps unknown fields of a header paragraph in the notes before the story', () => {
    const result = importText('Kettle Weather\nRating: G\nBeta: Sam Reed\n\nThe kettle sang.\n');
    expect(bookYamlOf(result).notes?.before).toBe('Beta: Sam Reed');
  });

  it('converts published and updated dates to the form book.yaml takes, and keeps others as notes', () => {
    const result = importText('Kettle Weather\nPublished: March 4, 2009\nUpdated: 2010-11-02\nCompleted: next spring\n\nThe kettle sang.\n');
    const book = bookYamlOf(result);
    expect(book.published).toBe('2009-03-04');
    expect(book.updated).toBeUndefined();
    expect(book.notes.before).toBe('Updated: next spring');
    expect(result.warnings.some((w) => w.message.includes('next spring'))).toBe(true);
  });

  it('takes the title from the file name when the text has none, and warns', () => {
    const result = importText('"Tea?" asked Bel, and nobody answered her.\n', 'kettle-weather.txt');
    expect(result.report.title).toBe('Kettle weather');
    expect(result.report.titleSource).toBe('file name');
    expect(result.warnings.some((w) => w.message.includes('no title'))).toBe(true);
    expect(paragraphs('"Tea?" asked Bel, and nobody answered her.\n')).toEqual(['"Tea?" asked Bel, and nobody answered her.']);
  });

  it('reads an archive-style header: keys alone on a line with the values under them, and a line of stats', () => {
    const text = [
      'Rating:', '    Teen And Up Audiences', 'Archive Warning:', '    No Archive Warnings Apply', 'Fandom:', '    Kettle Town',
      'Characters:', '    Bel Hart', '    Ned Pike', 'Language:', '    English', 'Series:', '    Part 2 of The Kettle Years',
      'Stats:', '    Published: 2021-04-05 Words: 1,200 Chapters: 2/2 Kudos: 40',
      '', 'The Copper Kettle, by Ash Morrow', '', 'Summary:', '', 'Bel buys a kettle at the fair.', '', 'The fair came once a year.',
    ].join('\n');
    const result = importText(text);
    expect(bookYamlOf(result)).toEqual({
      title: 'The Copper Kettle',
      author: 'Ash Morrow',
      language: 'en',
      series: { name: 'The Kettle Years', number: 2 },
      summary: 'Bel buys a kettle at the fair.',
      fandoms: ['Kettle Town'],
      rating: 'Teen And Up Audiences',
      warnings: ['No Archive Warnings Apply'],
      characters: ['Bel Hart', 'Ned Pike'],
      published: '2021-04-05',
    });
    expect(result.report.statedWordCount).toBe('1,200');
    expect(paragraphs(text)).toEqual(['The fair came once a year.']);
  });

  it('reads a mailing-list post: e-mail lines and unknown fields kept as notes, a long rule under the header', () => {
    const text = [
      'From: finch@example.invalid', 'Subject: [FIC] Harbour Light (1/1)', 'Date: Sat, 14 Mar 2009 10:00:00 -0500', '',
      'TITLE: Harbour Light', 'AUTHOR: Finch', 'SUMMARY: A keeper counts ships. Written for', 'the ficathon.', 'FEEDBACK: Always welcome.', '',
      '-'.repeat(74), '', 'The keeper counted ships.', '', 'END', '', '--', 'Finch',
    ].join('\n');
    const result = importText(text);
    expect(bookYamlOf(result)).toEqual({
      title: 'Harbour Light',
      author: 'Finch',
      summary: 'A keeper counts ships. Written for the ficathon.',
      published: '2009-03-14',
      notes: { before: 'From: finch@example.invalid\n\nSubject: \\[FIC\\] Harbour Light (1/1)\n\nFEEDBACK: Always welcome.', after: 'Finch' },
    });
    expect(paragraphs(text)).toEqual(['The keeper counted ships.', 'END']);
  });

  it('takes further paragraphs of a summary or note that stand before more header lines', () => {
    const text = 'Kettle Weather\n\nSummary: Bel waits out the storm.\n\nIt takes all night.\n\nRating: G\n\nA/N: For my sister.\n\nShe likes tea.\n\nChapter 1\n\nThe kettle sang.\n';
    const result = importText(text);
    expect(result.report.summary).toBe('Bel waits out the storm.\n\nIt takes all night.');
    expect(result.report.notesBefore).toBe('For my sister.\n\nShe likes tea.');
    expect(result.report.rating).toBe('G');
    expect(paragraphs(text)).toEqual(['The kettle sang.']);
  });

  it('finds the title under a series line in the same paragraph', () => {
    const result = importText('Series: The Kettle Years, Part 4\nKettle Weather\nA Winter Story\nby Ash Morrow\n\nThe kettle sang.\n');
    expect(result.report).toMatchObject({ title: 'Kettle Weather', subtitle: 'A Winter Story', authors: ['Ash Morrow'], series: { name: 'The Kettle Years', number: 4 } });
  });

  it('does not take "Part 1 of 3" for a series', () => {
    expect(matchSeriesLine('Part 1 of 3')).toBeUndefined();
  });

  it('drops the title printed again over the story', () => {
    const text = 'Kettle Weather\nby Ash Morrow\nRating: G\n\nKETTLE WEATHER\n\nThe kettle sang.\n';
    expect(paragraphs(text)).toEqual(['The kettle sang.']);
  });

  it('refuses a file with no story text', () => {
    const result = importText('Kettle Weather\nby Ash Morrow\n');
    expect(result.warnings.filter((w) => w.severity === 'error').map((w) => w.message)).toEqual(['no story text found after the header']);
  });

  it('skips a divider between the header and the story', () => {
    const text = 'Kettle Weather\nby Ash Morrow\n==============\nRating: G\n\n----------\n\nThe kettle sang.\n';
    const result = importText(text);
    expect(result.report).toMatchObject({ title: 'Kettle Weather', rating: 'G', sceneBreaks: 0 });
    expect(storyBlocks(text).flat()).toEqual([{ type: 'paragraph', text: 'The kettle sang.' }]);
  });
});

describe('series notices', () => {
  it.each([
    ['This story is No. 2 in the series "The Kettle Years". You may wish to read the series introduction and the preceding stories first.', 'The Kettle Years', 2],
    ['This work is part 3 of the Kettle Years series.', 'Kettle Years', 3],
    ['Part 4 of The Kettle Years', 'The Kettle Years', 4],
    ['Book Two of "Rain Days"', 'Rain Days', 2],
    ['Book 5 in the Rain Days series', 'Rain Days', 5],
    ['The Kettle Years #6', 'The Kettle Years', 6],
  ])('reads the line %s', (line, name, number) => {
    expect(matchSeriesLine(line)).toEqual({ name, number });
  });

  it.each([
    ['The Kettle Years, Part 4', 'The Kettle Years', 4],
    ['The Kettle Years (Book 2)', 'The Kettle Years', 2],
    ['Part 3 of The Kettle Years', 'The Kettle Years', 3],
    ['The Kettle Years #7', 'The Kettle Years', 7],
    ['"The Kettle Years", part IX', 'The Kettle Years', 9],
  ])('reads "Series: %s"', (value, name, number) => {
    expect(parseSeriesValue(value)).toEqual({ name, number });
  });

  it('writes the series inline in book.yaml, and no series.yaml', () => {
    const result = importText('Series: The Kettle Years, Part 4\n\nKettle Weather\n\nThe kettle sang.\n');
    expect(bookYamlOf(result).series).toEqual({ name: 'The Kettle Years', number: 4 });
    expect(result.files.map((f) => f.path)).not.toContain('series.yaml');
  });

  it('reads a series notice printed after the end of the story', () => {
    const result = importText(`${HEADER}The kettle sang.\n\nThe End\n\nThis work is Part 3 of the Kettle Years series.\n`);
    expect(bookYamlOf(result).series).toEqual({ name: 'Kettle Years', number: 3 });
    expect(bookYamlOf(result).notes).toBeUndefined();
  });

  it('keeps a series named without a number, and warns', () => {
    const result = importText('Kettle Weather\nSeries: The Kettle Years\n\nThe kettle sang.\n');
    expect(bookYamlOf(result).series).toEqual({ name: 'The Kettle Years' });
    expect(result.warnings.some((w) => w.message.includes('without'))).toBe(true);
  });
});

describe("author's notes and the end mark", () => {
  it('puts an A/N in the header before the story, and one at the end after it', () => {
    const text = `${HEADER}A/N: Written for a rainy week.\n\nThe kettle sang.\n\nAuthor's Note: Thanks for reading!\n\nMore soon.\n`;
    const result = importText(text);
    expect(bookYamlOf(result).notes).toEqual({ before: 'Written for a rainy week.', after: 'Thanks for reading\\!\n\nMore soon.'.replace('\\!', '!') });
    expect(paragraphs(text)).toEqual(['The kettle sang.']);
  });

  it('keeps the end mark as the last paragraph when the closing note stands before it', () => {
    const text = `${HEADER}The kettle sang.\n\nA/N: One more part to come.\n\n~fin~\n`;
    const result = importText(text);
    expect(paragraphs(text)).toEqual(['The kettle sang.', '~fin~']);
    expect(bookYamlOf(result).notes.after).toBe('One more part to come.');
    expect(result.report.endMark).toBe('~fin~');
  });

  it('keeps a "Note:" near the end in the story unless it is the last paragraph', () => {
    const text = `${HEADER}The note on the door said:\n\nNote: gone to the lake.\n\nBel read it twice.\n\nThe End\n`;
    expect(paragraphs(text)).toEqual(['The note on the door said:', 'Note: gone to the lake.', 'Bel read it twice.', 'The End']);
    const closing = `${HEADER}Bel read it twice.\n\nNotes: thanks for reading.\n`;
    expect(paragraphs(closing)).toEqual(['Bel read it twice.']);
    expect(bookYamlOf(importText(closing)).notes.after).toBe('thanks for reading.');
  });

  it('takes what follows the end mark as the closing note', () => {
    const text = `${HEADER}The kettle sang.\n\nTHE END\n\nThanks to my beta, who drinks coffee.\n`;
    expect(paragraphs(text)).toEqual(['The kettle sang.', 'THE END']);
    expect(bookYamlOf(importText(text)).notes.after).toBe('Thanks to my beta, who drinks coffee.');
  });

  it('leaves an A/N in the middle of the story in the text and says where', () => {
    const text = `${HEADER}Chapter 1\n\nA/N: Sorry this took so long.\n\nThe kettle sang.\n\nChapter 2\n\nIt stopped.\n\nIt started again.\n`;
    const result = importText(text);
    expect(paragraphs(text)).toEqual(['A/N: Sorry this took so long.', 'The kettle sang.', 'It stopped.', 'It started again.']);
    expect(result.warnings.find((w) => w.message.includes("author's note"))?.line).toBe(6);
  });

  it.each(['The End', 'THE END.', 'Fin', '~fin~', '-Fin-', '(The End)', 'Finis!'])('recognises the end mark %s', (line) => {
    expect(isEndMark(line)).toBe(true);
  });
  it.each(['The End of Days', 'Finally.', '"The end," she said.'])('does not take %s for an end mark', (line) => {
    expect(isEndMark(line)).toBe(false);
  });
});

describe('quotes', () => {
  it('warns about a paragraph whose quotes do not balance, with its line number, and leaves it as written', () => {
    const text = `${HEADER}"Tea?" asked Bel.\n\n"Not now, said Ash.\n\n\u201cLater,\u201d Bel said.\n\n\u201cFine, Ash said.\n`;
    const result = importText(text);
    const quoteWarnings = result.warnings.filter((w) => w.message.includes('quotes'));
    expect(quoteWarnings.map((w) => w.line)).toEqual([6, 10]);
    expect(paragraphs(text)).toContain('"Not now, said Ash.');
  });
});

describe('Markdown escaping', () => {
  const tricky = [
    '*stars* and _underscores_ and **strong** and __double__',
    '# not a heading',
    '## nor this ##',
    '1. not a list',
    '2) nor this',
    '- not a bullet',
    '+ nor this',
    '> not a quote',
    '<b>not html</b> and <http://example.invalid> and <!-- comment -->',
    'an &amp; entity and &#169; and a lone & sign',
    'a \\backslash\\ and a trailing one \\',
    '[not a link](http://example.invalid) and ![nor an image](a.png) and [^1]',
    '[^1]: not a footnote',
    '`not code` and ``nor this``',
    'pipes | and ~~tildes~~ and ~fin~ stay',
    '1984. The year it rained.',
    '-- a dash-led line',
    '+++ plus',
    'Chapter 9 is what she called it, later.',
  ];
  it('writes text that the Markdown reader gives back character for character', () => {
    const text = `${HEADER}${tricky.join('\n\n')}\n\nThe end of the tricky part.\n`;
    expect(paragraphs(text)).toEqual([...tricky, 'The end of the tricky part.']);
  });

  it('escapes header text given to book.yaml as Markdown', () => {
    const result = importText('Kettle Weather\nSummary: *Not* emphasis, <b>not</b> html.\n\nThe kettle sang.\n');
    const summary = bookYamlOf(result).summary as string;
    expect(readMarkdown(summary)).toEqual([{ type: 'paragraph', text: '*Not* emphasis, <b>not</b> html.' }]);
  });

  it('round-trips random lines of Markdown-significant characters', () => {
    // A small deterministic generator, so a failure can be replayed.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pieces = ['*', '_', '#', '1.', '2)', '-', '+', '>', '<', '&amp;', '&', '\\', '[', ']', '(', ')', '!', '`', '~', '|', '=', '"', "'", 'word', 'Tea', ' ', ' ', ' ', '...', '--'];
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      let line = 'w';
      const length = 1 + Math.floor(next() * 12);
      for (let k = 0; k < length; k++) line += pieces[Math.floor(next() * pieces.length)];
      lines.push(line.slice(1).replace(/\s+/g, ' ').trim() || 'x');
    }
    const kept = lines.filter((l) => !isDividerLine(l) && !matchChapterHeading(l) && !isEndMark(l));
    const text = `${HEADER}${kept.map((l) => `Line. ${l}`).join('\n\n')}\n`;
    expect(paragraphs(text)).toEqual(kept.map((l) => `Line. ${l}`));
    // And as the first thing on a line.
    const leading = kept.filter((l) => !/^(?:A\/N|Note)/i.test(l));
    const text2 = `${HEADER}The start.\n\n${leading.join('\n\n')}\n`;
    expect(paragraphs(text2)).toEqual(['The start.', ...leading]);
  });
});

describe('runImport', () => {
  const made: string[] = [];
  afterAll(() => Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

  it('writes the folder, prints what it recognised, and refuses to write into a non-empty folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'import-'));
    made.push(dir);
    const input = join(dir, 'kettle.txt');
    await writeFile(input, 'Kettle Weather\nby Ash Morrow\nSeries: The Kettle Years, Part 2\n\nChapter 1\n\n"Tea?\n\n* * *\n\nNo.\n\nThe End\n');
    const out = join(dir, 'book');
    const log: string[] = [];
    expect(await runImport(input, out, { log: (s) => log.push(s) })).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['01-chapter-1.md', 'book.yaml']);
    const printed = log.join('\n');
    expect(printed).toMatch(/title:\s+Kettle Weather/);
    expect(printed).toMatch(/series:\s+The Kettle Years, No\. 2/);
    expect(printed).toMatch(/chapters:\s+1/);
    expect(printed).toMatch(/scene breaks:\s+1/);
    expect(printed).toMatch(/words:\s+4/);
    expect(printed).toContain('kettle.txt:7: warning: quotes do not balance');

    const before = await readFile(join(out, 'book.yaml'), 'utf8');
    await writeFile(join(out, 'book.yaml'), before);
    const again: string[] = [];
    expect(await runImport(input, out, { log: (s) => again.push(s) })).toBe(1);
    expect(again.join('\n')).toContain('not empty');
  });

  it('writes into an existing empty folder, and exits 1 for a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'import-'));
    made.push(dir);
    await mkdir(join(dir, 'empty'));
    const input = join(dir, 'k.txt');
    await writeFile(input, 'Kettle Weather\n\nThe kettle sang.\n');
    expect(await runImport(input, join(dir, 'empty'), { log: () => {} })).toBe(0);
    const log: string[] = [];
    expect(await runImport(join(dir, 'missing.txt'), undefined, { log: (s) => log.push(s) })).toBe(1);
    expect(log[0]).toContain('no such file');
  });

  it('defaults the folder to the title slug in the current folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'import-'));
    made.push(dir);
    const input = join(dir, 'k.txt');
    await writeFile(input, "Kettle Weather: Bel's Night\n\nThe kettle sang.\n");
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await runImport(input, undefined, { log: () => {} })).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(await readdir(join(dir, 'kettle-weather-bels-night'))).toContain('book.yaml');
  });
});
