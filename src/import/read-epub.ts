// Any EPUB 2 or 3: the package document's metadata, the spine in order, chapter titles from the nav
// document or the NCX, images copied. AO3's, FanFicFare's and build-ebook's own EPUBs are recognised and
// read for what their pages hold; every other EPUB is read chapter per spine document.
import { posix } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { warning } from '../diagnostics.js';
import { parseDocument } from 'htmlparser2';
import { activeContent, attr, elements, find, hasClass, isElement, MarkdownConverter, newDropped, parseHtml, textOf, type ChildNode, type ConvertContext, type Dropped, type Element } from './html-markdown.js';
import { isAo3, readAo3 } from './read-ao3.js';
import { refuse } from './refused.js';
import { ImageCollector } from './images.js';
import { emptyMeta, splitList, type SourceChapter, type SourceMeta, type SourceStory } from './source-story.js';
import { openZip, type SafeZip } from './zip-safe.js';

export function parseXml(text: string): ChildNode[] {
  return parseDocument(text, { xmlMode: true, decodeEntities: true }).children;
}

/** Font obfuscation (IDPF, Adobe) lives in encryption.xml too, and hides nothing of the text. */
const FONT_OBFUSCATION = ['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#RC'];

function checkDrm(zip: SafeZip): void {
  if (zip.names.includes('META-INF/rights.xml')) refuse('this EPUB is DRM-protected and cannot be imported (META-INF/rights.xml)');
  const enc = zip.text('META-INF/encryption.xml');
  if (enc === undefined) return;
  const algorithms = [...elements(parseXml(enc))].filter((e) => /(?:^|:)EncryptionMethod$/.test(e.name)).map((e) => attr(e, 'Algorithm'));
  if (algorithms.length === 0 || algorithms.some((a) => !FONT_OBFUSCATION.includes(a))) {
    refuse('this EPUB is DRM-protected and cannot be imported (META-INF/encryption.xml)');
  }
}

interface ManifestItem {
  id: string;
  href: string;
  path: string;
  mediaType: string;
  properties: string;
}

interface Package {
  dir: string;
  meta: Element[];
  manifest: Map<string, ManifestItem>;
  spine: ManifestItem[];
  ncx?: ManifestItem;
  version: string;
}

const local = (name: string) => name.replace(/^.*:/, '');

function readPackage(zip: SafeZip): Package {
  const container = zip.text('META-INF/container.xml');
  if (container === undefined) refuse('an EPUB without META-INF/container.xml (damaged)');
  const rootfile = [...elements(parseXml(container))].find((e) => local(e.name) === 'rootfile');
  const opfPath = rootfile && attr(rootfile, 'full-path');
  if (!opfPath) refuse('an EPUB whose container.xml names no package document (damaged)');
  const opfText = zip.text(opfPath);
  if (opfText === undefined) refuse(`an EPUB whose package document ${opfPath} is missing (damaged)`);
  const opf = parseXml(opfText);
  const pkg = [...elements(opf)].find((e) => local(e.name) === 'package');
  const dir = posix.dirname(opfPath) === '.' ? '' : posix.dirname(opfPath);
  const manifest = new Map<string, ManifestItem>();
  const all = [...elements(opf)];
  for (const item of all.filter((e) => local(e.name) === 'item')) {
    const href = attr(item, 'href');
    manifest.set(attr(item, 'id'), { id: attr(item, 'id'), href, path: resolveHref(dir, href) ?? '', mediaType: attr(item, 'media-type'), properties: attr(item, 'properties') });
  }
  const spineEl = all.find((e) => local(e.name) === 'spine');
  const spine = all.filter((e) => local(e.name) === 'itemref' && attr(e, 'linear') !== 'no').map((e) => manifest.get(attr(e, 'idref'))).filter((x): x is ManifestItem => !!x);
  const metadata = all.find((e) => local(e.name) === 'metadata');
  return {
    dir,
    meta: metadata ? [...elements(metadata.children)] : [],
    manifest,
    spine,
    ncx: spineEl ? manifest.get(attr(spineEl, 'toc')) : undefined,
    version: pkg ? attr(pkg, 'version') : '',
  };
}

