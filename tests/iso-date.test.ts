// ISO dates made from a date's UTC fields (src/iso-date.ts) must be the text Date.prototype.toISOString
// gives, which the editions carried before: the PDF's file identifier and the EPUB's modified date hang on it.
import { expect, test } from 'vitest';
import { isoSeconds, isoTimestamp } from '../src/iso-date.js';

/** A small seeded generator, so a failure names a date that fails again. */
function* randomTimes(seed: number, count: number): Generator<number> {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  // From year 0 to 9999, and a margin of the years outside that toISOString writes with six digits.
  const from = Date.UTC(-300, 0, 1);
  const to = Date.UTC(10300, 0, 1);
  for (let i = 0; i < count; i++) yield Math.floor(from + next() * (to - from));
}

test('isoTimestamp is toISOString, at any time of any year', () => {
  const edges = [0, -1, 1, Date.UTC(0, 0, 1), Date.UTC(0, 0, 1) - 1, Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1, Date.UTC(2024, 1, 29, 12), 1700000000000, 8.64e15, -8.64e15];
  for (const time of [...edges, ...randomTimes(20261207, 20000)]) {
    const date = new Date(time);
    expect(isoTimestamp(date), String(time)).toBe(date.toISOString());
    expect(isoSeconds(date), String(time)).toBe(date.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  }
});

test('an invalid date is a RangeError, as with toISOString', () => {
  expect(() => isoTimestamp(new Date(Number.NaN))).toThrow(RangeError);
});
