// Commander wiring only: parse the command line, call the build, print results, pick the exit status.
// Each command loads what it runs when it runs (import() in its action): `--version`, `--help` and
// `init` then never load zod, yaml or markdown-it, and `import` never loads the build.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { BookError, formatDiagnostic, type Diagnostic } from './diagnostics.js';
import { FORMATS, TRIMS, type Format } from './model/book.js';
import { displayPath } from './input/text-file.js';
import { PACKAGE_ROOT } from './package-files.js';
import { outputQueued, writeStandard } from './standard-output.js';
import { FLIP_EDGES, IMPOSE_KINDS, SHEET_NAMES, sheetSize, type FlipEdge, type ImposeKind } from './print/options.js';

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: Io = {
  out: (s) => writeStandard(1, s + '\n'),
  err: (s) => writeStandard(2, s + '\n'),
};

export { outputQueued };

function version(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function parseFormats(value: string): Format[] {
  const formats = value.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  for (const f of formats) {
    if (!(FORMATS as readonly string[]).includes(f)) {
      throw new InvalidArgumentError(`unknown format "${f}"; choose from ${FORMATS.join(', ')}`);
    }
  }
  return [...new Set(formats)] as Format[];
}

function parseJobs(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('give a whole number of 1 or more');
  return Number(value);
}

interface BuildFlags {
  out?: string;
  format?: Format[];
  trim?: string;
  omnibus?: boolean;
  jobs?: number;
  impose?: ImposeKind;
  sheet?: string;
  flip?: FlipEdge;
  marks?: boolean;
  print?: 'pod';
}

function parseSheet(value: string): string {
  if (!sheetSize(value)) throw new InvalidArgumentError(`give ${SHEET_NAMES.join(', ')}, or a size like 11x17in or 297x420mm`);
  return value;
}

function printRequest(opts: BuildFlags): import('./build.js').PrintRequest {
  const impose = { kind: opts.impose, sheet: opts.sheet, flip: opts.flip, marks: opts.marks };
  return { ...(Object.values(impose).some((v) => v !== undefined) && { impose }), ...(opts.print === 'pod' && { pod: true }) };
}

function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('give a port number from 0 to 65535 (0: any free port)');
  return Number(value);
}

function printDiagnostics(diagnostics: readonly Diagnostic[], io: Io): void {
  for (const d of diagnostics) io.err(formatDiagnostic(d));
}

const EXAMPLES = `
Examples:
  build-ebook                                 build ./manuscript into dist/ (EPUB and PDF)
  build-ebook build my-story --out editions   build another book folder
  build-ebook build my-story --format epub    only the EPUB
  build-ebook build my-story --trim a5        the PDF in A5 (5x8, 5.5x8.5, 6x9, a5, letter, a4)
  build-ebook build my-story --impose folio   …and the pages on letter sheets to fold into signatures
  build-ebook build my-story --print pod      …and an interior and a cover for print on demand
  build-ebook check my-story                  validate book.yaml and the chapters, write nothing
  build-ebook build my-series                 a folder with series.yaml: every book, into my-series/dist/
  build-ebook build my-series --omnibus       …and the whole series as one book
  build-ebook serve my-story                  build, serve to a browser and e-reader apps, rebuild on changes
  build-ebook serve my-story --lan            …and let a device on your network download the editions
  build-ebook watch my-story                  rebuild whenever a file of the book changes
  build-ebook init my-new-story               start a new book folder
  build-ebook import story.epub               turn a story (AO3 download, EPUB, .docx, text) into a book folder
`;

