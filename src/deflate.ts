// Deflate for the writers (the EPUB's zip entries, the PDF's streams through pdfkit): one zlib engine per
// kind of stream, reset between streams, rather than zlib.deflateSync's new engine for each. Why: each
// new engine is a stream object and ~100-250 kB of zlib state, allocated, paged in and freed again, and
// a PDF has a stream per page: 40 small streams took 8.8 ms made anew and 3.2 ms on one engine. The bytes
// are the same (tests/deflate.test.ts). The engine's synchronous write is the one zlib.deflateSync itself
// uses but not a documented API, so an engine without it, or one that reports an error, is not used: the
// stream is then deflated by zlib.deflateSync as before.
import zlib from 'node:zlib';

export interface DeflateOptions {
  level?: number;
  windowBits?: number;
  memLevel?: number;
  /** Raw deflate (zip), without the zlib header and checksum (PDF). */
  raw?: boolean;
}

interface ZlibHandle {
  reset(): void;
  writeSync(flush: number, input: Uint8Array, inOffset: number, inLength: number, out: Uint8Array, outOffset: number, outLength: number): void;
}

interface Engine {
  handle: ZlibHandle;
  /** zlib's [avail_out, avail_in] after each write. */
  state: Uint32Array;
  used: boolean;
  error?: unknown;
}

const engines = new Map<string, Engine | null>();
const OUTPUT_PIECE = 65536;

function engineFor(key: string, options: DeflateOptions): Engine | null {
  let engine = engines.get(key);
  if (engine === undefined) {
    const { raw, ...zlibOptions } = options;
    const stream = raw ? new zlib.DeflateRaw(zlibOptions) : new zlib.Deflate(zlibOptions);
    const inner = stream as unknown as { _handle?: Partial<ZlibHandle>; _writeState?: unknown };
    const handle = inner._handle;
    if (typeof handle?.writeSync === 'function' && typeof handle.reset === 'function' && inner._writeState instanceof Uint32Array) {
      const found: Engine = { handle: handle as ZlibHandle, state: inner._writeState, used: false };
      // zlib reports a failed write as the stream's 'error' event; without a listener it would be thrown later.
      stream.on('error', (error: unknown) => (found.error = error));
      engine = found;
    } else {
      stream.close();
      engine = null;
    }
    engines.set(key, engine);
  }
  return engine;
}

/** The data deflated: zlib's format, or raw with `raw`. */
export function deflate(data: Uint8Array, options: DeflateOptions = {}): Buffer {
  const key = `${options.raw ? 'raw' : 'zlib'} ${options.level} ${options.windowBits} ${options.memLevel}`;
  const engine = engineFor(key, options);
  const deflated = engine && deflateOn(engine, data);
  if (deflated) return deflated;
  // An engine that failed is not used again.
  if (engine) engines.set(key, null);
  const { raw, ...zlibOptions } = options;
  return raw ? zlib.deflateRawSync(data, zlibOptions) : zlib.deflateSync(data, zlibOptions);
}

/** The whole stream in one call (Z_FINISH), in further output buffers while zlib fills each; undefined on an error. */
function deflateOn(engine: Engine, data: Uint8Array): Buffer | undefined {
  if (engine.used) engine.handle.reset();
  engine.used = true;
  const parts: Buffer[] = [];
  // Room for a page's stream even if incompressible (stored blocks add 5 bytes in 16 kB): one write is the
  // rule; a larger stream (a font) is written in 64 kB pieces.
  let out = Buffer.allocUnsafe(Math.min(data.length + (data.length >> 8) + 64, OUTPUT_PIECE));
  let inOffset = 0;
  let inLength = data.length;
  for (;;) {
    engine.handle.writeSync(zlib.constants.Z_FINISH, data, inOffset, inLength, out, 0, out.length);
    if (engine.error !== undefined) return undefined;
    const availOut = engine.state[0];
    const availIn = engine.state[1];
    parts.push(out.subarray(0, out.length - availOut));
    // With output space left over, Z_FINISH has ended the stream.
    if (availOut > 0) break;
    inOffset += inLength - availIn;
    inLength = availIn;
    out = Buffer.allocUnsafe(OUTPUT_PIECE);
  }
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}
