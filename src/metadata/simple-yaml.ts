// A reader for the plain YAML that book.yaml, series.yaml and chapter notes are written in: keys with
// one-line texts, numbers, true or false, quoted texts, folded (>) or literal (|) blocks, lists in
// brackets or as `- ` lines, and groups of such keys inside. For such a file it gives the value, and the
// line and column of each value, that the `yaml` package gives (tests/simple-yaml.test.ts holds it to
// that); for anything else (anchors, tags, multi-line plain or quoted texts, escapes, duplicate keys, a
// syntax error...) it gives up, and yaml-file.ts reads the file with the package, which also reports the
// problems. Why: the package's first parse in a process runs its lexer, parser and composer as cold code,
// ~8 ms for a 20-line book.yaml, a thirtieth of an 8,000-word PDF build; this reads it in a fraction of that.

type Path = readonly PropertyKey[];

interface YamlNode {
  /** Where the value starts in the source, as the package's node range gives it. */
  offset: number;
  value: unknown;
  children?: Map<string | number, YamlNode>;
}

export interface SimpleYaml {
  value: Record<string, unknown>;
  /** Line and column (1-based) of the value at `path`, or of its nearest ancestor that exists. */
  locate(path: Path): { line: number; column: number };
}

/** Thrown inside the reader when the file is not of the simple kind; caught at the top. */
class NotSimple extends Error {}

const notSimple = (): never => {
  throw new NotSimple();
};

// The YAML 1.2 core schema's plain scalars that are not texts (the package's tests). Only a short decimal
// integer is read here; a text that is any other of them is left to the package.
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
const SIMPLE_INT = /^(?:0|[1-9][0-9]{0,14})$/;
const OTHER_NUMBER = [
  /^[-+]?[0-9]+$/,
  /^0o[0-7]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?= |$)/;
// A plain text may not start with an indicator (a quote, bracket, anchor, tag, comment...).
const PLAIN_START = /^[^-?:,[\]{}#&*!|>'"%@`\s]/;
const BLOCK_HEADER = /^[>|]-?$/;

function plainValue(text: string): unknown {
  if (NULL.test(text)) return null;
  if (TRUE.test(text)) return true;
  if (FALSE.test(text)) return false;
  if (SIMPLE_INT.test(text)) return Number(text);
  if (OTHER_NUMBER.some((re) => re.test(text))) notSimple();
  return text;
}

interface Line {
  start: number;
  /** The line without its line break (and without a CR before it). */
  text: string;
  indent: number;
  /** Only spaces, or a comment. */
  blank: boolean;
  /** Ends with a line break. */
  broken: boolean;
}

function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < source.length) {
    const end = source.indexOf('\n', start);
    const stop = end < 0 ? source.length : end;
    let text = source.slice(start, stop);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    let indent = 0;
    while (indent < text.length && text[indent] === ' ') indent++;
    lines.push({ start, text, indent, blank: indent === text.length || text[indent] === '#', broken: end >= 0 });
    start = stop + 1;
  }
  return lines;
}

