#!/usr/bin/env node
// docs/features/seance.md, Benchmark: `--officials` officials (150) vote on one item at once from their
// tablets, through the real stack (HTTP + token + Viewer + Apollo + type-graphql + the séance's ballot
// path: quorum lost?, presence, pouvoirs, interests, double vote, the event log with the live count; the
// ledger chains the ballots with the result at the close) while the président follows the live channel
// (server-sent events). Measured: votes/s, and per ballot the time from the click (the request sent) to
// the président's tablet receiving it. No Viewer is cached when a run starts. Baseline in the same run,
// same database, same pool size: each ballot a bare `insert` + `pg_notify` in one transaction, received
// by a LISTEN client. The tablets (clicks, the président's live channel, the floor and the baseline's
// client) run in a process of their own (seance-tablets.mjs), as tablets are other machines: this process
// is the server alone. Each run reports the CPU it cost the server, the tablets and PostgreSQL.
//
//   npm run build && node_modules/.bin/node scripts/bench/seance-votes.mjs [--officials 150] [--runs 3] [--timeout 900]
//
// With SEANCE_BENCH_PROFILE=<folder>: the server during the measured product and floor runs (not the
// set-up, the warm-up or the baseline) is CPU-profiled into <folder>/{product,floor}-runs.cpuprofile (the
// last run of each),
// and the SQL statements of the ORM's pool during them are counted and grouped per request.
//
// Prints the figures and a final JSON line; exits non-zero when a ballot is lost or refused.
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { createLogger } from '../../server/dist/common/logger.js';
import { loadConfig } from '../../server/dist/config/env.js';
import { createRuntime } from '../../server/dist/runtime.js';
import { loadDemoData } from '../../server/dist/demo/load-demo.js';
import { loadOrCreateSigningKey } from '../../server/dist/auth/embedded-provider/signing-key.js';
import { Body } from '../../server/dist/platform/bodies/body.entity.js';
import { Person } from '../../server/dist/platform/people/person.entity.js';
import { Membership } from '../../server/dist/platform/people/membership.entity.js';
import { Assembly } from '../../server/dist/body/assemblies/assembly.entity.js';
import { AssemblyMember } from '../../server/dist/body/assemblies/assembly-member.entity.js';
import { createMeeting } from '../../server/dist/body/meetings/meeting.service.js';
import { addAgendaItem } from '../../server/dist/body/agenda/agenda.service.js';
import { storeGeneratedDocument } from '../../server/dist/body/documents/document.service.js';
import { sendConvocation } from '../../server/dist/body/convocations/send/send-convocation.js';
import { openSeance } from '../../server/dist/body/seance/seance.service.js';
import { createSamplePdf } from '../../server/dist/media/sample-pdf.js';
import { uuidv7 } from '../../server/dist/common/ids.js';
import { countStatements } from '../../server/dist/db/statement-trace.js';
import { viewerDataChanged } from '../../server/dist/auth/viewer-cache.js';
import { bodySchemaName } from '../../server/dist/tenancy/schema-name.js';
import { onBehalfOf, systemContext } from '../../server/dist/tenancy/system-scope.js';
import { fixedClock } from '../../server/dist/legal/clock.js';
import {
  freePort,
  machineInfo,
  makeTempDir,
  onCleanup,
  parseBenchArgs,
  postmasterPid,
  processTreeCpuMs,
  round,
  runBench,
  startBenchDatabase,
  summarize,
} from './lib.mjs';

const args = parseBenchArgs({ timeoutSeconds: 900, extra: { officials: 150, runs: 3 } });
const { officials: officialCount, runs } = args.extra;
const poolMax = 10;
const targetP99Ratio = 3;

