// A TrueType (glyf) subsetter for the PDF writer's embedded faces, in place of fontkit's: parsing is
// limited to the table directory and a few header fields, so a face costs microseconds to open, and
// glyph outlines are copied as bytes, never decoded. pdfkit drives it through the same three members
// fontkit's subset has: `cff`, `includeGlyph(id)` while encoding text, `encode()` once at the end.

export interface TableRecord {
  readonly offset: number;
  readonly length: number;
}

export interface TrueTypeFile {
  readonly bytes: Uint8Array;
  /** A view of `bytes`, made once: a DataView per glyph read was a measurable part of a cold subset. */
  readonly view: DataView;
  readonly tables: ReadonlyMap<string, TableRecord>;
  readonly numGlyphs: number;
  readonly numberOfHMetrics: number;
  /** indexToLocFormat 1: loca holds 32-bit byte offsets; 0: 16-bit offsets divided by two. */
  readonly longLoca: boolean;
}

const REQUIRED_TABLES = ['head', 'hhea', 'maxp', 'loca', 'glyf', 'hmtx'] as const;
// Copied verbatim: the hinting programs and control values apply to any subset of the glyphs.
const HINTING_TABLES = ['cvt ', 'fpgm', 'prep'] as const;

const HEAD_LENGTH = 54;
const HEAD_CHECKSUM_ADJUSTMENT = 8;
const HEAD_INDEX_TO_LOC_FORMAT = 50;
const HHEA_LENGTH = 36;
const HHEA_NUMBER_OF_HMETRICS = 34;
const MAXP_NUM_GLYPHS = 4;
const POST_HEADER_LENGTH = 32;
const CHECKSUM_MAGIC = 0xb1b0afba;

// Composite glyph component flags (OpenType glyf spec).
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readTag(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

function parseTableDirectory(bytes: Uint8Array): Map<string, TableRecord> {
  const view = viewOf(bytes);
  if (bytes.length < 12) throw new Error('Not a TrueType font: too short for a table directory');
  const version = view.getUint32(0);
  // 0x00010000 and 'true' mark glyf outlines; 'OTTO' (CFF) and 'ttcf' (collections) are not handled.
  if (version !== 0x00010000 && version !== 0x74727565) {
    throw new Error(`Not a TrueType font: sfnt version 0x${version.toString(16).padStart(8, '0')}`);
  }
  const numTables = view.getUint16(4);
  if (12 + numTables * 16 > bytes.length) throw new Error('Truncated table directory');
  const tables = new Map<string, TableRecord>();
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    const tag = readTag(bytes, record);
    const offset = view.getUint32(record + 8);
    const length = view.getUint32(record + 12);
    if (offset + length > bytes.length) throw new Error(`Table '${tag}' runs past the end of the file`);
    tables.set(tag, { offset, length });
  }
  return tables;
}

function requireTable(tables: ReadonlyMap<string, TableRecord>, tag: string, minLength: number): TableRecord {
  const table = tables.get(tag);
  if (!table) throw new Error(`TrueType font has no '${tag}' table`);
  if (table.length < minLength) throw new Error(`TrueType '${tag}' table is too short`);
  return table;
}

/** Reads the table directory and the header fields subsetting needs; outlines stay undecoded. */
export function parseTrueType(input: Uint8Array): TrueTypeFile {
  // A plain Uint8Array view, because Buffer#slice shares memory: copies made here with slice() must
  // never write through to the caller's font.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const tables = parseTableDirectory(bytes);
  const view = viewOf(bytes);
  for (const tag of REQUIRED_TABLES) requireTable(tables, tag, 0);
  const head = requireTable(tables, 'head', HEAD_LENGTH);
  const hhea = requireTable(tables, 'hhea', HHEA_LENGTH);
  const maxp = requireTable(tables, 'maxp', MAXP_NUM_GLYPHS + 2);
  const longLoca = view.getInt16(head.offset + HEAD_INDEX_TO_LOC_FORMAT) === 1;
  const numGlyphs = view.getUint16(maxp.offset + MAXP_NUM_GLYPHS);
  const numberOfHMetrics = view.getUint16(hhea.offset + HHEA_NUMBER_OF_HMETRICS);
  if (numGlyphs === 0) throw new Error('TrueType font has no glyphs');
  if (numberOfHMetrics === 0 || numberOfHMetrics > numGlyphs) throw new Error('TrueType hhea.numberOfHMetrics is out of range');
  requireTable(tables, 'loca', (numGlyphs + 1) * (longLoca ? 4 : 2));
  requireTable(tables, 'hmtx', numberOfHMetrics * 4 + (numGlyphs - numberOfHMetrics) * 2);
  return { bytes, view, tables, numGlyphs, numberOfHMetrics, longLoca };
}