/** A relative href against a folder inside the zip; undefined when it leaves the zip or is remote. */
export function resolveHref(dir: string, href: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)) return undefined;
  let decoded = href.replace(/#.*$/, '');
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // as written
  }
  const joined = posix.normalize(posix.join(dir, decoded));
  return joined.startsWith('..') || joined.startsWith('/') ? undefined : joined;
}

function opfMeta(pkg: Package): SourceMeta & { publisher?: string; subjects: string[]; descriptionHtml?: string } {
  const meta = { ...emptyMeta(), subjects: [] as string[] } as SourceMeta & { publisher?: string; subjects: string[]; descriptionHtml?: string };
  const refines = (id: string, property: string) => pkg.meta.find((e) => attr(e, 'refines') === `#${id}` && attr(e, 'property') === property);
  for (const e of pkg.meta) {
    const name = e.name;
    const text = textOf(e);
    if (name === 'dc:title') {
      const type = attr(e, 'id') ? refines(attr(e, 'id'), 'title-type') : undefined;
      if (type && textOf(type) === 'subtitle') meta.subtitle = text;
      else if (!meta.title) meta.title = text;
    } else if (name === 'dc:creator') {
      const role = attr(e, 'opf:role') || (attr(e, 'id') && refines(attr(e, 'id'), 'role') ? textOf(refines(attr(e, 'id'), 'role')!) : '');
      if (!role || role === 'aut') meta.authors.push(text);
    } else if (name === 'dc:language' && !meta.language) meta.language = text;
    else if (name === 'dc:description') meta.descriptionHtml = text;
    else if (name === 'dc:subject') meta.subjects.push(text);
    else if (name === 'dc:publisher') meta.publisher = text;
    else if (name === 'dc:rights') meta.rights = text;
    else if (name === 'dc:source') meta.source = text;
    else if (name === 'dc:date' && !meta.published) {
      const event = attr(e, 'opf:event');
      if (!event || event === 'publication' || event === 'original-publication') meta.published = text.slice(0, 10);
    } else if (name === 'meta' && attr(e, 'property') === 'belongs-to-collection') {
      const id = attr(e, 'id');
      const type = id ? refines(id, 'collection-type') : undefined;
      if (!type || textOf(type) === 'series') {
        const pos = id ? refines(id, 'group-position') : undefined;
        addSeries(meta, text, pos ? Number(textOf(pos)) : undefined);
      }
    }
  }
  const calibreSeries = pkg.meta.find((e) => e.name === 'meta' && attr(e, 'name') === 'calibre:series');
  if (calibreSeries) {
    const index = pkg.meta.find((e) => e.name === 'meta' && attr(e, 'name') === 'calibre:series_index');
    addSeries(meta, attr(calibreSeries, 'content'), index ? Number(attr(index, 'content')) : undefined);
  }
  return meta;
}

function addSeries(meta: SourceMeta, name: string, number: number | undefined): void {
  if (!name.trim()) return;
  const n = number !== undefined && Number.isInteger(number) && number > 0 ? number : undefined;
  const known = meta.series.find((s) => s.name === name.trim());
  if (known) known.number ??= n;
  else meta.series.push({ name: name.trim(), ...(n && { number: n }) });
}

