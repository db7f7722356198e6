import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertSchemaName, quoteSchema } from './schema-name.js';
import { splitStatements } from './sql-statements.js';

export interface Migration {
  /** File name without extension, e.g. `0001_assemblies_meetings`; the order is the name order. */
  name: string;
  sql: string;
  checksum: string;
}

/** Forward-only SQL migrations: platform ones beside the server, body ones with the tenants. */
export const platformMigrationsDirectory = fileURLToPath(new URL('../../migrations/', import.meta.url));
export const bodyMigrationsDirectory = fileURLToPath(new URL('../../../tenants/migrations/', import.meta.url));

const migrationFile = /^(\d{4}_[a-z0-9_]+)\.sql$/;

export async function loadMigrations(directory: string): Promise<Migration[]> {
  const files = (await readdir(directory)).filter((file) => migrationFile.test(file)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(path.join(directory, file), 'utf8');
      return {
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}

export function latestMigration(migrations: readonly Migration[]): string | null {
  return migrations.at(-1)?.name ?? null;
}

export class MigrationIntegrityError extends Error {
  override readonly name = 'MigrationIntegrityError';
}

/**
 * Applies the pending migrations of one schema inside the caller's transaction (or a new one): the
 * schema's own `schema_migration` table records what ran, an advisory lock serialises concurrent
 * runners, and `search_path` is set with `set_config(..., true)` so it ends with the transaction and
 * never leaks onto a pooled connection. `distributed`: a body schema, which on a Citus cluster becomes a
 * distributed schema (docs/operations/citus.md). Returns the names applied, in order.
 */
export async function migrateSchema(
  em: EntityManager,
  schema: string,
  migrations: readonly Migration[],
  options: { distributed?: boolean } = {},
): Promise<string[]> {
  assertSchemaName(schema);
  return em.transactional(async (tx) => {
    const [{ search_path: previousPath }] = await tx.execute<[{ search_path: string }]>(
      "select current_setting('search_path') as search_path",
    );
    const citus = await citusSchemaState(tx, schema);
    // On Citus, a migration runs as written only in a new body schema, built locally before it is
    // distributed. Elsewhere (a distributed body schema, the platform schema whose tables are reference
    // tables) Citus forwards a multi-statement string to the workers as one prepared statement, which
    // PostgreSQL refuses: one statement at a time.
    const builtLocally = citus === 'local' && options.distributed === true;
    const oneByOne = citus !== 'none' && !builtLocally;
    await tx.execute(`create schema if not exists ${quoteSchema(schema)}`);
    await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`cartable:migrate:${schema}`]);
    await tx.execute("select set_config('search_path', ?, true)", [quoteSchema(schema)]);
    await tx.execute(`create table if not exists schema_migration (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
    const applied = new Map(
      (await tx.execute<{ name: string; checksum: string }[]>('select name, checksum from schema_migration')).map((row) => [
        row.name,
        row.checksum,
      ]),
    );
    const known = new Set(migrations.map((migration) => migration.name));
    for (const [name, checksum] of applied) {
      if (!known.has(name)) {
        throw new MigrationIntegrityError(`Schema ${schema} has migration ${name}, which this version does not know`);
      }
      if (migrations.find((migration) => migration.name === name)!.checksum !== checksum) {
        throw new MigrationIntegrityError(`Migration ${name} changed after it was applied to ${schema}`);
      }
    }
    const pending = migrations.filter((migration) => !applied.has(migration.name));
    if (oneByOne) {
      for (const migration of pending) {
        for (const statement of splitStatements(migration.sql)) await tx.execute(statement);
        await tx.execute('insert into schema_migration (name, checksum) values (?, ?)', [migration.name, migration.checksum]);
      }
    } else if (pending.length > 0) {
      // Every pending migration and its record in one round trip (a new body runs all of them): the
      // same statements in the same order and the same transaction, without ~50 exchanges per body.
      await tx.execute(pending.map(withRecord).join('\n'));
    }
    // A new (or not yet distributed) body schema on Citus: built locally above, where every migration
    // runs as written, then distributed as a whole in the same transaction — its tables become single-shard
    // tables placed together on one worker.
    if (builtLocally) await tx.execute('select citus_schema_distribute(?::regnamespace)', [schema]);
    await tx.execute("select set_config('search_path', ?, true)", [previousPath]);
    return pending.map((migration) => migration.name);
  });
}

/**
 * A migration's text followed by the insert that records it. The name (`\d{4}_[a-z0-9_]+`) and the
 * checksum (hex) are literals that need no escaping; the `;` on its own line ends a last statement
 * written without one, even after a trailing comment.
 */
function withRecord(migration: Migration): string {
  if (!/^[a-z0-9_]+$/.test(migration.name) || !/^[a-z0-9]+$/.test(migration.checksum)) {
    throw new MigrationIntegrityError(`Migration name or checksum not of the expected form: ${migration.name}`);
  }
  return `${migration.sql}\n;\ninsert into schema_migration (name, checksum) values ('${migration.name}', '${migration.checksum}');`;
}

/** `none` without Citus; on Citus, whether the schema is already a distributed schema. */
async function citusSchemaState(em: EntityManager, schema: string): Promise<'none' | 'local' | 'distributed'> {
  const [{ citus }] = await em.execute<[{ citus: boolean }]>("select exists (select 1 from pg_extension where extname = 'citus') as citus");
  if (!citus) return 'none';
  const [{ distributed }] = await em.execute<[{ distributed: boolean }]>(
    'select exists (select 1 from pg_dist_schema where schemaid = to_regnamespace(?)) as distributed',
    [schema],
  );
  return distributed ? 'distributed' : 'local';
}
