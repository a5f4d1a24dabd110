// Small helpers every benchmark script uses: progress on stderr, a pause, and the statistics the
// tables report.

export const log = (message) => process.stderr.write(`${message}\n`);

/** Resolves after `ms`. `guard`: a time limit raced against the work, which must not keep the process alive once the work is done. */
export const sleep = (ms, { guard = false } = {}) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (guard) timer.unref();
  });

export const median = (values) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Nearest-rank percentile. */
export const percentile = (values, p) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
