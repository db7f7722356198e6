import type { EntityManager } from '@mikro-orm/postgresql';
import { Body } from '../platform/bodies/body.entity.js';
import { latestMigration, migrateSchema, type Migration } from './schema-migrator.js';
import { bodySchemaName } from './schema-name.js';

export interface BodyMigrationOutcome {
  slug: string;
  status: 'migrated' | 'up-to-date' | 'failed' | 'pending';
  applied: string[];
  error?: string;
  milliseconds: number;
}

export interface BodyMigrationReport {
  latest: string | null;
  outcomes: BodyMigrationOutcome[];
  failed: number;
}

export interface BodyMigrationOptions {
  /** Resume: start at this slug (bodies are walked in slug order). */
  fromSlug?: string;
  /** Only report what would run. */
  dryRun?: boolean;
  /** Called after each body, for progress output. */
  onOutcome?: (outcome: BodyMigrationOutcome) => void;
}

/**
 * Walks every body schema, one at a time, each in its own transaction: a failing body is reported and
 * the walk goes on; a rerun (or `fromSlug`) resumes. Up-to-date bodies are skipped from the platform
 * row alone, without touching their schema. Bodies are read in pages so memory stays flat.
 */
export async function migrateAllBodies(
  em: EntityManager,
  migrations: readonly Migration[],
  options: BodyMigrationOptions = {},
): Promise<BodyMigrationReport> {
  const latest = latestMigration(migrations);
  const outcomes: BodyMigrationOutcome[] = [];
  let cursor = { $gte: options.fromSlug ?? '' } as { $gte: string } | { $gt: string };
  for (;;) {
    const page = await em.fork().find(
      Body,
      { slug: cursor, status: { $ne: 'PROVISIONING' } },
      { orderBy: { slug: 'asc' }, limit: 500, fields: ['id', 'slug', 'schemaVersion'] },
    );
    if (page.length === 0) break;
    for (const body of page) {
      outcomes.push(await migrateOneBody(em, body, migrations, latest, options));
      options.onOutcome?.(outcomes.at(-1)!);
    }
    cursor = { $gt: page.at(-1)!.slug };
  }
  return { latest, outcomes, failed: outcomes.filter((outcome) => outcome.status === 'failed').length };
}

async function migrateOneBody(
  em: EntityManager,
  body: Pick<Body, 'id' | 'slug' | 'schemaVersion'>,
  migrations: readonly Migration[],
  latest: string | null,
  options: BodyMigrationOptions,
): Promise<BodyMigrationOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (body.schemaVersion === latest) return { slug: body.slug, status: 'up-to-date', applied: [], milliseconds: 0 };
  if (options.dryRun) return { slug: body.slug, status: 'pending', applied: [], milliseconds: 0 };
  try {
    const applied = await em.fork().transactional(async (tx) => {
      const names = await migrateSchema(tx, bodySchemaName(body.id), migrations);
      await tx.nativeUpdate(Body, { id: body.id }, { schemaVersion: latest });
      return names;
    });
    return { slug: body.slug, status: 'migrated', applied, milliseconds: elapsed() };
  } catch (error) {
    return {
      slug: body.slug,
      status: 'failed',
      applied: [],
      error: error instanceof Error ? error.message : String(error),
      milliseconds: elapsed(),
    };
  }
}