/** Titles of spine documents from the nav document (EPUB 3) or the NCX (EPUB 2). */
function tocTitles(zip: SafeZip, pkg: Package): Map<string, string> {
  const titles = new Map<string, string>();
  const nav = [...pkg.manifest.values()].find((i) => i.properties.split(/\s+/).includes('nav'));
  if (nav) {
    const text = zip.text(nav.path);
    if (text) {
      const doc = parseHtml(text);
      const toc = find(doc, (e) => e.name === 'nav' && /\btoc\b/.test(attr(e, 'epub:type'))) ?? find(doc, (e) => e.name === 'nav');
      for (const a of toc ? elements([toc]) : []) {
        if (a.name !== 'a') continue;
        const path = resolveHref(posix.dirname(nav.path), attr(a, 'href'));
        if (path && !titles.has(path)) titles.set(path, textOf(a));
      }
    }
  }
  if (titles.size === 0 && pkg.ncx) {
    const text = zip.text(pkg.ncx.path);
    if (text) {
      for (const point of elements(parseXml(text))) {
        if (local(point.name) !== 'navPoint') continue;
        const label = point.children.find((c): c is Element => isElement(c) && local(c.name) === 'navLabel');
        const content = point.children.find((c): c is Element => isElement(c) && local(c.name) === 'content');
        const path = content && resolveHref(posix.dirname(pkg.ncx.path), attr(content, 'src'));
        if (path && label && !titles.has(path)) titles.set(path, textOf(label));
      }
    }
  }
  return titles;
}

interface SpineDoc {
  item: ManifestItem;
  body: ChildNode[];
  /** The body element's class (FanFicFare marks each page by it). */
  bodyClass: string;
}


export function readEpub(bytes: Uint8Array, file: string): SourceStory {
  const zip = openZip(bytes);
  checkDrm(zip);
  const pkg = readPackage(zip);
  const warnings: Diagnostic[] = [];
  const dropped = newDropped();
  const images = new ImageCollector(file, warnings);
  const docs: SpineDoc[] = [];
  for (const item of pkg.spine) {
    if (!/x?html/.test(item.mediaType)) continue;
    const text = zip.text(item.path);
    if (text === undefined) {
      warnings.push(warning(file, `spine document ${item.href} is missing from the EPUB; skipped`));
      continue;
    }
    const parsed = parseHtml(text);
    const active = activeContent(parsed);
    if (active) refuse(`${item.href} contains ${active}; a story never needs code, and none is run or imported`);
    const body = find(parsed, (e) => e.name === 'body');
    docs.push({ item, body: body?.children ?? parsed, bodyClass: body ? attr(body, 'class') : '' });
  }
  // Ids of every document, for footnote links across files.
  const ids = new Map<string, Element>();
  for (const d of docs) for (const el of elements(d.body)) if (attr(el, 'id')) ids.set(`${d.item.path}#${attr(el, 'id')}`, el);
  const contextFor = (doc: SpineDoc): ConvertContext => ({
    dropped,
    image: (src) => images.fromZip(zip, resolveHref(posix.dirname(doc.item.path), src), src),
    target: (href) => {
      const [path, id] = href.split('#');
      const base = path ? resolveHref(posix.dirname(doc.item.path), path) : doc.item.path;
      return id ? ids.get(`${base}#${decodeURIComponent(id)}`) : undefined;
    },
  });
  const meta = opfMeta(pkg);
  const titles = tocTitles(zip, pkg);
  const all = docs.flatMap((d) => d.body);
  let format: string;
  let chapters: SourceChapter[];
  const extra: string[] = [];

  if (isAo3(all) || meta.publisher === 'Archive of Our Own') {
    format = 'an AO3 EPUB download';
    // calibre split the one page into files; read them as the one stream they were.
    const ctx = contextFor(docs[0]);
    ctx.target = (href) => {
      const id = href.split('#')[1];
      return id ? [...ids.entries()].find(([k]) => k.endsWith(`#${id}`))?.[1] : undefined;
    };
    const ao3 = readAo3(all, ctx);
    mergeMeta(ao3.meta, meta);
    Object.assign(meta, ao3.meta);
    chapters = ao3.chapters;
    if (ao3.boilerplate) extra.push(`dropped ${ao3.boilerplate} lines of archive boilerplate`);
    extra.push(...ao3.notes);
  } else if (docs.some((d) => /fff_(?:titlepage|chapter)/.test(d.bodyClass))) {
    format = 'a FanFicFare EPUB';
    chapters = readFanFicFare(docs, meta, contextFor, extra);
  } else if (isBuildEbook(docs)) {
    format = 'an EPUB made by build-ebook';
    chapters = readBuildEbook(docs, meta, contextFor);
  } else {
    format = `an EPUB ${pkg.version.startsWith('3') ? '3' : '2'}`;
    chapters = readGeneric(docs, titles, meta, contextFor, extra);
  }
  // The cover: the manifest's cover-image (EPUB 3), else the item <meta name="cover"> names (EPUB 2).
  const coverId = pkg.meta.find((m) => local(m.name) === 'meta' && attr(m, 'name') === 'cover')?.attribs.content;
  const coverItem = [...pkg.manifest.values()].find((i) => i.properties.split(/\s+/).includes('cover-image')) ?? (coverId ? pkg.manifest.get(coverId) : undefined);
  if (coverItem && /^image\//.test(coverItem.mediaType)) {
    const cover = images.fromZip(zip, coverItem.path, coverItem.href);
    if (cover) meta.cover = cover;
  }
  if (!meta.summary && meta.descriptionHtml) meta.summary = new MarkdownConverter(contextFor(docs[0] ?? { item: { path: '' } as ManifestItem, body: [], bodyClass: '' })).blocks(parseHtml(meta.descriptionHtml)).join('\n\n');
  if (meta.subjects.length && meta.fandoms.length + meta.tags.length + meta.characters.length === 0 && format.startsWith('an EPUB ')) meta.tags.push(...meta.subjects);
  for (const note of extra) warnings.push(warning(file, note));
  refuseActiveContent(dropped);
  reportDropped(dropped, file, warnings);
  return { format, meta, chapters, images: images.images, warnings };
}

