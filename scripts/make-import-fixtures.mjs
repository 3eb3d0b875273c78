// Makes the import fixtures the way each producer makes them, from the story in
// tests/fixtures/import/sources/story.mjs:
//   ao3.html          the page otwarchive renders from app/views/downloads/ (layout "barebones")
//   ao3.epub          calibre's ebook-convert of that page with the options of otwarchive's download_writer.rb
//   pandoc.docx       pandoc from Markdown
//   docx-package.docx the `docx` npm package (as an app writing Word files does)
//   pandoc.epub       any EPUB 3 (pandoc's: nav document, title page, its own markup), with a footnote and an image
//   build-ebook.epub  this tool's own EPUB of the sample book (manuscript/)
//   fanficfare.epub   FanFicFare's own EPUB writer, fed by its test1.com adapter: story data from a
//                     personal.ini, chapter pages read from local files (file://), no network
// Usage: node scripts/make-import-fixtures.mjs   (needs ebook-convert and pandoc; the CLI built in lib/)
//        FANFICFARE=/path/to/FanFicFare-source node scripts/make-import-fixtures.mjs   also makes fanficfare.epub
//        (FanFicFare runs on Debian's python3-bs4, -html5lib, -chardet, -requests, -requests-file,
//        -html2text, -brotli; cloudscraper, which it imports but never uses here, is stubbed.)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORY } from '../tests/fixtures/import/sources/story.mjs';

const OUT = new URL('../tests/fixtures/import/', import.meta.url).pathname;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** The story's light Markdown (*i*, **b**) as the HTML AO3's editor stores. */
const html = (s) => esc(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\*(.+?)\*/g, '<em>$1</em>');
const paras = (list) => list.map((p) => `<p>${html(p)}</p>`).join('\n');

function chapterBody(ch) {
  return ch.paragraphs
    .map((p) => (p.break ? '<hr />' : p.quote ? `<blockquote><p>${html(p.quote)}</p></blockquote>` : p === 'The End' ? `<p align="center">${p}</p>` : `<p>${html(p)}</p>`))
    .join('\n');
}

