// The schema of book.yaml and series.yaml. Unknown keys are errors (a typo must not be silently ignored).
// zod/mini: the same validation and issues as zod's full API, but a schema does not carry a bound copy of
// every method, so building these schemas at every start took a third of the time and memory
// (metadata/zod.ts sets it up).
import { z } from './zod.js';
import { isoTimestamp } from '../iso-date.js';
import { FORMATS, TRIMS } from '../model/book.js';
import { FLIP_EDGES, IMPOSE_KINDS, PAPER_NAMES, SHEET_NAMES, sheetSize } from '../print/options.js';

const text = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));
const optionalText = z.optional(text);
const list = z.union([z.pipe(text, z.transform((s: string) => [s])), z.array(text)]);
const optionalList = z.optional(list);
const date = z.union([
  z.string().check(z.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be a date like 2024-05-01')),
  // YAML reads an unquoted 2024-05-01 as a date.
  z.pipe(z.date(), z.transform((d: Date) => isoTimestamp(d).slice(0, 10))),
]);
const optionalBoolean = z.optional(z.boolean());
/** A whole number from 1. */
const position = z.optional(z.number().check(z.int(), z.positive()));

export { TRIMS };

// The print and typography sections are made when a book.yaml has them (z.lazy): most have neither, and
// making a schema is the slow part of zod at a cold start (each kind of check the first time).
const printSchema = () => z.strictObject({
  trim: z.optional(z.enum(TRIMS)),
  'running-head': z.optional(z.enum(['title', 'chapter'])),
  opener: z.optional(z.enum(['small-caps', 'drop-cap'])),
  'scene-break': optionalText,
  'number-chapters': optionalBoolean,
  /** `folio` (or quarto, octavo, booklet), or the kind with its options. */
  impose: z.optional(
    z.union([
      z.enum(IMPOSE_KINDS),
      z.strictObject({
        kind: z.enum(IMPOSE_KINDS),
        sheet: z.optional(
          z.string().check(z.refine((s) => sheetSize(s) !== undefined, `must be ${SHEET_NAMES.join(', ')}, or a size like 11x17in or 297x420mm`)),
        ),
        /** Sheets per signature. */
        sheets: z.optional(z.number().check(z.int(), z.gte(1), z.lte(32))),
        flip: z.optional(z.enum(FLIP_EDGES)),
        marks: optionalBoolean,
      }),
    ]),
  ),
  /** `true`, or the interior's bleed and the paper (for the cover's spine). */
  pod: z.optional(
    z.union([
      z.boolean(),
      z.strictObject({
        bleed: optionalBoolean,
        paper: z.optional(
          z.union([z.enum(PAPER_NAMES), z.number().check(z.positive(), z.lte(0.01, 'is the thickness of one page in inches, like 0.0025'))]),
        ),
      }),
    ]),
  ),
});

const typographySchema = () => z.strictObject({
  /** fiction: `--` is an em dash; pandoc: `--` is an en dash, `---` an em dash. */
  dashes: z.optional(z.enum(['fiction', 'pandoc'])),
});

const bookFields = {
  title: text,
  subtitle: optionalText,
  author: optionalList,
  language: z.optional(
    z.string().check(z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag like en, en-GB or pt-BR')),
  ),
  summary: optionalText,
  disclaimer: optionalText,
  rights: optionalText,
  /** Where the story was first posted (an archive's address); the EPUB's dc:source. */
  source: optionalText,
  identifier: optionalText,
  cover: optionalText,
  fandoms: optionalList,
  rating: optionalText,
  warnings: optionalList,
  relationships: optionalList,
  characters: optionalList,
  tags: optionalList,
  status: z.optional(z.enum(['complete', 'in-progress'])),
  published: z.optional(date),
  updated: z.optional(date),
  notes: z.optional(z.strictObject({ before: optionalText, after: optionalText })),
  series: z.optional(z.strictObject({ name: text, number: position })),
  print: z.optional(z.lazy(printSchema)),
  typography: z.optional(z.lazy(typographySchema)),
  'allow-html': optionalBoolean,
  /** The editions `build` makes when the command line gives no --format. */
  formats: z.optional(
    z.union([
      z.pipe(z.enum(FORMATS), z.transform((f: (typeof FORMATS)[number]) => [f])),
      z.array(z.enum(FORMATS)).check(z.minLength(1, 'name at least one format')),
    ]),
  ),
};

export const bookSchema = z.strictObject(bookFields);

/** A chapter file's front matter: the chapter's notes, as archives keep them (Markdown). */
export const chapterFrontMatterSchema = z.strictObject({
  summary: optionalText,
  notes: optionalText,
  'end-notes': optionalText,
});
export type BookYaml = z.output<typeof bookSchema>;

/** What series.yaml may give every book: any book.yaml field but the book's own identity. */
export const seriesDefaultsSchema = z.partial(z.omit(bookSchema, { title: true, subtitle: true, identifier: true, series: true, cover: true }));

export const seriesWorkSchema = z.strictObject({
  title: text,
  /** Its position, for a series whose numbering skips; default: one after the work before it. */
  number: position,
  path: optionalText,
  url: z.optional(z.url()),
});

export const seriesSchema = z.strictObject({
  name: text,
  introduction: optionalText,
  url: z.optional(z.url()),
  works: z.optional(z.array(seriesWorkSchema)),
  defaults: z.optional(seriesDefaultsSchema),
});
export type SeriesYaml = z.output<typeof seriesSchema>;

export const BOOK_KEYS = Object.keys(bookFields);
