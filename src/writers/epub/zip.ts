// The EPUB container on yazl: entries in the order given, each stored or deflated by Node's native zlib,
// one fixed modification time, no extra fields (the `mimetype` entry must have none).
import yazl from 'yazl';

export interface ZipEntry {
  /** Path inside the archive: ASCII, forward slashes. */
  name: string;
  data: Uint8Array;
  /** Store without compression (the EPUB `mimetype`, images that are compressed already). */
  store?: boolean;
}

export interface ZipOptions {
  /** Deflate level for entries not stored; 6 is zlib's usual balance of size and speed. */
  level?: number;
  /** The time every entry carries. */
  modified: Date;
}

/**
 * yazl writes an entry's DOS time from a Date's local fields; this Date's local fields are the UTC
 * fields of `date`, so the bytes do not depend on the time zone. Zip cannot say anything before 1980.
 */
export function zipTime(date: Date): Date {
  const t = new Date(Math.max(date.getTime(), Date.UTC(1980, 0, 1)));
  return new Date(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds());
}

export function zip(entries: readonly ZipEntry[], options: ZipOptions): Promise<Uint8Array> {
  const mtime = zipTime(options.modified);
  const level = options.level ?? 6;
  const archive = new yazl.ZipFile();
  for (const entry of entries) {
    archive.addBuffer(Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength), entry.name, {
      mtime,
      mode: 0o100644,
      compressionLevel: entry.store ? 0 : level,
      // The Info-ZIP timestamp extra field would carry the clock's time zone and break `mimetype`.
      forceDosTimestamp: true,
    });
  }
  archive.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    archive.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on('error', reject);
    archive.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
