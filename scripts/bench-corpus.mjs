// Deterministic story-like Markdown for the benchmark: a seeded PRNG drives a small grammar over word lists
// written for this file. The text has what real manuscripts have and what costs time to process: dialogue
// in straight quotes, apostrophes (contractions and possessives), *emphasis*, _emphasis_, **strong**,
// scene breaks, chapters with titles, a few footnotes and block quotes. No text is copied from anywhere.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: small, fast and good enough to pick words; the same seed gives the same book anywhere. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const W = {
  name: ['Ada', 'Bram', 'Cass', 'Dell', 'Edie', 'Finn', 'Greer', 'Hal', 'Ines', 'Jory', 'Kit', 'Lune', 'Mags', 'Nell', 'Oren', 'Pip', 'Quill', 'Rook', 'Sable', 'Tam', 'Ulla', 'Vesna', 'Wren', 'Yael'],
  noun: ['lantern', 'harbour', 'letter', 'kettle', 'staircase', 'orchard', 'compass', 'window', 'ledger', 'bicycle', 'garden', 'ferry', 'quarry', 'attic', 'violin', 'bakery', 'lighthouse', 'station', 'meadow', 'workshop', 'map', 'key', 'door', 'river', 'bridge', 'storm', 'morning', 'shadow', 'teacup', 'notebook', 'coat', 'road', 'signal', 'cellar', 'library', 'market'],
  adj: ['quiet', 'crooked', 'bright', 'salt-worn', 'narrow', 'borrowed', 'patient', 'restless', 'golden', 'battered', 'careful', 'sleepy', 'stubborn', 'tidy', 'wild', 'hollow', 'faded', 'warm', 'bitter', 'small', 'enormous', 'lopsided', 'silver', 'familiar'],
  verbPast: ['opened', 'carried', 'found', 'mended', 'watched', 'followed', 'counted', 'painted', 'folded', 'dropped', 'studied', 'guarded', 'unlocked', 'remembered', 'traded', 'polished', 'crossed', 'circled', 'answered', 'ignored'],
  verbBase: ['open', 'carry', 'find', 'mend', 'watch', 'follow', 'count', 'paint', 'fold', 'drop', 'study', 'guard', 'unlock', 'remember', 'trade', 'polish', 'cross', 'answer'],
  adverb: ['slowly', 'at once', 'again', 'without a word', 'half-smiling', 'under her breath', 'too loudly', 'carefully', 'at last', 'for a long moment'],
  prep: ['beside', 'under', 'behind', 'across', 'near', 'beyond', 'inside', 'above', 'past', 'towards'],
  said: ['said', 'asked', 'whispered', 'called', 'muttered', 'replied', 'admitted', 'snapped', 'laughed'],
  time: ['By noon', 'That evening', 'Before the tide turned', 'In the morning', 'Later', 'Long after midnight', 'On the third day', 'When the rain stopped'],
  feeling: ['tired', 'certain', 'afraid', 'hungry', 'late', 'sorry', 'lost', 'ready', 'right', 'wrong'],
  contraction: ["don't", "can't", "won't", "it's", "I'm", "you're", "we'll", "they'd", "wouldn't", "isn't", "that's", "there's", "couldn't", "I've"],
};

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function cap(s) {
  return s[0].toUpperCase() + s.slice(1);
}

/** Occasionally wraps a word in emphasis, as authors do for stress and ship names. */
function stress(rand, word) {
  const r = rand();
  if (r < 0.04) return `*${word}*`;
  if (r < 0.06) return `_${word}_`;
  if (r < 0.065) return `**${word}**`;
  return word;
}

const NARRATION = [
  (r) => `${pick(r, W.name)} ${pick(r, W.verbPast)} the ${stress(r, pick(r, W.adj))} ${pick(r, W.noun)} ${pick(r, W.prep)} the ${pick(r, W.noun)}.`,
  (r) => `The ${pick(r, W.noun)} was ${stress(r, pick(r, W.adj))}, and ${pick(r, W.name)} ${pick(r, W.contraction) === "don't" ? "didn't" : 'did not'} want to ${pick(r, W.verbBase)} it.`,
  (r) => `${pick(r, W.time)}, ${pick(r, W.name)}'s ${pick(r, W.noun)} had gone ${pick(r, W.adj)} ${pick(r, W.prep)} the ${pick(r, W.noun)}.`,
  (r) => `Nobody ${pick(r, W.verbPast)} the ${pick(r, W.noun)} that year; it was the ${pick(r, W.adj)} kind, the kind that ${pick(r, W.name)} called ${stress(r, 'trouble')}.`,
  (r) => `${pick(r, W.name)} and ${pick(r, W.name)} ${pick(r, W.verbPast)} the ${pick(r, W.noun)} ${pick(r, W.adverb)}, then ${pick(r, W.verbPast)} the ${pick(r, W.adj)} ${pick(r, W.noun)} as well.`,
  (r) => `It wasn't the ${pick(r, W.noun)}'s fault -- not really -- that the ${pick(r, W.noun)} ${pick(r, W.prep)} it looked so ${pick(r, W.adj)}...`,
];

