import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { migrateAllBodies } from '../../src/tenancy/body-migration-runner.js';
import { provisionBody } from '../../src/tenancy/body-provisioning.js';
import { MigrationIntegrityError, migrateSchema, type Migration } from '../../src/tenancy/schema-migrator.js';
import { bodySchemaName } from '../../src/tenancy/schema-name.js';
import { eventually } from '../helpers/eventually.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness({ demo: false });
});
afterAll(() => harness?.close());

const em = () => harness.runtime.orm.em.fork();
const schemaExists = async (name: string) => (await em().execute('select 1 from pg_namespace where nspname = ?', [name])).length === 1;
const migrationsOf = async (schema: string) =>
  (await em().execute<{ name: string }[]>(`select name from "${schema}".schema_migration order by name`)).map((row) => row.name);

const brokenMigration: Migration = { name: '9999_broken', sql: 'create table broken (id uuid primary key); select 1/0;', checksum: 'x' };
const extraMigration: Migration = { name: '0002_extra', sql: 'create table extra (id uuid primary key);', checksum: 'extra' };

describe('provisioning a body', () => {
  it('creates the platform row, the schema and its tables in one go', async () => {
    const { body, created, applied } = await provisionBody(
      em(),
      { slug: 'commune-test', name: 'Commune de Test', kind: 'COMMUNE', population: 1200, timeZone: 'Europe/Paris' },
      harness.runtime.bodyMigrations,
    );
    expect(created).toBe(true);
    expect(applied).toEqual(harness.runtime.bodyMigrations.map((migration) => migration.name));
    expect(body).toMatchObject({ status: 'ACTIVE', schemaName: bodySchemaName(body.id), schemaVersion: applied.at(-1) });
    expect(await migrationsOf(body.schemaName)).toEqual(applied);
    expect(await em().execute(`select * from "${body.schemaName}".meeting`)).toEqual([]);
  });

  it('is idempotent on the slug', async () => {
    const first = await em().findOneOrFail(Body, { slug: 'commune-test' });
    const again = await provisionBody(
      em(),
      { slug: 'commune-test', name: 'Commune de Test', kind: 'COMMUNE', population: 1200 },
      harness.runtime.bodyMigrations,
    );
    expect(again).toMatchObject({ created: false, applied: [] });
    expect(again.body.id).toBe(first.id);
    expect(await em().count(Body, { slug: 'commune-test' })).toBe(1);
  });

  it('leaves nothing behind when a migration fails', async () => {
    const before = await em().count(Body, {});
    await expect(
      provisionBody(em(), { slug: 'commune-ratee', name: 'Commune ratée', kind: 'COMMUNE' }, [
        ...harness.runtime.bodyMigrations,
        brokenMigration,
      ]),
    ).rejects.toThrow(/division by zero/);
    expect(await em().count(Body, {})).toBe(before);
    const orphans = await em().execute(
      "select nspname from pg_namespace where nspname like 'body\\_%' and nspname not in (select schema_name from platform.body)",
    );
    expect(orphans).toEqual([]);
  });

  it('rejects a bad declaration with a French message and a stable code', async () => {
    await expect(
      provisionBody(em(), { slug: 'Ville De Test', name: 'x', kind: 'COMMUNE' }, harness.runtime.bodyMigrations),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'slug' } });
    await expect(
      provisionBody(em(), { slug: 'ville-test', name: 'x', kind: 'COMMUNE', timeZone: 'Mars/Olympus' }, harness.runtime.bodyMigrations),
    ).rejects.toThrow(/fuseau horaire IANA inconnu/);
  });
});

