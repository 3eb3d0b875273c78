// `build-ebook init DIR`: a new book folder that builds at once.
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { BookError, error } from './diagnostics.js';
import { displayPath } from './input/text-file.js';

function titleFromFolder(dir: string): string {
  const words = basename(resolve(dir)).replace(/[-_]+/g, ' ').trim();
  return words ? words.replace(/\b\p{Ll}/gu, (c) => c.toUpperCase()) : 'Untitled';
}

export async function initBook(dir: string): Promise<string[]> {
  const target = resolve(dir);
  if (existsSync(join(target, 'book.yaml'))) {
    throw new BookError([error(displayPath(join(target, 'book.yaml')), 'already exists', { hint: 'init never overwrites a book; choose a new folder' })]);
  }
  if (existsSync(target) && (await readdir(target)).some((n) => n.endsWith('.md'))) {
    throw new BookError([error(displayPath(target), 'already holds Markdown files', { hint: 'init never overwrites a book; choose a new folder' })]);
  }
  await mkdir(target, { recursive: true });
  const title = titleFromFolder(dir);
  const files: [string, string][] = [
    [
      'book.yaml',
      `# The story's metadata. Only the title is required; see the README for every key.
title: ${JSON.stringify(title)}
author: Your Name
language: en
summary: One or two sentences that make a reader want the story.
# disclaimer: The characters belong to their creators. No profit is made.
# fandoms: [Some Fandom]
# rating: General Audiences
# series:
#   name: My Series
#   number: 1
`,
    ],
    [
      '01-chapter-one.md',
      `# Chapter One

The first paragraph of the story. Write in Markdown: *emphasis*, **strong**, "quotes" and 'apostrophes'
as you type them; build-ebook sets them properly.

* * *

A line of three asterisks above is a scene break.
`,
    ],
  ];
  for (const [name, content] of files) await writeFile(join(target, name), content, { flag: 'wx' });
  return files.map(([name]) => join(target, name));
}