/** The AO3 preface says more than calibre's OPF; what the preface lacks comes from the OPF. */
function mergeMeta(into: SourceMeta, opf: SourceMeta): void {
  into.title ??= opf.title;
  if (into.authors.length === 0) into.authors.push(...opf.authors);
  into.language ??= opf.language;
  if (into.series.length === 0) into.series.push(...opf.series);
  into.summary ??= opf.summary;
  into.published ??= opf.published;
}

/** A story file never needs code; one that carries some is refused rather than trusted. */
export function refuseActiveContent(dropped: Dropped): void {
  if (dropped.scripts) refuse(`contains ${dropped.scripts} script${dropped.scripts === 1 ? '' : 's'} (<script>); a story never needs one, and scripts are never run or imported`);
  if (dropped.eventAttributes) refuse(`contains ${dropped.eventAttributes} event attribute${dropped.eventAttributes === 1 ? '' : 's'} (onclick, onload…); a story never needs one, and they are never run or imported`);
}

export function reportDropped(dropped: Dropped, file: string, warnings: Diagnostic[]): void {
  if (dropped.scripts) warnings.push(warning(file, `removed ${dropped.scripts} script${dropped.scripts === 1 ? '' : 's'} (never run, never kept)`));
  if (dropped.eventAttributes) warnings.push(warning(file, `removed ${dropped.eventAttributes} event attribute${dropped.eventAttributes === 1 ? '' : 's'} (onclick and the like)`));
  if (dropped.styles) warnings.push(warning(file, `dropped ${dropped.styles} style sheet${dropped.styles === 1 ? '' : 's'} or work skin${dropped.styles === 1 ? '' : 's'}`, { hint: 'the book takes its look from build-ebook\'s templates' }));
  if (dropped.emptyParagraphs) warnings.push(warning(file, `dropped ${dropped.emptyParagraphs} empty paragraph${dropped.emptyParagraphs === 1 ? '' : 's'}`));
  for (const src of dropped.remoteImages) warnings.push(warning(file, `remote image ${src} not fetched; left out`, { hint: 'download it into images/ and add it to the chapter if you want it' }));
}

