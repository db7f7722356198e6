import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createLogger } from '../../src/common/logger.js';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { quietPort } from './ports.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of a server where each test file creates its own database. */
    adminDatabaseUrl: string;
    /** A Citus cluster's workers (CITUS_WORKER_URLS, comma-separated), when DATABASE_URL is its coordinator. */
    citusWorkerUrls: string[];
  }
}

/**
 * A real PostgreSQL for the whole run: DATABASE_URL when set, otherwise the embedded server in a
 * throw-away folder (fsync off). Each test file then creates a database of its own.
 */
export default async function setup(project: TestProject) {
  project.provide('citusWorkerUrls', process.env.CITUS_WORKER_URLS?.split(',').filter(Boolean) ?? []);
  if (process.env.DATABASE_URL) {
    project.provide('adminDatabaseUrl', process.env.DATABASE_URL);
    return;
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cartable-test-'));
  const port = await quietPort();
  const database = await startEmbeddedPostgres({ dataDir, port, logger: createLogger('warn'), disposable: true });
  project.provide('adminDatabaseUrl', database.url);
  return async () => {
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