function table(font: TrueTypeFile, tag: string): TableRecord {
  // parseTrueType has checked every table this module asks for by name.
  return font.tables.get(tag)!;
}

function tableBytes(font: TrueTypeFile, tag: string): Uint8Array | undefined {
  const record = font.tables.get(tag);
  return record && font.bytes.subarray(record.offset, record.offset + record.length);
}

function glyphOffset(font: TrueTypeFile, view: DataView, index: number): number {
  const loca = table(font, 'loca').offset;
  return font.longLoca ? view.getUint32(loca + index * 4) : view.getUint16(loca + index * 2) * 2;
}

/** The glyph's bytes in glyf, as a view into the font (empty for glyphs with no outline). */
function glyphData(font: TrueTypeFile, glyphId: number): Uint8Array {
  const view = font.view;
  const start = glyphOffset(font, view, glyphId);
  const end = glyphOffset(font, view, glyphId + 1);
  const glyf = table(font, 'glyf');
  if (start > end || end > glyf.length) throw new Error(`Glyph ${glyphId} lies outside the glyf table`);
  return font.bytes.subarray(glyf.offset + start, glyf.offset + end);
}

function isComposite(glyph: Uint8Array): boolean {
  // numberOfContours < 0: its sign bit.
  return glyph.length >= 10 && (glyph[0] & 0x80) !== 0;
}

/** Byte offsets (within the glyph) of each component record's glyph index, in record order. */
function componentIndexOffsets(glyph: Uint8Array): number[] {
  const view = viewOf(glyph);
  const offsets: number[] = [];
  let at = 10; // past numberOfContours and the bounding box
  let flags: number;
  do {
    if (at + 4 > glyph.length) throw new Error('Composite glyph record runs past the glyph');
    flags = view.getUint16(at);
    offsets.push(at + 2);
    at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) at += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
  } while (flags & MORE_COMPONENTS);
  return offsets;
}

/** A copy of a composite glyph with each component's glyph index replaced by its new id. */
function remapComponents(glyph: Uint8Array, newIdOf: (oldId: number) => number): Uint8Array {
  const copy = glyph.slice();
  const view = viewOf(copy);
  for (const at of componentIndexOffsets(glyph)) view.setUint16(at, newIdOf(view.getUint16(at)));
  return copy;
}

interface HorizontalMetric {
  advance: number;
  leftSideBearing: number;
}

function horizontalMetric(font: TrueTypeFile, glyphId: number): HorizontalMetric {
  const view = font.view;
  const hmtx = table(font, 'hmtx').offset;
  const lastLong = font.numberOfHMetrics - 1;
  // Glyphs past numberOfHMetrics share the last advance and keep only their own bearing.
  if (glyphId <= lastLong) {
    return { advance: view.getUint16(hmtx + glyphId * 4), leftSideBearing: view.getInt16(hmtx + glyphId * 4 + 2) };
  }
  const bearings = hmtx + font.numberOfHMetrics * 4;
  return {
    advance: view.getUint16(hmtx + lastLong * 4),
    leftSideBearing: view.getInt16(bearings + (glyphId - font.numberOfHMetrics) * 2),
  };
}

/** Old glyph ids in new-id order, with the reverse lookup; new ids are handed out on first sight. */
class GlyphOrder {
  readonly oldIds: number[] = [];
  private readonly newIds = new Map<number, number>();

  idOf(oldId: number): number {
    let newId = this.newIds.get(oldId);
    if (newId === undefined) {
      newId = this.oldIds.push(oldId) - 1;
      this.newIds.set(oldId, newId);
    }
    return newId;
  }

  private readonly keyed = new Map<string, number>();
  private readonly owners = new Map<number, string>();

