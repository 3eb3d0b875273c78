// Says once, at the start of a run, what this machine lacks and what the suite does without it: an external
// checker (an in-process stand-in runs instead, or the check is skipped), or the shared samples beside the
// clone. With BUILD_EBOOK_TEST_TOOLS=all (npm run test:tools) a missing checker stops the run instead.
import { existsSync } from 'node:fs';
import { SHARED_SAMPLES, TOOLS_MODE, toolNotes, tools } from './helpers/tools.js';

export default function setup(): void {
  const missing = Object.entries(tools)
    .filter(([, present]) => !present)
    .map(([name]) => toolNotes[name] ?? { label: name, install: name, skips: `the checks that need ${name}` });
  if (TOOLS_MODE === 'all' && missing.length > 0) {
    const packages = [...new Set(missing.map((t) => t.install))].join(' ');
    throw new Error(`npm run test:tools runs every external checker, and ${missing.map((t) => t.label).join(', ')} are missing: apt-get install ${packages}`);
  }
  const instead = [...new Set(missing.flatMap((t) => (t.instead ? [t.instead] : [])))];
  const skipped = missing.flatMap((t) => (t.skips ? [t.skips] : []));
  if (!existsSync(SHARED_SAMPLES)) skipped.push(`the import tests on ${SHARED_SAMPLES} (not beside this clone)`);
  if (instead.length + skipped.length === 0) return;
  const parts = [
    missing.length > 0 ? `without ${missing.map((t) => t.label).join(', ')}${TOOLS_MODE === 'none' ? ' (BUILD_EBOOK_TEST_TOOLS=none)' : ''}` : '',
    instead.length > 0 ? `in-process instead: ${instead.join('; ')}` : '',
    skipped.length > 0 ? `skipped: ${skipped.join('; ')}` : '',
    missing.length > 0 ? '`npm run test:tools` runs the real checkers' : '',
  ];
  console.log(`build-ebook tests: ${parts.filter(Boolean).join('. ')}.`);
}
