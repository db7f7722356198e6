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
  /**
   * Bodies migrated at once, each by a worker in its own transaction on its own pooled connection (the
   * pool needs at least this many connections; default 1).
   */
  concurrency?: number;
  /** Called after each body, for progress output. */
  onOutcome?: (outcome: BodyMigrationOutcome) => void;
}

/**
 * Walks every body schema, each in its own transaction, `concurrency` at a time: a failing body is
 * reported and the walk goes on; a rerun (or `fromSlug`) resumes. Up-to-date bodies are skipped from the
 * platform row alone, without touching their schema. Bodies are read in pages so memory stays flat.
 * Outcomes come in completion order (slug order with a concurrency of 1).
 */
export async function migrateAllBodies(
  em: EntityManager,
  migrations: readonly Migration[],
  options: BodyMigrationOptions = {},
): Promise<BodyMigrationReport> {
  const latest = latestMigration(migrations);
  const outcomes: BodyMigrationOutcome[] = [];
  const record = (outcome: BodyMigrationOutcome) => {
    outcomes.push(outcome);
    options.onOutcome?.(outcome);
  };
  let cursor = { $gte: options.fromSlug ?? '' } as { $gte: string } | { $gt: string };
  for (;;) {
    const page = await em
      .fork()
      .find(
        Body,
        { slug: cursor, status: { $ne: 'PROVISIONING' } },
        { orderBy: { slug: 'asc' }, limit: 500, fields: ['id', 'slug', 'schemaVersion'] },
      );
    if (page.length === 0) break;
    const queue = page.filter((body) => {
      if (body.schemaVersion === latest) record({ slug: body.slug, status: 'up-to-date', applied: [], milliseconds: 0 });
      else if (options.dryRun) record({ slug: body.slug, status: 'pending', applied: [], milliseconds: 0 });
      else return true;
      return false;
    });
    const worker = async () => {
      for (let body = queue.shift(); body; body = queue.shift()) record(await migrateOneBody(em, body, migrations, latest));
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker));
    cursor = { $gt: page.at(-1)!.slug };
  }
  return { latest, outcomes, failed: outcomes.filter((outcome) => outcome.status === 'failed').length };
}

async function migrateOneBody(
  em: EntityManager,
  body: Pick<Body, 'id' | 'slug' | 'schemaVersion'>,
  migrations: readonly Migration[],
  latest: string | null,
): Promise<BodyMigrationOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const applied = await em.fork().transactional(async (tx) => {
      const names = await migrateSchema(tx, bodySchemaName(body.id), migrations, { distributed: true });
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
