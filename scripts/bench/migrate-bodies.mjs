#!/usr/bin/env node
// @ts-check
// Time to bring N empty body schemas (default 1,000) to the latest body migration with the real
// `migrateAllBodies` of server/dist, then the no-op pass when all are up to date, then the real CLI
// (`node server/dist/tenancy/migrate-command.js`) once against the same, already migrated, database.
//
//   npm run build && node_modules/.bin/node scripts/bench/migrate-bodies.mjs [--count 1000] [--disposable] [--timeout 1800]
//
// Set-up (not timed as part of the migration): the platform schema, N `platform.body` rows (ACTIVE,
// schema_version NULL) and N empty `body_<id>` schemas, created in bulk with plain SQL.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import pg from 'pg';
import { createLogger } from '../../server/dist/common/logger.js';
import { uuidv7 } from '../../server/dist/common/ids.js';
import { initOrm } from '../../server/dist/db/orm.js';
import { entities } from '../../server/dist/modules.js';
import { migrateAllBodies } from '../../server/dist/tenancy/body-migration-runner.js';
import {
  bodyMigrationsDirectory,
  latestMigration,
  loadMigrations,
  migrateSchema,
  platformMigrationsDirectory,
} from '../../server/dist/tenancy/schema-migrator.js';
import { bodySchemaName } from '../../server/dist/tenancy/schema-name.js';
import {
  formatStats,
  machineInfo,
  onCleanup,
  parseBenchArgs,
  processMemoryMb,
  repoRoot,
  round,
  runBench,
  serverDist,
  startBenchDatabase,
  summarize,
} from './lib.mjs';

const args = parseBenchArgs({ count: 1000, timeoutSeconds: 1800 });
const progress = process.stdout.isTTY ? (text) => process.stdout.write(`\r${text}`) : () => undefined;
const maxRssMb = () => round(process.resourceUsage().maxRSS / 1024, 1); // maxRSS is in kB

/** Memory of the ORM's PostgreSQL backends (application_name 'cartable'), read from /proc: local server only. */
async function backendMemory(client) {
  const { rows } = await client.query(`select pid from pg_stat_activity where application_name = 'cartable'`);
  const all = (await Promise.all(rows.map((row) => processMemoryMb(row.pid)))).filter(Boolean);
  if (all.length === 0) return null;
  return { backends: all.length, maxRssMb: Math.max(...all.map((m) => m.rss)), maxAnonMb: Math.max(...all.map((m) => m.anon)) };
}

