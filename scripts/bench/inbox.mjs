#!/usr/bin/env node
// docs/benchmarks.md S1 (and S4's cold/warm figure): the official's unified inbox — the web app's `query Inbox`,
// `myMeetings(from:)` with each meeting's `myConvocation` status — through the real stack (Express 5 +
// Apollo 5 + type-graphql + MikroORM, Node 24) against a baseline serving the same SQL with `node:http` +
// `pg` + `JSON.stringify` (scripts/bench/inbox-baseline.mjs, a child process), in the same run, loaded
// in turn by autocannon (another child process) with N connections for a fixed duration.
//
//   npm run build && node_modules/.bin/node scripts/bench/inbox.mjs [--connections 64] [--duration 10] [--runs 5] [--meetings 6] [--timeout 900]
//
// claire.martin sits in three bodies; each gets `--meetings` more convened meetings on top of the demo's
// (receipts and answers on some). Exits non-zero when the median req/s ratio is below 0.5 (issue 16's target).
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { deepStrictEqual } from 'node:assert';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { createLogger } from '../../server/dist/common/logger.js';
import { createRuntime } from '../../server/dist/runtime.js';
import { loadDemoData } from '../../server/dist/demo/load-demo.js';
import { Person } from '../../server/dist/platform/people/person.entity.js';
import { Membership } from '../../server/dist/platform/people/membership.entity.js';
import { Assembly } from '../../server/dist/body/assemblies/assembly.entity.js';
import { createMeeting } from '../../server/dist/body/meetings/meeting.service.js';
import { addAgendaItem } from '../../server/dist/body/agenda/agenda.service.js';
import { storeGeneratedDocument } from '../../server/dist/body/documents/document.service.js';
import { sendConvocation } from '../../server/dist/body/convocations/send/send-convocation.js';
import { recordReceipt } from '../../server/dist/body/convocations/receipts/receipts.service.js';
import { answerConvocation } from '../../server/dist/body/attendance/attendance.service.js';
import { countStatements } from '../../server/dist/db/statement-trace.js';
import { createSamplePdf } from '../../server/dist/media/sample-pdf.js';
import { bodySchemaName } from '../../server/dist/tenancy/schema-name.js';
import { latestMigration } from '../../server/dist/tenancy/schema-migrator.js';
import { onBehalfOf, systemContext } from '../../server/dist/tenancy/system-scope.js';
import {
  accessToken,
  benchAppConfig,
  freePort,
  machineInfo,
  onCleanup,
  parseBenchArgs,
  repoRoot,
  round,
  runBench,
  startBenchDatabase,
  summarize,
} from './lib.mjs';

const args = parseBenchArgs({ timeoutSeconds: 900, extra: { connections: 64, duration: 10, runs: 5, meetings: 6 } });
const { connections, duration, runs, meetings: extraMeetings } = args.extra;
const poolMax = 10;
const targetRatio = 0.5;
const targetP99Ratio = 3;
const node = process.execPath;

const inboxDocument = await readFile(path.join(repoRoot, 'scripts', 'bench', 'inbox-query.graphql'), 'utf8');
// The app asks for the last 12 months and what is to come.
const inboxBody = JSON.stringify({
  operationName: 'Inbox',
  query: inboxDocument,
  variables: { from: new Date(Date.now() - 365 * 86_400_000).toISOString() },
});

