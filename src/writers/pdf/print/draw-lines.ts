// Lines set by print/text.ts, painted with the reading PDF's own line drawing.
import { drawPageContent } from '../draw.js';
import type { LayoutLine, LayoutPage } from '../layout/model.js';
import type { Fingerprint, PrintDoc } from './document.js';

export function drawLines(doc: PrintDoc, lines: readonly LayoutLine[], fingerprint: Fingerprint): void {
  const page: LayoutPage = {
    index: 0,
    label: '',
    side: 'recto',
    section: 'front',
    plain: true,
    blank: false,
    opener: false,
    textBlock: { left: 0, top: 0, right: 0, bottom: 0 },
    items: [...lines],
    furniture: [],
    destinations: [],
    outline: [],
  };
  drawPageContent(doc, page, new Map(), fingerprint);
}
