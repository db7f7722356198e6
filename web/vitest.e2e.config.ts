import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the built product (npm run build) in Debian's Chromium driven by playwright-core.
 * One file at a time: each starts its own server and browser.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    // What the browser does in the background (service worker, polling, sync) may take seconds on a busy machine.
    expect: { poll: { timeout: 30_000, interval: 250 } },
    reporters: ['default', '../server/test/helpers/summary-reporter.ts'],
  },
});
