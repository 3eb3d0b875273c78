#!/usr/bin/env node
// The property test with more cases than `npm test` runs: `npm run property -- COUNT [SEED]`.
// Builds COUNT generated manuscripts and checks every EPUB with epubcheck in one JVM.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [count = '1000', seed] = process.argv.slice(2);
if (!/^\d+$/.test(count) || (seed !== undefined && !/^-?\d+$/.test(seed))) {
  console.error('usage: npm run property -- COUNT [SEED]');
  process.exit(2);
}
const repo = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
const result = spawnSync('npx', ['vitest', 'run', 'tests/property.test.ts'], {
  cwd: repo,
  stdio: 'inherit',
  env: { ...process.env, PROPERTY_RUNS: count, ...(seed !== undefined && { PROPERTY_SEED: seed }) },
});
console.log(`property: ${count} cases in ${((Date.now() - started) / 1000).toFixed(1)} s (exit ${result.status})`);
process.exit(result.status ?? 1);
