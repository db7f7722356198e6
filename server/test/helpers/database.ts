import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** A new, empty database on the test server, for one test file. */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = new URL(inject('adminDatabaseUrl'));
  const name = `test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  adminUrl.pathname = `/${name}`;
  return adminUrl.toString();
}
