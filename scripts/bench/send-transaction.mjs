#!/usr/bin/env node
// @ts-check
// Scenario S6 of docs/benchmarks.md: one send of a convocation to 500 officials, one transaction — the
// convocation and its manifest, 500 recipients, 1,100 deliveries (500 email, 500 push, 100 SMS), 501 ledger
// entries, 1,102 jobs (deliveries, the manifest's timestamp, the reminder) — through the real server code
// (`sendConvocation`, a fresh meeting each run), against its baseline in the same process on the same
// database: a bare SQL transaction writing the same number of rows into the same tables (in a scratch
// meeting of another body, so the measured body's ledger chain stays verifiable) with multi-row
// `INSERT … SELECT unnest(…)` and one `graphile_worker.add_jobs`. Runs alternate between the two.
// Reports medians with min–max, their ratio and the SQL round trips of a send; exits non-zero when the
// ratio exceeds --max-ratio (3), never on absolute numbers.
//
//   npm run build && node_modules/.bin/node scripts/bench/send-transaction.mjs [--count 500] [--runs 7] [--documents 3] [--sms 100] [--max-ratio 3]
//
// Own embedded PostgreSQL in a temp folder (durable: fsync on), or a new database on DATABASE_URL. No job
// worker runs: the jobs stay queued, only the transaction is measured.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createLogger } from '../../server/dist/common/logger.js';
import { loadConfig } from '../../server/dist/config/env.js';
import { createRuntime } from '../../server/dist/runtime.js';
import { loadDemoData } from '../../server/dist/demo/load-demo.js';
import { Body } from '../../server/dist/platform/bodies/body.entity.js';
import { Person } from '../../server/dist/platform/people/person.entity.js';
import { PushSubscription } from '../../server/dist/platform/alerts/push-subscription.entity.js';
import { Assembly } from '../../server/dist/body/assemblies/assembly.entity.js';
import { storeGeneratedDocument } from '../../server/dist/body/documents/document.service.js';
import { sendConvocation } from '../../server/dist/body/convocations/send/send-convocation.js';
import { Convocation, ConvocationRecipient, Delivery } from '../../server/dist/body/convocations/convocation.entity.js';
import { verifyLedger } from '../../server/dist/evidence/ledger.js';
import { traceStatements } from '../../server/dist/db/statement-trace.js';
import { createSamplePdf } from '../../server/dist/media/sample-pdf.js';
import { uuidv7 } from '../../server/dist/common/ids.js';
import { bodySchemaName } from '../../server/dist/tenancy/schema-name.js';
import {
  actingInBody,
  machineInfo,
  makeTempDir,
  onCleanup,
  parseBenchArgs,
  round,
  runBench,
  startBenchDatabase,
  summarize,
  measuredMeeting,
  seatBenchOfficials,
} from './lib.mjs';

const args = parseBenchArgs({ count: 500, timeoutSeconds: 900, extra: { runs: 7, documents: 3, sms: 100, 'max-ratio': 3 } });
const { runs, documents: documentCount, sms: smsCount, 'max-ratio': maxRatio } = args.extra;

/** What a statement is for, to group a send's round trips into phases. */
function phaseOf(sql) {
  const text = sql.toLowerCase();
  if (/^(begin|start transaction|commit|rollback|savepoint|release)/.test(text)) return 'transaction control';
  if (text.includes('inbox_entry')) return 'inbox index';
  if (text.includes('ledger_head')) return 'ledger head (locked)';
  if (/^with step|^insert|^update/.test(text)) return 'one write (every row)';
  if (/assembly_member|paper_convocation_request|push_subscription|"person"|\.person\b/.test(text)) return 'recipients and sender';
  return 'preconditions';
}

