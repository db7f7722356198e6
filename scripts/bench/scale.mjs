#!/usr/bin/env node
// @ts-check
// docs/benchmarks.md S4, S9 and S11 in one run, as ratios: the same server measured with 10 bodies, then
// with `--count` bodies.
//
//   npm run build && node_modules/.bin/node scripts/bench/scale.mjs [--count 1000] [--concurrency 2] [--requests 200] [--disposable] [--timeout 1800]
//
// 1. The app in process (`createRuntime`, demo: claire.martin sits in 3 bodies) on its own PostgreSQL,
//    6 more bodies provisioned: 10 bodies.
// 2. At 10 bodies: S4, claire.martin's inbox (`query Inbox`) over HTTP, `--requests` sequential calls
//    after a warm-up (p50, p99); S11, `provisionBody` of 5 bodies one after the other (median).
// 3. S9: `--count` − 10 more body rows and empty schemas (bulk SQL, not timed), then `migrateAllBodies`
//    with `--concurrency` workers brings them all to the latest body migration (every migration), timed;
//    the baseline is the same migration SQL sent with plain `pg`, one transaction per body, on 50 of them
//    (at most a fifth) one after the other (so the ratio compares the runner's throughput with sequential
//    raw SQL).
// 4. PostgreSQL backend memory: a new connection's backend (memory contexts and private memory from /proc),
//    the same after reading three tables in each of up to 1,000 migrated bodies, then a new connection's.
// 5. At `--count` bodies: S4 and S11 again. Ratios: S4 p50 and p99 (count / 10), S11 (count / 10), S9 the
//    extrapolated minutes for 10,000 bodies and the speed-up over raw SQL.
import 'reflect-metadata';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { createLogger } from '../../server/dist/common/logger.js';
import { uuidv7 } from '../../server/dist/common/ids.js';
import { loadDemoData } from '../../server/dist/demo/load-demo.js';
import { createRuntime } from '../../server/dist/runtime.js';
import { migrateAllBodies } from '../../server/dist/tenancy/body-migration-runner.js';
import { provisionBody } from '../../server/dist/tenancy/body-provisioning.js';
import { bodySchemaName } from '../../server/dist/tenancy/schema-name.js';
import {
  accessToken,
  benchAppConfig,
  freePort,
  machineInfo,
  onCleanup,
  parseBenchArgs,
  processMemoryMb,
  repoRoot,
  round,
  runBench,
  startBenchDatabase,
  summarize,
} from './lib.mjs';

const args = parseBenchArgs({ count: 1000, timeoutSeconds: 1800, extra: { concurrency: 2, requests: 200 } });
const { concurrency, requests } = args.extra;
const baselineBodies = 50;
const targets = { s4P50: 1.2, s4P99: 1.5, s9Minutes: 10, s11: 2 };

const inboxDocument = await readFile(path.join(repoRoot, 'scripts', 'bench', 'inbox-query.graphql'), 'utf8');
const inboxBody = JSON.stringify({
  operationName: 'Inbox',
  query: inboxDocument,
  variables: { from: new Date(Date.now() - 365 * 86_400_000).toISOString() },
});