// ---- FanFicFare ----------------------------------------------------------------------------------

const FFF_FIELDS: Record<string, (m: SourceMeta, v: string) => void> = {
  series: (m, v) => {
    const s = /^(.*?)\s*\[(\d+)\]$/.exec(v);
    addSeries(m, s ? s[1] : v, s ? Number(s[2]) : undefined);
  },
  category: (m, v) => m.fandoms.push(...splitList(v)),
  fandom: (m, v) => m.fandoms.push(...splitList(v)),
  genre: (m, v) => m.tags.push(...splitList(v)),
  'extra tags': (m, v) => m.tags.push(...splitList(v)),
  freeform: (m, v) => m.tags.push(...splitList(v)),
  characters: (m, v) => m.characters.push(...splitList(v)),
  relationships: (m, v) => m.relationships.push(...splitList(v)),
  pairing: (m, v) => m.relationships.push(...splitList(v)),
  status: (m, v) => (m.status = /complete/i.test(v) ? 'complete' : 'in-progress'),
  published: (m, v) => (m.published = v),
  updated: (m, v) => (m.updated = v),
  rating: (m, v) => (m.rating = v),
  warnings: (m, v) => m.warnings.push(...splitList(v)),
  language: (m, v) => (m.language = v),
};

function readFanFicFare(docs: SpineDoc[], meta: SourceMeta, contextFor: (d: SpineDoc) => ConvertContext, notes: string[]): SourceChapter[] {
  const chapters: SourceChapter[] = [];
  for (const doc of docs) {
    const body = doc.body;
    const bodyClass = doc.bodyClass;
    if (/fff_titlepage/.test(bodyClass)) {
      readFffTitlePage(doc, meta, contextFor(doc));
      continue;
    }
    if (/fff_(?:tocpage|logpage|coverpage)/.test(bodyClass)) {
      notes.push(`dropped FanFicFare's ${/toc/.test(bodyClass) ? '"Table of Contents"' : /log/.test(bodyClass) ? '"Update Log"' : 'cover'} page`);
      continue;
    }
    const heading = find(body, (e) => hasClass(e, 'fff_chapter_title')) ?? find(body, (e) => /^h[1-3]$/.test(e.name));
    const conv = new MarkdownConverter(contextFor(doc));
    const rest = body.filter((n) => n !== heading);
    const blocks = conv.blocks(heading && !rest.includes(heading) ? withoutNode(body, heading) : rest);
    chapters.push({ ...(heading && { title: textOf(heading) }), body: [...blocks, ...conv.footnoteDefinitions()].join('\n\n') });
  }
  return chapters;
}

function withoutNode(nodes: ChildNode[], drop: Element): ChildNode[] {
  return nodes.filter((n) => n !== drop).map((n) => {
    if (!isElement(n) || !n.children.length) return n;
    const copy = Object.create(Object.getPrototypeOf(n)) as Element;
    Object.assign(copy, n, { children: withoutNode(n.children, drop) });
    return copy;
  });
}

function readFffTitlePage(doc: SpineDoc, meta: SourceMeta, ctx: ConvertContext): void {
  const h3 = find(doc.body, (e) => e.name === 'h3');
  if (h3) {
    const links = h3.children.filter((c): c is Element => isElement(c) && c.name === 'a');
    if (links[0]) {
      meta.title ??= textOf(links[0]);
      meta.source ??= attr(links[0], 'href') || undefined;
    }
    if (meta.authors.length === 0) meta.authors.push(...links.slice(1).map((a) => textOf(a)));
  }
  // Entries are `<b>Label:</b> value<br/>` (or a table row each); the summary may hold paragraphs.
  const container = find(doc.body, (e) => e.name === 'table') ?? find(doc.body, (e) => e.name === 'div') ?? { children: doc.body } as unknown as Element;
  const entries: { label: string; nodes: ChildNode[] }[] = [];
  let current: { label: string; nodes: ChildNode[] } | undefined;
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (isElement(n) && n.name === 'b' && /:\s*$/.test(textOf(n))) {
        current = { label: textOf(n).replace(/:\s*$/, '').trim().toLowerCase(), nodes: [] };
        entries.push(current);
      } else if (isElement(n) && ['tr', 'td', 'tbody', 'table'].includes(n.name)) walk(n.children);
      else if (current) current.nodes.push(n);
    }
  };
  walk(container.children);
  for (const e of entries) {
    const text = textOf(e.nodes).trim();
    if (e.label === 'summary') meta.summary = new MarkdownConverter(ctx).blocks(e.nodes).join('\n\n');
    else FFF_FIELDS[e.label]?.(meta, text);
  }
}

