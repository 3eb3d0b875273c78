// The EPUB 2 navigation file, for readers that predate the EPUB 3 nav document.
import type { Book, NavEntry } from '../../model/book.js';
import { navHref } from './documents.js';
import { escapeAttr, escapeText } from './xml.js';

export function ncxDocument(book: Book, hrefPrefix: string): string {
  let order = 0;
  let maxDepth = 1;
  const points = (entries: readonly NavEntry[], depth: number): string =>
    entries
      .map((e) => {
        order++;
        maxDepth = Math.max(maxDepth, depth);
        const id = `nav-${order}`;
        const playOrder = order;
        const children = e.children.length > 0 ? `\n${points(e.children, depth + 1)}` : '';
        return `<navPoint id="${id}" playOrder="${playOrder}"><navLabel><text>${escapeText(e.label)}</text></navLabel><content src="${escapeAttr(hrefPrefix + navHref(e))}"/>${children}</navPoint>`;
      })
      .join('\n');
  const map = points(book.navigation, 1);
  return `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="${escapeAttr(book.meta.language)}">
<head>
<meta name="dtb:uid" content="${escapeAttr(book.meta.identifier)}"/>
<meta name="dtb:depth" content="${maxDepth}"/>
<meta name="dtb:totalPageCount" content="0"/>
<meta name="dtb:maxPageNumber" content="0"/>
</head>
<docTitle><text>${escapeText(book.meta.title)}</text></docTitle>
<navMap>
${map}
</navMap>
</ncx>
`;
}
