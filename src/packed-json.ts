// JSON with its long lists of whole numbers stored after it in binary, for tables the build makes once and
// every run reads (the fonts' shaping tables, the hyphenation patterns): the lists come back as Int32Array
// views of the file, so a run neither parses them nor keeps them as arrays its garbage collector copies.

/** Lists of at least this many whole numbers are packed as binary; shorter ones stay in the JSON. */
const PACK_MIN = 16;
const PACKED_KEY = 'i32';

function packable(value: unknown): value is readonly number[] | Int32Array {
  if (value instanceof Int32Array) return true;
  return Array.isArray(value) && value.length >= PACK_MIN && value.every((n) => Number.isInteger(n) && n >= -0x80000000 && n <= 0x7fffffff);
}

/**
 * A 4-byte length, the value as JSON (ASCII) with each long list of whole numbers replaced by
 * {"i32": [index, count]}, padding to a multiple of 4, then those lists as 32-bit little-endian integers.
 */
export function packJson(value: unknown): Uint8Array {
  const numbers: number[] = [];
  const json = JSON.stringify(value, (_key, item: unknown) => {
    if (!packable(item)) return item;
    const at = numbers.length;
    for (const n of item) numbers.push(n);
    return { [PACKED_KEY]: [at, item.length] };
  });
  // Characters past ASCII as \u escapes: the file's JSON is then ASCII, read back as Latin-1 (no UTF-8 decoding).
  const text = Buffer.from(json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), 'latin1');
  const base = (4 + text.length + 3) & ~3;
  const out = Buffer.alloc(base + numbers.length * 4);
  out.writeUInt32LE(text.length, 0);
  text.copy(out, 4);
  for (let i = 0; i < numbers.length; i++) out.writeInt32LE(numbers[i], base + i * 4);
  return out;
}

/** The value packJson stored, its long lists as Int32Arrays (views of `bytes` where they can be), or
 * undefined for bytes that are not such a file. */
export function unpackJson(bytes: Uint8Array): unknown {
  if (bytes.length < 4) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true);
  const base = (4 + length + 3) & ~3;
  if (base > bytes.length || (bytes.length - base) % 4 !== 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, length).toString('latin1'));
  } catch {
    return undefined;
  }
  // A view needs its start on a 4-byte boundary and the platform's byte order to be little-endian (every
  // platform Node runs on); else the numbers are copied out.
  const aligned = (bytes.byteOffset + base) % 4 === 0 && new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  const count = (bytes.length - base) / 4;
  const list = (at: number, n: number): Int32Array => {
    if (!(Number.isInteger(at) && Number.isInteger(n) && at >= 0 && n >= 0 && at + n <= count)) throw new RangeError('packed list out of range');
    if (aligned) return new Int32Array(bytes.buffer, bytes.byteOffset + base + at * 4, n);
    const copy = new Int32Array(n);
    for (let i = 0; i < n; i++) copy[i] = view.getInt32(base + (at + i) * 4, true);
    return copy;
  };
  const restore = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = restore(value[i]);
      return value;
    }
    if (value === null || typeof value !== 'object') return value;
    const packed = (value as Record<string, unknown>)[PACKED_KEY];
    if (Array.isArray(packed) && Object.keys(value).length === 1) return list(packed[0] as number, packed[1] as number);
    for (const key of Object.keys(value)) (value as Record<string, unknown>)[key] = restore((value as Record<string, unknown>)[key]);
    return value;
  };
  try {
    return restore(parsed);
  } catch {
    return undefined;
  }
}
