// Preloaded by scripts/bench.mjs (node --require) when GNU time is missing: records the process's peak
// resident set size (kB) and CPU time (µs, user + system) in BENCH_RSS_FILE as it exits.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (!process.env.BENCH_RSS_FILE) return;
  const u = process.resourceUsage();
  writeFileSync(process.env.BENCH_RSS_FILE, `${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}`);
});
