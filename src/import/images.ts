// Images the imported chapters show: JPEG and PNG copied into images/ under a safe, unique name;
// any other kind (GIF, SVG, WebP) is left out and reported, since the book carries JPEG and PNG only.
import { posix } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { warning } from '../diagnostics.js';
import { slugify } from './slug.js';
import type { SourceImage } from './source-story.js';
import type { SafeZip } from './zip-safe.js';

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export function imageKind(data: Uint8Array): 'jpg' | 'png' | undefined {
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpg';
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'png';
  return undefined;
}

export class ImageCollector {
  readonly images: SourceImage[] = [];
  private byKey = new Map<string, string>();
  private names = new Set<string>();

  constructor(private file: string, private warnings: Diagnostic[]) {}

  /** Adds image bytes under a name like the source's; returns the path chapters use, or undefined (reported). */
  add(key: string, name: string, data: Uint8Array | undefined, shown: string): string | undefined {
    const known = this.byKey.get(key);
    if (known) return known;
    if (!data) {
      this.warnings.push(warning(this.file, `image ${shown} is not in the file; left out`));
      return undefined;
    }
    const kind = imageKind(data);
    if (!kind) {
      this.warnings.push(warning(this.file, `image ${shown} is not a JPEG or PNG; left out`, { hint: 'convert it to PNG, put it in images/ and add it to the chapter' }));
      return undefined;
    }
    if (data.length > MAX_IMAGE_BYTES) {
      this.warnings.push(warning(this.file, `image ${shown} is larger than 10 MB; left out`));
      return undefined;
    }
    const stem = slugify(posix.basename(name).replace(/\.[^.]*$/, ''), 'image', 40);
    let candidate = `${stem}.${kind}`;
    for (let i = 2; this.names.has(candidate); i++) candidate = `${stem}-${i}.${kind}`;
    this.names.add(candidate);
    const path = `images/${candidate}`;
    this.images.push({ path, data });
    this.byKey.set(key, path);
    return path;
  }

  fromZip(zip: SafeZip, path: string | undefined, src: string): string | undefined {
    if (!path) {
      this.warnings.push(warning(this.file, `image ${src} points outside the book; left out`));
      return undefined;
    }
    return this.add(path, path, zip.bytes(path), src);
  }
}