/** `count` more convened meetings in each of the person's bodies, through the product's services. */
async function addConvenedMeetings(runtime, login, count) {
  const platformEm = runtime.orm.em.fork();
  const official = await platformEm.findOneOrFail(Person, { email: `${login}@demo.cartable.fr` });
  const memberships = await platformEm.find(Membership, { person: official.id }, { populate: ['body'] });
  for (const { body } of memberships) {
    const staff = await platformEm.find(Membership, { body: body.id }, { populate: ['person'] });
    const sender = staff.find((membership) => membership.roles.includes('SECRETARIAT')).person;
    const bodyEm = runtime.orm.em.fork({ schema: bodySchemaName(body.id) });
    const assembly = (await bodyEm.find(Assembly, {})).find((entry) => entry.kind.startsWith('CONSEIL_'));
    const bytes = await createSamplePdf({ title: 'Note explicative de synthèse', pages: 1, bodyName: body.name });
    const system = systemContext(runtime.environment, { body, em: bodyEm, platformEm: runtime.orm.em.fork() }, 'bench');
    const as = (personId, role) => onBehalfOf(system.withEm(bodyEm.fork()), personId, [role]);
    for (let index = 0; index < count; index++) {
      const meeting = await createMeeting(as(sender.id, 'SECRETARIAT'), {
        assemblyId: assembly.id,
        title: `Séance n° ${index + 2}`,
        startsAt: new Date(Date.now() + (20 + 7 * index) * 86_400_000),
        place: 'Salle du conseil',
        urgent: false,
      });
      await addAgendaItem(as(sender.id, 'SECRETARIAT'), meeting.id, {
        title: 'Délibération',
        kind: 'DELIBERATION',
        rapporteur: null,
        icpe: false,
        closedSession: false,
      });
      await storeGeneratedDocument(as(sender.id, 'SECRETARIAT'), {
        meetingId: meeting.id,
        agendaItemId: null,
        kind: 'NOTE_SYNTHESE',
        title: 'Note explicative de synthèse',
        fileName: 'note.pdf',
        bytes,
      });
      await sendConvocation(as(sender.id, 'SECRETARIAT'), { meetingId: meeting.id });
      if (index % 2 === 0) await recordReceipt(as(official.id, 'OFFICIAL'), { meetingId: meeting.id, acknowledge: index % 4 === 0 });
      if (index % 3 === 0)
        await answerConvocation(as(official.id, 'OFFICIAL'), { meetingId: meeting.id, personId: official.id, response: 'PRESENT' });
    }
  }
  return memberships.length;
}

/** Waits until no job is due (reminders stay scheduled days ahead); false when `limitMs` passed first. */
async function jobsDrained(runtime, limitMs) {
  const deadline = Date.now() + limitMs;
  const connection = runtime.orm.em.getConnection();
  while (Date.now() < deadline) {
    const [{ due }] = await connection.execute(
      'select count(*)::int as due from graphile_worker.jobs where run_at <= now() and attempts < max_attempts',
    );
    if (due === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function inbox(url, token) {
  const started = performance.now();
  const reply = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: inboxBody,
  });
  const json = await reply.json();
  const ms = performance.now() - started;
  if (reply.status !== 200 || json.errors)
    throw new Error(`inbox at ${url}: ${reply.status} ${JSON.stringify(json.errors ?? json).slice(0, 300)}`);
  return { ms, json };
}

/** The baseline server as a child process; resolves with its URL once it listens. */
function startBaseline(env) {
  const child = spawn(node, [path.join(repoRoot, 'scripts', 'bench', 'inbox-baseline.mjs')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  onCleanup(
    () =>
      new Promise(
        /** @param {(value?: unknown) => void} resolve */ (resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
        },
      ),
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`baseline server exited (${code})`)));
    child.stdout.on('data', (chunk) => {
      const match = /listening (\d+)/.exec(String(chunk));
      if (match) resolve({ url: `http://127.0.0.1:${match[1]}/graphql`, pid: child.pid });
    });
  });
}

