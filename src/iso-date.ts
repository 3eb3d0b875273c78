// Dates as ISO 8601 text in UTC, read off the date's UTC fields. Not Date.prototype.toISOString: V8
// looks up the local time zone's name for it (ICU then loads its time-zone data, ~1 ms of the first
// call in a process) although the text it makes is in UTC.

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** What `date.toISOString()` gives, `2023-11-14T22:13:20.000Z`; a RangeError for an invalid date. */
export function isoTimestamp(date: Date): string {
  const year = date.getUTCFullYear();
  // Years outside 0–9999 are written with a sign and six digits; rare enough to leave to V8.
  if (!(year >= 0 && year <= 9999)) return date.toISOString();
  return (
    `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}` +
    `T${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}.${pad(date.getUTCMilliseconds(), 3)}Z`
  );
}

/** To the second, `2023-11-14T22:13:20Z`: EPUB's dcterms:modified and OPDS want no fraction. */
export function isoSeconds(date: Date): string {
  return isoTimestamp(date).replace(/\.\d{3}Z$/, 'Z');
}
