#!/usr/bin/env node
// @ts-check
// Time to provision one body (platform row + schema + body migrations, one transaction) with the real
// `provisionBody` of server/dist, one body after another, then the idempotent re-provision of one.
//
//   npm run build && node_modules/.bin/node scripts/bench/provision.mjs [--count 50] [--disposable] [--timeout 600]
//
// Own embedded PostgreSQL in a temp folder (durable: fsync on, unless --disposable), or a new database on
// the server of DATABASE_URL. Slugs bench-body-0001, bench-body-0002, …
import 'reflect-metadata';
import { initOrm } from '../../server/dist/db/orm.js';
import { entities } from '../../server/dist/modules.js';
import { createLogger } from '../../server/dist/common/logger.js';
import { provisionBody } from '../../server/dist/tenancy/body-provisioning.js';
import {
  bodyMigrationsDirectory,
  latestMigration,
  loadMigrations,
  migrateSchema,
  platformMigrationsDirectory,
} from '../../server/dist/tenancy/schema-migrator.js';
import { formatStats, machineInfo, onCleanup, parseBenchArgs, round, runBench, startBenchDatabase, summarize } from './lib.mjs';

const args = parseBenchArgs({ count: 50, timeoutSeconds: 600 });
const reprovisionRuns = 5;

await runBench('provision', args.timeoutSeconds, async () => {
  const database = await startBenchDatabase({ label: 'provision', disposable: args.disposable });
  console.log(
    `provision benchmark — ${args.count} bodies, ${database.mode}` +
      (database.startMs ? ` (initdb + start ${Math.round(database.startMs)} ms)` : ''),
  );

  const orm = await initOrm({ databaseUrl: database.url, entities, poolMax: 10, logger: createLogger('warn') });
  onCleanup(() => orm.close(), 3_000);
  const sql = async (query, params) => orm.em.fork().execute(query, params);

  let started = performance.now();
  await migrateSchema(orm.em.fork(), 'platform', await loadMigrations(platformMigrationsDirectory));
  const platformMs = performance.now() - started;
  const bodyMigrations = await loadMigrations(bodyMigrationsDirectory);
  const latest = latestMigration(bodyMigrations);
  console.log(`platform migrations ${Math.round(platformMs)} ms; body migrations: ${bodyMigrations.map((m) => m.name).join(', ')}`);

  // Floors, to read the per-body figure against: a loopback round trip, and one durable (fsync'd) commit.
  const roundTrips = [];
  for (let i = 0; i < 20; i++) {
    started = performance.now();
    await sql('select 1');
    roundTrips.push(performance.now() - started);
  }
  await sql('create table public.bench_commit (n int)');
  const commits = [];
  for (let i = 0; i < 20; i++) {
    started = performance.now();
    await sql('insert into public.bench_commit values (?)', [i]);
    commits.push(performance.now() - started);
  }
  await sql('drop table public.bench_commit');
  const roundTrip = summarize(roundTrips, 2);
  const commit = summarize(commits, 2);
  console.log(`floors: round trip median ${roundTrip.median} ms, one-row durable commit median ${commit.median} ms\n`);

  const [{ lsn: walBefore, size: sizeBefore }] = await sql(
    'select pg_current_wal_lsn()::text as lsn, pg_database_size(current_database())::bigint as size',
  );
  const digits = Math.max(4, String(args.count).length);
  const slug = (n) => `bench-body-${String(n).padStart(digits, '0')}`;
  const perBody = [];
  const totalStarted = performance.now();
  for (let n = 1; n <= args.count; n++) {
    started = performance.now();
    const result = await provisionBody(orm.em.fork(), { slug: slug(n), name: `Organisme de test ${n}`, kind: 'COMMUNE' }, bodyMigrations);
    perBody.push(performance.now() - started);
    if (!result.created || result.applied.length !== bodyMigrations.length) {
      throw new Error(
        `${slug(n)}: expected a new body with ${bodyMigrations.length} migrations, got created=${result.created} applied=${result.applied}`,
      );
    }
    if (process.stdout.isTTY && (n % 10 === 0 || n === args.count)) process.stdout.write(`\rprovisioned ${n}/${args.count}`);
  }
  const totalMs = performance.now() - totalStarted;
  if (process.stdout.isTTY) process.stdout.write('\n');
  const [{ wal, size }] = await sql(
    'select pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)::bigint as wal, pg_database_size(current_database())::bigint - ? as size',
    [walBefore, sizeBefore],
  );

  // The bodies are really there: ACTIVE, at the latest version, with their tables.
  const [check] = await sql(
    `select count(*)::int as bodies,
            count(*) filter (where status = 'ACTIVE' and schema_version = ?)::int as good,
            (select count(*)::int from pg_tables where schemaname like 'body\\_%' and tablename = 'meeting') as schemas
       from platform.body where slug like 'bench-body-%'`,
    [latest],
  );
  if (check.bodies !== args.count || check.good !== args.count || check.schemas !== args.count) {
    throw new Error(`after provisioning: ${JSON.stringify(check)}, expected ${args.count} of each`);
  }

  const reprovision = [];
  const target = slug(Math.ceil(args.count / 2));
  for (let i = 0; i < reprovisionRuns; i++) {
    started = performance.now();
    const result = await provisionBody(orm.em.fork(), { slug: target, name: 'Organisme de test', kind: 'COMMUNE' }, bodyMigrations);
    reprovision.push(performance.now() - started);
    if (result.created || result.applied.length !== 0) {
      throw new Error(`re-provisioning ${target} was not a no-op: created=${result.created} applied=${result.applied}`);
    }
  }

  // Stopping the server: its shutdown checkpoint writes and fsyncs all the relation files just created.
  await orm.close();
  let stopMs = null;
  if (database.stop) {
    started = performance.now();
    await database.stop();
    stopMs = performance.now() - started;
  }

  const stats = summarize(perBody, 1);
  const tenth = Math.max(1, Math.floor(args.count / 10));
  const firstTenth = summarize(perBody.slice(0, tenth), 1).median;
  const lastTenth = summarize(perBody.slice(-tenth), 1).median;
  const reStats = summarize(reprovision, 1);
  const walPerBodyKb = round(Number(wal) / args.count / 1024, 1);
  const diskPerBodyKb = round(Number(size) / args.count / 1024, 1);
  console.log(`\nprovisionBody per body: ${formatStats(stats)}`);
  console.log(
    `  total ${round(totalMs / 1000, 2)} s = ${round(args.count / (totalMs / 1000), 1)} bodies/s; ` +
      `median of the first ${tenth}: ${firstTenth} ms, of the last ${tenth}: ${lastTenth} ms`,
  );
  console.log(`  WAL written ${walPerBodyKb} kB per body; database grew ${diskPerBodyKb} kB per body`);
  if (stopMs !== null) console.log(`PostgreSQL fast shutdown (shutdown checkpoint) afterwards: ${Math.round(stopMs)} ms`);
  console.log(
    `re-provision of an existing body (${target}, ${reprovisionRuns} runs): first ${round(reprovision[0], 1)} ms, ${formatStats(reStats)}`,
  );

  return {
    database: database.mode,
    count: args.count,
    perBodyMs: stats,
    totalSeconds: round(totalMs / 1000, 2),
    bodiesPerSecond: round(args.count / (totalMs / 1000), 1),
    firstTenthMedianMs: firstTenth,
    lastTenthMedianMs: lastTenth,
    reprovisionMs: { first: round(reprovision[0], 1), ...reStats },
    walPerBodyKb,
    diskPerBodyKb,
    roundTripMedianMs: roundTrip.median,
    durableCommitMedianMs: commit.median,
    platformMigrationsMs: round(platformMs, 0),
    postgresStopMs: round(stopMs, 0),
    machine: machineInfo(),
  };
});