await runBench('migrate-bodies', args.timeoutSeconds, async () => {
  const database = await startBenchDatabase({ label: 'migrate', disposable: args.disposable });
  console.log(
    `migrate-bodies benchmark — ${args.count} body schemas, ${database.mode}` +
      (database.startMs ? ` (initdb + start ${Math.round(database.startMs)} ms)` : ''),
  );

  const orm = await initOrm({ databaseUrl: database.url, entities, poolMax: 10, logger: createLogger('warn') });
  onCleanup(() => orm.close(), 3_000);
  const client = new pg.Client({ connectionString: database.url, application_name: 'cartable-bench' });
  client.on('error', () => undefined); // the server going away (Ctrl-C reaches it too) is handled by the cleanup
  await client.connect();
  onCleanup(() => client.end(), 3_000);

  // ---- set-up: platform schema, N body rows, N empty schemas ---------------------------------------------
  let started = performance.now();
  await migrateSchema(orm.em.fork(), 'platform', await loadMigrations(platformMigrationsDirectory));
  const bodyMigrations = await loadMigrations(bodyMigrationsDirectory);
  const latest = latestMigration(bodyMigrations);
  const digits = Math.max(4, String(args.count).length);
  const ids = Array.from({ length: args.count }, () => uuidv7());
  const slugs = ids.map((_, i) => `bench-body-${String(i + 1).padStart(digits, '0')}`);
  const schemas = ids.map((id) => bodySchemaName(id));
  await client.query('begin');
  await client.query(
    `insert into platform.body (id, slug, name, kind, time_zone, schema_name, status, schema_version)
     select id, slug, 'Organisme de test ' || n, 'COMMUNE', 'Europe/Paris', schema_name, 'ACTIVE', null
       from unnest($1::uuid[], $2::text[], $3::text[]) with ordinality as t(id, slug, schema_name, n)`,
    [ids, slugs, schemas],
  );
  for (let i = 0; i < schemas.length; i += 500) {
    await client.query(
      schemas
        .slice(i, i + 500)
        .map((schema) => `create schema "${schema}";`)
        .join('\n'),
    );
  }
  await client.query('commit');
  const setupMs = performance.now() - started;
  console.log(
    `set-up: platform schema, ${args.count} body rows and empty schemas in ${Math.round(setupMs)} ms; ` +
      `migrations to apply: ${bodyMigrations.map((m) => m.name).join(', ')}\n`,
  );

  // ---- first pass: every body behind ----------------------------------------------------------------------
  const rssBeforeMb = maxRssMb();
  const perBody = [];
  const statuses = {};
  let last = performance.now();
  started = last;
  const report = await migrateAllBodies(orm.em.fork(), bodyMigrations, {
    onOutcome: (outcome) => {
      const now = performance.now();
      perBody.push(now - last);
      last = now;
      statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
      if (perBody.length % 50 === 0) progress(`migrated ${perBody.length}/${args.count}`);
    },
  });
  const firstMs = performance.now() - started;
  progress('\n');
  const rssAfterMb = maxRssMb();
  const backendsAfterFirst = database.dataDir ? await backendMemory(client) : null;
  if (report.failed > 0) {
    const failure = report.outcomes.find((outcome) => outcome.status === 'failed');
    throw new Error(`${report.failed} bodies failed, e.g. ${failure?.slug}: ${failure?.error}`);
  }
  if (report.outcomes.length !== args.count || statuses.migrated !== args.count) {
    throw new Error(`first pass: expected ${args.count} migrated, got ${JSON.stringify(statuses)} of ${report.outcomes.length}`);
  }
  const {
    rows: [check],
  } = await client.query(
    `select count(*) filter (where schema_version is distinct from $1)::int as behind,
            (select count(*)::int from pg_tables where schemaname like 'body\\_%' and tablename = 'meeting') as schemas
       from platform.body`,
    [latest],
  );
  if (check.behind !== 0 || check.schemas !== args.count) {
    throw new Error(`after the first pass: ${JSON.stringify(check)}, expected 0 behind and ${args.count} schemas with their tables`);
  }
  const stats = summarize(perBody, 1);
  const runnerMs = summarize(
    report.outcomes.map((outcome) => outcome.milliseconds),
    1,
  );
  const tenth = Math.max(1, Math.floor(args.count / 10));
  const firstTenth = summarize(perBody.slice(0, tenth), 1).median;
  const lastTenth = summarize(perBody.slice(-tenth), 1).median;
  console.log(`first pass (all ${args.count} behind): ${round(firstMs / 1000, 2)} s = ${round(args.count / (firstMs / 1000), 1)} bodies/s`);
  console.log(`  per body (wall time between outcomes): ${formatStats(stats)}`);
  console.log(`  per body (runner's own figure, whole ms): median ${runnerMs.median}, p95 ${runnerMs.p95}`);
  console.log(`  median of the first ${tenth}: ${firstTenth} ms, of the last ${tenth}: ${lastTenth} ms`);
  console.log(`  peak RSS of this process: ${rssBeforeMb} MB before the pass, ${rssAfterMb} MB after`);
  if (backendsAfterFirst) {
    console.log(
      `  ORM PostgreSQL backends: ${backendsAfterFirst.backends}, max RSS ${backendsAfterFirst.maxRssMb} MB (anonymous ${backendsAfterFirst.maxAnonMb} MB)`,
    );
  }

  // ---- second pass: nothing to do -----------------------------------------------------------------------
  started = performance.now();
  const second = await migrateAllBodies(orm.em.fork(), bodyMigrations);
  const secondMs = performance.now() - started;
  const upToDate = second.outcomes.filter((outcome) => outcome.status === 'up-to-date').length;
  if (second.outcomes.length !== args.count || upToDate !== args.count) {
    throw new Error(`second pass: expected ${args.count} up to date, got ${upToDate} of ${second.outcomes.length}`);
  }
  console.log(`second pass (all up to date): ${Math.round(secondMs)} ms`);
  await orm.close(); // the CLI below gets the server to itself

  // ---- the CLI, once, on the migrated database -------------------------------------------------------------
  started = performance.now();
  const cli = spawn(process.execPath, [path.join(serverDist, 'tenancy', 'migrate-command.js')], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let cliOutput = '';
  cli.stdout.on('data', (chunk) => (cliOutput += chunk));
  cli.stderr.on('data', (chunk) => (cliOutput += chunk));
  onCleanup(() => {
    if (cli.exitCode === null && cli.signalCode === null) cli.kill('SIGKILL');
  });
  const [cliCode] = await once(cli, 'exit');
  const cliMs = performance.now() - started;
  const summary = cliOutput.trim().split('\n').at(-1);
  if (cliCode !== 0 || !cliOutput.includes('platform: up to date') || !cliOutput.includes(`up to date ${args.count},`)) {
    throw new Error(`the CLI exited ${cliCode} or did not report all up to date:\n${cliOutput}`);
  }
  console.log(`CLI (npm run migrate without the build) on the migrated database: ${Math.round(cliMs)} ms wall\n  > ${summary}`);

  // The cost deferred by all that DDL: the next checkpoint writes the new catalog and index pages and
  // fsyncs every relation file created since the last one. Timed explicitly (needs superuser or
  // pg_checkpoint), with the checkpointer's own split; then the server's stop, its checkpoint now cheap.
  let checkpoint = null;
  try {
    const statsSql = `select num_done::int as done, write_time, sync_time, buffers_written::int as buffers from pg_stat_checkpointer`;
    const {
      rows: [before],
    } = await client.query(statsSql);
    started = performance.now();
    await client.query('checkpoint');
    const checkpointMs = performance.now() - started;
    const {
      rows: [after],
    } = await client.query(statsSql);
    checkpoint = {
      ms: round(checkpointMs, 0),
      writeMs: round(after.write_time - before.write_time, 0),
      syncMs: round(after.sync_time - before.sync_time, 0),
      buffersWritten: after.buffers - before.buffers,
    };
    console.log(
      `CHECKPOINT after the migration: ${round(checkpointMs / 1000, 2)} s ` +
        `(write ${round(checkpoint.writeMs / 1000, 2)} s, sync ${round(checkpoint.syncMs / 1000, 2)} s, ${checkpoint.buffersWritten} buffers of 8 kB)`,
    );
  } catch (error) {
    console.log(`CHECKPOINT not timed: ${error instanceof Error ? error.message : error}`);
  }
  await client.end();
  let stopMs = null;
  if (database.stop) {
    started = performance.now();
    await database.stop();
    stopMs = performance.now() - started;
    console.log(`PostgreSQL fast shutdown afterwards: ${round(stopMs / 1000, 2)} s`);
  }

  return {
    database: database.mode,
    count: args.count,
    setupMs: round(setupMs, 0),
    firstPass: {
      totalSeconds: round(firstMs / 1000, 2),
      bodiesPerSecond: round(args.count / (firstMs / 1000), 1),
      perBodyMs: stats,
      firstTenthMedianMs: firstTenth,
      lastTenthMedianMs: lastTenth,
    },
    peakRssMb: { beforeFirstPass: rssBeforeMb, afterFirstPass: rssAfterMb },
    postgresBackends: backendsAfterFirst,
    secondPassMs: round(secondMs, 0),
    cliWallMs: round(cliMs, 0),
    cliSummary: summary,
    checkpoint,
    postgresStopMs: round(stopMs, 0),
    machine: machineInfo(),
  };
});