function ao3Html() {
  const s = STORY;
  const tagLinks = (tags) => tags.map((t) => `<a href="https://archiveofourown.org/tags/${encodeURIComponent(t)}">${esc(t)}</a>`).join(', ');
  const dd = (label, tags) => `<dt>${label}:</dt>\n<dd>${tagLinks(tags)}</dd>`;
  const series = s.series.map((x, i) => `Part ${x.number} of <a href="https://archiveofourown.org/series/${4400 + i}">${esc(x.name)}</a>`).join(', ');
  const chapters = s.chapters
    .map(
      (ch, i) => `<div class="meta group">
  <h2 class="heading">Chapter ${i + 1}: ${esc(ch.title)}</h2>
  <p>Chapter Summary</p>
  <blockquote class="userstuff">${paras(ch.summary)}</blockquote>
  <p>Chapter Notes</p>
  <blockquote class="userstuff">${paras(ch.notes)}</blockquote>
  <div class="endnote-link">See the end of the chapter for  <a href="#endnotes${i + 1}">more notes</a></div>
</div>

<!--chapter content-->
<div class="userstuff">
${chapterBody(ch)}
</div>
<!--/chapter content-->

<div class="meta" id="endnotes${i + 1}">
  <p>Chapter End Notes</p>
  <blockquote class="userstuff">${paras(ch.endNotes)}</blockquote>
</div>`,
    )
    .join('\n\n');
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
<meta charset="utf-8" />
<meta http-equiv="x-ua-compatible" content="ie=edge" />
<title>${esc(s.title)} - ${esc(s.author)} - ${esc(s.fandom)} [Archive of Our Own]</title>
<style type="text/css">
p.message { text-align: center; }
.meta h1 { font-size: 1.5em; text-align: center; }
.meta h2 { font-size: 1.25em; text-align: center; }
.meta h2 { page-break-before: always; }
.meta .byline { text-align: center; }
.meta dl.tags { border: 1px solid; padding: 1em; }
.meta dd { margin: -1em 0 0 10em; }
.meta .endnote-link { font-size: .8em; }
#afterword .meta dd { margin: 1em 0 0 1em; }
#chapters { font-family: "Nimbus Roman No9 L", "Times New Roman", serif; padding: 1em; }
.userstuff { font-family: "Nimbus Roman No9 L", "Times New Roman", serif; padding: 1em; }
.toc-heading { display: none; }
</style>
</head>
<body>
<div id="preface">
  <h2 class="toc-heading">Preface</h2>
  <p class="message">
    <b>${esc(s.title)}</b><br />
    Posted originally on the <a href="https://archiveofourown.org/">Archive of Our Own</a> at <a href="${s.url}">${s.url}</a>.
  </p>
  <div class="meta">
    <dl class="tags">
${dd('Rating', [s.rating])}
${dd('Archive Warning', [s.warning])}
${dd('Category', [s.category])}
${dd('Fandom', [s.fandom])}
${dd('Relationship', s.relationships)}
${dd('Characters', s.characters)}
${dd('Additional Tags', s.tags)}
<dt>Language:</dt>
<dd>${s.language}</dd>
<dt>Series:</dt>
<dd>${series}</dd>
<dt>Stats:</dt>
<dd>
  Published: ${s.published}
  Completed: ${s.updated}
  Words: 312
  Chapters: 2/2
</dd>
    </dl>
    <h1>${esc(s.title)}</h1>
    <div class="byline">by <a rel="author" href="https://archiveofourown.org/users/WrenAlder/pseuds/WrenAlder">${esc(s.author)}</a></div>
    <p>Summary</p>
    <blockquote class="userstuff">${paras(s.summary)}</blockquote>
    <p>Notes</p>
    <blockquote class="userstuff">${paras(s.notes)}</blockquote>
    <div class="endnote-link">See the end of the work for <a href="#endnotes">more notes</a></div>
  </div>
</div>
<div id="chapters" class="userstuff">
${chapters}
</div>
<div id="afterword">
  <h2 class="toc-heading">Afterword</h2>
  <div class="meta">
    <div id="endnotes">
      <p>End Notes</p>
      <blockquote class="userstuff">${paras(s.endNotes)}</blockquote>
    </div>
  </div>
  <p class="message">Please <a href="${s.url}/comments/new">drop by the Archive and comment</a> to let the creator know if you enjoyed their work!</p>
</div>
</body>
</html>
`;
}

function ao3Epub(htmlFile) {
  const s = STORY;
  const first = s.series[0];
  execFileSync('ebook-convert', [
    htmlFile, join(OUT, 'ao3.epub'),
    '--input-encoding', 'utf-8',
    '--toc-threshold', '0',
    '--use-auto-toc',
    '--title', s.title,
    '--title-sort', s.title,
    '--authors', s.author,
    '--author-sort', s.author,
    '--comments', s.summary.map((p) => `<p>${html(p)}</p>`).join(''),
    '--tags', ['Fanworks', s.rating, s.warning, s.category, s.fandom, ...s.relationships, ...s.characters, ...s.tags].join(', '),
    '--pubdate', s.updated,
    '--publisher', 'Archive of Our Own',
    '--language', s.languageTag,
    '--chapter', "//h:body/h:div[@id='chapters']/h:h2[@class='toc-heading'] | //h:body/h:div[@id='chapters']/h:div[@class='meta group']/h:h2[@class='heading'] | //h:body/h:div[@id='preface' or @id='afterword']/h:h2[@class='toc-heading']",
    '--series', first.name, '--series-index', String(first.number),
    '--no-default-epub-cover',
  ], { stdio: 'ignore', env: { ...process.env, SOURCE_DATE_EPOCH: '1712793600', CALIBRE_CONFIG_DIRECTORY: tmp } });
}

/** The same story as Markdown with a header block, as an author keeps it before pasting into Word. */
function storyMarkdown() {
  const s = STORY;
  const lines = [
    s.title, '', `by ${s.author}`, '', `Fandom: ${s.fandom}`, '', `Rating: ${s.rating}`, '', `Summary: ${s.summary.join(' ')}`, '',
  ];
  s.chapters.forEach((ch) => {
    lines.push(`# ${ch.title}`, '');
    for (const p of ch.paragraphs) {
      if (p.break) lines.push('* * *', '');
      else if (p.quote) lines.push(`> ${p.quote}`, '');
      else lines.push(p, '');
    }
  });
  return lines.join('\n');
}

