// The preview page's script (served by `build-ebook serve` at /preview/preview.js). It shows the chosen
// EPUB document in the frame, draws the PDF's pages with pdf.js as they scroll into view, and reloads the
// page when the server says a build finished (Server-Sent Events), keeping both places.
import * as pdfjs from '/preview/pdfjs/pdf.min.mjs';

pdfjs.GlobalWorkerOptions.workerSrc = '/preview/pdfjs/pdf.worker.min.mjs';

const body = document.body;
const frame = document.getElementById('epub');
const select = document.getElementById('document');
const pdfPane = document.getElementById('pdf');
const failure = document.getElementById('failure');
const status = document.getElementById('status');
const placeKey = `build-ebook-preview:${body.dataset.book}`;

function docUrl(href) {
  return `${body.dataset.base}${href}`;
}

// Where the author was before the reload.
const saved = JSON.parse(sessionStorage.getItem(placeKey) ?? '{}');
sessionStorage.removeItem(placeKey);
const wanted = location.hash.slice(1) || saved.doc;
if (wanted && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
frame.src = docUrl(select.value);
frame.addEventListener('load', () => {
  if (saved.doc === select.value && saved.epubY) frame.contentWindow.scrollTo(0, saved.epubY);
  saved.epubY = 0;
});
select.addEventListener('change', () => {
  history.replaceState(null, '', `#${select.value}`);
  frame.src = docUrl(select.value);
});

async function showPdf() {
  const url = body.dataset.pdf;
  if (!url) {
    pdfPane.textContent = 'No PDF edition in this build (add pdf to --format).';
    return;
  }
  const pdf = await pdfjs.getDocument({ url }).promise;
  const width = Math.min(pdfPane.clientWidth - 32, 700);
  const draw = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting || entry.target.dataset.drawn) continue;
      entry.target.dataset.drawn = '1';
      const n = Number(entry.target.dataset.page);
      pdf.getPage(n).then((page) => {
        const base = page.getViewport({ scale: 1 });
        const viewport = page.getViewport({ scale: (width / base.width) * (window.devicePixelRatio || 1) });
        const canvas = document.createElement('canvas');
        canvas.width = viewport.width;
        canvas.height = viewport.height;
        entry.target.append(canvas);
        return page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
      });
    }
  }, { root: pdfPane, rootMargin: '800px 0px' });
  const first = await pdf.getPage(1);
  const size = first.getViewport({ scale: 1 });
  for (let n = 1; n <= pdf.numPages; n++) {
    const div = document.createElement('div');
    div.className = 'page';
    div.dataset.page = String(n);
    div.style.width = `${width}px`;
    div.style.height = `${(width * size.height) / size.width}px`;
    div.title = `Page ${n}`;
    pdfPane.append(div);
    draw.observe(div);
  }
  // The PDF's outline names its chapters as the EPUB's documents are named: choosing one in the list
  // turns the PDF to its first page too.
  const outline = new Map();
  const visit = async (items) => {
    for (const item of items ?? []) {
      const dest = typeof item.dest === 'string' ? await pdf.getDestination(item.dest) : item.dest;
      if (dest?.[0] && !outline.has(item.title)) outline.set(item.title, (await pdf.getPageIndex(dest[0])) + 1);
      await visit(item.items);
    }
  };
  await visit(await pdf.getOutline()).catch(() => {});
  const turnTo = () => {
    const n = outline.get(select.selectedOptions[0]?.textContent ?? '');
    const page = n && pdfPane.querySelector(`[data-page="${n}"]`);
    if (page) pdfPane.scrollTop = page.offsetTop - pdfPane.offsetTop - 16;
  };
  select.addEventListener('change', turnTo);
  if (saved.pdfY) pdfPane.scrollTop = saved.pdfY;
  else turnTo();
}
showPdf().catch((e) => {
  pdfPane.textContent = `The PDF could not be shown: ${e.message}`;
});

const events = new EventSource('/events');
events.addEventListener('built', (e) => {
  const { generation } = JSON.parse(e.data);
  if (String(generation) === body.dataset.generation) return;
  sessionStorage.setItem(placeKey, JSON.stringify({ doc: select.value, epubY: frame.contentWindow?.scrollY ?? 0, pdfY: pdfPane.scrollTop }));
  location.reload();
});
events.addEventListener('failed', (e) => {
  const { message } = JSON.parse(e.data);
  failure.textContent = `The last build failed; this is the last good one.\n\n${message}`;
  body.classList.add('failed');
});
events.addEventListener('building', () => {
  status.textContent = 'Building…';
});
