import { cartableTestConfig } from './vitest.config.js';

// `npm run test:services`: the suites that need services started by scripts/services/ (a real Keycloak).
export default cartableTestConfig(['test/services/**/*.test.ts'], []);
