// Local images referenced by a manuscript: checked (inside the book folder, real image, not too large) and
// loaded as model assets. Remote images are refused: a build never touches the network.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, relative, resolve } from 'node:path';
import { error, type Diagnostic } from '../diagnostics.js';
import { isWithin } from '../input/inside.js';
import type { Asset } from '../model/book.js';

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export interface ImageStore {
  /** Resolves `src` as written in `fromFile` (display name `fromDisplay`) to an asset id, or records an error. */
  resolve(src: string, baseDir: string, fromDisplay: string, line?: number): string | undefined;
  assets: Asset[];
  diagnostics: Diagnostic[];
}

export function createImageStore(bookDir: string): ImageStore {
  const root = realpathSync(bookDir);
  const byPath = new Map<string, Asset>();
  const usedHrefs = new Set<string>();
  const assets: Asset[] = [];
  const diagnostics: Diagnostic[] = [];

  function fail(fromDisplay: string, line: number | undefined, message: string, hint?: string): undefined {
    diagnostics.push(error(fromDisplay, message, { ...(line !== undefined && { line }), ...(hint && { hint }) }));
    return undefined;
  }

  function resolveImage(src: string, baseDir: string, fromDisplay: string, line?: number): string | undefined {
    if (/^\s*data:/i.test(src)) {
      return fail(fromDisplay, line, 'image is embedded as a `data:` URL', 'save the image as a JPEG or PNG file in the book folder and refer to it by its file name');
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
      return fail(fromDisplay, line, `image \`${src}\` is not a local file`, 'download it into the book folder and refer to it by a relative path; build-ebook never fetches from the network');
    }
    let decoded = src;
    try {
      decoded = decodeURIComponent(src);
    } catch {
      // keep as written
    }
    if (isAbsolute(decoded)) {
      return fail(fromDisplay, line, `image \`${src}\` is an absolute path`, 'use a path relative to the book folder');
    }
    const target = resolve(baseDir, decoded);
    if (!isWithin(resolve(bookDir), target)) {
      return fail(fromDisplay, line, `image \`${src}\` leaves the book folder`, 'copy the image into the book folder and refer to it by a path inside it');
    }
    let real: string;
    try {
      real = realpathSync(target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') return fail(fromDisplay, line, `image \`${src}\` is a symbolic link loop`, 'replace the link with the image file itself');
      return fail(fromDisplay, line, `image \`${src}\` does not exist`, `looked for ${relative(process.cwd(), target) || target}`);
    }
    if (!isWithin(root, real)) {
      return fail(fromDisplay, line, `image \`${src}\` is a symbolic link to ${real} outside the book folder`, 'copy the image into the book folder; build-ebook reads nothing outside it');
    }
    const existing = byPath.get(real);
    if (existing) return existing.id;
    const stat = statSync(real);
    if (!stat.isFile()) return fail(fromDisplay, line, `image \`${src}\` is not a file`);
    if (stat.size > MAX_IMAGE_BYTES) {
      return fail(fromDisplay, line, `image \`${src}\` is ${(stat.size / 1048576).toFixed(1)} MB, over the ${MAX_IMAGE_BYTES / 1048576} MB limit`, 'resize or recompress it');
    }
    const data = readFileSync(real);
    const sniffed = sniffImage(data);
    if (!sniffed) {
      return fail(fromDisplay, line, `\`${src}\` is not a JPEG or PNG image`, 'convert it to JPEG or PNG (the formats every e-reader and printer takes); check it is not a renamed file');
    }
    const id = `img-${assets.length + 1}`;
    const href = uniqueHref(`images/${safeFileName(basename(real, extname(real)))}.${sniffed.ext}`, usedHrefs);
    const asset: Asset = { id, href, mediaType: sniffed.mediaType, data, source: relative(root, real), ...sniffed.size };
    byPath.set(real, asset);
    assets.push(asset);
    return id;
  }

  return { resolve: resolveImage, assets, diagnostics };
}

function uniqueHref(href: string, used: Set<string>): string {
  let candidate = href;
  for (let n = 2; used.has(candidate); n++) candidate = href.replace(/(\.[a-z]+)$/, `-${n}$1`);
  used.add(candidate);
  return candidate;
}

/** ASCII letters, digits and dashes: safe in a zip, a URL and every reader's file system. */
export function safeFileName(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return ascii.slice(0, 60) || 'image';
}

interface Sniffed {
  mediaType: Asset['mediaType'];
  ext: string;
  size?: { width: number; height: number };
}

/** Identifies an image by its bytes, never by its name. */
export function sniffImage(data: Uint8Array): Sniffed | undefined {
  const b = data;
  if (b.length > 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { mediaType: 'image/png', ext: 'png', size: { width: view.getUint32(16), height: view.getUint32(20) } };
  }
  if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    return { mediaType: 'image/jpeg', ext: 'jpg', size: jpegSize(b) };
  }
  return undefined;
}

function jpegSize(b: Uint8Array): { width: number; height: number } | undefined {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1];
    const length = (b[i + 2] << 8) | b[i + 3];
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (b[i + 5] << 8) | b[i + 6], width: (b[i + 7] << 8) | b[i + 8] };
    }
    i += 2 + length;
  }
  return undefined;
}
