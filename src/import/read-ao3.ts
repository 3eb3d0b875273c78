// An AO3 download (otwarchive's app/views/downloads/: preface, chapters, afterword), as HTML or as
// calibre's EPUB of it (split into files, classes renamed, ids kept). Read as one stream of blocks in
// reading order: a label paragraph ("Chapter Notes") names the block quote after it; archive boilerplate
// ("Posted originally on…", "See the end of the chapter…", "Please drop by the Archive…", stats) is dropped.
import { attr, elements, hasClass, isElement, MarkdownConverter, textOf, type ChildNode, type ConvertContext, type Element } from './html-markdown.js';
import { emptyMeta, splitList, type SourceChapter, type SourceMeta } from './source-story.js';

/** Is this HTML an AO3 download? */
export function isAo3(nodes: readonly ChildNode[]): boolean {
  const preface = [...elements(nodes)].find((el) => attr(el, 'id') === 'preface');
  return !!preface && /Posted originally on the Archive of Our Own/i.test(textOf(preface)) || /Posted originally on the Archive of Our Own at https?:\/\//.test(textOf([...nodes]).slice(0, 4000));
}

type Region = 'preface' | 'chapters' | 'afterword' | 'other';

interface Item {
  el: Element;
  region: Region;
}

const CONTAINERS = new Set(['html', 'body', 'div', 'section', 'article', 'main', 'span']);

/** The document's blocks in reading order, each with the part of the download it is in. */
function flatten(nodes: readonly ChildNode[], region: Region, out: Item[]): void {
  for (const n of nodes) {
    if (!isElement(n) || n.type !== 'tag') continue;
    if (n.name === 'head') continue;
    const id = attr(n, 'id');
    const here: Region = id === 'preface' || id === 'chapters' || id === 'afterword' ? id : region;
    const hasLooseText = n.children.some((c) => (c.type === 'text' && c.data.trim() !== '') || (isElement(c) && INLINE.has(c.name)));
    if (CONTAINERS.has(n.name) && !hasLooseText && !hasClass(n, 'endnote-link') && !hasClass(n, 'byline')) flatten(n.children, here, out);
    else out.push({ el: n, region: here });
  }
}
const INLINE = new Set(['a', 'b', 'i', 'em', 'strong', 'u', 's', 'strike', 'del', 'sup', 'sub', 'small', 'big', 'br', 'img', 'abbr', 'cite', 'code', 'q', 'font']);

const LABELS: Record<string, 'summary' | 'notes' | 'endNotes' | 'chapterSummary' | 'chapterNotes' | 'chapterEndNotes'> = {
  summary: 'summary',
  notes: 'notes',
  'end notes': 'endNotes',
  'chapter summary': 'chapterSummary',
  'chapter notes': 'chapterNotes',
  'chapter end notes': 'chapterEndNotes',
};

/** The preface's tag list: "Archive Warning" / "Archive Warnings", one or many. */
const TAG_FIELDS: [RegExp, (meta: SourceMeta, values: string[]) => void][] = [
  [/^ratings?$/, (m, v) => (m.rating = v.join(', '))],
  [/^archive warnings?$/, (m, v) => m.warnings.push(...v)],
  [/^categor(?:y|ies)$/, (m, v) => m.categories.push(...v)],
  [/^fandoms?$/, (m, v) => m.fandoms.push(...v)],
  [/^relationships?$/, (m, v) => m.relationships.push(...v)],
  [/^characters?$/, (m, v) => m.characters.push(...v)],
  [/^additional tags?$/, (m, v) => m.tags.push(...v)],
];

function readTags(dl: Element, meta: SourceMeta, report: string[]): void {
  const items = dl.children.filter(isElement);
  for (let i = 0; i < items.length; i++) {
    if (items[i].name !== 'dt') continue;
    const label = textOf(items[i]).replace(/:$/, '').trim().toLowerCase();
    const dd = items[i + 1]?.name === 'dd' ? items[i + 1] : undefined;
    if (!dd) continue;
    const links = dd.children.filter((c): c is Element => isElement(c) && c.name === 'a').map((a) => textOf(a));
    const values = links.length > 0 ? links : splitList(textOf(dd));
    const field = TAG_FIELDS.find(([re]) => re.test(label));
    if (field) field[1](meta, values);
    else if (label === 'language') meta.language = textOf(dd);
    else if (label === 'series') {
      for (const m of textOf(dd).matchAll(/Part (\d+) of (.+?)(?=, Part \d+ of |$)/g)) meta.series.push({ name: m[2].trim(), number: Number(m[1]) });
    } else if (label === 'stats') {
      const stats = textOf(dd);
      meta.published = /Published:\s*(\S+)/.exec(stats)?.[1];
      const completed = /Completed:\s*(\S+)/.exec(stats)?.[1];
      const updated = /Updated:\s*(\S+)/.exec(stats)?.[1];
      meta.updated = completed ?? updated;
      const chapters = /Chapters:\s*(\d+)\/(\d+|\?)/.exec(stats);
      meta.status = completed || (chapters && chapters[1] === chapters[2]) ? 'complete' : 'in-progress';
    } else if (label === 'collections') report.push(`collections: ${textOf(dd)}`);
  }
}

