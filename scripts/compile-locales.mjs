// Writes each built-in locale file (templates/locale/NAME.yaml) as lib/locale-data/NAME.json: its text and
// its value, parsed and checked as a build reads it (src/locale/load.ts), which then takes the JSON while
// the YAML file's text is the same. Part of `npm run build`.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_TEMPLATES } from '../lib/front-matter/templates.js';
import { COMPILED_LOCALES_DIR, parseLocaleText } from '../lib/locale/load.js';

const source = join(BUILTIN_TEMPLATES, 'locale');
rmSync(COMPILED_LOCALES_DIR, { recursive: true, force: true });
mkdirSync(COMPILED_LOCALES_DIR, { recursive: true });
for (const file of readdirSync(source)) {
  if (!file.endsWith('.yaml')) continue;
  const text = readFileSync(join(source, file), 'utf8').replace(/^\uFEFF/, '');
  writeFileSync(join(COMPILED_LOCALES_DIR, file.replace(/\.yaml$/, '.json')), JSON.stringify({ text, value: parseLocaleText(text, `templates/locale/${file}`) }));
}
