import { describe, expect, it } from 'vitest';
import { makePages } from '../src/front-matter/pages.js';
import { loadLocale } from '../src/locale/load.js';
import { joinNames } from '../src/locale/locale.js';
import { blocksText, type BookMeta } from '../src/model/book.js';
import { bookMeta } from './helpers/book-meta.js';

const meta = bookMeta;

const series = (number: number) => ({
  name: 'The Boy/Girl Universe',
  number,
  works: [
    { number: 1, title: 'An Introduction', current: number === 1 },
    { number: 2, title: 'Help Wanted', current: number === 2 },
    { number: 3, title: 'Third Time', current: number === 3 },
  ],
});

function pageText(m: BookMeta, role: string): string {
  const { front, back } = makePages({ meta: m });
  const page = [...front, ...back].find((p) => p.role === role);
  return page ? blocksText(page.blocks) : '';
}

describe('the series page', () => {
  it('for No. 2 names the place and says the earlier stories are worth reading first', () => {
    const text = pageText(meta({ series: series(2) }), 'series');
    expect(text).toContain(
      'This story is No. 2 in the series "The Boy/Girl Universe". You may wish to read the series introduction and the preceding stories first.',
    );
    expect(text).toContain('Before this one: An Introduction.');
    expect(text).toContain('Help Wanted (this story)');
  });

  it('for No. 1 does not send the reader elsewhere', () => {
    const text = pageText(meta({ title: 'An Introduction', series: series(1) }), 'series');
    expect(text).toContain('This story is No. 1 in the series "The Boy/Girl Universe".');
    expect(text).not.toContain('preceding stories');
    expect(text).not.toContain('Before this one');
  });

  it('is absent for a story outside a series', () => {
    expect(makePages({ meta: meta() }).front.map((p) => p.role)).toEqual(['titlepage']);
  });

  it('lists the works with this one marked', () => {
    const { front } = makePages({ meta: meta({ series: series(2) }) });
    const list = front.find((p) => p.role === 'series')!.blocks.find((b) => b.kind === 'list');
    expect(list && list.kind === 'list' && list.items.length).toBe(3);
  });

  it('is followed at the back by the next story when there is one', () => {
    expect(pageText(meta({ series: series(2) }), 'continues')).toContain('The story continues in No. 3, Third Time.');
    expect(pageText(meta({ series: series(3), title: 'Third Time' }), 'continues')).toBe('');
  });

  it('gives the series address at the back, also after the last story', () => {
    const url = 'https://example.org/series/bg';
    const { back } = makePages({ meta: meta({ series: { ...series(2), url } }) });
    const link = JSON.stringify(back.find((p) => p.role === 'continues')!.blocks);
    expect(link).toContain(`"href":"${url}"`);
    const last = pageText(meta({ series: { ...series(3), url }, title: 'Third Time' }), 'continues');
    expect(last).not.toContain('continues in');
    expect(last).toContain(`The whole series: ${url}`);
  });

  it('numbers the works as series.yaml does when the numbering skips', () => {
    const skipping = { ...series(2), works: [series(2).works[0], { number: 2, title: 'Help Wanted', current: true }, { number: 5, title: 'Fifth', current: false }] };
    const text = pageText(meta({ series: skipping }), 'series');
    expect(text).toContain('No. 5: Fifth');
    expect(pageText(meta({ series: skipping }), 'continues')).toContain('The story continues in No. 5, Fifth.');
  });
});

describe('front matter', () => {
  it('puts title, subtitle, authors and the series line on the title page', () => {
    const text = pageText(meta({ subtitle: 'A Tale', authors: ['X', 'Y', 'Z'], series: series(2) }), 'titlepage');
    expect(text).toBe('Help Wanted\n\nA Tale\n\nby X, Y and Z\n\nNo. 2 in the series The Boy/Girl Universe');
  });

  it('leaves out lines whose value the book does not have', () => {
    const text = pageText(meta({ summary: [{ kind: 'paragraph', children: [{ kind: 'text', text: 'Things happen.' }] }], rating: 'Teen' }), 'summary');
    expect(text).toBe('Summary\n\nThings happen.\n\nRating: Teen');
  });

  it('gives the disclaimer a page of its own', () => {
    const d = [{ kind: 'paragraph' as const, children: [{ kind: 'text' as const, text: 'X and Y are not mine.' }] }];
    expect(pageText(meta({ disclaimer: d }), 'disclaimer')).toBe('Disclaimer\n\nX and Y are not mine.');
  });

  it('joins names as a reader would say them', () => {
    const { names } = loadLocale('en');
    expect(joinNames(['A'], names)).toBe('A');
    expect(joinNames(['A', 'B'], names)).toBe('A and B');
    expect(joinNames(['A', 'B', 'C'], names)).toBe('A, B and C');
  });
});