export interface Ao3Result {
  meta: SourceMeta;
  chapters: SourceChapter[];
  /** What was dropped as archive boilerplate, for the report. */
  boilerplate: number;
  notes: string[];
}

export function readAo3(nodes: readonly ChildNode[], ctx: ConvertContext): Ao3Result {
  const meta = emptyMeta();
  const notes: string[] = [];
  const items: Item[] = [];
  flatten(nodes, 'other', items);
  const conv = new MarkdownConverter(ctx);
  const md = (nodes: ChildNode[]) => conv.blocks(nodes).join('\n\n');
  const chapters: { chapter: SourceChapter; body: Element[] }[] = [];
  let current: { chapter: SourceChapter; body: Element[] } | undefined;
  let label: (typeof LABELS)[string] | undefined;
  let boilerplate = 0;
  let sawTags = false;

  for (const { el, region } of items) {
    const text = textOf(el);
    if (label && el.name === 'blockquote') {
      const value = md(el.children);
      const key = label;
      label = undefined;
      if (key === 'summary') meta.summary = value;
      else if (key === 'notes') meta.notesBefore = value;
      else if (key === 'endNotes') meta.notesAfter = value;
      else if (current) {
        const field = key === 'chapterSummary' ? 'summary' : key === 'chapterNotes' ? 'notes' : 'endNotes';
        current.chapter[field] = value;
      }
      continue;
    }
    const asLabel = el.name === 'p' ? LABELS[text.toLowerCase()] : undefined;
    if (asLabel) {
      label = asLabel;
      continue;
    }
    label = undefined;
    if (region === 'preface') {
      if (el.name === 'dl' && !sawTags) {
        readTags(el, meta, notes);
        sawTags = true;
      } else if (el.name === 'h1') meta.title = text;
      else if (hasClass(el, 'byline') || /^by\s/.test(text)) {
        const authors = [...elements([el])].filter((a) => a.name === 'a').map((a) => textOf(a));
        meta.authors.push(...(authors.length > 0 ? authors : splitList(text.replace(/^by\s+/, ''))));
      } else if (/Posted originally on the/i.test(text)) {
        meta.source = /at\s+(https?:\/\/\S+?)\.?$/m.exec(text)?.[1];
        boilerplate++;
      } else if (el.name === 'h2' || hasClass(el, 'endnote-link') || /^See the end of the work for/i.test(text)) boilerplate++;
      else if (el.name === 'ul') notes.push(`related works: ${text}`);
      else if (text) notes.push(`left out of the preface: ${text.slice(0, 60)}`);
      continue;
    }
    if (region === 'afterword') {
      if (el.name === 'h2' || /drop by the Archive and comment/i.test(text)) boilerplate++;
      else if (el.name === 'dl' && /Works inspired by this one/i.test(text)) notes.push(`works inspired by this one: ${text.replace(/^Works inspired by this one\s*/i, '')}`);
      else if (text) notes.push(`left out of the afterword: ${text.slice(0, 60)}`);
      continue;
    }
    // The chapters.
    if (/^h[1-6]$/.test(el.name)) {
      const m = /^Chapter\s+(\d+)(?::\s*(.*))?$/s.exec(text);
      if (m && (el.name === 'h2' || attr(el, 'class') === 'heading')) {
        current = { chapter: { title: m[2]?.trim() || `Chapter ${m[1]}`, body: '' }, body: [] };
        chapters.push(current);
        continue;
      }
      if (!current && el.name === 'h2') {
        // A one-chapter work: the invisible heading with the work's title opens the text.
        current = { chapter: { body: '' }, body: [] };
        chapters.push(current);
        continue;
      }
    }
    if (hasClass(el, 'endnote-link') || /^See the end of the chapter for/i.test(text)) {
      boilerplate++;
      continue;
    }
    if (hasClass(el, 'byline') && /^Chapter by /.test(text)) {
      notes.push(`chapter byline: ${text}`);
      continue;
    }
    if (!current) {
      current = { chapter: { body: '' }, body: [] };
      chapters.push(current);
    }
    current.body.push(el);
  }
  for (const c of chapters) {
    // Footnotes are numbered per chapter, as the manuscript numbers them.
    const chapterConv = new MarkdownConverter(ctx);
    c.chapter.body = [...chapterConv.blocks(c.body), ...chapterConv.footnoteDefinitions()].join('\n\n');
  }
  return { meta, chapters: chapters.map((c) => c.chapter), boilerplate, notes };
}
