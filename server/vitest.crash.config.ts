import { cartableTestConfig } from './vitest.config.js';

const base = cartableTestConfig(['test/crash/**/*.test.ts'], []);

/**
 * `npm run test:crash` (after `npm run build`): the real server process (`dist/main.js`) killed with
 * SIGKILL and started again on the same data. Each test runs its own servers and PostgreSQL: no shared
 * test database, one file at a time.
 */
export default {
  ...base,
  test: { ...base.test, globalSetup: [], maxWorkers: 1, testTimeout: 600_000 },
};
