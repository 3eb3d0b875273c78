// Bracketed spans as pandoc writes them: `[texte]{lang=fr}`, words in another language, and
// `[text]{.smallcaps}`, small capitals. A markdown-it inline rule that runs before links, so `[x](url)` and
// `[x][ref]` are untouched, and anything it does not recognise (`[x]{.other}`, a tag that is not a
// language) stays text as before.
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

// `{lang=fr}`, `{lang="pt-BR" dir=ltr}`, `{.smallcaps}`, `{.smallcaps lang=fr}`: key=value pairs and classes.
const ATTRIBUTES = /^\{[ \t]*((?:(?:[A-Za-z-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s"'{}]+)|\.[A-Za-z][\w-]*)[ \t]*)+)\}/;
const PAIR = /([A-Za-z-]+)=(?:"([^"]*)"|'([^']*)'|([^\s"'{}]+))|\.([A-Za-z][\w-]*)/g;

export interface SpanAttributes {
  end: number;
  lang?: string;
  dir?: string;
  smallCaps?: boolean;
}

/**
 * The attributes of `{…}` at `pos`, or undefined when they are not a span's: a language (maybe with a
 * direction), the class `smallcaps`, or both; any other key or class leaves the braces as text.
 */
export function parseSpanAttributes(src: string, pos: number): SpanAttributes | undefined {
  const m = ATTRIBUTES.exec(src.slice(pos, pos + 200));
  if (!m) return undefined;
  const attrs = new Map<string, string>();
  let smallCaps = false;
  for (const p of m[1].matchAll(PAIR)) {
    if (p[5] !== undefined) {
      if (p[5].toLowerCase() !== 'smallcaps') return undefined;
      smallCaps = true;
    } else attrs.set(p[1].toLowerCase(), p[2] ?? p[3] ?? p[4]);
  }
  if ([...attrs.keys()].some((k) => k !== 'lang' && k !== 'dir')) return undefined;
  const lang = attrs.get('lang');
  if (lang !== undefined && !isLanguageTag(lang)) return undefined;
  if (lang === undefined && !smallCaps) return undefined;
  return {
    end: pos + m[0].length,
    ...(lang !== undefined && { lang }),
    ...(lang !== undefined && attrs.has('dir') && { dir: attrs.get('dir') }),
    ...(smallCaps && { smallCaps }),
  };
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
    // Small caps outside, the language span inside: `smallcaps_open` is a token of its own.
    if (attrs.smallCaps) state.push('smallcaps_open', 'span', 1);
    if (attrs.lang !== undefined) {
      const open = state.push('span_open', 'span', 1);
      open.attrs = [['lang', attrs.lang], ...(attrs.dir !== undefined ? [['dir', attrs.dir] as [string, string]] : [])];
    }
    state.md.inline.tokenize(state);
    if (attrs.lang !== undefined) state.push('span_close', 'span', -1);
    if (attrs.smallCaps) state.push('smallcaps_close', 'span', -1);
    state.posMax = max;
  }
  state.pos = attrs.end;
  return true;
}

/** Adds the bracketed-span rule to a parser. */
export function spanPlugin(md: Parser): void {
  md.inline.ruler.before('link', 'bracketed_span', bracketedSpan);
}
