import { cartableTestConfig } from './vitest.config.js';

// `npm run test:citus`: on a Citus coordinator (DATABASE_URL) with two workers (CITUS_WORKER_URLS), the
// Citus-only suites and the integration suites that together exercise every feature (what is left out and
// why: docs/operations/citus.md).
const config = cartableTestConfig(
  [
    'test/citus/**/*.test.ts',
    'test/integration/provisioning.int.test.ts',
    'test/isolation/tenant-isolation.int.test.ts',
    'test/inbox/inbox-and-search.int.test.ts',
    'test/secretariat/meetings.int.test.ts',
    'test/convocations/send.int.test.ts',
    'test/convocations/answers.int.test.ts',
    'test/annotations/annotations.int.test.ts',
    'test/evidence/ledger.int.test.ts',
    'test/groupement/member-bodies.int.test.ts',
    'test/identity/memberships.int.test.ts',
    'test/jobs/job-queue.int.test.ts',
  ],
  [],
);
// Building a body on Citus (every table distributed, placed on a worker) is slower than on one server: the
// set-up of a file that loads the demo with its documents needs more than the default two minutes on a busy
// machine.
config.test!.hookTimeout = 300_000;

export default config;
