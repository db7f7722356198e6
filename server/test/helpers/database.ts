import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** A new, empty database on the test server, for one test file (on a Citus cluster: on every node). */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = new URL(inject('adminDatabaseUrl'));
  const workerUrls = inject('citusWorkerUrls').map((url) => new URL(url));
  const name = `test_${randomBytes(6).toString('hex')}`;
  for (const url of [adminUrl, ...workerUrls]) await run(url, `create database ${name}`);
  adminUrl.pathname = `/${name}`;
  if (workerUrls.length > 0)
    await addCitusWorkers(
      adminUrl,
      workerUrls.map((url) => Object.assign(url, { pathname: `/${name}` })),
    );
  return adminUrl.toString();
}

/**
 * Citus keeps its metadata per database: the extension on each node, then the coordinator told where it
 * and its workers are (in the new database), so that body schemas get spread over the workers.
 */
async function addCitusWorkers(coordinatorUrl: URL, workerUrls: URL[]): Promise<void> {
  for (const url of workerUrls) await run(url, 'create extension citus');
  await run(coordinatorUrl, 'create extension citus', [
    `select citus_set_coordinator_host('${coordinatorUrl.hostname}', ${Number(coordinatorUrl.port)})`,
    ...workerUrls.map((url) => `select citus_add_node('${url.hostname}', ${Number(url.port)})`),
  ]);
}

async function run(url: URL, ...statements: (string | string[])[]): Promise<void> {
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    for (const statement of statements.flat()) await client.query(statement);
  } finally {
    await client.end();
  }
}