const SPEECH = [
  (r) => `${cap(pick(r, W.contraction))} ${pick(r, W.feeling)}`,
  (r) => `Where's the ${pick(r, W.adj)} ${pick(r, W.noun)}`,
  (r) => `${pick(r, W.name)} said we ${pick(r, W.contraction) === "can't" ? "can't" : 'should'} ${pick(r, W.verbBase)} the ${pick(r, W.noun)}`,
  (r) => `You ${stress(r, 'always')} ${pick(r, W.verbBase)} the ${pick(r, W.noun)} ${pick(r, W.adverb)}`,
  (r) => `${cap(pick(r, W.contraction))} the ${pick(r, W.noun)} we ${pick(r, W.verbPast)} ${pick(r, W.prep)} the ${pick(r, W.noun)}`,
];

function dialogue(r) {
  const who = pick(r, W.name);
  const first = pick(r, SPEECH)(r);
  const mark = r() < 0.3 ? '?' : ',';
  let p = `"${first}${mark}" ${who} ${pick(r, W.said)}${r() < 0.5 ? ' ' + pick(r, W.adverb) : ''}.`;
  if (r() < 0.6) p += ` "${pick(r, SPEECH)(r)}. ${pick(r, SPEECH)(r)}."`;
  if (r() < 0.2) p += ` ${pick(r, NARRATION)(r)}`;
  return p;
}

function narration(r) {
  const n = 2 + Math.floor(r() * 4);
  const s = [];
  for (let i = 0; i < n; i++) s.push(pick(r, NARRATION)(r));
  return s.join(' ');
}

function words(text) {
  // Markup characters are not words; what is left is what an author would count.
  return text.split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
}

/**
 * One chapter of about `target` words. Returns the Markdown and its word count.
 * `title` undefined makes an untitled chapter (a one-shot's single file).
 */
export function chapter(r, target, title) {
  const parts = [];
  let count = 0;
  if (title) {
    parts.push(`# ${title}`);
    count += words(title);
  }
  let sinceBreak = 0;
  let notes = 0;
  while (count < target) {
    let p;
    const roll = r();
    if (roll < 0.42) p = dialogue(r);
    else if (roll < 0.985) p = narration(r);
    else if (roll < 0.993) p = `> ${narration(r)}`;
    else {
      notes++;
      p = `${narration(r)}[^${notes}]\n\n[^${notes}]: ${pick(r, NARRATION)(r)}`;
    }
    const n = words(p);
    parts.push(p);
    count += n;
    sinceBreak += n;
    if (sinceBreak > 1100 && count < target - 200) {
      parts.push(r() < 0.5 ? '* * *' : '***');
      sinceBreak = 0;
    }
  }
  return { markdown: parts.join('\n\n') + '\n', words: count };
}

function chapterTitle(r, n) {
  return `Chapter ${n}: The ${cap(pick(r, W.adj))} ${cap(pick(r, W.noun))}`;
}

function bookYaml(title, extra = '') {
  return `title: "${title}"
author: Bench Writer
language: en
summary: >-
  A generated story for measuring build-ebook. ${title} has dialogue, "quotes",
  apostrophes like don't and it's, and *emphasis*.
disclaimer: >-
  Every name here was made up by a word list. Nobody owns them; no profit is made.
rights: Generated text, no rights reserved.
fandoms: Benchmarks
tags: [Generated, Benchmark]
status: complete
published: 2026-01-01
${extra}`;
}

/** Writes a novel folder: chapters of about `chapterWords` until `target` words. Returns its word count. */
export function writeNovel(dir, seed, target, title, extraYaml = '') {
  mkdirSync(dir, { recursive: true });
  const r = prng(seed);
  writeFileSync(join(dir, 'book.yaml'), bookYaml(title, extraYaml));
  let total = 0;
  let n = 0;
  while (total < target) {
    n++;
    const want = Math.min(4000 + Math.floor(r() * 1500), Math.max(500, target - total));
    const c = chapter(r, want, chapterTitle(r, n));
    writeFileSync(join(dir, `${String(n).padStart(2, '0')}-chapter.md`), c.markdown);
    total += c.words;
  }
  return { words: total, chapters: n };
}

/** Writes a one-shot: one untitled chapter file. */
export function writeOneShot(dir, seed, target, title) {
  mkdirSync(dir, { recursive: true });
  const r = prng(seed);
  writeFileSync(join(dir, 'book.yaml'), bookYaml(title, 'series:\n  name: Bench Shorts\n  number: 1\n'));
  const c = chapter(r, target, undefined);
  writeFileSync(join(dir, 'story.md'), c.markdown);
  return { words: c.words, chapters: 1 };
}

/** Writes a series folder: series.yaml listing `count` works with paths, each a novel folder. */
export function writeSeries(dir, seed, count, perNovel) {
  mkdirSync(dir, { recursive: true });
  const titles = Array.from({ length: count }, (_, i) => `Bench Novel ${i + 1}`);
  const yaml = [
    'name: The Bench Cycle',
    'introduction: Eight generated novels, one after another.',
    'works:',
    ...titles.flatMap((t, i) => [`  - title: "${t}"`, `    path: novel-${i + 1}`]),
    'defaults:',
    '  author: Bench Writer',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'series.yaml'), yaml);
  let words = 0;
  let chapters = 0;
  const books = [];
  for (let i = 0; i < count; i++) {
    const bookDir = join(dir, `novel-${i + 1}`);
    const w = writeNovel(bookDir, seed + i + 1, perNovel, titles[i]);
    words += w.words;
    chapters += w.chapters;
    books.push(bookDir);
  }
  return { words, chapters, books };
}

export function clean(dir) {
  rmSync(dir, { recursive: true, force: true });
}
