// Draws the sample book's cover (manuscript/images/cover.jpg): a lighthouse and a ferry at night, with the
// title, drawn here with pdfkit and the bundled EB Garamond, then rasterised at 300 ppi for a 6x9 trim with
// bleed (1838 × 2775 px) with poppler's pdftoppm. Run once by hand: `node scripts/sample-cover.mjs`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const W = 6.125 * 72;
const H = 9.25 * 72;
const doc = new PDFDocument({ size: [W, H], margin: 0, font: null });
const chunks = [];
doc.on('data', (c) => chunks.push(c));
const done = new Promise((r) => doc.on('end', r));

// Sky, darker at the top, in bands.
const bands = 14;
for (let i = 0; i < bands; i++) {
  const t = i / (bands - 1);
  const c = [Math.round(14 + 30 * t), Math.round(22 + 40 * t), Math.round(48 + 50 * t)];
  doc.rect(0, (H * 0.68 * i) / bands, W, (H * 0.68) / bands + 1).fill(c);
}
// Moon.
doc.circle(W * 0.78, H * 0.42, 26).fill([236, 230, 200]);
// The lamp's beam, and the lighthouse on its rock.
const lampX = W * 0.26;
const lampY = H * 0.44;
doc.polygon([lampX, lampY - 6], [W + 20, lampY - 70], [W + 20, lampY + 30], [lampX, lampY + 6]).fillOpacity(0.22).fill([250, 236, 170]);
doc.fillOpacity(1);
doc.polygon([lampX - 20, H * 0.66], [lampX - 11, lampY + 12], [lampX + 11, lampY + 12], [lampX + 20, H * 0.66]).fill([232, 226, 214]);
for (const y of [0.5, 0.56, 0.62]) doc.rect(lampX - 22, H * y, 44, 9).fill([150, 40, 40]);
doc.rect(lampX - 12, lampY - 8, 24, 20).fill([250, 230, 140]);
doc.polygon([lampX - 16, lampY - 8], [lampX, lampY - 26], [lampX + 16, lampY - 8]).fill([40, 40, 48]);
doc.polygon([0, H * 0.7], [lampX - 60, H * 0.64], [lampX + 70, H * 0.65], [lampX + 120, H * 0.7]).fill([30, 30, 34]);
// Sea.
doc.rect(0, H * 0.68, W, H * 0.32).fill([10, 24, 40]);
for (let k = 0; k < 9; k++) {
  const y = H * 0.72 + k * 16;
  doc.moveTo(((k * 37) % 60) - 20, y);
  for (let x = 0; x < W + 40; x += 40) doc.quadraticCurveTo(x + 10, y - 3, x + 20, y).quadraticCurveTo(x + 30, y + 3, x + 40, y);
  doc.lineWidth(1).strokeOpacity(0.35).stroke([120, 150, 180]);
}
doc.strokeOpacity(1);
// The ferry, lights on.
const fy = H * 0.75;
doc.polygon([W * 0.5, fy], [W * 0.86, fy], [W * 0.83, fy + 16], [W * 0.53, fy + 16]).fill([20, 20, 24]);
doc.rect(W * 0.58, fy - 14, W * 0.2, 14).fill([24, 24, 30]);
for (let i = 0; i < 6; i++) doc.rect(W * 0.6 + i * 13, fy - 10, 6, 5).fill([250, 220, 130]);

const serif = require.resolve('@expo-google-fonts/eb-garamond/400Regular/EBGaramond_400Regular.ttf');
const italic = require.resolve('@expo-google-fonts/eb-garamond/400Regular_Italic/EBGaramond_400Regular_Italic.ttf');
doc.fillColor([240, 234, 214]);
doc.font(serif).fontSize(44).text('The Night Ferry', 0, H * 0.1, { width: W, align: 'center' });
doc.font(italic).fontSize(17).text('A Harbour Lights Story', 0, H * 0.1 + 58, { width: W, align: 'center' });
doc.font(serif).fontSize(20).text('M A R E N   H O L T', 0, H * 0.9, { width: W, align: 'center' });
doc.end();
await done;

const dir = mkdtempSync(join(tmpdir(), 'sample-cover-'));
try {
  writeFileSync(join(dir, 'cover.pdf'), Buffer.concat(chunks));
  const r = spawnSync('pdftoppm', ['-r', '300', '-jpeg', '-jpegopt', 'quality=80', '-singlefile', join(dir, 'cover.pdf'), join(dir, 'cover')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('pdftoppm failed');
  renameSync(join(dir, 'cover.jpg'), new URL('../manuscript/images/cover.jpg', import.meta.url).pathname);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
