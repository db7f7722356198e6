/**
 * Runs `task` while sampling the process' RSS every 10 ms (PDF parsing runs on a worker thread, which
 * the process' RSS covers, and leaves the loop free to sample). `growth` is the peak above the baseline.
 */
export async function measured<T>(task: () => Promise<T>): Promise<{ result: T; ms: number; baseline: number; growth: number }> {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const started = performance.now();
  try {
    const result = await task();
    const ms = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, ms, baseline, growth: peak - baseline };
  } finally {
    clearInterval(sampler);
  }
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