await runBench('send-transaction', args.timeoutSeconds, async () => {
  const database = await startBenchDatabase({ label: 'send-transaction', disposable: args.disposable });
  console.log(
    `send-transaction (S6) — ${args.count} recipients (${smsCount} with SMS, all with a push device), ${documentCount} documents, ${runs} runs, ${database.mode}`,
  );

  const dataDir = await makeTempDir('send-transaction-app');
  // An SMS provider configured, so that the send plans SMS deliveries as a deployment with SMS does (never
  // called: no job worker runs; push is on with the data folder's VAPID keys, email on the demo outbox).
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    CARTABLE_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    JOBS_CONCURRENCY: '0',
    SMS_PROVIDER: 'brevo',
    SMS_API_KEY: 'xkeysib-bench',
    SMS_SENDER: 'Besancon',
    SMS_API_URL: 'http://127.0.0.1:9/v3',
  });
  const runtime = await createRuntime(config, createLogger('warn'), database.url);
  onCleanup(() => runtime.stop(), 20_000);
  await loadDemoData(runtime.orm.em.fork(), runtime.bodyMigrations);

  // The measured body: an assembly of `count` officials, every one with a push device, `sms` of them with SMS alerts.
  const platformEm = runtime.orm.em.fork();
  const body = await platformEm.findOneOrFail(Body, { slug: 'ville-besancon' });
  const scratch = await platformEm.findOneOrFail(Body, { slug: { $ne: 'ville-besancon' } }, { orderBy: { slug: 'asc' } });
  const bodyEm = runtime.orm.em.fork({ schema: bodySchemaName(body.id) });
  const scratchEm = runtime.orm.em.fork({ schema: bodySchemaName(scratch.id) });
  const assembly = bodyEm.create(Assembly, { id: uuidv7(), kind: 'CONSEIL_MUNICIPAL', name: `Assemblée de ${args.count} membres` });
  const scratchAssembly = scratchEm.create(Assembly, { id: uuidv7(), kind: 'CONSEIL_MUNICIPAL', name: 'Assemblée de référence' });
  await seatBenchOfficials(platformEm, bodyEm, body, assembly, args.count, (index) => ({
    mobilePhone: index <= smsCount ? `+3361${String(index).padStart(7, '0')}` : null,
    smsAlerts: index <= smsCount,
  }));
  await platformEm.flush();
  const people = await platformEm.find(Person, { email: { $like: '%@bench.cartable.fr' } });
  for (const person of people) {
    platformEm.create(PushSubscription, {
      id: uuidv7(),
      personId: person.id,
      endpoint: `https://push.bench.invalid/${person.id}`,
      p256dh: 'B'.repeat(87),
      auth: 'A'.repeat(22),
      userAgent: null,
    });
  }
  await platformEm.flush();
  await bodyEm.flush();
  await scratchEm.flush();
  const secretariat = await platformEm.findOneOrFail(Person, { email: 'secretariat.ville@demo.cartable.fr' });
  // The secretariat's contexts in the measured body and in the scratch body (the system acting in its name).
  const desk = await actingInBody(runtime, body.id, secretariat.id, ['SECRETARIAT']);
  const scratchDesk = await actingInBody(runtime, scratch.id, secretariat.id, ['SECRETARIAT']);
  const pdf = await createSamplePdf({ title: 'Rapport', pages: 2, bodyName: body.name });

  /**
   * A fresh meeting with one deliberation and `documents` PDFs (the first, the note de synthèse).
   * @param {import('../../server/dist/tenancy/body-context.js').PersonContext} ctx
   * @param {string} assemblyId
   * @param {boolean} withDocuments
   */
  const freshMeeting = async (ctx, assemblyId, withDocuments) => {
    const fresh = () => ctx.withEm(ctx.em.fork());
    const { meeting, item } = await measuredMeeting(ctx, assemblyId);
    for (let index = 1; withDocuments && index <= documentCount; index++) {
      await storeGeneratedDocument(fresh(), {
        meetingId: meeting.id,
        agendaItemId: index === 1 ? null : item.id,
        kind: index === 1 ? 'NOTE_SYNTHESE' : 'ANNEXE',
        title: `Rapport n° ${index}`,
        fileName: `rapport-${index}.pdf`,
        bytes: pdf,
      });
    }
    return meeting;
  };

  const baselineClient = new pg.Client({ connectionString: database.url });
  await baselineClient.connect();
  onCleanup(() => baselineClient.end());
  const scratchSchema = bodySchemaName(scratch.id);
  const hex = () => randomBytes(32).toString('hex');

  /** The same rows as `sent` (its manifest, recipients, deliveries, ledger entries and jobs), written bare into a scratch meeting. */
  const baseline = async (sent) => {
    const meeting = await freshMeeting(scratchDesk, scratchAssembly.id, false);
    const now = new Date();
    const convocationId = uuidv7();
    const recipients = sent.recipients.map((recipient) => ({ ...recipient, id: uuidv7() }));
    const recipientIds = new Map(sent.recipients.map((recipient, index) => [recipient.id, recipients[index].id]));
    const deliveries = sent.deliveries.map((delivery) => ({
      ...delivery,
      id: uuidv7(),
      recipientId: recipientIds.get(delivery.recipientId),
      sendKey: `${convocationId}:${delivery.sendKey}`,
    }));
    const {
      rows: [last],
    } = await baselineClient.query(`select coalesce(max(sequence), 0)::int as sequence from ${scratchSchema}.ledger_entry`);
    const jobs = [
      ...deliveries.map((delivery) => ({
        identifier: 'convocation.deliver',
        payload: { bodyId: scratch.id, deliveryId: delivery.id },
        job_key: `delivery:${delivery.id}`,
      })),
      {
        identifier: 'evidence.anchor-manifest',
        payload: { bodyId: scratch.id, convocationId },
        job_key: `anchor-manifest:${convocationId}`,
        priority: -10,
      },
      {
        identifier: 'convocation.remind',
        payload: { bodyId: scratch.id, meetingId: meeting.id },
        job_key: `remind:${meeting.id}`,
        run_at: new Date(Date.now() + 86_400_000).toISOString(),
      },
    ];
    const ledgerPayloads = [
      { convocationId, manifestSha256: sent.manifestSha256 },
      ...recipients.map((recipient) => ({ convocationId, personId: recipient.personId, mode: 'ELECTRONIC' })),
    ];
    const started = performance.now();
    await baselineClient.query('begin');
    await baselineClient.query(
      `insert into ${scratchSchema}.convocation (id, meeting_id, sequence, kind, sent_at, sent_by, latest_send_at, clear_days, article, rules_valid_from, on_time, urgent, manifest, manifest_sha256, created_at, updated_at)
       values ($1, $2, 1, 'INITIAL', $3, $4, $3, 5, 'L2121-12', '2026-01-01', true, false, $5, $6, $3, $3)`,
      [convocationId, meeting.id, now, secretariat.id, JSON.stringify(sent.manifest), sent.manifestSha256],
    );
    await baselineClient.query(
      `insert into ${scratchSchema}.convocation_recipient (id, convocation_id, meeting_id, person_id, display_name, email, channel, postal_address, voting_right, created_at, updated_at)
       select id, $1, $2, person_id, display_name, email, channel, postal_address, voting_right, $3, $3
       from unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::boolean[]) as r(id, person_id, display_name, email, channel, postal_address, voting_right)`,
      [
        convocationId,
        meeting.id,
        now,
        ...['id', 'personId', 'displayName', 'email', 'channel', 'postalAddress', 'votingRight'].map((field) =>
          recipients.map((recipient) => recipient[field]),
        ),
      ],
    );
    await baselineClient.query(
      `insert into ${scratchSchema}.delivery (id, recipient_id, channel, purpose, send_key, address, status, attempts, created_at, updated_at)
       select id, recipient_id, channel, 'CONVOCATION', send_key, address, 'PENDING', 0, $1, $1
       from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[]) as d(id, recipient_id, channel, send_key, address)`,
      [now, ...['id', 'recipientId', 'channel', 'sendKey', 'address'].map((field) => deliveries.map((delivery) => delivery[field]))],
    );
    await baselineClient.query(
      `insert into ${scratchSchema}.ledger_entry (sequence, recorded_at, kind, subject_id, payload, previous_hash, hash)
       select $1::bigint + ordinality, $2, kind, $3, payload, previous_hash, hash
       from unnest($4::text[], $5::jsonb[], $6::text[], $7::text[]) with ordinality as l(kind, payload, previous_hash, hash)`,
      [
        last.sequence,
        now,
        meeting.id,
        ledgerPayloads.map((_, index) => (index === 0 ? 'CONVOCATION_SENT' : 'RECIPIENT_CONVENED')),
        ledgerPayloads.map((payload) => JSON.stringify(payload)),
        ledgerPayloads.map(hex),
        ledgerPayloads.map(hex),
      ],
    );
    await baselineClient.query(
      `select count(*) from graphile_worker.add_jobs(array(select json_populate_recordset(null::graphile_worker.job_spec, $1::json)), false)`,
      [JSON.stringify(jobs)],
    );
    await baselineClient.query(`update ${scratchSchema}.meeting set status = 'CONVENED', updated_at = $2 where id = $1`, [meeting.id, now]);
    await baselineClient.query('commit');
    return {
      ms: performance.now() - started,
      rows: { recipients: recipients.length, deliveries: deliveries.length, ledgerEntries: ledgerPayloads.length, jobs: jobs.length },
    };
  };

  const sendTimes = [];
  const baselineTimes = [];
  const roundTrips = [];
  let lastTrace = null;
  let lastRows = null;
  let baselineRows = null;
  for (let run = 1; run <= runs; run++) {
    const meeting = await freshMeeting(desk, assembly.id, true);
    const started = performance.now();
    const { result: convocation, statements } = await traceStatements(() =>
      sendConvocation(desk.withEm(bodyEm.fork()), { meetingId: meeting.id }),
    );
    const ms = performance.now() - started;
    sendTimes.push(ms);
    roundTrips.push(statements.length);
    lastTrace = { started, statements, ms };
    const em = bodyEm.fork();
    const recipients = await em.find(ConvocationRecipient, { convocationId: convocation.id });
    const deliveries = await em.find(Delivery, { recipientId: { $in: recipients.map((recipient) => recipient.id) } });
    const {
      rows: [{ count: jobCount }],
    } = await baselineClient.query(
      `select count(*)::int as count from graphile_worker._private_jobs where payload->>'convocationId' = $1 or payload->>'meetingId' = $2 or payload->>'deliveryId' = any($3)`,
      [convocation.id, meeting.id, deliveries.map((delivery) => delivery.id)],
    );
    lastRows = { recipients: recipients.length, deliveries: deliveries.length, ledgerEntries: recipients.length + 1, jobs: jobCount };
    const sent = {
      manifest: (await em.findOneOrFail(Convocation, { id: convocation.id })).manifest,
      manifestSha256: convocation.manifestSha256,
      recipients,
      deliveries,
    };
    const reference = await baseline(sent);
    baselineTimes.push(reference.ms);
    baselineRows = reference.rows;
    console.log(`run ${run}: send ${round(ms, 1)} ms (${statements.length} statements), baseline ${round(reference.ms, 1)} ms`);
  }
  if (JSON.stringify(lastRows) !== JSON.stringify(baselineRows))
    throw new Error(`the baseline wrote other counts than the send: ${JSON.stringify({ send: lastRows, baseline: baselineRows })}`);
  const verification = await verifyLedger(bodyEm.fork(), body.id);
  if (!verification.ok) throw new Error(`the ledger of the measured body does not verify: ${JSON.stringify(verification)}`);

  if (!lastTrace) throw new Error('no send was measured');
  // Where the time of the last send went: each statement's phase, SQL time, and the gaps between statements (JS).
  const phases = new Map();
  let cursor = lastTrace.started;
  for (const statement of lastTrace.statements) {
    const phase = phaseOf(statement.sql.trim());
    const entry = phases.get(phase) ?? { statements: 0, sqlMs: 0, jsBeforeMs: 0 };
    entry.statements += 1;
    entry.sqlMs += statement.ms;
    entry.jsBeforeMs += Math.max(0, statement.startedAt - cursor);
    cursor = Math.max(cursor, statement.startedAt + statement.ms);
    phases.set(phase, entry);
  }
  console.log(
    `\nlast send, ${lastTrace.statements.length} statements in ${round(lastTrace.ms, 1)} ms; by phase (JS = time before its statements, after the previous reply):`,
  );
  for (const [phase, entry] of phases)
    console.log(
      `  ${phase.padEnd(24)} ${String(entry.statements).padStart(3)} statements  SQL ${round(entry.sqlMs, 1)} ms  JS ${round(entry.jsBeforeMs, 1)} ms`,
    );
  console.log(`  after the last reply      JS ${round(lastTrace.started + lastTrace.ms - cursor, 1)} ms`);
  for (const statement of lastTrace.statements)
    console.log(
      `    +${round(statement.startedAt - lastTrace.started, 1)} ms  ${round(statement.ms, 2)} ms  ${statement.sql.replace(/\s+/g, ' ').slice(0, 110)}`,
    );

  const send = summarize(sendTimes);
  const reference = summarize(baselineTimes);
  const ratio = round(send.median / reference.median, 2);
  console.log(`\nrows per send: ${JSON.stringify(lastRows)}`);
  console.log(
    `send (sendConvocation, until COMMIT): median ${send.median} ms (${send.min}–${send.max}), ${roundTrips.at(-1)} SQL round trips`,
  );
  console.log(`baseline (bare SQL, unnest + one add_jobs): median ${reference.median} ms (${reference.min}–${reference.max})`);
  console.log(`ratio ${ratio} (limit ${maxRatio}); ledger verified: ${verification.entries} entries`);
  const figures = {
    recipients: args.count,
    rows: lastRows,
    runs,
    sendMs: send,
    baselineMs: reference,
    ratio,
    maxRatio,
    roundTrips: Math.max(...roundTrips),
    phases: Object.fromEntries(
      [...phases].map(([phase, entry]) => [
        phase,
        { statements: entry.statements, sqlMs: round(entry.sqlMs, 1), jsMs: round(entry.jsBeforeMs, 1) },
      ]),
    ),
    machine: machineInfo(),
  };
  if (ratio > maxRatio) {
    console.log(`figures: ${JSON.stringify(figures)}`);
    throw new Error(`the send takes ${ratio}× its baseline (limit ${maxRatio}×)`);
  }
  return figures;
});
