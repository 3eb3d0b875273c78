// Lays out a whole book: front matter, contents, chapters, back matter, in print order, as a
// LayoutDocument of positioned lines. Recomputed when the page count crosses a gutter step.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blocksText, leadingPages, readingOrder, type Book, type Inline, type NavEntry, type Page, type TitlePageParts } from '../../../model/book.js';
import type { Diagnostic } from '../../../diagnostics.js';
import { PACKAGE_ROOT } from '../../../package-files.js';
import { installedCjkFamily, loadFonts } from '../fonts.js';
import { loadHarfBuzz } from '../font-engine/harfbuzz.js';
import { ComplexTextFound, loadBidi, paragraphDirection } from './scripts.js';
import { DEFAULT_TRIM, innerMargin, trimSpec, TRIMS, type TrimSpec } from '../trims.js';
import { blocksToUnits, lineGeometry, makeLine, paragraphUnit, textRuns, type Row, type TypeContext, type Unit } from './blocks.js';
import { createHyphenator, type Hyphenator } from './hyphenate.js';
import { Measurer } from './measure.js';
import type { LayoutDocument, LayoutItem, LayoutLine, LayoutPage, PageSection, Rect, TextRun, TocEntry } from './model.js';
import { paginateUnits, type FootnoteFlow, type PageFill } from './paginate.js';
import { chapterUnits, displayUnit, renumberParagraphs, sharedChapterUnits, sinkUnit } from './chapter.js';
import type { ChapterHelper } from './chapter-helper.js';
import { milliseconds } from '../../../clock.js';
import { GutterForecast, RestartPass } from './gutter-forecast.js';
import { WorkBalance } from './work-balance.js';

export { DROP_CAP_LINES } from './chapter.js';

export type { LayoutDocument, LayoutPage, LayoutLine, TocEntry } from './model.js';

export interface LayoutOptions {
  trim?: string;
  /** A worker thread to set some of a long book's chapters (chapter-helper.ts); the layout closes it. */
  helper?: ChapterHelper;
  /** Called as each layout pass begins: pages handed out before belong to a pass that was dropped. */
  onPass?: () => void;
  /**
   * The body's and back matter's pages, as soon as each chapter's are final (the front matter comes last,
   * in the result): the PDF writer paints them while the rest is laid out. Their `index` is set at the end.
   */
  onBodyPages?: (pages: LayoutPage[]) => void;
}

type PassHooks = Pick<LayoutOptions, 'onPass' | 'onBodyPages'>;

/** The PDF's own typographic defaults (its words come from the book's locale). */
export interface Strings {
  defaultOrnament: string;
}