await runBench('scale', args.timeoutSeconds, async () => {
  if (args.count < 20) throw new Error('--count must be at least 20');
  const database = await startBenchDatabase({ label: 'scale', disposable: args.disposable });
  console.log(`scale benchmark — 10 then ${args.count} bodies, migration concurrency ${concurrency}, ${database.mode}`);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = await benchAppConfig({
    label: 'scale-app',
    baseUrl,
    databaseUrl: database.url,
    extra: { DATABASE_POOL_MAX: String(concurrency + 4), JOBS_CONCURRENCY: '0' },
  });
  const httpServer = createServer();
  const runtime = await createRuntime(config, createLogger('warn'), database.url, httpServer);
  onCleanup(() => runtime.stop(), 20_000);
  await loadDemoData(runtime.orm.em.fork(), runtime.bodyMigrations);
  let provisioned = 0;
  const provisionTimes = async (count) => {
    const times = [];
    for (let index = 0; index < count; index++) {
      const started = performance.now();
      provisioned++;
      await provisionBody(
        runtime.orm.em.fork(),
        { slug: `scale-body-${String(provisioned).padStart(4, '0')}`, name: `Organisme ${provisioned}`, kind: 'COMMUNE' },
        runtime.bodyMigrations,
      );
      times.push(performance.now() - started);
    }
    return times;
  };
  const sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  onCleanup(() => sql.end(), 3_000);
  const bodyCount = async () => (await sql.query('select count(*)::int as n from platform.body')).rows[0].n;
  await provisionTimes(10 - (await bodyCount()));
  httpServer.on('request', runtime.app);
  await new Promise((resolve) => httpServer.listen(port, '127.0.0.1', () => resolve(undefined)));
  onCleanup(() => new Promise((resolve) => httpServer.close(resolve)));
  let token = await accessToken(baseUrl, 'claire.martin');

  const inboxLatency = async () => {
    const call = async () => {
      const started = performance.now();
      const reply = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: inboxBody,
      });
      const json = await reply.json();
      if (reply.status !== 200 || json.errors)
        throw new Error(`inbox: ${reply.status} ${JSON.stringify(json.errors ?? json).slice(0, 300)}`);
      return performance.now() - started;
    };
    for (let index = 0; index < 20; index++) await call();
    const times = [];
    for (let index = 0; index < requests; index++) times.push(await call());
    const sorted = [...times].sort((a, b) => a - b);
    return { ...summarize(times, 2), p99: round(sorted[Math.ceil(0.99 * sorted.length) - 1], 2) };
  };

  // ---- at 10 bodies ----------------------------------------------------------------------------------------
  const small = { bodies: await bodyCount(), inbox: await inboxLatency(), provisionMs: summarize(await provisionTimes(5), 1).median };
  console.log(
    `at ${small.bodies} bodies: inbox p50 ${small.inbox.median} ms, p99 ${small.inbox.p99} ms; provision ${small.provisionMs} ms`,
  );

  // ---- S9: the other bodies, all behind --------------------------------------------------------------------
  const missing = args.count - (await bodyCount());
  const ids = Array.from({ length: missing }, () => uuidv7());
  await sql.query('begin');
  await sql.query(
    `insert into platform.body (id, slug, name, kind, time_zone, schema_name, status, schema_version)
     select id, 'bulk-body-' || lpad(n::text, 5, '0'), 'Organisme de masse ' || n, 'COMMUNE', 'Europe/Paris', schema_name, 'ACTIVE', null
       from unnest($1::uuid[], $2::text[]) with ordinality as t(id, schema_name, n)`,
    [ids, ids.map((id) => bodySchemaName(id))],
  );
  for (let index = 0; index < ids.length; index += 500) {
    await sql.query(
      ids
        .slice(index, index + 500)
        .map((id) => `create schema "${bodySchemaName(id)}";`)
        .join('\n'),
    );
  }
  await sql.query('commit');
  // Baseline: the migration files through plain pg, one transaction per body, on the first bodies.
  const raw = ids.slice(0, Math.min(baselineBodies, Math.floor(missing / 5)));
  let started = performance.now();
  for (const id of raw) {
    const schema = bodySchemaName(id);
    await sql.query('begin');
    await sql.query(`set local search_path = "${schema}"`);
    await sql.query(
      'create table schema_migration (name text primary key, checksum text not null, applied_at timestamptz not null default now())',
    );
    for (const migration of runtime.bodyMigrations) {
      await sql.query(migration.sql);
      await sql.query('insert into schema_migration (name, checksum) values ($1, $2)', [migration.name, migration.checksum]);
    }
    await sql.query('update platform.body set schema_version = $1 where id = $2', [
      runtime.bodyMigrations[runtime.bodyMigrations.length - 1].name,
      id,
    ]);
    await sql.query('commit');
  }
  const rawPerBodyMs = (performance.now() - started) / raw.length;
  started = performance.now();
  const report = await migrateAllBodies(runtime.orm.em.fork(), runtime.bodyMigrations, { concurrency });
  const migrateMs = performance.now() - started;
  const migrated = report.outcomes.filter((outcome) => outcome.status === 'migrated').length;
  if (report.failed > 0 || migrated !== missing - raw.length) {
    throw new Error(`migration: ${migrated} migrated, ${report.failed} failed, expected ${missing - raw.length}`);
  }
  const runnerPerBodyMs = migrateMs / migrated;
  const s9 = {
    bodies: migrated,
    seconds: round(migrateMs / 1000, 1),
    perBodyMs: round(runnerPerBodyMs, 1),
    rawPerBodyMs: round(rawPerBodyMs, 1),
    speedupOverRawSql: round(rawPerBodyMs / runnerPerBodyMs, 2),
    minutesFor10000: round((runnerPerBodyMs * 10_000) / 60_000, 1),
  };
  console.log(
    `S9: ${migrated} bodies migrated in ${s9.seconds} s (${s9.perBodyMs} ms/body with ${concurrency} workers; raw SQL one after the other ${s9.rawPerBodyMs} ms/body) → ${s9.minutesFor10000} min for 10,000`,
  );

  // ---- PostgreSQL backend memory: a fresh connection, the same after touching the bodies, a recycled one -------
  const touched = (
    await sql.query('select schema_name from platform.body where schema_version is not null order by slug limit 1000')
  ).rows.map((row) => row.schema_name);
  const memory = await backendMemoryAcross(database.url, touched);
  console.log(
    `backend memory: fresh ${memory.fresh.contextsMb} MB in contexts (${memory.fresh.anonMb} MB private), ` +
      `after touching ${memory.bodies} bodies ${memory.touched.contextsMb} MB (${memory.touched.anonMb} MB; +${memory.kbPerBody} KB/body), ` +
      `recycled connection ${memory.recycled.contextsMb} MB (${memory.recycled.anonMb} MB)`,
  );

  // ---- at --count bodies -----------------------------------------------------------------------------------
  token = await accessToken(baseUrl, 'claire.martin'); // a slow S9 outlives the first token
  const large = { bodies: await bodyCount(), inbox: await inboxLatency(), provisionMs: summarize(await provisionTimes(5), 1).median };
  console.log(
    `at ${large.bodies} bodies: inbox p50 ${large.inbox.median} ms, p99 ${large.inbox.p99} ms; provision ${large.provisionMs} ms`,
  );

  const ratios = {
    s4P50: round(large.inbox.median / small.inbox.median, 2),
    s4P99: round(large.inbox.p99 / small.inbox.p99, 2),
    s9MinutesFor10000: s9.minutesFor10000,
    s11: round(large.provisionMs / small.provisionMs, 2),
  };
  const met = {
    s4P50: ratios.s4P50 <= targets.s4P50,
    s4P99: ratios.s4P99 <= targets.s4P99,
    s9: ratios.s9MinutesFor10000 < targets.s9Minutes,
    s11: ratios.s11 <= targets.s11,
  };
  console.log(
    `\nS4  inbox p50 ${ratios.s4P50}× (target ≤ ${targets.s4P50}), p99 ${ratios.s4P99}× (≤ ${targets.s4P99}) at ${large.bodies} vs ${small.bodies} bodies`,
  );
  console.log(
    `S9  ${ratios.s9MinutesFor10000} min for 10,000 bodies, extrapolated (target < ${targets.s9Minutes}); ${s9.speedupOverRawSql}× raw SQL one body after the other`,
  );
  console.log(`S11 provision ${ratios.s11}× (target ≤ ${targets.s11}) at ${large.bodies} vs ${small.bodies} bodies`);
  return { machine: machineInfo(), database: database.mode, concurrency, small, large, s9, memory, ratios, met };
});

