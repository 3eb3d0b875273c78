// Kobo's reading position marks, for the kepub edition: every run of text of a paragraph (or heading, or
// list item) is cut at sentence ends and each piece wrapped in <span class="koboSpan" id="kobo.P.S">, as
// kepubify and Calibre's KoboTouchExtended driver make them. Kobo's reader counts pages, keeps highlights
// and reading statistics by these ids. Only spans are added: removing them gives the EPUB's text back.
import { escapeText } from './xml.js';

/** Numbering state of one content document: P counts paragraphs, S the spans within the current one. */
export interface KoboSpans {
  paragraph: number;
  segment: number;
}

export function koboSpans(): KoboSpans {
  return { paragraph: 0, segment: 0 };
}

/** A new paragraph-level block starts: spans from here on are numbered kobo.(P+1).1, .2, … */
export function nextParagraph(kobo: KoboSpans): void {
  kobo.paragraph++;
  kobo.segment = 0;
}

/** One span around whatever markup is given (an image, a code span): it is one piece of the paragraph. */
export function koboSpan(kobo: KoboSpans, inner: string): string {
  kobo.segment++;
  return `<span class="koboSpan" id="kobo.${kobo.paragraph}.${kobo.segment}">${inner}</span>`;
}

// A sentence ends at . ! ? … (repeated, or ?!), then any closing quotes or brackets, then white space; the
// white space stays with the sentence it follows, so a cut falls only between words, never inside one.
const SENTENCE_END = /[.!?\u2026]+[\u201d\u2019"')\]\u00bb\u203a]*\s+/gu;

// A title before a name is not a sentence end ("Mrs. Abernethy").
const TITLE_BEFORE = /(?:^|[\s(\u201c\u2018"'])(?:Mr|Mrs|Ms|Mx|Dr|St|Prof|Capt|Rev)$/u;

/** Cuts a text run after each sentence end; the pieces joined give the text back. */
export function splitSentences(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    const end = m.index + m[0].length;
    if (m[0].startsWith('.') && TITLE_BEFORE.test(text.slice(start, m.index))) continue;
    if (end < text.length) {
      pieces.push(text.slice(start, end));
      start = end;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** A text run as spans; white space alone is left outside them, as kepubify leaves it. */
export function koboText(kobo: KoboSpans, text: string): string {
  return splitSentences(text)
    .map((piece) => (piece.trim() === '' ? escapeText(piece) : koboSpan(kobo, escapeText(piece))))
    .join('');
}

/** Kobo's reader lays a kepub's pages out in these two wrappers (kepubify adds them to every document). */
export function koboWrap(body: string): string {
  return `<div id="book-columns">\n<div id="book-inner">\n${body}\n</div>\n</div>`;
}
