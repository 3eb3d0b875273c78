// The typography pass: one walk over the model's text runs, after parsing and before any writer.
// Dashes and ellipses are rewritten run by run; quotes are decided over a whole paragraph at once
// (its runs joined into one string), with state carried from paragraph to paragraph.
import { hasChildren, type Block, type BookDraft, type Inline } from '../model/book.js';
import type { Diagnostic } from '../diagnostics.js';
import { replaceDashes, type DashStyle } from './dashes.js';
import { replaceEllipses } from './ellipses.js';
import type { Locale } from '../locale/locale.js';
import { applyFrenchSpaces, frenchSpaces } from './french-spacing.js';
import { replaceGershayim } from './hebrew.js';
import { curlQuotes, ENGLISH_MARKS, OBJECT_CHAR, type QuoteMarks, type QuoteState } from './quotes.js';
import { outsideUrls, urlRanges } from './urls.js';

export interface TypographyOptions {
  /** `fiction` (default): `--` is an em dash, spaces around it dropped. `pandoc`: `--` en, `---` em. */
  dashes?: DashStyle;
  /** The book's language: its quotation marks and French spacing. Default: English marks, no spacing. */
  locale?: Locale;
}

type TextRun = Extract<Inline, { kind: 'text' }>;

/** What one paragraph's walk needs; reused across paragraphs so a book allocates it once. */
interface Pass {
  style: DashStyle;
  marks: QuoteMarks;
  englishElisions: boolean;
  frenchSpacing: boolean;
  state: QuoteState;
  diagnostics: Diagnostic[];
  /** Text runs of the current paragraph that may change, with their offsets in `stream`. */
  runs: TextRun[];
  starts: number[];
  stream: string;
  protectedRanges: number[];
}

function newPass(options: TypographyOptions | undefined): Pass {
  return {
    style: options?.dashes ?? 'fiction',
    marks: options?.locale?.quotes ?? ENGLISH_MARKS,
    englishElisions: !options?.locale || /^en(?:-|$)/i.test(options.locale.lang),
    frenchSpacing: options?.locale?.frenchSpacing ?? false,
    state: { speechOpen: false },
    diagnostics: [],
    runs: [],
    starts: [],
    stream: '',
    protectedRanges: [],
  };
}

/** Sets the whole book: chapters and their footnotes, front and back pages, summary, disclaimer, series introduction. */
export function applyTypography(book: BookDraft, options?: TypographyOptions): Diagnostic[] {
  const pass = newPass(options);
  const meta = book.meta;
  if (meta.summary) walkBlocks(pass, meta.summary);
  if (meta.disclaimer) walkBlocks(pass, meta.disclaimer);
  if (meta.series?.introduction) walkBlocks(pass, meta.series.introduction);
  if (meta.summaryText) meta.summaryText = typesetString(meta.summaryText, options);
  for (const work of book.works ?? []) {
    const m = work.meta;
    if (m === meta) continue;
    if (m.summary) walkBlocks(pass, m.summary);
    if (m.disclaimer) walkBlocks(pass, m.disclaimer);
    if (m.series?.introduction) walkBlocks(pass, m.series.introduction);
  }
  for (const page of book.front) walkBlocks(pass, page.blocks);
  for (const chapter of book.chapters) {
    if (chapter.title) walkInlines(pass, chapter.title, { file: chapter.source });
    if (chapter.titleText !== undefined) chapter.titleText = typesetString(chapter.titleText, options);
    walkBlocks(pass, chapter.blocks);
    for (const note of chapter.footnotes) walkBlocks(pass, note.blocks);
    for (const notes of [chapter.summary, chapter.notes, chapter.endNotes]) if (notes) walkBlocks(pass, notes);
  }
  for (const page of book.back) walkBlocks(pass, page.blocks);
  for (const page of [...book.front, ...book.back]) page.title = typesetString(page.title, options);
  for (const m of new Set([meta, ...(book.works ?? []).map((w) => w.meta)])) typesetMetaStrings(m, options);
  return pass.diagnostics;
}

/** Titles and names that writers print outside the text runs (title page, OPF, running heads, outline). */
function typesetMetaStrings(meta: BookDraft['meta'], options?: TypographyOptions): void {
  meta.title = typesetString(meta.title, options);
  if (meta.subtitle) meta.subtitle = typesetString(meta.subtitle, options);
  if (meta.rights) meta.rights = typesetString(meta.rights, options);
  if (meta.series) {
    meta.series.name = typesetString(meta.series.name, options);
    for (const work of meta.series.works) work.title = typesetString(work.title, options);
  }
}

/** Sets loose blocks (a front-matter page, a summary) in place. */
export function typesetBlocks(blocks: Block[], options?: TypographyOptions): Diagnostic[] {
  const pass = newPass(options);
  walkBlocks(pass, blocks);
  return pass.diagnostics;
}

