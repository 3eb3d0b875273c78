// Milliseconds from a monotonic clock, for the times a build reports and the layout's work balance. Not
// `performance.now()`: the first use of that global loads perf_hooks, ~1.3 ms of every start.

/** Monotonic milliseconds (only differences mean anything). */
export function milliseconds(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
