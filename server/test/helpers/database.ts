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
 * and its workers are (in the new database), so that body schemas get spread over the workers. One test
 * file at a time: adding a worker copies the coordinator's roles to it (`worker_create_or_alter_role`), and
 * two files doing so at once update the same row of the cluster-wide role catalog — the second fails with
 * "tuple concurrently updated", which Citus reports as "failure on connection marked as essential". The
 * lock is an advisory lock in the coordinator's `postgres` database, the one every file connects to first
 * (advisory locks are per database).
 */
async function addCitusWorkers(coordinatorUrl: URL, workerUrls: URL[]): Promise<void> {
  const lock = new pg.Client({ connectionString: Object.assign(new URL(coordinatorUrl), { pathname: '/postgres' }).toString() });
  await lock.connect();
  try {
    await lock.query(`select pg_advisory_lock(hashtext('cartable:test:citus-nodes'))`);
    for (const url of workerUrls) await run(url, 'create extension citus');
    await run(coordinatorUrl, 'create extension citus', [
      `select citus_set_coordinator_host('${coordinatorUrl.hostname}', ${Number(coordinatorUrl.port)})`,
      ...workerUrls.map((url) => `select citus_add_node('${url.hostname}', ${Number(url.port)})`),
    ]);
  } finally {
    // Ending the session releases the lock.
    await lock.end();
  }
}

/**
 * Runs the statements on one connection. A failure carries the server's notices: Citus reports why it
 * could not reach a node in a WARNING before its ERROR, which says only "failure on connection marked as
 * essential".
 */
async function run(url: URL, ...statements: (string | string[])[]): Promise<void> {
  const client = new pg.Client({ connectionString: url.toString() });
  const notices: string[] = [];
  client.on('notice', (notice) =>
    notices.push(`${notice.severity ?? 'NOTICE'}: ${notice.message}${notice.detail ? ` (${notice.detail})` : ''}`),
  );
  await client.connect();
  try {
    for (const statement of statements.flat()) await client.query(statement);
  } catch (error) {
    if (error instanceof Error && notices.length > 0) error.message += `\n${notices.join('\n')}`;
    throw error;
  } finally {
    await client.end();
  }
}
