// Summarises a .cpuprofile: self time per function and per module (file), top N. Dev aid for profiling.
import { readFileSync } from 'node:fs';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] ?? 25);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
const fn = new Map();
const file = new Map();
let total = 0;
for (const [id, t] of self) {
  const n = byId.get(id);
  const cf = n.callFrame;
  const url = cf.url.replace(/^file:\/\/.*?node_modules\//, 'nm/').replace(/^file:\/\/.*?\/(lib|src)\//, '$1/');
  const k = `${cf.functionName || '(anon)'} ${url}:${cf.lineNumber + 1}`;
  fn.set(k, (fn.get(k) ?? 0) + t);
  const m = url.startsWith('nm/') ? url.split('/').slice(0, url.split('/')[1].startsWith('@') ? 3 : 2).join('/') : url || cf.functionName;
  file.set(m, (file.get(m) ?? 0) + t);
  total += t;
}
const show = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top).forEach(([k, t]) => console.log(`${(t / 1000).toFixed(1).padStart(8)} ms ${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`));
console.log(`total ${(total / 1000).toFixed(1)} ms`);
console.log('-- by function'); show(fn);
console.log('-- by module'); show(file);