/** Sets a plain string (a title, a series name); undecidable quotes stay straight. */
export function typesetString(text: string, options?: TypographyOptions): string {
  const pass = newPass(options);
  const run: TextRun = { kind: 'text', text };
  walkInlines(pass, [run], undefined);
  return run.text;
}

function walkBlocks(pass: Pass, blocks: Block[]): void {
  // A speech never runs from one page, note or summary into the next.
  pass.state.speechOpen = false;
  walkBlockList(pass, blocks);
  pass.state.speechOpen = false;
}

function walkBlockList(pass: Pass, blocks: Block[]): void {
  for (const block of blocks) {
    switch (block.kind) {
      case 'paragraph':
        walkInlines(pass, block.children, block.pos);
        break;
      case 'heading': {
        // A heading is not part of a speech around it.
        const open = pass.state.speechOpen;
        pass.state.speechOpen = false;
        walkInlines(pass, block.children, block.pos);
        pass.state.speechOpen = open;
        break;
      }
      case 'blockquote':
        walkBlockList(pass, block.children);
        break;
      case 'list':
        for (const item of block.items) walkBlockList(pass, item);
        break;
      case 'sceneBreak':
        pass.state.speechOpen = false;
        break;
      case 'codeBlock':
        break;
    }
  }
}

/** One paragraph (or heading): dashes and ellipses per run, then quotes over the joined runs. */
function walkInlines(pass: Pass, inlines: Inline[], pos: { file: string; line?: number } | undefined): void {
  pass.runs.length = 0;
  pass.starts.length = 0;
  pass.protectedRanges.length = 0;
  pass.stream = '';
  collect(pass, inlines);
  const stream = pass.stream;
  const hasQuotes = stream.indexOf('"') >= 0 || stream.indexOf("'") >= 0;
  if (!hasQuotes) pass.state.speechOpen = false;
  if (!hasQuotes && !pass.frenchSpacing) return;
  const { text, undecided } = hasQuotes
    ? curlQuotes(stream, pass.protectedRanges, pass.state, pass.marks, pass.englishElisions)
    : { text: stream, undecided: [] as number[] };
  const spaces = pass.frenchSpacing ? frenchSpaces(text, pass.protectedRanges) : undefined;
  if (text !== stream || spaces) {
    const { runs, starts } = pass;
    for (let r = 0; r < runs.length; r++) {
      const run = runs[r];
      const end = starts[r] + run.text.length;
      const next = spaces ? applyFrenchSpaces(text, spaces, starts[r], end) : text.slice(starts[r], end);
      if (next !== run.text) run.text = next;
    }
  }
  if (undecided.length > 0 && pos) {
    for (const at of undecided) {
      pass.diagnostics.push({
        severity: 'warning',
        file: pos.file,
        ...(pos.line !== undefined && { line: pos.line }),
        message: `cannot tell whether this ${stream[at]} opens or closes a quote, so it stays straight: ${excerpt(stream, at)}`,
        hint: 'type the curly mark yourself (“ ” ‘ ’), or escape it (\\" or \\\') to keep it straight without this warning',
      });
    }
  }
}

function excerpt(s: string, at: number): string {
  const from = Math.max(0, at - 20);
  const to = Math.min(s.length, at + 21);
  return (from > 0 ? '…' : '') + s.slice(from, to).replaceAll(OBJECT_CHAR, '…').replace(/\s+/g, ' ') + (to < s.length ? '…' : '');
}

function collect(pass: Pass, inlines: Inline[]): void {
  for (const node of inlines) {
    if (hasChildren(node)) {
      collect(pass, node.children);
      continue;
    }
    switch (node.kind) {
      case 'text':
        if (node.literal) {
          pass.protectedRanges.push(pass.stream.length, pass.stream.length + node.text.length);
        } else {
          const style = pass.style;
          let urls = urlRanges(node.text);
          if (urls.length === 0) {
            const rewritten = replaceGershayim(replaceEllipses(replaceDashes(node.text, style)));
            if (rewritten !== node.text) node.text = rewritten;
          } else {
            node.text = outsideUrls(node.text, (part) => replaceGershayim(replaceEllipses(replaceDashes(part, style))));
            urls = urlRanges(node.text);
            for (let k = 0; k < urls.length; k++) pass.protectedRanges.push(pass.stream.length + urls[k]);
          }
          pass.runs.push(node);
          pass.starts.push(pass.stream.length);
        }
        pass.stream += node.text;
        break;
      case 'code':
      case 'image':
      case 'footnoteRef':
        pass.stream += OBJECT_CHAR;
        break;
      case 'lineBreak':
        pass.stream += '\n';
        break;
    }
  }
}
