// Reads a YAML file and validates it with a zod schema, reporting every problem at its line and column.
// A file of the plain kind authors write is read by simple-yaml.ts; any other, and any file with a
// problem to report, by the `yaml` package.
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { z } from './zod.js';
import { readSimpleYaml } from './simple-yaml.js';
import { didYouMean, error, type Diagnostic } from '../diagnostics.js';

type Path = readonly PropertyKey[];

export interface Located<T> {
  value: T;
  /** Line and column (1-based) of the value at `path`, or of its nearest ancestor that exists. */
  locate(path: Path): { line: number; column: number };
}

export function parseYaml<S extends z.ZodMiniType>(
  source: string,
  file: string,
  schema: S,
): { ok: true; result: Located<z.output<S>> } | { ok: false; diagnostics: Diagnostic[] } {
  const simple = readSimpleYaml(source);
  if (simple) {
    const parsed = schema.safeParse(simple.value);
    if (parsed.success) return { ok: true, result: { value: parsed.data, locate: simple.locate } };
  }
  const { doc, at, locate } = readYaml(source);

  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((e) =>
        error(file, `YAML syntax: ${firstLine(e.message)}`, {
          ...at(e.pos[0]),
          hint: yamlHint(e.code),
        }),
      ),
    };
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    const kind = isSeq(doc.contents) ? 'a list' : 'a single value';
    return {
      ok: false,
      diagnostics: [
        error(file, `expected key: value pairs at the top level, found ${kind}`, {
          ...at(doc.contents.range?.[0] ?? 0),
          hint: 'start with a line like `title: My Story`',
        }),
      ],
    };
  }

  const data = doc.toJS() ?? {};
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, result: { value: parsed.data, locate } };

  const diagnostics = parsed.error.issues.flatMap((issue) => describeIssue(issue, doc, schema, file, at, locate));
  return { ok: false, diagnostics };
}

/** A file read by the `yaml` package: its document, and positions by offset and by path. */
export function readYaml(source: string): {
  doc: Document;
  at: (offset: number) => { line: number; column: number };
  locate: (path: Path) => { line: number; column: number };
} {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  return { doc, at, locate: (path) => at(nodeAt(doc, path)?.range?.[0] ?? 0) };
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

function yamlHint(code: string): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once; remove or merge the repeated one';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and that text containing ": " is in quotes';
    default:
      return 'text containing `: `, `#` or starting with a quote or `*` needs quotes around it';
  }
}

function nodeAt(doc: Document, path: Path): YamlNode | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as YamlNode | undefined;
    if (node && typeof node === 'object' && 'range' in node) return node;
  }
  return undefined;
}

function keyNodeIn(doc: Document, path: Path, key: string): YamlNode | undefined {
  const map = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    const k = pair.key as YamlNode & { value?: unknown };
    if (k && k.value === key) return k;
  }
  return undefined;
}

function pathLabel(path: Path): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

function describeIssue(
  issue: z.core.$ZodIssue,
  doc: Document,
  schema: z.ZodMiniType,
  file: string,
  at: (offset: number) => { line: number; column: number },
  locate: (path: Path) => { line: number; column: number },
): Diagnostic[] {
  const path = issue.path;
  const where = pathLabel(path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = keysAt(schema, path);
      return issue.keys.map((key) => {
        const node = keyNodeIn(doc, path, key);
        const suggestion = didYouMean(key, known);
        const scope = where ? ` in \`${where}\`` : '';
        return error(file, `unknown key \`${key}\`${scope}`, {
          ...(node?.range ? at(node.range[0]) : locate(path)),
          hint: suggestion
            ? `did you mean \`${suggestion}\`?`
            : `known keys here: ${known.join(', ')}`,
        });
      });
    }
    case 'invalid_type': {
      const value = valueAt(doc, path);
      if (value === undefined) {
        return [
          error(file, `missing required key \`${where}\``, {
            ...locate(path),
            hint: `add a line \`${String(path[path.length - 1])}: …\``,
          }),
        ];
      }
      return [
        error(file, `\`${where}\` must be ${expected(issue.expected)}, not ${describeValue(value)}`, {
          ...locate(path),
        }),
      ];
    }
    case 'invalid_union': {
      const value = valueAt(doc, path);
      return [
        error(file, `\`${where}\` must be a text or a list of texts, not ${describeValue(value)}`, {
          ...locate(path),
        }),
      ];
    }
    case 'invalid_value':
      return [
        error(file, `\`${where}\` must be one of: ${issue.values.map(String).join(', ')}`, {
          ...locate(path),
        }),
      ];
    default:
      return [error(file, `\`${where}\` ${issue.message}`, { ...locate(path) })];
  }
}

function valueAt(doc: Document, path: Path): unknown {
  return doc.getIn(path as unknown[]);
}

function expected(type: string): string {
  switch (type) {
    case 'string':
      return 'a text';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return 'a group of `key: value` lines';
    default:
      return type;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a group of keys';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 30 ? value.slice(0, 30) + '…' : value)}`;
  return `${typeof value === 'number' ? 'the number' : 'the value'} ${String(value)}`;
}

/** The keys a schema allows at `path`, for did-you-mean hints. */
function keysAt(schema: z.ZodMiniType, path: Path): string[] {
  // Each schema the value at the path may be checked against: more than one below a union (print.impose is
  // a kind's name or a group of options).
  let defs = branches(defOf(schema));
  for (const seg of path) {
    defs = defs.flatMap((def) => {
      if (typeof seg === 'number') return def.type === 'array' ? branches(defOf(def.element)) : [def];
      return branches(defOf(def.shape?.[String(seg)]));
    });
    if (defs.length === 0) return [];
  }
  return [...new Set(defs.flatMap((def) => Object.keys(def.shape ?? {})))];
}

/** The schemas a value is checked against: through optional and lazy wrappers, and each option of a union. */
function branches(def: SchemaDef | undefined): SchemaDef[] {
  while (def?.type === 'optional' || def?.type === 'lazy') def = defOf(def.type === 'lazy' ? def.getter?.() : def.innerType);
  if (!def) return [];
  if (def.type === 'union') return (def.options ?? []).flatMap((option) => branches(defOf(option)));
  return [def];
}

/** The parts of a schema's definition keysAt walks through. */
interface SchemaDef {
  type: string;
  innerType?: unknown;
  /** A lazy schema's maker. */
  getter?: () => unknown;
  element?: unknown;
  shape?: Record<string, unknown>;
  options?: unknown[];
}

function defOf(schema: unknown): SchemaDef | undefined {
  return (schema as { _zod?: { def: SchemaDef } } | undefined)?._zod?.def;
}