async function docxPackage(file) {
  const { Document, Packer, Paragraph, TextRun, HeadingLevel, AlignmentType } = await import('docx');
  const s = STORY;
  const runs = (text) =>
    text.split(/(\*\*[^*]+\*\*|\*[^*]+\*)/).filter(Boolean).map((part) =>
      part.startsWith('**') ? new TextRun({ text: part.slice(2, -2), bold: true }) : part.startsWith('*') ? new TextRun({ text: part.slice(1, -1), italics: true }) : new TextRun(part),
    );
  const children = [
    new Paragraph({ children: [new TextRun(s.title)] }),
    new Paragraph({ children: [new TextRun(`by ${s.author}`)] }),
    new Paragraph({ children: [new TextRun(`Fandom: ${s.fandom}`)] }),
    new Paragraph({ children: [new TextRun(`Rating: ${s.rating}`)] }),
    new Paragraph({ children: [new TextRun(`Summary: ${s.summary.join(' ')}`)] }),
  ];
  for (const ch of s.chapters) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(ch.title)] }));
    for (const p of ch.paragraphs) {
      if (p.break) children.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun('* * *')] }));
      else if (p.quote) children.push(new Paragraph({ style: 'Quote', children: runs(p.quote) }));
      else children.push(new Paragraph({ children: runs(p) }));
    }
    // Word processors leave empty paragraphs between chapters; the importer drops them.
    children.push(new Paragraph({ children: [] }));
  }
  const doc = new Document({
    creator: s.author,
    title: s.title,
    styles: { paragraphStyles: [{ id: 'Quote', name: 'Quote', basedOn: 'Normal', paragraph: { indent: { left: 720 } } }] },
    sections: [{ children }],
  });
  writeFileSync(file, await Packer.toBuffer(doc));
}

