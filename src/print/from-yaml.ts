// book.yaml's `print.impose` and `print.pod` → the model's ImposeOptions and PodOptions.
import type { BookYaml } from '../metadata/schema.js';
import type { PrintOptions, SourcePos } from '../model/book.js';

type PrintYaml = NonNullable<BookYaml['print']>;

export function printEditions(p: PrintYaml, locate?: (path: readonly PropertyKey[]) => SourcePos): Pick<PrintOptions, 'impose' | 'imposePos' | 'pod'> {
  const out: Pick<PrintOptions, 'impose' | 'imposePos' | 'pod'> = {};
  if (p.impose !== undefined) {
    const i = typeof p.impose === 'string' ? { kind: p.impose } : p.impose;
    out.impose = {
      kind: i.kind,
      ...('sheet' in i && i.sheet !== undefined && { sheet: i.sheet }),
      ...('sheets' in i && i.sheets !== undefined && { sheetsPerSignature: i.sheets }),
      ...('flip' in i && i.flip !== undefined && { flip: i.flip }),
      ...('marks' in i && i.marks !== undefined && { marks: i.marks }),
    };
    if (locate) out.imposePos = locate(['print', 'impose']);
  }
  if (p.pod !== undefined && p.pod !== false) {
    const pod = p.pod === true ? {} : p.pod;
    out.pod = {
      ...(pod.bleed !== undefined && { bleed: pod.bleed }),
      ...(pod.paper !== undefined && { paper: pod.paper }),
      ...(locate && { pos: locate(['print', 'pod']) }),
    };
  }
  return out;
}