export function createProgram(io: Io = defaultIo): { program: Command; result: RunResult } {
  const result: RunResult = { code: EXIT_OK, finished: true };
  const program = new Command();
  program
    .name('build-ebook')
    .description('Turn a story manuscript (Markdown chapters + book.yaml) into an EPUB and a print-ready PDF.')
    .version(version(), '-v, --version')
    .option('-q, --quiet', 'print only errors and warnings')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run build-ebook --help for usage)');

  const quiet = () => Boolean(program.opts().quiet);

  program
    .command('build', { isDefault: true })
    .description('build the editions of a book folder (default: manuscript), or of every book of a series folder')
    .argument('[dir]', 'the book folder, or a series folder (series.yaml with works that have a path)', 'manuscript')
    .option('-o, --out <dir>', 'where the editions go (default: dist, or DIR/dist for a series)')
    .addOption(new Option('-f, --format <formats>', `comma-separated: ${FORMATS.join(',')}`).argParser(parseFormats))
    .addOption(new Option('-t, --trim <size>', 'PDF page size (default: print.trim in book.yaml, else 6x9)').choices(TRIMS))
    .addOption(new Option('--impose <kind>', 'also NAME.imposed.pdf: the pages on sheets to fold and bind (default: print.impose in book.yaml)').choices(IMPOSE_KINDS))
    .addOption(new Option('--sheet <size>', `printer paper for --impose: ${SHEET_NAMES.join(', ')} or WxH in in/mm (default letter)`).argParser(parseSheet))
    .addOption(new Option('--flip <edge>', "the printer's duplex flip edge for --impose").choices(FLIP_EDGES))
    .option('--marks', 'fold and trim marks on the imposed sheets')
    .addOption(new Option('--print <what>', 'pod: also NAME.interior.pdf and NAME.cover.pdf for print on demand').choices(['pod']))
    .option('--omnibus', 'for a series: also the whole series as one book')
    .addOption(new Option('-j, --jobs <n>', 'for a series: books built at once (default: one per core)').argParser(parseJobs))
    .action(async (dir: string, opts: BuildFlags, command: Command) => {
      const { isSeriesFolder } = await import('./series/plan.js');
      const series = isSeriesFolder(dir);
      if (opts.omnibus && !series) {
        command.error(`error: --omnibus needs a series folder (with series.yaml and no book.yaml); ${dir} is a book folder`, { exitCode: EXIT_USAGE });
      }
      const { editions, warnings } = series
        ? await import('./series/build.js').then(({ buildSeries }) =>
            buildSeries(dir, { outDir: opts.out, formats: opts.format, trim: opts.trim, omnibus: opts.omnibus, jobs: opts.jobs, print: printRequest(opts) }),
          )
        : await import('./build.js').then(({ buildBook }) => buildBook(dir, { outDir: opts.out ?? 'dist', formats: opts.format, trim: opts.trim, print: printRequest(opts) }));
      printDiagnostics(warnings, io);
      if (!quiet()) {
        for (const e of editions) {
          io.out(`${displayPath(e.path)}  ${formatSize(e.bytes)}  ${Math.round(e.milliseconds)} ms`);
        }
      }
    });

  program
    .command('check')
    .description('validate a book folder (or every book of a series folder) without writing anything')
    .argument('[dir]', 'the book folder or series folder', 'manuscript')
    .action(async (dir: string) => {
      const { isSeriesFolder } = await import('./series/plan.js');
      const checked = isSeriesFolder(dir)
        ? await import('./series/build.js').then(({ checkSeries }) => checkSeries(dir))
        : await import('./build.js').then(async ({ checkBook }) => ({ ...(await checkBook(dir)), dir }));
      const books = 'books' in checked ? checked.books : [{ dir, book: checked.book }];
      printDiagnostics(checked.warnings, io);
      if (!quiet()) {
        for (const { dir: bookDir, book } of books) {
          const words = countWords(book);
          io.out(`${displayPath(bookDir) || bookDir}: OK — "${book.meta.title}", ${book.chapters.length} chapter${book.chapters.length === 1 ? '' : 's'}, ${words} words`);
        }
      }
    });

  program
    .command('serve')
    .description('build, then serve the editions (download page, OPDS catalog, live preview) and rebuild on every change')
    .argument('[dir]', 'the book folder or series folder', 'manuscript')
    .addOption(new Option('-p, --port <port>', 'the port to listen on (default: 8080)').argParser(parsePort))
    .option('--lan', 'listen on the network too (default: only this computer) and show the address as a QR code')
    .option('-o, --out <dir>', 'where the editions go (default: dist, or DIR/dist for a series)')
    .addOption(new Option('-f, --format <formats>', `comma-separated: ${FORMATS.join(',')} (default: all)`).argParser(parseFormats))
    .addOption(new Option('-t, --trim <size>', 'PDF page size (default: print.trim in book.yaml, else 6x9)').choices(TRIMS))
    .addOption(new Option('-j, --jobs <n>', 'for a series: books built at once (default: one per core)').argParser(parseJobs))
    .action(async (dir: string, opts: { port?: number; lan?: boolean; out?: string; format?: Format[]; trim?: string; jobs?: number }) => {
      const { announce, startServe } = await import('./serve/index.js');
      const log = { out: (s: string) => !quiet() && io.out(s), err: io.err };
      try {
        const running = await startServe(dir, opts, log);
        result.finished = false;
        await announce(running, Boolean(opts.lan), log);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' && (e as NodeJS.ErrnoException).code !== 'EACCES') throw e;
        io.err(`build-ebook: cannot listen on port ${opts.port ?? 8080}: ${(e as Error).message}; choose another with --port (0: any free port)`);
        result.code = EXIT_BAD_INPUT;
      }
    });

  program
    .command('watch')
    .description('build, then rebuild whenever book.yaml, series.yaml, a chapter, an image or a template changes')
    .argument('[dir]', 'the book folder or series folder', 'manuscript')
    .option('-o, --out <dir>', 'where the editions go (default: dist, or DIR/dist for a series)')
    .addOption(new Option('-f, --format <formats>', `comma-separated: ${FORMATS.join(',')}`).argParser(parseFormats))
    .addOption(new Option('-t, --trim <size>', 'PDF page size (default: print.trim in book.yaml, else 6x9)').choices(TRIMS))
    .addOption(new Option('-j, --jobs <n>', 'for a series: books built at once (default: one per core)').argParser(parseJobs))
    .action(async (dir: string, opts: { out?: string; format?: Format[]; trim?: string; jobs?: number }) => {
      const { startWatch } = await import('./serve/index.js');
      await startWatch(dir, opts, { out: (s: string) => !quiet() && io.out(s), err: io.err });
      result.finished = false;
    });

  program
    .command('init')
    .description('create a new book folder that builds at once')
    .argument('<dir>', 'the folder to create')
    .action(async (dir: string) => {
      const { initBook } = await import('./init.js');
      const files = await initBook(dir);
      if (!quiet()) for (const f of files) io.out(`created ${displayPath(f)}`);
    });

  program
    .command('import')
    .description('turn a story into a book folder (book.yaml + chapters): an AO3 or FanFicFare download, any EPUB, a .docx, HTML or plain text')
    .argument('<file>', 'the story file (told by its content, not its name)')
    .option('-o, --out <dir>', 'the book folder to create (default: the title, as a folder name)')
    .action(async (file: string, opts: { out?: string }) => {
      const { runImport } = await import('./import/index.js');
      result.code = await runImport(file, opts.out, { log: (s) => !quiet() && io.out(s), error: io.err });
    });

  return { program, result };
}