await runBench('seance-votes', args.timeoutSeconds, async () => {
  const database = await startBenchDatabase({ label: 'seance', disposable: args.disposable });
  console.log(`séance votes benchmark — ${officialCount} officials voting at once, ${runs} runs, ${database.mode}`);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = await makeTempDir('seance-app');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PUBLIC_URL: baseUrl,
    CARTABLE_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    DATABASE_POOL_MAX: String(poolMax),
    JOBS_CONCURRENCY: '0',
  });
  const httpServer = createServer();
  const runtime = await createRuntime(config, createLogger('warn'), database.url, httpServer);
  onCleanup(() => runtime.stop(), 20_000);
  await loadDemoData(runtime.orm.em.fork(), runtime.bodyMigrations);

  // The council of the Ville grows to `officials` more voting members, each with an account.
  const setup = performance.now();
  const platformEm = runtime.orm.em.fork();
  const body = await platformEm.findOneOrFail(Body, { slug: 'ville-besancon' });
  const bodyEm = runtime.orm.em.fork({ schema: bodySchemaName(body.id) });
  const council = (await bodyEm.find(Assembly, {})).find((assembly) => assembly.kind === 'CONSEIL_MUNICIPAL');
  if (!council) throw new Error('the demo Ville has no conseil municipal');
  const officials = [];
  for (let index = 0; index < officialCount; index++) {
    const person = platformEm.create(Person, {
      id: uuidv7(),
      email: `elu.${index}@bench.cartable.fr`,
      emailVerified: true,
      displayName: `Élu ${index}`,
      subject: null,
      platformRoles: [],
    });
    platformEm.create(Membership, { id: uuidv7(), person, body, roles: ['OFFICIAL'], mandateStart: null, mandateEnd: null });
    bodyEm.create(AssemblyMember, {
      id: uuidv7(),
      assembly: council,
      personId: person.id,
      role: 'MEMBRE',
      votingRight: true,
      mandateStart: null,
      mandateEnd: null,
    });
    officials.push(person);
  }
  await platformEm.flush();
  await bodyEm.flush();
  const secretariat = await platformEm.findOneOrFail(Person, { email: 'secretariat.ville@demo.cartable.fr' });
  const president = await platformEm.findOneOrFail(Person, { email: 'anne.vignot@demo.cartable.fr' });

  // A meeting today, convened three weeks ago, its séance open with everyone present and tablets on.
  const startsAt = new Date(Date.now() + 3_600_000);
  const system = () => systemContext(runtime.environment, { body, em: bodyEm.fork(), platformEm: runtime.orm.em.fork() }, 'bench');
  const asSecretariat = () => onBehalfOf(system(), secretariat.id, ['SECRETARIAT']);
  const meeting = await createMeeting(asSecretariat(), {
    assemblyId: council.id,
    title: 'Séance de mesure',
    startsAt,
    place: 'Salle du conseil',
    urgent: false,
  });
  const itemIds = [];
  for (let index = 0; index <= runs; index++) {
    itemIds.push(
      (
        await addAgendaItem(asSecretariat(), meeting.id, {
          title: `Délibération ${index}`,
          kind: 'DELIBERATION',
          rapporteur: null,
          icpe: false,
          closedSession: false,
        })
      ).id,
    );
  }
  await storeGeneratedDocument(asSecretariat(), {
    meetingId: meeting.id,
    agendaItemId: null,
    kind: 'NOTE_SYNTHESE',
    title: 'Note explicative de synthèse',
    fileName: 'note.pdf',
    bytes: await createSamplePdf({ title: 'Note', pages: 1, bodyName: body.name }),
  });
  const sentAt = new Date(startsAt.getTime() - 21 * 86_400_000);
  await sendConvocation(asSecretariat().withClock(fixedClock(sentAt)), { meetingId: meeting.id });
  const members = await bodyEm
    .fork()
    .getConnection()
    .execute(`select person_id from ${bodySchemaName(body.id)}.convocation_recipient where meeting_id = ?`, [meeting.id]);
  await openSeance(asSecretariat(), {
    meetingId: meeting.id,
    presentIds: members.map((row) => row.person_id),
    secretaryIds: [],
    electronicVoting: true,
  });

  httpServer.on('request', runtime.app);
  await new Promise((resolve) => httpServer.listen(port, '127.0.0.1', () => resolve(undefined)));
  onCleanup(
    () =>
      new Promise((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve(undefined));
      }),
  );

  // Tokens as the identity provider signs them; each account is bound at its first request (by the tablets).
  const key = await loadOrCreateSigningKey(dataDir);
  const tokenFor = (email) =>
    new SignJWT({
      iss: `${baseUrl}/realms/cartable`,
      aud: ['cartable-api'],
      azp: 'cartable-cli',
      typ: 'Bearer',
      sub: randomUUID(),
      email,
      email_verified: true,
    })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(key.privateKey);

  // The tablets, in a process of their own (seance-tablets.mjs): clicks, the président's live channel, the
  // floor and the baseline, all timed there.
  const tablets = fork(fileURLToPath(new URL('./seance-tablets.mjs', import.meta.url)), { stdio: 'inherit' });
  onCleanup(() => tablets.kill());
  const reply = () =>
    new Promise((resolve, reject) => {
      const onExit = (code) => reject(new Error(`the tablets' process exited (${code})`));
      tablets.once('exit', onExit);
      tablets.once('message', (/** @type {{ type: string, message?: string, result?: unknown }} */ message) => {
        tablets.off('exit', onExit);
        if (message.type === 'failed') reject(new Error(`tablets: ${message.message}`));
        else resolve(message.result);
      });
    });
  const ask = (message) => {
    const replied = reply();
    tablets.send(message);
    return replied;
  };
  await ask({
    type: 'init',
    init: {
      baseUrl,
      databaseUrl: database.url,
      poolMax,
      bodyId: body.id,
      meetingId: meeting.id,
      officials: await Promise.all(officials.map(async (official) => ({ id: official.id, token: await tokenFor(official.email) }))),
      secretariatToken: await tokenFor(secretariat.email),
      presidentToken: await tokenFor(president.email),
    },
  });
  console.log(
    `setup: ${officialCount} officials seated, convened and present, accounts bound, in ${Math.round(performance.now() - setup)} ms`,
  );
  const productRun = (itemId) => ask({ type: 'run', side: 'product', itemId });
  const baselineRun = () => ask({ type: 'run', side: 'baseline' });
  const floorRun = () => ask({ type: 'run', side: 'floor' });

  /** SEANCE_BENCH_PROFILE: a CPU profile and the ORM pool's statements of each measured run of a side. */
  const profileDir = process.env.SEANCE_BENCH_PROFILE;
  const profiler = profileDir ? new Session() : null;
  profiler?.connect();
  await profiler?.post('Profiler.enable');
  onCleanup(() => profiler?.disconnect());
  /** @type {Record<'product' | 'floor', { profile: unknown, statements: string[] }[]>} */
  const profiled = { product: [], floor: [] };
  const profiledRun = async (side, run) => {
    // No Viewer cached when a run starts (as after a debate longer than the cache's few seconds): each
    // request of the run reads its caller's Viewer, whatever the pace of the runs before.
    viewerDataChanged();
    if (!profiler) return run();
    const counter = countStatements();
    await profiler.post('Profiler.start');
    try {
      return await run();
    } finally {
      const { profile } = await profiler.post('Profiler.stop');
      counter.stop();
      profiled[side].push({ profile, statements: counter.statements });
    }
  };

  /** A run with the CPU it cost: this process (the server), the tablets' and PostgreSQL's processes. */
  const clusterPid = database.dataDir ? await postmasterPid(path.join(database.dataDir, 'postgres')) : null;
  const withCpu = async (run) => {
    const [nodeBefore, pgBefore] = [process.cpuUsage(), clusterPid && (await processTreeCpuMs(clusterPid))];
    const result = await run();
    const node = process.cpuUsage(nodeBefore);
    const pgAfter = clusterPid && (await processTreeCpuMs(clusterPid));
    return {
      ...result,
      serverCpuMs: (node.user + node.system) / 1000,
      postgresCpuMs: pgBefore === null || pgAfter === null ? null : pgAfter - pgBefore,
    };
  };

  console.log('warm-up: one vote on each side');
  await productRun(itemIds[0]);
  await baselineRun();
  const product = [];
  const baseline = [];
  const floor = [];
  for (let run = 1; run <= runs; run++) {
    product.push(await withCpu(() => profiledRun('product', () => productRun(itemIds[run]))));
    baseline.push(await withCpu(baselineRun));
    floor.push(await withCpu(() => profiledRun('floor', floorRun)));
    const describe = (side) =>
      `${round(side.votesPerSecond, 1)}/s, p50 ${round(side.p50, 1)} ms, p99 ${round(side.p99, 1)} ms (CPU: server ${Math.round(side.serverCpuMs)} ms, tablets ${Math.round(side.clientCpuMs)} ms, PostgreSQL ${side.postgresCpuMs ?? '?'} ms)`;
    console.log(
      `run ${run}: product (click → président) ${describe(product.at(-1))} · baseline (insert + NOTIFY) ${describe(baseline.at(-1))} · API floor ({ me }) ${describe(floor.at(-1))}`,
    );
  }
  for (const [side, runsOfSide] of Object.entries(profiled).filter(() => profiler)) {
    // The last run's profile, and the statements per request of all runs grouped by their first words.
    const file = path.join(String(profileDir), `${side}-runs.cpuprofile`);
    await writeFile(file, JSON.stringify(runsOfSide.at(-1)?.profile));
    const groups = new Map();
    for (const sql of runsOfSide.flatMap((run) => run.statements)) {
      const key = sql.trim().replace(/\s+/g, ' ').slice(0, 70);
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    const requests = officialCount * runsOfSide.length;
    console.log(
      `${side}: profile ${file}; statements of the ORM's pool per request: ${round(runsOfSide.reduce((sum, run) => sum + run.statements.length, 0) / requests, 2)}`,
    );
    for (const [key, count] of [...groups].sort((left, right) => right[1] - left[1]))
      console.log(`  ${round(count / requests, 2)} × ${key}`);
  }
  const side = (results) => ({
    votesPerSecond: summarize(
      results.map((result) => result.votesPerSecond),
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
    serverCpuMs: summarize(
      results.map((result) => result.serverCpuMs),
      0,
    ),
    clientCpuMs: summarize(
      results.map((result) => result.clientCpuMs),
      0,
    ),
    postgresCpuMs: results.every((result) => result.postgresCpuMs !== null)
      ? summarize(
          results.map((result) => result.postgresCpuMs),
          0,
        )
      : null,
  });
  const p99Ratio = summarize(
    product.map((result, index) => result.p99 / baseline[index].p99),
    2,
  );
  const rateRatio = summarize(
    product.map((result, index) => baseline[index].votesPerSecond / result.votesPerSecond),
    2,
  );
  console.log(
    `p99 ratio (product / baseline): median ${p99Ratio.median}; votes/s ratio (baseline / product): median ${rateRatio.median}; target ≤ ${targetP99Ratio}`,
  );
  return {
    officials: officialCount,
    runs,
    poolMax,
    product: side(product),
    baseline: side(baseline),
    apiFloor: side(floor),
    p99RatioToApiFloor: summarize(
      product.map((result, index) => result.p99 / floor[index].p99),
      2,
    ),
    p99Ratio,
    rateRatio,
    target: { ratio: targetP99Ratio },
    withinTarget: p99Ratio.median <= targetP99Ratio,
    machine: machineInfo(),
  };
});