async function loadStrings(): Promise<Strings> {
  // From the package root, not this module: bundled, this code runs from a file directly in lib/.
  const file = join(PACKAGE_ROOT, 'templates', 'pdf', 'strings.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Strings;
}

interface Env {
  measurer: Measurer;
  hyphenator: Hyphenator;
  strings: Strings;
  direction: 'ltr' | 'rtl';
  /** Set when the book's CJK design is not installed and another one stands in. */
  cjk?: { family: string; wanted: string };
}

/** A page before it is placed: rows (flow pages) or ready items, plus page attributes. */
interface DraftPage {
  section: PageSection;
  fill?: PageFill;
  items?: LayoutItem[];
  plain: boolean;
  blank: boolean;
  opener: boolean;
  chapter?: number;
  destinations: string[];
  outline: { title: string; level: number }[];
  runningHead?: string;
  /** The verso head (the author); default: the book's authors. */
  versoHead?: string;
}

export function resolveTrim(book: Book, options: LayoutOptions = {}): TrimSpec {
  const name = options.trim ?? book.print.trim ?? DEFAULT_TRIM;
  const spec = trimSpec(name);
  if (!spec) throw new Error(`unknown trim "${name}" (expected one of ${TRIMS.join(', ')})`);
  return spec;
}

export async function layoutBook(book: Book, options: LayoutOptions = {}): Promise<{ layout: LayoutDocument; warnings: Diagnostic[] }> {
  const spec = resolveTrim(book, options);
  const direction = book.dir;
  let helper = options.helper?.attach(book) ? options.helper : undefined;
  const [fontSet, strings] = await Promise.all([loadFonts(), loadStrings()]);
  const environment = async (complex: boolean): Promise<Env> => {
    // HarfBuzz and the bidi algorithm load only for a book that needs them: one in a right-to-left
    // language, or one whose text turns out to have another script (ComplexTextFound, below).
    if (complex) await Promise.all([loadHarfBuzz(), loadBidi()]);
    const cjk = complex ? installedCjkFamily(book.meta.language) : undefined;
    return {
      measurer: new Measurer(fontSet, { complex, cjk: cjk?.family }),
      hyphenator: createHyphenator(book.meta.language),
      strings,
      direction,
      cjk: cjk?.substitute ? cjk : undefined,
    };
  };
  try {
    return await layoutPasses(book, spec, await environment(direction === 'rtl'), options, helper);
  } catch (error) {
    if (!(error instanceof ComplexTextFound)) throw error;
    // Another script: HarfBuzz and the bidi algorithm load here, and the book is set in this thread.
    helper?.close();
    helper = undefined;
    return await layoutPasses(book, spec, await environment(true), options);
  } finally {
    helper?.close();
  }
}

async function layoutPasses(book: Book, spec: TrimSpec, env: Env, hooks: PassHooks, helper?: ChapterHelper): Promise<{ layout: LayoutDocument; warnings: Diagnostic[] }> {
  // Each chapter's length in characters: the page estimate, the gutter forecast and the balance between
  // the threads all weigh chapters by it.
  const lengths = book.chapters.map((c) => blocksText(c.blocks).length);
  const passHooks = { ...hooks, lengths };
  let inner = innerMargin(spec, estimatePages(book, spec, env.measurer, lengths));
  let result: { layout: LayoutDocument; warnings: Diagnostic[] };
  try {
    result = await layoutPass(book, spec, inner, env, passHooks, helper, true);
  } catch (error) {
    if (!(error instanceof RestartPass)) throw error;
    inner = innerMargin(spec, error.pages);
    result = await layoutPass(book, spec, inner, env, passHooks, helper);
  }
  // The gutter depends on the page count, which depends on the gutter: settle in a few passes.
  for (let pass = 0; pass < 3; pass++) {
    const wanted = innerMargin(spec, result.layout.pages.length);
    if (wanted === inner) break;
    inner = wanted;
    result = await layoutPass(book, spec, inner, env, passHooks, helper);
  }
  if (env.cjk && usesFace(result.layout, (face) => face.startsWith('cjk-'))) {
    result.warnings.push({
      severity: 'warning',
      file: 'book.yaml',
      message: `the ${env.cjk.wanted.slice(4).toUpperCase()} design of the CJK characters (for language "${book.meta.language}") is not installed; the PDF sets them in ${env.cjk.family.slice(4).toUpperCase()}`,
      hint: `install @expo-google-fonts/noto-serif-${env.cjk.wanted.slice(4)} (an optional dependency of build-ebook)`,
    });
  }
  return result;
}

function usesFace(layout: LayoutDocument, test: (face: string) => boolean): boolean {
  for (const page of layout.pages) for (const item of page.items) if (item.kind === 'line' && item.runs.some((r) => test(r.face))) return true;
  return false;
}

async function layoutPass(
  book: Book,
  spec: TrimSpec,
  inner: number,
  env: Env,
  hooks: PassHooks & { lengths: readonly number[] },
  helper?: ChapterHelper,
  /** Check the gutter early (see GutterForecast); a pass that restarted does not again. */
  early = false,
): Promise<{ layout: LayoutDocument; warnings: Diagnostic[] }> {
  hooks.onPass?.();
  const forecast = early ? new GutterForecast(book, spec, inner, hooks.lengths) : undefined;
  const warnings: Diagnostic[] = [];
  const { leading, fontSize: size } = spec;
  const width = spec.width - inner - spec.outer;
  const lines = Math.floor((spec.height - spec.top - spec.bottom) / leading);
  const capacity = lines * leading;
  let paragraphId = 0;
  const assets = new Map(book.assets.map((a) => [a.id, a]));
  const ctxFor = (source: string): TypeContext => ({
    measurer: env.measurer,
    hyphenator: env.hyphenator,
    size,
    leading,
    width,
    maxImageHeight: capacity * 0.6,
    assets,
    ornament,
    warnings,
    source,
    nextParagraphId: () => ++paragraphId,
    warnedChars,
    direction: env.direction,
  });
  const warnedChars = new Set<string>();
  // A right-to-left book is bound on the right: its recto (odd page) is the left-hand page of a spread.
  const rightBound = book.dir === 'rtl';
  const author = book.meta.authors.join(' & ');
  const nav = navigationByTarget(book.navigation);
  const ornament = book.print.sceneBreak ?? env.strings.defaultOrnament;
  helper?.begin({ size, leading, width, capacity, maxImageHeight: capacity * 0.6, ornament, direction: env.direction });
  // The worker shares either whole chapters (below) or the blocks of one chapter (chapterUnits).
  const sharing = helper?.mode === 'chapters' ? helper : undefined;
  // Chapters this thread set ahead, from the back of the book, while it waited for the worker's: their
  // units, paginated when their turn comes. Numbered and warned about on their own, then merged in order.
  const ahead = new Map<number, { units: Unit[]; footnotes?: FootnoteFlow; warnings: Diagnostic[]; paragraphs: number }>();
  const balance = sharing && new WorkBalance(hooks.lengths);
  const setAhead = (index: number) => {
    const started = milliseconds();
    const chapter = book.chapters[index];
    const own: Diagnostic[] = [];
    let paragraphs = 0;
    const ctx = { ...ctxFor(chapter.source), warnings: own, nextParagraphId: () => ++paragraphs, warnedChars: new Set<string>() };
    const { units, footnotes } = chapterUnits(ctx, viewOf(chapter.work), chapter, capacity);
    ahead.set(index, { units, footnotes, warnings: own, paragraphs });
    balance!.setAhead(index, milliseconds() - started);
  };

  // ---- Body: chapters, each on a new page, page 1 is a recto. An omnibus: per work its title page (on a
  // recto), its own pages, chapters numbered within the work, running heads naming the work.
  const body: DraftPage[] = [];
  const toc: { title: string; destination: string; bodyPage: number; chapter?: number; level: number }[] = [];
  const nested = book.works !== undefined;
  const leading0 = new Set(leadingPages(book));
  const bodyItems = nested
    ? readingOrder(book).filter((item) => item.kind === 'chapter' || !leading0.has(item.page))
    : [...book.chapters.map((chapter) => ({ kind: 'chapter' as const, chapter })), ...book.back.map((page) => ({ kind: 'page' as const, page, section: 'back' as const }))];
  // A work seen as a book of its own, so chapter titles, numbers and one-shots read as in its single edition.
  const views = (book.works ?? []).map((work, w) => {
    const chapters = book.chapters.filter((c) => c.work === w);
    return { ...book, meta: work.meta, chapters, front: book.front.filter((p) => p.work === w) };
  });
  const viewOf = (work: number | undefined): Book => (work === undefined ? book : views[work]);
  const toRectoBody = () => {
    if (body.length % 2 === 1) body.push(blankPage('body'));
  };
  // A page is placed from its draft: its items moved onto the text block, its running head and folio.
  const place = (draft: DraftPage, index: number, label: string): LayoutPage => {
    const recto = index % 2 === 0;
    // The gutter is on the bound edge: a recto's left in a left-bound book, its right in a right-bound one.
    const outerRight = recto !== rightBound;
    const left = outerRight ? inner : spec.outer;
    const textBlock: Rect = { left, top: spec.top, right: left + width, bottom: spec.top + capacity };
    const items: LayoutItem[] = [];
    if (draft.fill) {
      // Indexed loops here and in offsetItem: they run for every row and line, cold, where for…of makes an
      // iterator result per step.
      const rows = draft.fill.rows;
      for (let r = 0; r < rows.length; r++) {
        const rowItems = rows[r].row.items;
        for (let i = 0; i < rowItems.length; i++) items.push(offsetItem(rowItems[i], left, spec.top + rows[r].y));
      }
    } else if (draft.items) {
      for (const item of draft.items) items.push(offsetItem(item, left, spec.top));
    }
    const page: LayoutPage = {
      index,
      label,
      side: recto ? 'recto' : 'verso',
      section: draft.section,
      plain: draft.plain || draft.blank,
      blank: draft.blank,
      opener: draft.opener,
      textBlock,
      items,
      furniture: [],
      destinations: draft.destinations,
      outline: draft.outline,
    };
    if (draft.chapter !== undefined) page.chapter = draft.chapter;
    if (!page.plain && draft.section === 'body') {
      page.furniture = runningHead(env.measurer, spec, textBlock, outerRight, recto ? (draft.runningHead ?? book.meta.title) : (draft.versoHead ?? author), label, env.direction);
    }
    return page;
  };
  // Body pages are placed as soon as they are drafted, numbered from 1. The front matter, made last, has an
  // even number of pages (it ends on a verso), so a body page's side is known before it is.
  const bodyPages: LayoutPage[] = [];
  const placeBody = () => {
    const fresh: LayoutPage[] = [];
    for (let k = bodyPages.length; k < body.length; k++) fresh.push(place(body[k], k, String(k + 1)));
    bodyPages.push(...fresh);
    if (fresh.length === 0 || !hooks.onBodyPages) return;
    const started = milliseconds();
    hooks.onBodyPages(fresh);
    balance?.painted(milliseconds() - started);
  };
  for (const item of bodyItems) {
    placeBody();
    if (item.kind === 'chapter') {
      const chapter = item.chapter;
      const view = viewOf(chapter.work);
      const chapterIndex = book.chapters.indexOf(chapter);
      const firstIsRecto = body.length % 2 === 0;
      let fills: PageFill[];
      if (sharing) {
        // The worker's pages, or this thread's own chapter set ahead; until one is there, set another
        // chapter from the back (possibly this one), and when none is left, wait for the worker.
        balance!.reached(chapterIndex);
        let done = sharing.take(chapterIndex);
        while (!done && !ahead.has(chapterIndex)) {
          // A chapter from the back only while the worker has more left to set than this thread has to paint,
          // and always one the worker may not take.
          const mine = chapterIndex > sharing.workerLimit || balance!.worthSetting(sharing.unclaimed(), chapterIndex);
          const next = mine ? sharing.claim(chapterIndex) : undefined;
          if (next === undefined) done = await sharing.wait(chapterIndex);
          else {
            setAhead(next);
            done = sharing.take(chapterIndex);
          }
        }
        const own = done ? undefined : ahead.get(chapterIndex)!;
        ahead.delete(chapterIndex);
        const result = done ?? {
          fills: paginateUnits(own!.units, { capacity, leading, firstIsRecto, balance: true, footnotes: own!.footnotes }),
          warnings: own!.warnings,
          paragraphs: own!.paragraphs,
        };
        renumberParagraphs(result.fills, paragraphId);
        paragraphId += result.paragraphs;
        warnings.push(...result.warnings);
        fills = result.fills;
      } else {
        const split = helper?.blockSplit(chapterIndex);
        const { units, footnotes } = split ? await sharedChapterUnits(ctxFor(chapter.source), view, chapter, capacity, split) : chapterUnits(ctxFor(chapter.source), view, chapter, capacity);
        fills = paginateUnits(units, { capacity, leading, firstIsRecto, balance: true, footnotes });
      }
      const title = chapter.label;
      const destination = `chapter-${chapterIndex + 1}`;
      const entry = nav.get(chapter.id);
      const level = entry?.level ?? 0;
      if (entry) toc.push({ title: contentsTitle(entry.entry), destination, bodyPage: body.length + 1, chapter: chapterIndex, level });
      fills.forEach((fillPage, k) => {
        body.push({
          section: 'body',
          fill: fillPage,
          plain: k === 0,
          blank: false,
          opener: k === 0,
          chapter: chapterIndex,
          destinations: k === 0 ? [destination] : [],
          outline: k === 0 ? [{ title, level }] : [],
          runningHead: book.print.runningHead === 'chapter' ? title : view.meta.title,
          ...(nested && { versoHead: view.meta.authors.join(' & ') }),
        });
      });
      if (forecast?.wrongGutter(chapterIndex, body.length)) throw new RestartPass(forecast.pages);
      continue;
    }
    const page = item.page;
    const destination = `page-${page.id}`;
    if (nested && page.role === 'titlepage' && page.work !== undefined) {
      // A work opens on a recto with its own title page.
      toRectoBody();
      const title = nav.get(page.id)?.entry.label ?? views[page.work].meta.title;
      toc.push({ title, destination, bodyPage: body.length + 1, level: 0 });
      body.push({ section: 'body', items: titlePage(ctxFor(page.id), book.works![page.work].titlePage, capacity), plain: true, blank: false, opener: true, destinations: [destination], outline: [{ title, level: 0 }] });
      continue;
    }
    const ctx = ctxFor(page.id);
    const fills = paginateUnits(matterUnits(ctx, page, capacity, size, leading), { capacity, leading, firstIsRecto: body.length % 2 === 0, balance: false });
    // The contents and outline list works and their chapters; a work's own pages are reached by paging.
    const entry = nav.get(page.id);
    const listed = entry !== undefined && Boolean(entry.entry.label) && entry.level === 0;
    if (listed) toc.push({ title: entry.entry.label, destination, bodyPage: body.length + 1, level: 0 });
    fills.forEach((fillPage, k) => {
      body.push({ section: item.kind === 'page' && item.section === 'front' ? 'body' : 'back', fill: fillPage, plain: true, blank: false, opener: k === 0, destinations: k === 0 ? [destination] : [], outline: k === 0 && listed ? [{ title: entry.entry.label, level: 0 }] : [] });
    });
  }

  placeBody();

  // ---- Front matter in print order.
  const front: DraftPage[] = [];
  const frontCtx = ctxFor('book.yaml');
  const toRecto = () => {
    if (front.length % 2 === 1) front.push(blankPage('front'));
  };
  front.push({ section: 'front', items: halfTitle(frontCtx, book, capacity), plain: true, blank: false, opener: false, destinations: ['half-title'], outline: [] });
  toRecto();
  front.push({ section: 'front', items: titlePage(frontCtx, book.titlePage, capacity), plain: true, blank: false, opener: false, destinations: ['title-page'], outline: [{ title: book.meta.title, level: 0 }] });
  for (const page of leadingPages(book)) {
    if (page.role === 'titlepage') continue;
    const ctx = ctxFor(page.id);
    const fills = paginateUnits(matterUnits(ctx, page, capacity, size, leading), { capacity, leading, firstIsRecto: front.length % 2 === 0, balance: false });
    const label = nav.get(page.id)?.entry.label;
    fills.forEach((fillPage, k) => {
      front.push({ section: 'front', fill: fillPage, plain: true, blank: false, opener: k === 0, destinations: k === 0 ? [`page-${page.id}`] : [], outline: k === 0 && label ? [{ title: label, level: 0 }] : [] });
    });
  }
  toRecto();
  const tocEntries: TocEntry[] = [];
  const tocFills = paginateUnits(contentsUnits(frontCtx, toc, capacity, book.locale.terms.contents, rightBound), { capacity, leading, firstIsRecto: true, balance: false });
  tocFills.forEach((fillPage, k) => {
    front.push({ section: 'contents', fill: fillPage, plain: true, blank: false, opener: k === 0, destinations: k === 0 ? ['contents'] : [], outline: k === 0 ? [{ title: book.locale.terms.contents, level: 0 }] : [] });
  });
  toRecto();
  const firstBody = front.length;
  for (const entry of toc) {
    tocEntries.push({ title: entry.title, destination: entry.destination, pageLabel: String(entry.bodyPage), pageIndex: firstBody + entry.bodyPage - 1, chapter: entry.chapter, level: entry.level });
  }

  // ---- Place the front matter; the body follows it.
  const pages = front.map((draft, index) => place(draft, index, roman(index + 1)));
  for (const page of bodyPages) {
    page.index += firstBody;
    pages.push(page);
  }
  return {
    layout: { trim: spec.name, width: spec.width, height: spec.height, innerMargin: inner, binding: rightBound ? 'right' : 'left', pages, toc: tocEntries, firstBodyPage: firstBody },
    warnings,
  };
}

/** A rough page count from the amount of text, so the first pass usually has the right gutter. */
function estimatePages(book: Book, spec: TrimSpec, measurer: Measurer, lengths: readonly number[]): number {
  let chars = 0;
  for (const n of lengths) chars += n;
  const sample = 'the quick brown fox jumps over the lazy dog, said Maren. ';
  const perChar = measurer.width('serif', spec.fontSize, sample) / sample.length;
  const width = spec.width - spec.outer - innerMargin(spec, 0);
  const linesPerPage = Math.floor((spec.height - spec.top - spec.bottom) / spec.leading);
  // Paragraph ends and chapter openers leave about a tenth of the lines part-empty.
  const bodyPages = (chars * perChar) / width / linesPerPage / 0.9;
  return Math.round(bodyPages + book.chapters.length * 0.5 + book.front.length + 4);
}

function blankPage(section: PageSection): DraftPage {
  return { section, items: [], plain: true, blank: true, opener: false, destinations: [], outline: [] };
}

/** Moves an item in place (each laid-out item is placed exactly once). */
function offsetItem(item: LayoutItem, dx: number, dy: number): LayoutItem {
  switch (item.kind) {
    case 'line':
      item.x += dx;
      item.y += dy;
      item.top += dy;
      item.bottom += dy;
      for (let r = 0; r < item.runs.length; r++) item.runs[r].x += dx;
      break;
    case 'image':
      item.x += dx;
      item.y += dy;
      break;
    case 'rule':
      item.x1 += dx;
      item.x2 += dx;
      item.y1 += dy;
      item.y2 += dy;
      break;
  }
  return item;
}

export function roman(n: number): string {
  const table: [number, string][] = [
    [1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'],
    [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i'],
  ];
  let out = '';
  for (const [value, letters] of table) {
    while (n >= value) {
      out += letters;
      n -= value;
    }
  }
  return out;
}

/** The model's navigation by target id, with each entry's depth (0: top level). */
function navigationByTarget(entries: readonly NavEntry[], level = 0, into = new Map<string, { entry: NavEntry; level: number }>()): Map<string, { entry: NavEntry; level: number }> {
  for (const entry of entries) {
    if (!into.has(entry.target)) into.set(entry.target, { entry, level });
    navigationByTarget(entry.children, level + 1, into);
  }
  return into;
}

/** A contents line: "3. The Logbook" where the book numbers its chapters. */
function contentsTitle(entry: NavEntry): string {
  return entry.number !== undefined ? `${entry.number}.\u2002${entry.label}` : entry.label;
}

/** Front- and back-matter pages: a small heading, then the blocks with space between paragraphs. */
function matterUnits(ctx: TypeContext, page: Page, capacity: number, size: number, leading: number): Unit[] {
  const units: Unit[] = [];
  const lines = Math.round(capacity / leading);
  units.push(sinkUnit(Math.round(lines * 0.12) * leading, 0));
  if (page.title) {
    units.push(displayUnit(ctx, [{ kind: 'text', text: page.title }], { size: size * 1.15, leading, smallCaps: true, role: 'heading' }, units.length));
    units.push(sinkUnit(leading, units.length));
  }
  // A page's own level-1 heading repeats the title: skip it.
  const blocks = page.blocks.filter((b, i) => !(i === 0 && b.kind === 'heading' && page.title));
  blocksToUnits(ctx, blocks, { indentFirst: false, blockParagraphs: true, role: 'front' }, units);
  for (const unit of units) for (const row of unit.rows) for (const item of row.items) if (item.kind === 'line' && item.role === 'body') item.role = 'front';
  return units;
}

function textLine(ctx: TypeContext, text: string, size: number, leading: number, options: { face?: 'serif' | 'serif-italic'; smallCaps?: boolean; role: LayoutLine['role'] }): LayoutLine[] {
  const unit = displayUnit(ctx, [{ kind: 'text', text }], { size, leading, face: options.face, smallCaps: options.smallCaps, role: options.role }, 0);
  return unit.rows.map((r) => r.items[0] as LayoutLine);
}

/** Places display lines from `y` down, returning the y below them. */
function stack(out: LayoutItem[], lines: LayoutLine[], y: number, leading: number): number {
  for (const line of lines) {
    out.push(offsetItem(line, 0, y) as LayoutLine);
    y += leading;
  }
  return y;
}

function halfTitle(ctx: TypeContext, book: Book, capacity: number): LayoutItem[] {
  const out: LayoutItem[] = [];
  const size = ctx.size * 1.5;
  stack(out, textLine(ctx, book.meta.title, size, size * 1.3, { role: 'front', smallCaps: true }), capacity * 0.22, size * 1.3);
  return out;
}

/** The title page from the model's parts: title and subtitle at the head, the author line in the middle,
 * the series line at the foot. */
function titlePage(ctx: TypeContext, parts: TitlePageParts, capacity: number): LayoutItem[] {
  const out: LayoutItem[] = [];
  const wording = {
    title: parts.title,
    subtitle: parts.subtitle,
    middle: [...parts.other.filter((o) => !o.afterByline).map((o) => o.children), ...(parts.byline ? [parts.byline] : []), ...parts.other.filter((o) => o.afterByline).map((o) => o.children)],
    foot: parts.seriesLine ? [parts.seriesLine] : [],
  };
  const titleSize = Math.min(ctx.size * 2.6, 34);
  const display = (inlines: Inline[], size: number, leading: number, options: { face?: 'serif' | 'serif-italic'; smallCaps?: boolean }) =>
    displayUnit(ctx, inlines, { size, leading, role: 'front', ...options }, 0).rows.map((r) => r.items[0] as LayoutLine);
  let y = capacity * 0.16;
  y = stack(out, display(wording.title, titleSize, titleSize * 1.2, {}), y, titleSize * 1.2);
  if (wording.subtitle) {
    const s = ctx.size * 1.3;
    y = stack(out, display(wording.subtitle, s, s * 1.3, { face: 'serif-italic' }), y + s * 0.4, s * 1.3);
  }
  if (wording.middle.length > 0) {
    const s = ctx.size * 1.35;
    y = Math.max(y + s * 2, capacity * 0.45);
    for (const inlines of wording.middle) y = stack(out, display(inlines, s, s * 1.3, { smallCaps: true }), y, s * 1.3);
  }
  const foot = wording.foot.flatMap((inlines) => display(inlines, ctx.size, ctx.leading, { face: 'serif-italic' }));
  stack(out, foot, capacity - foot.length * ctx.leading, ctx.leading);
  return out;
}

/**
 * The contents: one entry per chapter, dot leaders to page numbers flush with the outside of the
 * column; right to left (a right-bound book), titles from the right and numbers on the left.
 */
function contentsUnits(ctx: TypeContext, entries: { title: string; destination: string; bodyPage: number; level: number }[], capacity: number, heading: string, rtl = false): Unit[] {
  const { size, leading, measurer } = ctx;
  const units: Unit[] = [];
  const lines = Math.round(capacity / leading);
  units.push(sinkUnit(Math.round(lines * 0.12) * leading, 0));
  units.push(displayUnit(ctx, [{ kind: 'text', text: heading }], { size: size * 1.15, leading, smallCaps: true, role: 'heading' }, units.length));
  units.push(sinkUnit(leading, units.length));
  const numberColumn = measurer.width('serif', size, '0000');
  for (const entry of entries) {
    // An omnibus: a work's chapters are indented under it.
    const leftIndent = entry.level * size * 1.5;
    const unit = paragraphUnit(
      ctx,
      [{ kind: 'text', text: entry.title }],
      rtl
        ? // Against the right edge whatever the title's script: setLine reads an alignment from the line's own
          // direction ('left' is where a right-to-left line starts).
          { align: paragraphDirection(entry.title, 'rtl') === 'rtl' ? 'left' : 'right', hyphenate: false, leftIndent: numberColumn + size, rightIndent: leftIndent, role: 'toc', indent: 0 }
        : { align: 'left', hyphenate: false, leftIndent, rightIndent: numberColumn + size, role: 'toc', indent: 0 },
      units.length,
    );
    unit.rebreak = undefined;
    unit.rows.forEach((row, k) => {
      row.breakBefore = k === 0;
      const line = row.items[0] as LayoutLine;
      line.goTo = entry.destination;
      if (k < unit.rows.length - 1) return;
      const label = String(entry.bodyPage);
      const labelWidth = measurer.width('serif', size, label);
      // The page number on the outside of the column (left, right to left), leader dots between it and the title.
      const numberX = rtl ? 0 : ctx.width - labelWidth;
      const leaders = rtl
        ? leaderRun(measurer, size, labelWidth + size * 0.5, line.x - size * 0.6)
        : leaderRun(measurer, size, line.x + line.width + size * 0.6, numberX - size * 0.5);
      line.runs.push(...(leaders ? [leaders] : []), { x: numberX, text: label, face: 'serif', size, width: labelWidth, wordSpacing: 0 });
      if (rtl) {
        line.width += line.x;
        line.x = 0;
      } else line.width = ctx.width - line.x;
    });
    units.push(unit);
  }
  return units;
}

/** Leader dots between `from` and `to`, on a pitch common to every entry so they line up down the page. */
function leaderRun(measurer: Measurer, size: number, from: number, to: number): TextRun | undefined {
  const dotPitch = size * 0.55;
  const dotWidth = measurer.width('serif', size, '.');
  const start = Math.ceil(from / dotPitch) * dotPitch;
  let text = '';
  let x = start;
  while (x + dotWidth <= to) {
    text += '.';
    x += dotPitch;
  }
  if (!text) return undefined;
  return { x: start, text: text.split('').join(' '), face: 'serif', size, width: x - start - (dotPitch - dotWidth), wordSpacing: dotPitch - dotWidth - measurer.width('serif', size, ' ') };
}

/** The running head, centered, and the folio on the page's outer edge (right when `outerRight`). */
function runningHead(measurer: Measurer, spec: TrimSpec, block: Rect, outerRight: boolean, text: string, folio: string, direction: 'ltr' | 'rtl' = 'ltr'): LayoutLine[] {
  const size = spec.fontSize * 0.85;
  const g = lineGeometry(size, spec.leading);
  const baseline = block.top - spec.leading * 1.6;
  const mk = (s: string, x: number, features?: string[]): LayoutLine => {
    // In the faces its characters need (a title in Arabic or Japanese), in visual order.
    const { runs, width: w } = textRuns(measurer, s, 'serif', size, features, direction);
    for (const run of runs) run.x += x;
    return { kind: 'line', role: s === folio ? 'folio' : 'running-head', y: baseline, top: baseline - (g.baseline - g.top), bottom: baseline + (g.bottom - g.baseline), x, width: w, runs, hyphenated: false };
  };
  const widthOf = (s: string, features?: string[]) => textRuns(measurer, s, 'serif', size, features, direction).width;
  // A head too long for the space between the folios is shortened with an ellipsis.
  const room = block.right - block.left - 2 * measurer.width('serif', size, '0000');
  while (text.length > 1 && widthOf(text, ['smcp']) > room) text = `${text.slice(0, -2).trimEnd()}\u2026`;
  const headWidth = widthOf(text, ['smcp']);
  const head = mk(text, (block.left + block.right) / 2 - headWidth / 2, ['smcp']);
  const folioWidth = measurer.width('serif', size, folio);
  const folioLine = mk(folio, outerRight ? block.right - folioWidth : block.left);
  return [head, folioLine];
}

export { makeLine };
export type { Row };
