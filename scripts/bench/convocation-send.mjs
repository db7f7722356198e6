#!/usr/bin/env node
// @ts-check
// Sending one convocation to 200 officials with 50 documents, through the real server code: the time
// of the send transaction (preconditions, manifest with 50 SHA-256, 200 recipients and deliveries, ledger
// entries, jobs — until COMMIT), then the time until every email reached a real SMTP server on loopback,
// until every delivery is recorded as accepted, and until the manifest carries its RFC 3161 token.
//
//   npm run build && node_modules/.bin/node scripts/bench/convocation-send.mjs [--count 200] [--documents 50] [--concurrency 8] [--timeout 900]
//
// Own embedded PostgreSQL in a temp folder (durable: fsync on), or a new database on DATABASE_URL.
import 'reflect-metadata';
import { SMTPServer } from 'smtp-server';
import { createLogger } from '../../server/dist/common/logger.js';
import { loadConfig } from '../../server/dist/config/env.js';
import { createRuntime } from '../../server/dist/runtime.js';
import { loadDemoData } from '../../server/dist/demo/load-demo.js';
import { Body } from '../../server/dist/platform/bodies/body.entity.js';
import { Person } from '../../server/dist/platform/people/person.entity.js';
import { Assembly } from '../../server/dist/body/assemblies/assembly.entity.js';
import { storeGeneratedDocument } from '../../server/dist/body/documents/document.service.js';
import { sendConvocation } from '../../server/dist/body/convocations/send/send-convocation.js';
import { Convocation, Delivery } from '../../server/dist/body/convocations/convocation.entity.js';
import { TimestampAnchor } from '../../server/dist/evidence/timestamp-anchor.entity.js';
import { createSamplePdf } from '../../server/dist/media/sample-pdf.js';
import { uuidv7 } from '../../server/dist/common/ids.js';
import { bodySchemaName } from '../../server/dist/tenancy/schema-name.js';
import {
  actingInBody,
  freePort,
  machineInfo,
  makeTempDir,
  onCleanup,
  parseBenchArgs,
  round,
  runBench,
  startBenchDatabase,
  measuredMeeting,
  seatBenchOfficials,
} from './lib.mjs';

const args = parseBenchArgs({ count: 200, timeoutSeconds: 900, extra: { documents: 50, concurrency: 8 } });
const { documents: documentCount, concurrency } = args.extra;

const waitFor = async (probe, what, timeoutMs = 600_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return performance.now();
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

await runBench('convocation-send', args.timeoutSeconds, async () => {
  const database = await startBenchDatabase({ label: 'convocation', disposable: args.disposable });
  console.log(
    `convocation-send benchmark — ${args.count} recipients, ${documentCount} documents, ${concurrency} workers, ${database.mode}`,
  );

  const arrivals = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        arrivals.push(performance.now());
        callback();
      });
    },
  });
  const smtpPort = await freePort();
  await new Promise((resolve) => smtp.listen(smtpPort, '127.0.0.1', () => resolve(undefined)));
  onCleanup(() => new Promise((resolve) => smtp.close(() => resolve(undefined))));

  const dataDir = await makeTempDir('convocation-app');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    CARTABLE_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: 'Ville de Besançon <convocations@demo.cartable.fr>',
    JOBS_CONCURRENCY: String(concurrency),
    EVIDENCE_ANCHOR_BATCH_SECONDS: '5',
  });
  const logger = createLogger('warn');
  const runtime = await createRuntime(config, logger, database.url);
  onCleanup(() => runtime.stop(), 20_000);
  await loadDemoData(runtime.orm.em.fork(), runtime.bodyMigrations);

  // An assembly of `count` officials, each a person with a membership, as the product stores them.
  const platformEm = runtime.orm.em.fork();
  const body = await platformEm.findOneOrFail(Body, { slug: 'ville-besancon' });
  const bodyEm = runtime.orm.em.fork({ schema: bodySchemaName(body.id) });
  const assembly = bodyEm.create(Assembly, { id: uuidv7(), kind: 'CONSEIL_MUNICIPAL', name: `Assemblée de ${args.count} membres` });
  await bodyEm.flush();
  await seatBenchOfficials(platformEm, bodyEm, body, assembly, args.count);
  await platformEm.flush();
  await bodyEm.flush();
  const secretariat = await platformEm.findOneOrFail(Person, { email: 'secretariat.ville@demo.cartable.fr' });
  const desk = await actingInBody(runtime, body.id, secretariat.id, ['SECRETARIAT']);
  const fresh = () => desk.withEm(bodyEm.fork());

  const { meeting, item } = await measuredMeeting(desk.withEm(bodyEm.fork()), assembly.id);
  const setup = performance.now();
  for (let index = 1; index <= documentCount; index++) {
    const bytes = await createSamplePdf({ title: `Rapport n° ${index}`, pages: 4, bodyName: body.name });
    await storeGeneratedDocument(fresh(), {
      meetingId: meeting.id,
      agendaItemId: index === 1 ? item.id : null,
      kind: index === 1 ? 'NOTE_SYNTHESE' : 'ANNEXE',
      title: `Rapport n° ${index}`,
      fileName: `rapport-${index}.pdf`,
      bytes,
    });
  }
  console.log(
    `setup: ${args.count} officials, ${documentCount} documents stored and verified in ${Math.round(performance.now() - setup)} ms`,
  );

  const started = performance.now();
  const convocation = await sendConvocation(fresh(), { meetingId: meeting.id });
  const committed = performance.now();
  const expected = args.count;
  // Watched side by side, so that each figure is its own moment.
  const [allArrived, allRecorded, anchored] = await Promise.all([
    waitFor(() => arrivals.length >= expected, 'every email at the SMTP server'),
    waitFor(async () => (await bodyEm.fork().count(Delivery, { status: 'ACCEPTED' })) >= expected, 'every delivery recorded'),
    waitFor(
      async () => (await bodyEm.fork().count(TimestampAnchor, { convocationId: convocation.id, kind: 'MANIFEST' })) === 1,
      'the manifest token',
    ),
  ]);
  const manifest = (await bodyEm.fork().findOneOrFail(Convocation, { id: convocation.id })).manifest;

  const figures = {
    recipients: manifest.recipients.length,
    documents: manifest.documents.length,
    workers: concurrency,
    sendTransactionMs: round(committed - started, 0),
    firstEmailMs: round(Math.min(...arrivals) - started, 0),
    allEmailsAtSmtpMs: round(allArrived - started, 0),
    allDeliveriesRecordedMs: round(allRecorded - started, 0),
    manifestTimestampedMs: round(anchored - started, 0),
    emailsPerSecond: round(expected / ((allArrived - committed) / 1000), 0),
    machine: machineInfo(),
  };
  console.log(`send transaction (commit): ${figures.sendTransactionMs} ms`);
  console.log(
    `first email at the SMTP server: ${figures.firstEmailMs} ms; all ${expected}: ${figures.allEmailsAtSmtpMs} ms (${figures.emailsPerSecond}/s after commit)`,
  );
  console.log(
    `all deliveries recorded (ledger): ${figures.allDeliveriesRecordedMs} ms; manifest timestamped: ${figures.manifestTimestampedMs} ms`,
  );
  return figures;
});
