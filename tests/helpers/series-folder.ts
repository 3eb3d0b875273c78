// A small original series for tests: three books with a folder (one of them with an image, one a one-shot)
// and one work published elsewhere, sharing defaults from series.yaml.
import { makeBookFolder } from './book-folder.js';
import { makePng } from './png.js';

export const SERIES_YAML = `name: The Tide Tables
introduction: Four stories of a harbour town where the tide tables are never quite right.
url: https://example.org/series/tide-tables
works:
  - title: First Light
    path: 01-first-light
  - title: Help Wanted
    path: 02-help-wanted
  - title: Third Time Lucky
    url: https://example.org/works/third-time-lucky
  - title: The Long Way Round
    path: 04-the-long-way-round
defaults:
  author: Ada Quill
  language: en-GB
  disclaimer: The town of Saltmarsh is mine; the sea belongs to everyone.
  rating: General Audiences
`;

export function seriesFiles(): Record<string, string | Uint8Array> {
  return {
    'series.yaml': SERIES_YAML,
    '01-first-light/book.yaml': 'title: First Light\nsummary: The harbour-master\'s daughter counts the boats.\nnotes:\n  before: Where it all starts.\n',
    '01-first-light/01-dawn.md': '# Dawn\n\nThe boats went out before the gulls woke.\n\n![The harbour](images/map.png)\n',
    '01-first-light/02-dusk.md': '# Dusk\n\nOnly eleven came back, and she had counted twelve.\n\n***\n\nThe twelfth was tied up by morning.\n',
    '01-first-light/images/map.png': makePng(8, 6, [20, 60, 160]),
    '02-help-wanted/book.yaml': 'title: Help Wanted\n',
    '02-help-wanted/story.md': 'The sign in the chandler\'s window had said "Help Wanted" for a year.\n\n![The sign](images/map.png)\n',
    '02-help-wanted/images/map.png': makePng(4, 4, [200, 40, 40]),
    '04-the-long-way-round/book.yaml':
      'title: The Long Way Round\nauthor: [Ada Quill, Ben Marsh]\nlanguage: en-US\ndisclaimer: Ben lent me the lighthouse.\nnotes:\n  after: Thank you for reading.\n',
    '04-the-long-way-round/1-out.md': '# Out\n\nThe road along the cliff was longer than the map said.\n',
    '04-the-long-way-round/2-back.md': '# Back\n\nShe came home by boat.\n',
  };
}

export function makeSeriesFolder(extra: Record<string, string | Uint8Array> = {}): string {
  return makeBookFolder({ ...seriesFiles(), ...extra });
}
