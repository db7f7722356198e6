import { parseArgs } from 'node:util';
import { backfillInboxes } from '../body/inbox/inbox-index.js';
import { runDatabaseCommand } from '../db/database-command.js';
import { migrateAllBodies } from './body-migration-runner.js';
import { bodyMigrationsDirectory, loadMigrations, migrateSchema, platformMigrationsDirectory } from './schema-migrator.js';
import { platformSchema } from './schema-name.js';

/**
 * `npm run migrate [-- --from <slug>] [--dry-run] [--concurrency 2]`: the platform schema, then every body
 * schema, `--concurrency` at a time (each in its own transaction on its own connection, the connections
 * replaced every 200 bodies so no backend keeps the catalog of thousands of schemas), with a line per body
 * and a summary. Exits 1 when any body failed; rerun (or --from) resumes. A body's migration is the
 * database server's CPU (DDL): more workers than its vCPUs contend (docs/operations/scale.md), so the
 * default suits a 2-vCPU database; give the database server's vCPUs.
 */
const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '2' },
  },
});
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
  console.error('--concurrency: a whole number from 1 to 32');
  process.exit(2);
}

await runDatabaseCommand(
  async (orm) => {
    const started = performance.now();
    const platformApplied = await migrateSchema(orm.em.fork(), platformSchema, await loadMigrations(platformMigrationsDirectory));
    console.log(`platform: ${platformApplied.length ? `applied ${platformApplied.join(', ')}` : 'up to date'}`);
    const report = await migrateAllBodies(orm.em.fork(), await loadMigrations(bodyMigrationsDirectory), {
      fromSlug: values.from,
      dryRun: values['dry-run'],
      concurrency,
      onOutcome: (outcome) => {
        if (outcome.status === 'up-to-date') return;
        const detail = outcome.error ?? (outcome.applied.join(', ') || '');
        console.log(`${outcome.status.padEnd(8)} ${outcome.slug} ${detail} (${outcome.milliseconds} ms)`);
      },
    });
    const count = (status: string) => report.outcomes.filter((outcome) => outcome.status === status).length;
    console.log(
      `bodies: ${report.outcomes.length} — migrated ${count('migrated')}, up to date ${count('up-to-date')}, ` +
        `pending ${count('pending')}, failed ${report.failed} — latest ${report.latest ?? 'none'} — ` +
        `${Math.round(performance.now() - started)} ms`,
    );
    if (report.failed > 0) {
      console.error(`${report.failed} body schema(s) failed; fix and rerun (resume with --from <slug>).`);
      return 1;
    }
    if (values['dry-run']) return 0;
    // The bodies that existed before the inbox index (platform migration 0021), indexed once each.
    const inbox = await backfillInboxes(orm.em.fork(), report.latest, concurrency);
    console.log(`inbox index: ${inbox.indexed} bodies indexed, ${inbox.failed.length} failed`);
    for (const { bodyId, error } of inbox.failed) console.error(`inbox index failed for body ${bodyId}: ${error}`);
    return inbox.failed.length === 0 ? 0 : 1;
  },
  { max: concurrency + 1, maxUses: 200 },
);
