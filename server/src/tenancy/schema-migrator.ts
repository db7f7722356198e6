import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertSchemaName, quoteSchema } from './schema-name.js';

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
 * never leaks onto a pooled connection. `distributed`: a body schema, made a distributed schema when the
 * database runs Citus. Returns the names applied, in order.
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
      'select current_setting(\'search_path\') as search_path',
    );
    // On Citus, a body's schema is created as a distributed schema: it and every table later created in it
    // live on one node, movable as a whole. Without the extension the setting is left alone.
    const sharding = options.distributed
      ? await tx.execute<{ previous: string }[]>(
          `select current_setting('citus.enable_schema_based_sharding') as previous,
                  set_config('citus.enable_schema_based_sharding', 'on', true)
             from pg_extension where extname = 'citus'`,
        )
      : [];
    await tx.execute(`create schema if not exists ${quoteSchema(schema)}`);
    for (const { previous } of sharding) {
      await tx.execute('select set_config(\'citus.enable_schema_based_sharding\', ?, true)', [previous]);
    }
    await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`cartable:migrate:${schema}`]);
    await tx.execute('select set_config(\'search_path\', ?, true)', [quoteSchema(schema)]);
    await tx.execute(`create table if not exists schema_migration (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
    const applied = new Map(
      (await tx.execute<{ name: string; checksum: string }[]>('select name, checksum from schema_migration')).map(
        (row) => [row.name, row.checksum],
      ),
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
    for (const migration of pending) {
      await tx.execute(migration.sql);
      await tx.execute('insert into schema_migration (name, checksum) values (?, ?)', [
        migration.name,
        migration.checksum,
      ]);
    }
    await tx.execute('select set_config(\'search_path\', ?, true)', [previousPath]);
    return pending.map((migration) => migration.name);
  });
}