/** FanFicFare's EPUB of the story: its test1.com adapter takes metadata from the ini, chapters from local pages. */
function fanficfare(source) {
  const s = STORY;
  const stub = join(tmp, 'stub', 'cloudscraper');
  mkdirSync(stub, { recursive: true });
  writeFileSync(join(stub, '__init__.py'), 'class CloudScraper:\n    def __init__(self, *a, **k):\n        raise RuntimeError("no network")\n');
  writeFileSync(join(stub, 'exceptions.py'), 'class CloudflareException(Exception):\n    pass\n');
  const urls = s.chapters.map((ch, i) => {
    const page = join(tmp, `chapter${i + 1}.html`);
    writeFileSync(page, `<html><body><ul><li id="c${i + 1}"><blockquote>\n${chapterBody(ch)}\n</blockquote></li></ul></body></html>`);
    return ` file://${page}#c${i + 1},${ch.title}`;
  });
  const ini = `[defaults]
is_adult:true
never_make_cover:true
include_images:false

[epub]
# The pages a reader's FanFicFare EPUB often has; the importer drops them.
include_tocpage:true
include_logpage:true

[teststory:2024]
valid_entries:title,author_list,authorId_list,authorUrl_list,storyUrl,datePublished,dateUpdated,numWords,status,language,series,seriesUrl,rating,category_list,genre_list,warnings_list,characters_list,ships_list,description
title:${s.title}
author_list:${s.author}
authorId_list:77
authorUrl_list:http://test1.com?authid=77
storyUrl:http://test1.com?sid=2024
datePublished:${s.published}
dateUpdated:${s.updated}
numWords:312
status:Completed
language:${s.language}
series:${s.series[0].name} [${s.series[0].number}]
seriesUrl:http://test1.com?seriesid=9
rating:${s.rating}
category_list:${s.fandom}
genre_list:${s.tags.join(',')}
warnings_list:${s.warning}
characters_list:${s.characters.join(',')}
ships_list:${s.relationships.join(',')}
description:${s.summary.map((p) => `<p>${html(p)}</p>`).join('')}
chapter_urls:
${urls.join('\n')}
`;
  writeFileSync(join(tmp, 'personal.ini'), ini);
  execFileSync('/usr/bin/python3', ['-m', 'fanficfare.cli', '-c', join(tmp, 'personal.ini'), '-f', 'epub', '-o', 'output_filename=fanficfare.epub', 'http://test1.com?sid=2024'], {
    cwd: tmp,
    env: { ...process.env, PYTHONPATH: `${source}:${join(tmp, 'stub')}`, HOME: tmp },
    stdio: 'inherit',
  });
  copyFileSync(join(tmp, 'fanficfare.epub'), join(OUT, 'fanficfare.epub'));
}

/** A generic EPUB 3: the story without its header block, metadata given to pandoc, a footnote and a PNG. */
function pandocEpub() {
  const s = STORY;
  const body = storyMarkdown().split('\n').slice(10).join('\n')
    .replace('four feet and a thumb.', 'four feet and a thumb.[^tape]')
    .replace('she found the door.', 'she found the door.\n\n![A compass rose](rose.png)')
    + '\n[^tape]: An old cloth tape, in inches.\n';
  writeFileSync(join(tmp, 'body.md'), body);
  // A 2×2 PNG (as a scanned map would be, only smaller).
  writeFileSync(join(tmp, 'rose.png'), Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNkYPjPwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64'));
  execFileSync('pandoc', [join(tmp, 'body.md'), '-o', join(OUT, 'pandoc.epub'), '--metadata', `title=${s.title}`, '--metadata', `author=${s.author}`, '--metadata', 'lang=en', '--metadata', `description=${s.summary[0]}`, '--metadata', `date=${s.published}`, '--resource-path', tmp], {
    cwd: tmp,
    env: { ...process.env, SOURCE_DATE_EPOCH: '1712793600' },
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'import-fixtures-'));
try {
  writeFileSync(join(OUT, 'ao3.html'), ao3Html());
  // calibre names the output after nothing but its arguments; a copy named like AO3's download keeps the run tidy.
  copyFileSync(join(OUT, 'ao3.html'), join(tmp, 'The_Cartographer_of_Small_Rooms.html'));
  ao3Epub(join(tmp, 'The_Cartographer_of_Small_Rooms.html'));
  writeFileSync(join(tmp, 'story.md'), storyMarkdown());
  execFileSync('pandoc', [join(tmp, 'story.md'), '-f', 'markdown', '-o', join(OUT, 'pandoc.docx')]);
  await docxPackage(join(OUT, 'docx-package.docx'));
  pandocEpub();
  execFileSync(process.execPath, ['bin/build-ebook.js', 'build', 'manuscript', '--out', tmp, '--format', 'epub'], {
    env: { ...process.env, SOURCE_DATE_EPOCH: '1712793600' },
    stdio: 'ignore',
  });
  copyFileSync(join(tmp, 'the-night-ferry.epub'), join(OUT, 'build-ebook.epub'));
  if (process.env.FANFICFARE) fanficfare(process.env.FANFICFARE);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log('fixtures written to', OUT);
