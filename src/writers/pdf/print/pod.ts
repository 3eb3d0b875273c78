// The print-on-demand interior: the reading edition's pages on a page grown by the bleed on the outer
// edge, head and foot (as KDP and IngramSpark ask), TrimBox and BleedBox on every page, an even page
// count, no link annotations (paper has none). Text is drawn in the default DeviceGray black.

import type { LayoutDocument, LayoutPage } from '../layout/model.js';
import type { PageFrame } from '../draw.js';
import { setBoxes, type PrintDoc } from './document.js';
import { BLEED } from '../../../print/options.js';

/** The layout as printed: links dropped, a blank page added when the count is odd. */
export function podLayout(layout: LayoutDocument): LayoutDocument {
  const pages: LayoutPage[] = layout.pages.map((page) => ({
    ...page,
    items: page.items.map((item) => (item.kind === 'line' ? unlink(item) : item)),
    furniture: page.furniture.map(unlink),
  }));
  if (pages.length % 2 === 1) {
    const last = pages[pages.length - 1];
    pages.push({
      index: pages.length,
      label: '',
      side: last.side === 'recto' ? 'verso' : 'recto',
      section: 'back',
      plain: true,
      blank: true,
      opener: false,
      textBlock: last.textBlock,
      items: [],
      furniture: [],
      destinations: [],
      outline: [],
    });
  }
  return { ...layout, pages };
}

function unlink<T extends { runs: { url?: string }[]; goTo?: string }>(line: T): T {
  const { goTo: _goTo, ...rest } = line;
  return { ...rest, runs: line.runs.map(({ url: _url, ...run }) => run) } as T;
}

/** Each page on its trim plus bleed: verso pages move right by the bleed (their outer edge is the left). */
export function podFrame(layout: LayoutDocument, bleed: boolean): PageFrame {
  const b = bleed ? BLEED : 0;
  const width = layout.width + b;
  const height = layout.height + 2 * b;
  return {
    width,
    height,
    key: `pod|${b}`,
    begin(doc, page) {
      const dx = page.side === 'verso' ? b : 0;
      const print = doc as PrintDoc;
      if (dx !== 0 || b !== 0) print.transform(1, 0, 0, 1, dx, b);
      setBoxes(print, height, { x: dx, y: b, width: layout.width, height: layout.height }, { x: 0, y: 0, width, height });
    },
  };
}
