// The position of each work of series.yaml: its place in `works`, or the `number` it gives (a series whose
// numbering skips), counting on from there. Two works at one position, or positions that go backwards, are
// errors at the line of the work that breaks the order.
import { error, type Diagnostic } from '../diagnostics.js';
import type { SeriesYaml } from './schema.js';

type Locate = (path: readonly PropertyKey[]) => { line: number; column: number };

export function workPositions(
  works: NonNullable<SeriesYaml['works']>,
  file: string,
  locate: Locate,
): { numbers: number[]; diagnostics: Diagnostic[] } {
  const numbers: number[] = [];
  const diagnostics: Diagnostic[] = [];
  const taken = new Map<number, number>();
  let previous = 0;
  works.forEach((work, i) => {
    const number = work.number ?? previous + 1;
    const where = locate(work.number !== undefined ? ['works', i, 'number'] : ['works', i]);
    const other = taken.get(number);
    if (other !== undefined) {
      diagnostics.push(
        error(file, `"${work.title}" and "${works[other].title}" (line ${locate(['works', other]).line}) are both No. ${number}`, {
          ...where,
          hint: 'each work has its own position: its place in `works`, or the `number` it gives',
        }),
      );
    } else if (number < previous) {
      diagnostics.push(
        error(file, `"${work.title}" is No. ${number} but comes after No. ${previous} in \`works\``, {
          ...where,
          hint: '`works` lists the series in reading order; move it up or fix its `number`',
        }),
      );
    }
    taken.set(number, taken.get(number) ?? i);
    numbers.push(number);
    previous = Math.max(previous, number);
  });
  return { numbers, diagnostics };
}