// ---- build-ebook's own EPUB ---------------------------------------------------------------------

const SECTION_CLASSES = ['titlepage', 'series', 'disclaimer', 'summary', 'notes-before', 'notes-after', 'continues', 'cover', 'chapter'];

function sectionOf(doc: SpineDoc): Element | undefined {
  return doc.body.find((n): n is Element => isElement(n) && n.name === 'section');
}

function isBuildEbook(docs: SpineDoc[]): boolean {
  const sections = docs.map(sectionOf);
  return (
    sections.some((s) => s && hasClass(s, 'chapter') && attr(s, 'role') === 'doc-chapter') &&
    docs.every((d, i) => (sections[i] && SECTION_CLASSES.some((c) => hasClass(sections[i]!, c))) || find(d.body, (e) => e.name === 'nav'))
  );
}

/** The summary page's "**Label:** value" lines, as the template prints them. */
const SUMMARY_FIELDS: Record<string, (m: SourceMeta, v: string) => void> = {
  fandom: (m, v) => m.fandoms.push(...splitList(v)),
  fandoms: (m, v) => m.fandoms.push(...splitList(v)),
  rating: (m, v) => (m.rating = v),
  warnings: (m, v) => m.warnings.push(...splitList(v)),
  relationships: (m, v) => m.relationships.push(...splitList(v)),
  characters: (m, v) => m.characters.push(...splitList(v)),
  tags: (m, v) => m.tags.push(...splitList(v)),
  status: (m, v) => (m.status = /complete/i.test(v) ? 'complete' : 'in-progress'),
  published: (m, v) => (m.published = v),
  updated: (m, v) => (m.updated = v),
};

function readBuildEbook(docs: SpineDoc[], meta: SourceMeta & { subjects: string[] }, contextFor: (d: SpineDoc) => ConvertContext): SourceChapter[] {
  const chapters: SourceChapter[] = [];
  // The OPF's subjects are fandoms and tags together; the summary page tells them apart.
  meta.published = undefined;
  for (const doc of docs) {
    const section = sectionOf(doc);
    if (!section) continue;
    const role = SECTION_CLASSES.find((c) => hasClass(section, c));
    const conv = new MarkdownConverter(contextFor(doc));
    const content = section.children.filter((n) => !(isElement(n) && (n.name === 'h1' || (role !== 'chapter' && /^h[1-6]$/.test(n.name) && n === firstHeading(section)))));
    if (role === 'chapter') {
      const h1 = section.children.find((n): n is Element => isElement(n) && n.name === 'h1');
      const parts = chapterParts(content);
      const md = (nodes: ChildNode[] | undefined) => (nodes ? conv.blocks(nodes).join('\n\n') : undefined);
      const blocks = conv.blocks(parts.body);
      chapters.push({
        ...(h1 && { title: textOf(h1) }),
        ...(parts.summary && { summary: md(parts.summary) }),
        ...(parts.notes && { notes: md(parts.notes) }),
        ...(parts.endNotes && { endNotes: md(parts.endNotes) }),
        body: [...blocks, ...conv.footnoteDefinitions()].join('\n\n'),
      });
    } else if (role === 'summary') {
      const summary: ChildNode[] = [];
      for (const n of content) {
        if (!isElement(n)) continue;
        const label = n.name === 'p' && n.children[0] && isElement(n.children[0]) && n.children[0].name === 'strong' ? textOf(n.children[0]).replace(/:$/, '').toLowerCase() : undefined;
        const field = label ? SUMMARY_FIELDS[label] : undefined;
        if (field) field(meta, textOf(n).replace(/^[^:]*:\s*/, ''));
        else summary.push(n);
      }
      const md = conv.blocks(summary).join('\n\n');
      if (md) meta.summary = md;
    } else if (role === 'disclaimer') meta.disclaimer = conv.blocks(content).join('\n\n');
    else if (role === 'notes-before') meta.notesBefore = conv.blocks(content).join('\n\n');
    else if (role === 'notes-after') meta.notesAfter = conv.blocks(content).join('\n\n');
  }
  if (meta.published && /^\d{4}-\d{2}-\d{2}$/.test(meta.published) === false) meta.published = undefined;
  return chapters;
}

