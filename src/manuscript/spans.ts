// Bracketed spans, `[texte]{lang=fr}` (as pandoc writes them): words in another language. A markdown-it
// inline rule that runs before links, so `[x](url)` and `[x][ref]` are untouched, and anything it does not
// recognise (`[x]{.class}`, a tag that is not a language) stays text as before.
import type MarkdownIt from 'markdown-it';
import { directionOf, type Direction } from '../locale/locale.js';

type Parser = InstanceType<typeof MarkdownIt>;
type InlineRule = Parameters<Parser['inline']['ruler']['before']>[2];
type InlineState = Parameters<InlineRule>[0];

/** A BCP 47 tag as authors write them: `fr`, `pt-BR`, `zh-Hant`, `sr-Latn-RS`. */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

export function isLanguageTag(tag: string): boolean {
  return LANGUAGE_TAG.test(tag);
}

/** `lang` and `dir` of an element or span: dir as written when it is ltr or rtl, else from the language. */
export function languageAttributes(lang: string | undefined, dir: string | undefined): { lang?: string; dir?: Direction } {
  const tag = lang?.trim();
  const ok = tag !== undefined && isLanguageTag(tag);
  const d = dir?.trim().toLowerCase();
  const direction = d === 'ltr' || d === 'rtl' ? d : ok ? directionOf(tag) : undefined;
  return { ...(ok && { lang: tag }), ...(direction && { dir: direction }) };
}

// `{lang=fr}`, `{lang="pt-BR" dir=ltr}`: key=value pairs only.
const ATTRIBUTES = /^\{[ \t]*((?:[A-Za-z-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s"'{}]+)[ \t]*)+)\}/;
const PAIR = /([A-Za-z-]+)=(?:"([^"]*)"|'([^']*)'|([^\s"'{}]+))/g;

/** The attributes of `{…}` at `pos`, or undefined when they are not a span's (a language and maybe a direction). */
export function parseSpanAttributes(src: string, pos: number): { end: number; lang: string; dir?: string } | undefined {
  const m = ATTRIBUTES.exec(src.slice(pos, pos + 200));
  if (!m) return undefined;
  const attrs = new Map<string, string>();
  for (const p of m[1].matchAll(PAIR)) attrs.set(p[1].toLowerCase(), p[2] ?? p[3] ?? p[4]);
  const lang = attrs.get('lang');
  if (lang === undefined || !isLanguageTag(lang)) return undefined;
  if ([...attrs.keys()].some((k) => k !== 'lang' && k !== 'dir')) return undefined;
  return { end: pos + m[0].length, lang, ...(attrs.has('dir') && { dir: attrs.get('dir') }) };
}

function bracketedSpan(state: InlineState, silent: boolean): boolean {
  const start = state.pos;
  if (state.src.charCodeAt(start) !== 0x5b /* [ */) return false;
  // `[^1]` is a footnote reference.
  if (state.src.charCodeAt(start + 1) === 0x5e /* ^ */) return false;
  const labelEnd = state.md.helpers.parseLinkLabel(state, start, false);
  if (labelEnd < 0) return false;
  const attrs = parseSpanAttributes(state.src, labelEnd + 1);
  if (!attrs || attrs.end > state.posMax) return false;
  if (!silent) {
    const max = state.posMax;
    state.pos = start + 1;
    state.posMax = labelEnd;
    const open = state.push('span_open', 'span', 1);
    open.attrs = [['lang', attrs.lang], ...(attrs.dir !== undefined ? [['dir', attrs.dir] as [string, string]] : [])];
    state.md.inline.tokenize(state);
    state.push('span_close', 'span', -1);
    state.posMax = max;
  }
  state.pos = attrs.end;
  return true;
}

/** Adds the bracketed-span rule to a parser. */
export function spanPlugin(md: Parser): void {
  md.inline.ruler.before('link', 'bracketed_span', bracketedSpan);
}