  /**
   * The new id of a glyph drawn for a given text (`key`): the glyph's own id for the first text it is
   * drawn for, a copy of the glyph under a new id for each other text, so a ToUnicode map can give each
   * id its own characters (one Arabic letter form stands for several letters once the font adds dots).
   */
  idFor(oldId: number, key: string): number {
    const k = `${oldId}|${key}`;
    let newId = this.keyed.get(k);
    if (newId !== undefined) return newId;
    // A glyph already given out without a text (pdfkit's own encoding) keeps that id for it.
    if (!this.owners.has(oldId) && !this.newIds.has(oldId)) {
      this.owners.set(oldId, key);
      newId = this.idOf(oldId);
    } else newId = this.oldIds.push(oldId) - 1;
    this.keyed.set(k, newId);
    return newId;
  }

  clone(): GlyphOrder {
    const copy = new GlyphOrder();
    copy.oldIds.push(...this.oldIds);
    for (const [oldId, newId] of this.newIds) copy.newIds.set(oldId, newId);
    return copy;
  }
}

function padTo4(length: number): number {
  return (length + 3) & ~3;
}

/** Glyph bytes in new-id order; composites pull their components in behind the glyphs already listed. */
function collectGlyphs(font: TrueTypeFile, order: GlyphOrder): Uint8Array[] {
  const glyphs: Uint8Array[] = [];
  // oldIds grows while composites are visited, so its length is read on every pass.
  for (let newId = 0; newId < order.oldIds.length; newId++) {
    const oldId = order.oldIds[newId];
    const glyph = glyphData(font, oldId);
    const componentId = (component: number): number => {
      if (component >= font.numGlyphs) throw new Error(`Glyph ${oldId} uses glyph ${component}, which the font lacks`);
      return order.idOf(component);
    };
    glyphs.push(isComposite(glyph) ? remapComponents(glyph, componentId) : glyph);
  }
  return glyphs;
}

/** glyf with each glyph 4-byte aligned, and the long-format loca that indexes it. */
function buildGlyfAndLoca(glyphs: readonly Uint8Array[]): { glyf: Uint8Array; loca: Uint8Array } {
  const loca = new Uint8Array((glyphs.length + 1) * 4);
  const locaView = viewOf(loca);
  let offset = 0;
  glyphs.forEach((glyph, index) => {
    locaView.setUint32(index * 4, offset);
    offset += padTo4(glyph.length);
  });
  locaView.setUint32(glyphs.length * 4, offset);
  const glyf = new Uint8Array(offset);
  glyphs.forEach((glyph, index) => glyf.set(glyph, locaView.getUint32(index * 4)));
  return { glyf, loca };
}

function buildHmtx(metrics: readonly HorizontalMetric[]): Uint8Array {
  const hmtx = new Uint8Array(metrics.length * 4);
  const view = viewOf(hmtx);
  metrics.forEach((metric, index) => {
    view.setUint16(index * 4, metric.advance);
    view.setInt16(index * 4 + 2, metric.leftSideBearing);
  });
  return hmtx;
}

/** A copy of a table with one 16-bit field changed. */
function withUint16(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const copy = bytes.slice();
  viewOf(copy).setUint16(at, value);
  return copy;
}

function buildHead(font: TrueTypeFile): Uint8Array {
  const head = withUint16(tableBytes(font, 'head')!, HEAD_INDEX_TO_LOC_FORMAT, 1);
  // Zero while checksums are summed; assembleFont fills it in once the whole file is known.
  viewOf(head).setUint32(HEAD_CHECKSUM_ADJUSTMENT, 0);
  return head;
}

/** post format 3: the header (italic angle, underline, fixed pitch) without glyph names. */
function buildPost(font: TrueTypeFile): Uint8Array | undefined {
  const post = tableBytes(font, 'post');
  if (!post || post.length < POST_HEADER_LENGTH) return undefined;
  const header = post.slice(0, POST_HEADER_LENGTH);
  viewOf(header).setUint32(0, 0x00030000);
  return header;
}

/**
 * The sfnt checksum: the sum of the big-endian uint32 words, mod 2^32. Summed per byte lane and
 * combined at the end, because byte loads run several times faster than DataView calls before the
 * JIT warms up, and a PDF build subsets each face once.
 */
function checksum(bytes: Uint8Array, offset: number, paddedLength: number): number {
  let lane0 = 0;
  let lane1 = 0;
  let lane2 = 0;
  let lane3 = 0;
  for (let at = offset; at < offset + paddedLength; at += 4) {
    lane0 += bytes[at];
    lane1 += bytes[at + 1];
    lane2 += bytes[at + 2];
    lane3 += bytes[at + 3];
  }
  // Reduce each lane before shifting so every product stays an exact double, whatever the length.
  return ((lane0 % 0x100) * 0x1000000 + (lane1 % 0x10000) * 0x10000 + (lane2 % 0x1000000) * 0x100 + lane3) % 0x100000000;
}