/** CPU time (user + system, ms) a process has used so far: ours from Node, a child's from /proc. */
async function cpuMs(pid) {
  if (pid === process.pid) {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  // utime and stime (fields 14 and 15 of stat, 12 and 13 after the command name), in clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** One autocannon run (its own process, so that it does not share the servers' event loops), and the server's CPU per request. */
async function load(url, token, seconds, serverPid) {
  const cpuBefore = await cpuMs(serverPid);
  const result = await autocannon(url, token, seconds);
  return { ...result, cpuMsPerRequest: ((await cpuMs(serverPid)) - cpuBefore) / Math.max(1, result.requests) };
}

function autocannon(url, token, seconds) {
  const cli = path.join(repoRoot, 'node_modules', 'autocannon', 'autocannon.js');
  const child = spawn(
    node,
    [
      cli,
      '-c',
      String(connections),
      '-d',
      String(seconds),
      '-m',
      'POST',
      '-H',
      'content-type=application/json',
      '-H',
      `authorization=Bearer ${token}`,
      '-b',
      inboxBody,
      '-t',
      '30',
      '-j',
      url,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}`));
      const result = JSON.parse(output);
      // A request slower than 30 s counts as a timeout (reported); anything else failing fails the run.
      if (result.non2xx > 0 || result.errors > result.timeouts)
        reject(new Error(`load on ${url}: ${result.non2xx} non-2xx, ${result.errors} errors`));
      resolve({
        requestsPerSecond: result.requests.average,
        requests: result.requests.total,
        p50: result.latency.p50,
        p99: result.latency.p99,
        timeouts: result.timeouts,
      });
    });
  });
}

/** Statements sent by the product's ORM pool for one inbox request: the least of a few, ignoring background work. */
async function statementsPerRequest(url, token) {
  const counts = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const counter = countStatements();
    try {
      await inbox(url, token);
    } finally {
      counter.stop();
    }
    counts.push(counter.count);
  }
  return Math.min(...counts);
}

await runBench('inbox', args.timeoutSeconds, async () => {
  const database = await startBenchDatabase({ label: 'inbox', disposable: args.disposable });
  console.log(`inbox benchmark (S1) — ${connections} connections, ${duration} s × ${runs} runs per side, ${database.mode}`);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = await benchAppConfig({
    label: 'inbox-app',
    baseUrl,
    databaseUrl: database.url,
    extra: { DATABASE_POOL_MAX: String(poolMax) },
  });
  const httpServer = createServer();
  const runtime = await createRuntime(config, createLogger('warn'), database.url, httpServer);
  onCleanup(() => runtime.stop(), 20_000);
  const setup = performance.now();
  await loadDemoData(runtime.orm.em.fork(), runtime.bodyMigrations, { environment: runtime.environment });
  const bodies = await addConvenedMeetings(runtime, 'claire.martin', extraMeetings);
  console.log(
    `setup: demo + ${extraMeetings} convened meetings in each of claire.martin's ${bodies} bodies in ${Math.round(performance.now() - setup)} ms`,
  );
  // The sends' jobs (emails, letters, timestamps) done first: they would compete with the measure.
  const drained = await jobsDrained(runtime, 180_000);
  console.log(drained ? 'job queue drained' : 'job queue still busy after 180 s: measuring anyway');
  // As main.ts does before it says ready: one internal request through the hot path.
  const warmUpMs = await runtime.warmUp();
  httpServer.on('request', runtime.app);
  await new Promise((resolve) => httpServer.listen(port, '127.0.0.1', () => resolve(undefined)));
  onCleanup(() => new Promise((resolve) => httpServer.close(resolve)));
  const productUrl = `${baseUrl}/graphql`;

  // S4-like: the first GraphQL call after ready (the process has served none yet, only its warm-up), then warm sequential calls.
  let token = await accessToken(baseUrl, 'claire.martin');
  const first = await inbox(productUrl, token);
  const meetingCount = first.json.data.myMeetings.length;
  const convened = first.json.data.myMeetings.filter((meeting) => meeting.myConvocation).length;
  const sequential = [];
  for (let index = 0; index < 200; index++) sequential.push((await inbox(productUrl, token)).ms);
  const warm = summarize(sequential, 2);
  const statements = await statementsPerRequest(productUrl, token);
  console.log(`inbox: ${meetingCount} meetings (${convened} convened) in ${bodies} bodies; ${statements} SQL statements per request`);
  console.log(
    `warm-up before ready ${round(warmUpMs, 1)} ms; first call after ready ${round(first.ms, 1)} ms; warm sequential p50 ${warm.median} ms, p95 ${warm.p95} ms`,
  );

  const { url: baselineUrl, pid: baselinePid } = await startBaseline({
    DATABASE_URL: database.url,
    DATABASE_POOL_MAX: String(poolMax),
    JWKS_URL: `${baseUrl}/realms/cartable/protocol/openid-connect/certs`,
    LATEST_BODY_MIGRATION: latestMigration(runtime.bodyMigrations) ?? '',
  });
  // The same rows, the same JSON (apart from key order).
  deepStrictEqual((await inbox(baselineUrl, token)).json, (await inbox(productUrl, token)).json);

  console.log('warm-up: 3 s on each side');
  await load(productUrl, token, 3, process.pid);
  await load(baselineUrl, token, 3, baselinePid);
  const product = [];
  const baseline = [];
  for (let run = 1; run <= runs; run++) {
    // Tokens live 5 minutes: a fresh one per run. The side that goes first alternates.
    token = await accessToken(baseUrl, 'claire.martin');
    const order =
      run % 2
        ? [
            [productUrl, process.pid, product],
            [baselineUrl, baselinePid, baseline],
          ]
        : [
            [baselineUrl, baselinePid, baseline],
            [productUrl, process.pid, product],
          ];
    for (const [url, pid, results] of order) results.push(await load(url, token, duration, pid));
    const [ours, theirs] = [product.at(-1), baseline.at(-1)];
    const describe = (side) =>
      `${round(side.requestsPerSecond, 1)} req/s (p50 ${side.p50} ms, p99 ${side.p99} ms, server CPU ${round(side.cpuMsPerRequest, 1)} ms/request)`;
    console.log(
      `run ${run}: product ${describe(ours)} · baseline ${describe(theirs)} · ratio ${round(ours.requestsPerSecond / theirs.requestsPerSecond, 3)}`,
    );
  }
  const side = (results) => ({
    requestsPerSecond: summarize(
      results.map((result) => result.requestsPerSecond),
      1,
    ),
    serverCpuMsPerRequest: summarize(
      results.map((result) => result.cpuMsPerRequest),
      1,
    ),
    p50Ms: summarize(
      results.map((result) => result.p50),
      1,
    ),
    p99Ms: summarize(
      results.map((result) => result.p99),
      1,
    ),
    timeouts: results.reduce((total, result) => total + result.timeouts, 0),
  });
  const ratio = summarize(
    product.map((result, index) => result.requestsPerSecond / baseline[index].requestsPerSecond),
    3,
  );
  const p99Ratio = summarize(
    product.map((result, index) => result.p99 / baseline[index].p99),
    2,
  );
  const figures = {
    connections,
    durationSeconds: duration,
    runs,
    bodies,
    meetings: meetingCount,
    convened,
    sqlStatementsPerRequest: statements,
    warmUpMs: round(warmUpMs, 1),
    coldFirstCallMs: round(first.ms, 1),
    warmSequential: warm,
    product: side(product),
    baseline: side(baseline),
    ratio,
    p99Ratio,
    target: { ratio: targetRatio, p99Ratio: targetP99Ratio },
    p99WithinTarget: p99Ratio.median <= targetP99Ratio,
    machine: machineInfo(),
  };
  console.log(`req/s ratio (product / baseline): median ${ratio.median} (min ${ratio.min}, max ${ratio.max}); target ≥ ${targetRatio}`);
  console.log(`p99 ratio: median ${p99Ratio.median} (min ${p99Ratio.min}, max ${p99Ratio.max}); target ≤ ${targetP99Ratio}`);
  if (ratio.median < targetRatio)
    throw new Error(`req/s ratio ${ratio.median} below the target ${targetRatio}: ${JSON.stringify(figures)}`);
  return figures;
});
