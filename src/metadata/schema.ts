// The schema of book.yaml and series.yaml. Unknown keys are errors (a typo must not be silently ignored).
import { z } from 'zod';
import { FORMATS, TRIMS } from '../model/book.js';
import { FLIP_EDGES, IMPOSE_KINDS, PAPER_NAMES, SHEET_NAMES, sheetSize } from '../print/options.js';

// Zod's default compiles a fast parser for each object schema with new Function the first time it is
// used: time no code cache can save, for schemas a run uses once or twice. Set before any schema exists.
z.config({ jitless: true });

const text = z.string().trim().min(1, 'must not be empty');
const list = z.union([text.transform((s) => [s]), z.array(text)]);
const date = z.union([
  z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be a date like 2024-05-01'),
  // YAML reads an unquoted 2024-05-01 as a date.
  z.date().transform((d) => d.toISOString().slice(0, 10)),
]);

export { TRIMS };

export const printSchema = z.strictObject({
  trim: z.enum(TRIMS).optional(),
  'running-head': z.enum(['title', 'chapter']).optional(),
  opener: z.enum(['small-caps', 'drop-cap']).optional(),
  'scene-break': text.optional(),
  'number-chapters': z.boolean().optional(),
  /** `folio` (or quarto, octavo, booklet), or the kind with its options. */
  impose: z
    .union([
      z.enum(IMPOSE_KINDS),
      z.strictObject({
        kind: z.enum(IMPOSE_KINDS),
        sheet: z
          .string()
          .refine((s) => sheetSize(s) !== undefined, `must be ${SHEET_NAMES.join(', ')}, or a size like 11x17in or 297x420mm`)
          .optional(),
        /** Sheets per signature. */
        sheets: z.number().int().min(1).max(32).optional(),
        flip: z.enum(FLIP_EDGES).optional(),
        marks: z.boolean().optional(),
      }),
    ])
    .optional(),
  /** `true`, or the interior's bleed and the paper (for the cover's spine). */
  pod: z
    .union([
      z.boolean(),
      z.strictObject({
        bleed: z.boolean().optional(),
        paper: z
          .union([
            z.enum(PAPER_NAMES),
            z.number().positive().max(0.01, 'is the thickness of one page in inches, like 0.0025'),
          ])
          .optional(),
      }),
    ])
    .optional(),
});

export const typographySchema = z.strictObject({
  /** fiction: `--` is an em dash; pandoc: `--` is an en dash, `---` an em dash. */
  dashes: z.enum(['fiction', 'pandoc']).optional(),
});

const bookFields = {
  title: text,
  subtitle: text.optional(),
  author: list.optional(),
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag like en, en-GB or pt-BR')
    .optional(),
  summary: text.optional(),
  disclaimer: text.optional(),
  rights: text.optional(),
  /** Where the story was first posted (an archive's address); the EPUB's dc:source. */
  source: text.optional(),
  identifier: text.optional(),
  cover: text.optional(),
  fandoms: list.optional(),
  rating: text.optional(),
  warnings: list.optional(),
  relationships: list.optional(),
  characters: list.optional(),
  tags: list.optional(),
  status: z.enum(['complete', 'in-progress']).optional(),
  published: date.optional(),
  updated: date.optional(),
  notes: z.strictObject({ before: text.optional(), after: text.optional() }).optional(),
  series: z
    .strictObject({
      name: text,
      number: z.number().int().positive().optional(),
    })
    .optional(),
  print: printSchema.optional(),
  typography: typographySchema.optional(),
  'allow-html': z.boolean().optional(),
  /** The editions `build` makes when the command line gives no --format. */
  formats: z.union([z.enum(FORMATS).transform((f) => [f]), z.array(z.enum(FORMATS)).min(1, 'name at least one format')]).optional(),
};

export const bookSchema = z.strictObject(bookFields);

/** A chapter file's front matter: the chapter's notes, as archives keep them (Markdown). */
export const chapterFrontMatterSchema = z.strictObject({
  summary: text.optional(),
  notes: text.optional(),
  'end-notes': text.optional(),
});
export type BookYaml = z.output<typeof bookSchema>;

/** What series.yaml may give every book: any book.yaml field but the book's own identity. */
export const seriesDefaultsSchema = bookSchema.omit({ title: true, subtitle: true, identifier: true, series: true, cover: true }).partial();

export const seriesWorkSchema = z.strictObject({
  title: text,
  /** Its position, for a series whose numbering skips; default: one after the work before it. */
  number: z.number().int().positive().optional(),
  path: text.optional(),
  url: z.url().optional(),
});

export const seriesSchema = z.strictObject({
  name: text,
  introduction: text.optional(),
  url: z.url().optional(),
  works: z.array(seriesWorkSchema).optional(),
  defaults: seriesDefaultsSchema.optional(),
});
export type SeriesYaml = z.output<typeof seriesSchema>;

export const BOOK_KEYS = Object.keys(bookFields);