describe('migrating every body schema', () => {
  it('brings schemas that are behind up to date, then skips them', async () => {
    const { body } = await provisionBody(em(), { slug: 'epci-test', name: 'EPCI de test', kind: 'EPCI' }, harness.runtime.bodyMigrations);
    const next = [...harness.runtime.bodyMigrations, extraMigration];
    const report = await migrateAllBodies(em(), next);
    expect(report.failed).toBe(0);
    expect(report.outcomes.map((outcome) => [outcome.slug, outcome.status])).toEqual([
      ['commune-test', 'migrated'],
      ['epci-test', 'migrated'],
    ]);
    expect(await migrationsOf(body.schemaName)).toContain('0002_extra');
    expect((await em().findOneOrFail(Body, { id: body.id })).schemaVersion).toBe('0002_extra');

    const again = await migrateAllBodies(em(), next);
    expect(again.outcomes.every((outcome) => outcome.status === 'up-to-date')).toBe(true);
  });

  it('reports a failing body, goes on with the others, and resumes from a slug', async () => {
    const failing = [...harness.runtime.bodyMigrations, extraMigration, brokenMigration];
    const report = await migrateAllBodies(em(), failing);
    expect(report.failed).toBe(2);
    expect(report.outcomes[0]).toMatchObject({ slug: 'commune-test', status: 'failed', error: expect.stringMatching(/division by zero/) });
    expect(await migrationsOf(bodySchemaName((await em().findOneOrFail(Body, { slug: 'commune-test' })).id))).not.toContain('9999_broken');

    const resumed = await migrateAllBodies(em(), [...harness.runtime.bodyMigrations, extraMigration], { fromSlug: 'epci-test' });
    expect(resumed.outcomes.map((outcome) => outcome.slug)).toEqual(['epci-test']);
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const body = await em().findOneOrFail(Body, { slug: 'epci-test' });
    const tampered = [...harness.runtime.bodyMigrations, { ...extraMigration, checksum: 'changed' }];
    await expect(migrateSchema(em(), body.schemaName, tampered)).rejects.toBeInstanceOf(MigrationIntegrityError);
  });

  it('keeps a body whose schema is behind out of service, and says so on /readyz', async () => {
    const readiness = await harness.http.get('/readyz');
    // The runtime still expects the original latest migration; these bodies are now "ahead" of it.
    expect(readiness.body).toMatchObject({ ready: true, bodies: 2, bodySchemasBehind: 2 });
    expect(await schemaExists(bodySchemaName((await em().findOneOrFail(Body, { slug: 'epci-test' })).id))).toBe(true);
  });
});

describe('migrating bodies in parallel', () => {
  it('runs `concurrency` bodies at once, each in its own transaction, and migrates them all', async () => {
    await provisionBody(em(), { slug: 'syndicat-test', name: 'Syndicat de test', kind: 'SYNDICAT' }, harness.runtime.bodyMigrations);
    // A barrier: each body's migration waits for a lock the test holds, until three wait at once.
    const gate = new pg.Client({ connectionString: harness.databaseUrl });
    await gate.connect();
    try {
      await gate.query('select pg_advisory_lock(4242)');
      const barrier: Migration = { name: '0003_barrier', sql: 'select pg_advisory_xact_lock_shared(4242);', checksum: 'barrier' };
      const running = migrateAllBodies(em(), [...harness.runtime.bodyMigrations, extraMigration, barrier], { concurrency: 3 });
      await eventually(
        async () => {
          const { rows } = await gate.query<{ waiting: number }>(
            "select count(*)::int as waiting from pg_locks where locktype = 'advisory' and objid = 4242 and not granted",
          );
          return rows[0]!.waiting === 3;
        },
        'three bodies migrating at once',
        30_000,
      );
      await gate.query('select pg_advisory_unlock(4242)');
      const report = await running;
      expect(report.failed).toBe(0);
      expect(report.outcomes.map((outcome) => [outcome.slug, outcome.status]).sort()).toEqual([
        ['commune-test', 'migrated'],
        ['epci-test', 'migrated'],
        ['syndicat-test', 'migrated'],
      ]);
    } finally {
      await gate.end();
    }
  });
});
