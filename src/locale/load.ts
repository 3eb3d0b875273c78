// Resolves a book's language to a Locale: templates/locale/en.yaml, then the language's own file, then a
// script or region variant (zh → zh-Hant for zh-TW), each overridable by the book's templates/locale/.
// Later files need only the keys they change.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from '../metadata/zod.js';
import { BookError, didYouMean, error, type Diagnostic } from '../diagnostics.js';
import { displayPath } from '../input/text-file.js';
import { BUILTIN_TEMPLATES, templatePath } from '../front-matter/templates.js';
import { parseYaml } from '../metadata/yaml-file.js';
import { directionOf, type Locale } from './locale.js';
import { PACKAGE_ROOT } from '../package-files.js';

const pair = z.tuple([z.string(), z.string()]);
const localeSchema = z.strictObject({
  name: z.optional(z.string()),
  dir: z.optional(z.enum(['ltr', 'rtl'])),
  terms: z.optional(z.record(z.string(), z.string())),
  names: z.optional(z.partial(z.strictObject({ pair: z.string(), list: z.string(), last: z.string() }))),
  quotes: z.optional(z.partial(z.strictObject({ primary: pair, secondary: pair }))),
  'french-spacing': z.optional(z.boolean()),
  'end-marks': z.optional(z.array(z.string())),
});
type LocaleYaml = z.output<typeof localeSchema>;

/** Canonical case: language lower, script title, region upper (zh-hant-tw → zh-Hant-TW). */
export function canonicalTag(tag: string): string {
  return tag
    .split(/[-_]/)
    .map((p, i) => (i === 0 ? p.toLowerCase() : p.length === 4 ? p[0].toUpperCase() + p.slice(1).toLowerCase() : p.length === 2 ? p.toUpperCase() : p.toLowerCase()))
    .join('-');
}

/** Regions whose Chinese is written in traditional characters. */
const HANT_REGIONS = new Set(['TW', 'HK', 'MO']);

/** The locale files a tag reads, most general first: en, zh, zh-Hant, zh-Hant-TW. */
export function localeChain(tag: string): string[] {
  const canonical = canonicalTag(tag);
  const [language, ...rest] = canonical.split('-');
  let script = rest.find((p) => p.length === 4);
  const region = rest.find((p) => p.length === 2 || /^\d{3}$/.test(p));
  if (!script && language === 'zh' && region && HANT_REGIONS.has(region)) script = 'Hant';
  const chain = ['en', language];
  if (script) chain.push(`${language}-${script}`);
  if (region) chain.push(script ? `${language}-${script}-${region}` : `${language}-${region}`);
  return [...new Set(chain)];
}

/**
 * Where `npm run build` leaves the built-in locale files read (scripts/compile-locales.mjs), as NAME.json:
 * each YAML file's text with its value. A build reads those (JSON, native) instead of parsing YAML, ~2 ms
 * a file in a cold process, as long as the YAML file has the same text.
 */
export const COMPILED_LOCALES_DIR = join(PACKAGE_ROOT, 'lib', 'locale-data');

export interface CompiledLocale {
  text: string;
  value: LocaleYaml;
}

/** Parses and checks one locale file's text: its value, or the file's problems, located. */
export function parseLocaleText(text: string, file: string, knownTerms?: readonly string[]): LocaleYaml {
  const parsed = parseYaml(text, file, localeSchema);
  if (!parsed.ok) throw new BookError(parsed.diagnostics);
  const { value, locate } = parsed.result;
  if (knownTerms) {
    const unknown: Diagnostic[] = Object.keys(value.terms ?? {})
      .filter((key) => !knownTerms.includes(key))
      .map((key) => {
        const suggestion = didYouMean(key, knownTerms);
        return error(file, `unknown term \`${key}\``, {
          ...locate(['terms', key]),
          hint: suggestion ? `did you mean \`${suggestion}\`?` : `the terms are those of ${displayPath(join(BUILTIN_TEMPLATES, 'locale', 'en.yaml'))}`,
        });
      });
    if (unknown.length > 0) throw new BookError(unknown);
  }
  return value;
}

/** Reads one locale file; a term en.yaml does not have is an error (a misspelt key would change nothing). */
function readLocaleFile(path: string, knownTerms?: readonly string[]): LocaleYaml {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  return compiledLocale(path, text, knownTerms) ?? parseLocaleText(text, displayPath(path), knownTerms);
}

/** A built-in locale file's value as compiled (scripts/compile-locales.mjs), if there is one to use. */
function compiledLocale(path: string, text: string, knownTerms?: readonly string[]): LocaleYaml | undefined {
  if (dirname(path) !== join(BUILTIN_TEMPLATES, 'locale')) return undefined;
  try {
    return usableCompiled(JSON.parse(readFileSync(join(COMPILED_LOCALES_DIR, basename(path, '.yaml') + '.json'), 'utf8')), text, knownTerms);
  } catch {
    return undefined;
  }
}

/**
 * The value of a compiled locale file, if it was compiled from this very text, still passes the schema and
 * names no unknown term; else undefined, and the YAML is parsed (with located problems, if it has any).
 */
export function usableCompiled(compiled: CompiledLocale, text: string, knownTerms?: readonly string[]): LocaleYaml | undefined {
  if (compiled?.text !== text) return undefined;
  const checked = localeSchema.safeParse(compiled.value);
  if (!checked.success) return undefined;
  if (knownTerms && Object.keys(checked.data.terms ?? {}).some((key) => !knownTerms.includes(key))) return undefined;
  return checked.data;
}

function merge(into: LocaleYaml, from: LocaleYaml): LocaleYaml {
  return {
    ...into,
    ...from,
    terms: { ...into.terms, ...from.terms },
    names: { ...into.names, ...from.names },
    quotes: { ...into.quotes, ...from.quotes },
  };
}

const cache = new Map<string, Locale>();

/** The locale of a BCP 47 tag; `bookDir`'s templates/locale/*.yaml override the built-in files. */
export function loadLocale(tag: string, bookDir?: string): Locale {
  const key = `${tag}\0${bookDir ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let data: LocaleYaml = {};
  let file = join(BUILTIN_TEMPLATES, 'locale', 'en.yaml');
  let known: string[] | undefined;
  for (const name of localeChain(tag)) {
    const builtin = join(BUILTIN_TEMPLATES, 'locale', `${name}.yaml`);
    if (existsSync(builtin)) {
      data = merge(data, readLocaleFile(builtin, known));
      file = builtin;
      // The built-in en.yaml, read first, names every term; the files after it may only change them.
      known ??= Object.keys(data.terms ?? {});
    }
    const own = bookDir ? templatePath(`locale/${name}.yaml`, bookDir) : builtin;
    if (own !== builtin && existsSync(own)) {
      data = merge(data, readLocaleFile(own, known));
      file = own;
    }
  }
  const en = data as Required<LocaleYaml>;
  const locale: Locale = {
    lang: tag,
    file: displayPath(file),
    dir: data.dir ?? directionOf(tag),
    terms: en.terms as unknown as Locale['terms'],
    names: en.names as Locale['names'],
    quotes: en.quotes as Locale['quotes'],
    frenchSpacing: data['french-spacing'] ?? false,
    endMarks: data['end-marks'] ?? [],
  };
  cache.set(key, locale);
  return locale;
}