/** An sfnt file: directory sorted by tag, tables 4-byte aligned, checksums and head's adjustment set. */
function assembleFont(tables: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const tags = [...tables.keys()].sort();
  const directoryLength = 12 + tags.length * 16;
  const fileLength = tags.reduce((total, tag) => total + padTo4(tables.get(tag)!.length), directoryLength);
  const out = new Uint8Array(fileLength);
  const view = viewOf(out);
  const searchPower = 2 ** Math.floor(Math.log2(tags.length));
  view.setUint32(0, 0x00010000);
  view.setUint16(4, tags.length);
  view.setUint16(6, searchPower * 16);
  view.setUint16(8, Math.log2(searchPower));
  view.setUint16(10, tags.length * 16 - searchPower * 16);
  let offset = directoryLength;
  let headOffset: number | undefined;
  let tablesSum = 0;
  tags.forEach((tag, index) => {
    const data = tables.get(tag)!;
    const record = 12 + index * 16;
    out.set(data, offset);
    const tableSum = checksum(out, offset, padTo4(data.length));
    for (let i = 0; i < 4; i++) out[record + i] = tag.charCodeAt(i);
    view.setUint32(record + 4, tableSum);
    view.setUint32(record + 8, offset);
    view.setUint32(record + 12, data.length);
    if (tag === 'head') headOffset = offset;
    tablesSum = (tablesSum + tableSum) >>> 0;
    offset += padTo4(data.length);
  });
  if (headOffset !== undefined) {
    // Tables are aligned and padded, so the file's sum is the directory's plus the tables' own sums.
    const fileSum = (checksum(out, 0, directoryLength) + tablesSum) >>> 0;
    view.setUint32(headOffset + HEAD_CHECKSUM_ADJUSTMENT, (CHECKSUM_MAGIC - fileSum) >>> 0);
  }
  return out;
}

export class TrueTypeSubset {
  /** pdfkit embeds a CFF subset when this is set; a glyf subset leaves it unset. */
  readonly cff: undefined = undefined;
  private readonly order = new GlyphOrder();

  constructor(private readonly font: TrueTypeFile) {
    // .notdef is always new id 0: it is what viewers draw for a missing glyph.
    this.order.idOf(0);
  }

  /** The glyph's id in the subset, assigned on first inclusion. */
  includeGlyph(glyphId: number): number {
    this.checkGlyph(glyphId);
    return this.order.idOf(glyphId);
  }

  /** The glyph's id in the subset for drawing `text` (see GlyphOrder.idFor): one id per glyph and text. */
  includeGlyphFor(glyphId: number, text: string): number {
    this.checkGlyph(glyphId);
    return this.order.idFor(glyphId, text);
  }

  private checkGlyph(glyphId: number): void {
    if (!Number.isInteger(glyphId) || glyphId < 0 || glyphId >= this.font.numGlyphs) {
      throw new RangeError(`Glyph id ${glyphId} is not in a font of ${this.font.numGlyphs} glyphs`);
    }
  }

  /** A TrueType font of the included glyphs in new-id order, then any components they need. */
  encode(): Uint8Array {
    // On a copy, so components pulled in here do not shift ids handed out by later includeGlyph calls.
    const order = this.order.clone();
    const glyphs = collectGlyphs(this.font, order);
    const count = glyphs.length;
    const { glyf, loca } = buildGlyfAndLoca(glyphs);
    const tables = new Map<string, Uint8Array>([
      ['head', buildHead(this.font)],
      ['hhea', withUint16(tableBytes(this.font, 'hhea')!, HHEA_NUMBER_OF_HMETRICS, count)],
      ['maxp', withUint16(tableBytes(this.font, 'maxp')!, MAXP_NUM_GLYPHS, count)],
      ['loca', loca],
      ['glyf', glyf],
      ['hmtx', buildHmtx(order.oldIds.map((oldId) => horizontalMetric(this.font, oldId)))],
    ]);
    const post = buildPost(this.font);
    if (post) tables.set('post', post);
    for (const tag of HINTING_TABLES) {
      const bytes = tableBytes(this.font, tag);
      if (bytes) tables.set(tag, bytes);
    }
    return assembleFont(tables);
  }
}
