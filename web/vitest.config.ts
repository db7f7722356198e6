import { defineConfig } from 'vitest/config';

/** Unit tests of the app's pure logic (no browser: the end-to-end suite covers the screens). */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', '../server/test/helpers/summary-reporter.ts'],
  },
});