/** The end of a one-line value: what follows it on its line must be spaces, then at most a comment. */
function restIsComment(text: string, from: number): void {
  if (!/^(?: *| +#.*)$/.test(text.slice(from))) notSimple();
}

class Reader {
  private readonly lines: Line[];
  private i = 0;

  constructor(source: string) {
    if (/[\t\uFEFF]|\r(?!\n)/.test(source)) notSimple();
    this.lines = splitLines(source);
  }

  read(): YamlNode {
    this.skipBlank();
    const first = this.lines[this.i];
    if (!first || first.indent !== 0 || first.text.startsWith('---') || first.text.startsWith('...')) notSimple();
    const root = this.map(0);
    this.skipBlank();
    if (this.i < this.lines.length) notSimple();
    return root;
  }

  private skipBlank(): void {
    while (this.i < this.lines.length && this.lines[this.i].blank) this.i++;
  }

  /**
   * A block mapping whose keys are at column `indent`, from the current line; `afterDash`: its first key
   * follows a list item's `- ` on that line.
   */
  private map(indent: number, afterDash = false): YamlNode {
    const node: YamlNode = { offset: this.lines[this.i].start + indent, value: {}, children: new Map() };
    const value = node.value as Record<string, unknown>;
    for (let first = true; this.i < this.lines.length; first = false, this.skipBlank()) {
      const line = this.lines[this.i];
      if (!(first && afterDash)) {
        if (line.blank) continue;
        if (line.indent < indent) break;
        if (line.indent > indent) notSimple();
      }
      const key = KEY.exec(line.text.slice(indent));
      // A key that reads as null or true/false is not that text to the package (null: is ""): left to it.
      if (!key || key[1] === '__proto__' || node.children!.has(key[1]) || plainValue(key[1]) !== key[1]) return notSimple();
      const after = indent + key[0].length;
      const child = /^ *(#.*)?$/.test(line.text.slice(after)) ? this.nested(indent) : this.inline(line, after, indent);
      value[key[1]] = child.value;
      node.children!.set(key[1], child);
    }
    return node;
  }

  /** The value of a key with nothing after its colon: a mapping or list on the lines below. */
  private nested(indent: number): YamlNode {
    this.i++;
    this.skipBlank();
    const line = this.lines[this.i];
    if (!line) return notSimple();
    // A bare `-` (an empty item) is left to the package.
    const item = line.text.startsWith('- ', line.indent);
    if (item && line.indent >= indent) return this.list(line.indent);
    if (line.indent > indent) return this.map(line.indent);
    // An empty value (null) is left to the package.
    return notSimple();
  }

  /** A value that starts on the key's line, at `from` (after the colon). */
  private inline(line: Line, from: number, indent: number): YamlNode {
    let at = from;
    while (line.text[at] === ' ') at++;
    const offset = line.start + at;
    const c = line.text[at];
    if (c === '>' || c === '|') return this.block(line, at, indent);
    let node: YamlNode;
    if (c === '[') node = this.flowList(line, at);
    else {
      const scalar = this.scalar(line, at);
      restIsComment(line.text, scalar.end);
      node = { offset, value: scalar.value };
    }
    this.i++;
    this.noContinuation(indent);
    return node;
  }

  /** A one-line scalar at `at`: plain, or quoted without escapes. */
  private scalar(line: Line, at: number, flow = false): YamlNode & { end: number } {
    const text = line.text;
    const c = text[at];
    if (c === '"' || c === "'") {
      let value = '';
      let j = at + 1;
      for (;;) {
        const close = text.indexOf(c, j);
        if (close < 0) return notSimple();
        value += text.slice(j, close);
        if (c === "'" && text[close + 1] === "'") {
          value += "'";
          j = close + 2;
          continue;
        }
        j = close + 1;
        break;
      }
      if (c === '"' && value.includes('\\')) notSimple();
      return { offset: line.start + at, value, end: j };
    }
    if (!PLAIN_START.test(text.slice(at, at + 1))) notSimple();
    // A comment starts at a # after a space; in a list in brackets, an item ends at a comma or bracket.
    let end = at;
    while (end < text.length && !(text[end] === '#' && text[end - 1] === ' ') && !(flow && /[,[\]{}]/.test(text[end]))) end++;
    // YAML trims spaces only (tabs are refused above): a no-break space at the end is part of the text.
    const raw = text.slice(at, end).replace(/ +$/, '');
    if (raw.includes(': ') || raw.endsWith(':') || (flow && raw.includes(':'))) notSimple();
    return { offset: line.start + at, value: plainValue(raw), end: at + raw.length };
  }

  /** A list in brackets on one line, of scalars. */
  private flowList(line: Line, at: number): YamlNode {
    const text = line.text;
    const node: YamlNode = { offset: line.start + at, value: [], children: new Map() };
    const items = node.value as unknown[];
    let j = at + 1;
    const spaces = () => {
      while (text[j] === ' ') j++;
    };
    spaces();
    if (text[j] === ']') j++;
    else
      for (;;) {
        const item = this.scalar(line, j, true);
        node.children!.set(items.length, item);
        items.push(item.value);
        j = item.end;
        spaces();
        if (text[j] === ']') {
          j++;
          break;
        }
        if (text[j] !== ',') notSimple();
        j++;
        spaces();
        // An empty item or a comma before the bracket is left to the package.
        if (text[j] === ']' || text[j] === ',') notSimple();
      }
    restIsComment(text, j);
    return node;
  }

  /** A list of `- ` items at `indent`, each a one-line scalar or a group of keys. */
  private list(indent: number): YamlNode {
    const node: YamlNode = { offset: this.lines[this.i].start + indent, value: [], children: new Map() };
    const items = node.value as unknown[];
    for (this.skipBlank(); this.i < this.lines.length; this.skipBlank()) {
      const line = this.lines[this.i];
      if (line.indent < indent || (line.indent === indent && !line.text.startsWith('- ', indent))) break;
      if (line.indent > indent) notSimple();
      let at = indent + 2;
      while (line.text[at] === ' ') at++;
      if (line.text[at] === '[') notSimple();
      if (KEY.test(line.text.slice(at))) {
        // An item that is a group of keys, the first on the item's line.
        const item = this.map(at, true);
        node.children!.set(items.length, item);
        items.push(item.value);
        continue;
      }
      const item = this.scalar(line, at);
      restIsComment(line.text, item.end);
      node.children!.set(items.length, item);
      items.push(item.value);
      this.i++;
      this.noContinuation(indent);
    }
    return node;
  }

  /** After a one-line value of a key or item at `indent`: a deeper line (not a comment) would continue it. */
  private noContinuation(indent: number): void {
    let j = this.i;
    while (j < this.lines.length && this.lines[j].blank) j++;
    if (j < this.lines.length && this.lines[j].indent > indent) notSimple();
  }

  /** A folded or literal block whose header is at `at`, below a key at `indent`. */
  private block(line: Line, at: number, indent: number): YamlNode {
    const header = line.text.slice(at).replace(/ +$/, '');
    if (!BLOCK_HEADER.test(header)) notSimple();
    const folded = header[0] === '>';
    const strip = header.endsWith('-');
    this.i++;
    const first = this.lines[this.i];
    // Leading empty lines, an empty block and more indentation than the first line's are left to the package.
    if (!first || first.indent === first.text.length || first.indent <= indent) notSimple();
    const blockIndent = first.indent;
    const body: string[] = [];
    let content = 0;
    for (; this.i < this.lines.length; this.i++) {
      const l = this.lines[this.i];
      if (l.indent === l.text.length) {
        if (l.indent > blockIndent) notSimple();
        body.push('');
        continue;
      }
      if (l.indent < blockIndent) break;
      if (l.indent > blockIndent && folded) notSimple();
      if (!l.broken) notSimple();
      body.push(l.text.slice(blockIndent));
      content = body.length;
    }
    body.length = content;
    let value: string;
    if (folded) {
      value = body[0];
      let breaks = 0;
      for (let k = 1; k < body.length; k++) {
        if (body[k] === '') {
          breaks++;
          continue;
        }
        value += breaks === 0 ? ` ${body[k]}` : `${'\n'.repeat(breaks)}${body[k]}`;
        breaks = 0;
      }
    } else value = body.join('\n');
    return { offset: line.start + at, value: strip ? value : `${value}\n` };
  }
}

/** Line and column of an offset, as the package's LineCounter gives them. */
function position(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (lineStarts[mid] < offset) low = mid + 1;
    else high = mid;
  }
  if (lineStarts[low] === offset) return { line: low + 1, column: 1 };
  return { line: low, column: offset - lineStarts[low - 1] + 1 };
}

/** The file's value and positions, or undefined when it is not of the simple kind described above. */
export function readSimpleYaml(source: string): SimpleYaml | undefined {
  let root: YamlNode;
  try {
    root = new Reader(source).read();
  } catch (e) {
    if (e instanceof NotSimple) return undefined;
    throw e;
  }
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return {
    value: root.value as Record<string, unknown>,
    locate(path) {
      let node = root;
      for (const segment of path) {
        const key = Array.isArray(node.value) && typeof segment === 'string' && /^\d+$/.test(segment) ? Number(segment) : segment;
        const child = typeof key === 'symbol' ? undefined : node.children?.get(key);
        if (!child) break;
        node = child;
      }
      return position(lineStarts, node.offset);
    },
  };
}