function countWords(book: import('./model/book.js').Book): number {
  let n = 0;
  const visit = (text: string) => {
    n += text.split(/\s+/).filter(Boolean).length;
  };
  const walkInlines = (inlines: import('./model/book.js').Inline[]) => {
    for (const i of inlines) {
      if (i.kind === 'text') visit(i.text);
      else if ('children' in i) walkInlines(i.children);
    }
  };
  const walk = (blocks: import('./model/book.js').Block[]) => {
    for (const b of blocks) {
      if (b.kind === 'paragraph' || b.kind === 'heading') walkInlines(b.children);
      else if (b.kind === 'blockquote') walk(b.children);
      else if (b.kind === 'list') b.items.forEach(walk);
    }
  };
  for (const c of book.chapters) walk(c.blocks);
  return n;
}

/** What a command line came to: its exit status, and whether the command is over when run() returns. */
export interface RunResult {
  code: number;
  /** False when the command started something that goes on (serve's server, watch's watcher). */
  finished: boolean;
}

/** Runs a command line; its exit status. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  return (await run(argv, io)).code;
}

/** Runs a command line; its exit status, and whether the command is over (bin/build-ebook.js exits then). */
export async function run(argv: string[], io: Io = defaultIo): Promise<RunResult> {
  const { program, result } = createProgram(io);
  const done = (code: number): RunResult => ({ code, finished: true });
  try {
    await program.parseAsync(argv);
    return result;
  } catch (e) {
    if (e instanceof BookError) {
      printDiagnostics(e.diagnostics, io);
      const count = e.diagnostics.filter((d) => d.severity === 'error').length;
      io.err(`build-ebook: ${count} problem${count === 1 ? '' : 's'} found; nothing was written.`);
      return done(EXIT_BAD_INPUT);
    }
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return done(EXIT_OK);
      return done(EXIT_USAGE);
    }
    throw e;
  }
}