function firstHeading(section: Element): Element | undefined {
  return section.children.find((n): n is Element => isElement(n) && /^h[1-6]$/.test(n.name));
}

/** A chapter's notes, as the EPUB writer sets them: asides with class chapter-summary / chapter-notes / chapter-end-notes. */
function chapterParts(nodes: ChildNode[]): { summary?: ChildNode[]; notes?: ChildNode[]; endNotes?: ChildNode[]; body: ChildNode[] } {
  const out: { summary?: ChildNode[]; notes?: ChildNode[]; endNotes?: ChildNode[]; body: ChildNode[] } = { body: [] };
  for (const n of nodes) {
    if (isElement(n) && n.name === 'aside') {
      const inner = n.children.filter((c) => !(isElement(c) && /^h[1-6]$/.test(c.name)));
      if (hasClass(n, 'chapter-summary')) { out.summary = inner; continue; }
      if (hasClass(n, 'chapter-notes')) { out.notes = inner; continue; }
      if (hasClass(n, 'chapter-end-notes')) { out.endNotes = inner; continue; }
    }
    out.body.push(n);
  }
  return out;
}

// ---- any other EPUB -----------------------------------------------------------------------------

function readGeneric(docs: SpineDoc[], titles: Map<string, string>, meta: SourceMeta, contextFor: (d: SpineDoc) => ConvertContext, notes: string[]): SourceChapter[] {
  const chapters: SourceChapter[] = [];
  for (const doc of docs) {
    const text = textOf(doc.body);
    const types = [...elements(doc.body)].map((e) => attr(e, 'epub:type')).join(' ');
    if (/\b(?:toc|cover|titlepage|copyright-page)\b/.test(types) || (!text && !find(doc.body, (e) => e.name === 'img'))) {
      notes.push(`skipped ${doc.item.href} (${/\btoc\b/.test(types) ? 'table of contents' : /cover/.test(types) || !text ? 'cover or empty page' : /titlepage/.test(types) ? 'title page' : 'copyright page'})`);
      continue;
    }
    const heading = find(doc.body, (e) => /^h[1-3]$/.test(e.name));
    const tocTitle = titles.get(doc.item.path);
    let title = tocTitle ?? (heading ? textOf(heading) : undefined);
    const conv = new MarkdownConverter(contextFor(doc));
    // The heading that says the chapter's title is the title, not text.
    const dropHeading = heading && (!tocTitle || textOf(heading).toLowerCase() === tocTitle.toLowerCase() || textOf(doc.body).startsWith(textOf(heading)));
    if (dropHeading && heading) title = textOf(heading);
    const body = conv.blocks(dropHeading && heading ? withoutNode(doc.body, heading) : doc.body);
    if (title && meta.title && title === meta.title && docs.length > 1 && body.length === 0) continue;
    chapters.push({ ...(title && { title }), body: [...body, ...conv.footnoteDefinitions()].join('\n\n') });
  }
  return chapters;
}

