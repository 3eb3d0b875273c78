#!/usr/bin/env node
// Peak memory of building large input (issue 7): a 5 MB single paragraph, and a chapter of 50,000
// paragraphs. Each build runs in its own process; its peak resident set size comes from the kernel's
// accounting for that process (process.resourceUsage().maxRSS). Run after `npm run build`:
//   node scripts/large-input.mjs [--format epub,pdf] [--only paragraphs]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const formatIndex = process.argv.indexOf('--format');
const formats = formatIndex > 0 ? ['--format', process.argv[formatIndex + 1]] : [];
const cli = fileURLToPath(new URL('../lib/cli.js', import.meta.url));

function book(name, chapter) {
  const dir = mkdtempSync(join(tmpdir(), `large-${name}-`));
  writeFileSync(join(dir, 'book.yaml'), `title: Large ${name}\n`);
  writeFileSync(join(dir, '1.md'), chapter);
  return dir;
}

const sentence = 'The ferry leaned into the swell, and "nobody," she said, "is sleeping tonight." ';
const cases = {
  'one 5 MB paragraph': book('paragraph', `# One\n\n${sentence.repeat(Math.ceil(5_242_880 / sentence.length))}\n`),
  '50,000 paragraphs': book('paragraphs', `# Many\n\n${Array.from({ length: 50_000 }, (_, i) => `Paragraph ${i + 1}. ${sentence}`).join('\n\n')}\n`),
  'baseline: the sample manuscript': fileURLToPath(new URL('../manuscript', import.meta.url)),
};

// Runs main() in a child and reports its own peak RSS when the build is done.
const runner = `
  const { main } = await import(${JSON.stringify(cli)});
  const started = performance.now();
  const code = await main(process.argv.slice(0, 2).concat(JSON.parse(process.env.ARGS)), { out: () => {}, err: (s) => process.stderr.write(s + '\\n') });
  process.stdout.write(JSON.stringify({ code, ms: Math.round(performance.now() - started), maxRssKb: process.resourceUsage().maxRSS }));
`;

// `--only WORD`: just the cases whose label contains WORD.
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined;

for (const [label, dir] of Object.entries(cases).filter(([l]) => !only || l.includes(only))) {
  const out = mkdtempSync(join(tmpdir(), 'large-out-'));
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', runner], {
    env: { ...process.env, ARGS: JSON.stringify(['build', dir, '--out', out, ...formats]), SOURCE_DATE_EPOCH: '1700000000' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  let result;
  try {
    result = JSON.parse(r.stdout);
  } catch {
    console.log(`${label}: failed (${r.status})\n${r.stderr}`);
    continue;
  }
  const input = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  const editions = readdirSync(out).map((f) => `${f} ${(statSync(join(out, f)).size / 1048576).toFixed(1)} MB`).join(', ');
  console.log(
    `${label}: exit ${result.code}, input ${(input / 1048576).toFixed(1)} MB, ${result.ms} ms, peak RSS ${(result.maxRssKb / 1024).toFixed(0)} MB → ${editions}`,
  );
}
