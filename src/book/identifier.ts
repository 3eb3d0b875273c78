// A stable identifier for a book that gives none: a name-based UUID (version 5 layout) of title and authors,
// so every build of the same story carries the same dc:identifier.
import { sha1 } from './sha1.js';

// A namespace UUID of our own, so these ids cannot collide with another tool's name-based ids.
const NAMESPACE = Buffer.from('6f0d3c2e8a4b4e1fa6f1b2c3d4e5f607', 'hex');

export function derivedIdentifier(title: string, authors: readonly string[]): string {
  const hash = Buffer.from(sha1(Buffer.concat([NAMESPACE, Buffer.from(`${title}\n${authors.join('\n')}`, 'utf8')])));
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