/** Memory of the connection's own backend: its memory contexts, and its private memory from /proc (local server only). */
async function backendMemory(client) {
  const {
    rows: [row],
  } = await client.query('select pg_backend_pid() as pid, sum(total_bytes)::bigint as bytes from pg_backend_memory_contexts');
  const proc = await processMemoryMb(row.pid);
  return { contextsMb: round(Number(row.bytes) / 1_048_576, 1), anonMb: proc?.anon ?? null };
}

/**
 * A new connection reads a meeting, its agenda and its recipients (what an inbox touches) in each of the
 * `schemas`; its backend's memory before and after, then that of a new connection, as a recycled pool
 * connection would be (docs/operations/scale.md).
 */
async function backendMemoryAcross(url, schemas) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const fresh = await backendMemory(client);
  for (const schema of schemas) {
    await client.query(
      `select (select count(*) from "${schema}".meeting) as meetings, (select count(*) from "${schema}".agenda_item) as items, (select count(*) from "${schema}".convocation_recipient) as recipients`,
    );
  }
  const touched = await backendMemory(client);
  await client.end();
  const recycledClient = new pg.Client({ connectionString: url });
  await recycledClient.connect();
  const recycled = await backendMemory(recycledClient);
  await recycledClient.end();
  const kbPerBody = round(((touched.contextsMb - fresh.contextsMb) * 1024) / Math.max(1, schemas.length), 1);
  return { bodies: schemas.length, fresh, touched, recycled, kbPerBody };
}
