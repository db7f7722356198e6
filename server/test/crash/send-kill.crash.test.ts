import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createSamplePdf } from '../../src/media/sample-pdf.js';
import { createMeeting, sendMutation } from '../convocations/fixtures.js';
import type { GraphqlResult } from '../helpers/harness.js';
import {
  killLeftoverPostgres,
  killProcessGroup,
  startServerProcess,
  stopServer,
  waitUntilReady,
  type ServerProcess,
} from '../helpers/server-process.js';
import { quietPort } from '../helpers/ports.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

/**
 * Settings of the run (environment of `npm run test:crash`): CRASH_KILLS kills (default 10), each at a
 * random moment within CRASH_MAX_DELAY_MS (default 1500) of firing CRASH_SENDS convocations at once
 * (default 3, 9 officials each). The server beats every 300 ms and counts a runner dead after 1.5 s of
 * silence (JOBS_HEARTBEAT_MS, JOBS_DEAD_AFTER_MS; CRASH_HEARTBEAT_MS and CRASH_DEAD_AFTER_MS change them,
 * e.g. to the production defaults), so a run stays within a few minutes; the relay takes 40 ms to say
 * 250, so some messages are in flight at each kill.
 */
const kills = Number(process.env.CRASH_KILLS ?? 10);
const maxDelayMs = Number(process.env.CRASH_MAX_DELAY_MS ?? 1_500);
const sendsPerRound = Number(process.env.CRASH_SENDS ?? 3);
const concurrency = 4;
const slug = 'ville-besancon';
const verifyLedgerCommand = fileURLToPath(new URL('../../dist/evidence/verify-ledger-command.js', import.meta.url));

interface DeliveryRow {
  id: string;
  channel: string;
  status: string;
  interruptedSends: number;
}

/** The API of a server process, over HTTP, as the secretariat's browser uses it. */
function apiClient(url: string) {
  return {
    async token(username: string): Promise<string> {
      const response = await fetch(`${url}/realms/cartable/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'password', client_id: 'cartable-cli', username, password: 'demo' }),
      });
      if (response.status !== 200) throw new Error(`login of ${username} failed: ${response.status}`);
      return ((await response.json()) as { access_token: string }).access_token;
    },
    async graphql<Data = Record<string, unknown>>(
      query: string,
      variables?: Record<string, unknown>,
      token?: string,
    ): Promise<GraphqlResult<Data>> {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: Data; errors?: GraphqlResult['errors'] };
      return { status: response.status, data: body.data, errors: body.errors };
    },
  };
}
type ApiClient = ReturnType<typeof apiClient>;

/** The meeting-wide explanatory note the law requires, uploaded as the browser does. */
async function attachNote(client: ApiClient, token: string, bodyId: string, meetingId: string): Promise<void> {
  const bytes = await createSamplePdf({ title: 'Note explicative de synthèse', pages: 1, bodyName: 'Ville de Besançon' });
  const ticket = await client.graphql<{
    requestDocumentUpload: { uploadId: string; url: string; fields: { name: string; value: string }[] };
  }>(
    'mutation ($bodyId: UUID!, $input: DocumentUploadInput!) { requestDocumentUpload(bodyId: $bodyId, input: $input) { uploadId url fields { name value } } }',
    {
      bodyId,
      input: {
        meetingId,
        kind: 'NOTE_SYNTHESE',
        title: 'Note explicative de synthèse',
        fileName: 'note.pdf',
        contentType: 'application/pdf',
        sizeBytes: bytes.length,
      },
    },
    token,
  );
  if (!ticket.data) throw new Error(`upload refused: ${JSON.stringify(ticket.errors)}`);
  const { uploadId, url, fields } = ticket.data.requestDocumentUpload;
  const form = new FormData();
  for (const field of fields) form.append(field.name, field.value);
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'note.pdf');
  const stored = await fetch(url, { method: 'POST', body: form });
  if (stored.status !== 204) throw new Error(`storage refused the note: ${stored.status}`);
  const completed = await client.graphql(
    'mutation ($bodyId: UUID!, $uploadId: UUID!) { completeDocumentUpload(bodyId: $bodyId, uploadId: $uploadId) }',
    { bodyId, uploadId },
    token,
  );
  if (completed.errors) throw new Error(`verification refused the note: ${JSON.stringify(completed.errors)}`);
}

/** Every delivery of the meetings that were convened (a kill before the commit leaves a meeting in draft). */
async function deliveriesOf(client: ApiClient, token: string, meetingIds: readonly string[]): Promise<DeliveryRow[]> {
  const rows: DeliveryRow[] = [];
  for (const meetingId of meetingIds) {
    const result = await client.graphql<{ body: { meeting: { status: string; followUp: { deliveries: DeliveryRow[] }[] } } }>(
      'query ($slug: String!, $id: UUID!) { body(slug: $slug) { meeting(id: $id) { status followUp { deliveries { id channel status interruptedSends } } } } }',
      { slug, id: meetingId },
      token,
    );
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    rows.push(...result.data.body.meeting.followUp.flatMap((entry) => entry.deliveries));
  }
  return rows;
}

function runLedgerVerification(environment: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [verifyLedgerCommand], {
      cwd: environment.CARTABLE_DATA_DIR,
      env: { PATH: process.env.PATH ?? '', ...environment },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const summary = (values: number[]) => ({
  mean: Number((values.reduce((sum, value) => sum + value, 0) / values.length).toFixed(1)),
  max: Number(Math.max(...values).toFixed(1)),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('kill -9 of the server’s process group in the middle of sends, then a restart on the same data', () => {
  let dataDir = '';
  let sink: SmtpSink | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    if (server) await killProcessGroup(server);
    if (dataDir) {
      await killLeftoverPostgres(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    }
    await sink?.close();
  });

  it(`loses no delivery over ${kills} kills, duplicates only messages in flight, and the ledger verifies`, async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cartable-crash-'));
    await chmod(dataDir, 0o755);
    sink = await startSmtpSink(0, { acceptDelayMs: 40 });
    const environment = {
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      MAIL_FROM: 'Ville de Besançon <convocations@demo.cartable.fr>',
      JOBS_CONCURRENCY: String(concurrency),
      JOBS_HEARTBEAT_MS: process.env.CRASH_HEARTBEAT_MS ?? '300',
      JOBS_DEAD_AFTER_MS: process.env.CRASH_DEAD_AFTER_MS ?? '1500',
      EVIDENCE_ANCHOR_BATCH_SECONDS: '1',
    };
    const options = { dataDir, port: await quietPort(), postgresPort: await quietPort(), environment };
    const meetingIds: string[] = [];
    const readySeconds: number[] = [];
    const drainSeconds: number[] = [];
    let killed = 0;

    for (let round = 0; ; round += 1) {
      const restartedAt = performance.now();
      server = startServerProcess(options);
      await waitUntilReady(server);
      if (round > 0) readySeconds.push((performance.now() - restartedAt) / 1000);
      const client = apiClient(server.url);
      const token = await client.token('secretariat.ville');
      // What was committed before the kill goes out after the restart.
      if (round > 0) {
        for (;;) {
          const rows = await deliveriesOf(client, token, meetingIds);
          if (rows.every((row) => row.status !== 'PENDING')) break;
          if (performance.now() - restartedAt > 120_000)
            throw new Error(`deliveries still pending 2 minutes after restart ${round}:\n${server.output().slice(-3_000)}`);
          await sleep(100);
        }
        drainSeconds.push((performance.now() - restartedAt) / 1000);
      }
      if (killed === kills) break;

      const ready: { bodyId: string; meetingId: string }[] = [];
      for (let index = 0; index < sendsPerRound; index += 1) {
        const meeting = await createMeeting(client, token, slug, { inDays: 20, items: 1, title: `Séance ${round}.${index}` });
        await attachNote(client, token, meeting.bodyId, meeting.meetingId);
        ready.push(meeting);
      }
      meetingIds.push(...ready.map((meeting) => meeting.meetingId));
      const sends = ready.map(({ bodyId, meetingId }) =>
        client.graphql(sendMutation, { bodyId, input: { meetingId } }, token).catch(() => null),
      );
      await sleep(Math.random() * maxDelayMs);
      await killProcessGroup(server);
      server = undefined;
      await Promise.all(sends);
      killed += 1;
    }

    const client = apiClient(server!.url);
    const deliveries = await deliveriesOf(client, await client.token('secretariat.ville'), meetingIds);
    const emails = deliveries.filter((row) => row.channel === 'EMAIL');
    const received = new Map<string, number>();
    for (const message of sink.messages) received.set(message.messageId!, (received.get(message.messageId!) ?? 0) + 1);
    const copies = (row: DeliveryRow) => received.get(`<cartable.${row.id}@demo.cartable.fr>`) ?? 0;
    const lost = emails.filter((row) => copies(row) === 0).length;
    const duplicated = emails.reduce((sum, row) => sum + Math.max(0, copies(row) - 1), 0);
    const inFlight = emails.reduce((sum, row) => sum + row.interruptedSends, 0);
    const report = {
      kills: killed,
      emailDeliveries: emails.length,
      messagesReceived: sink.messages.length,
      lost,
      duplicated,
      inFlightAtKills: inFlight,
      // From each restart (spawn) to /readyz, and to the end of every committed delivery.
      readySeconds: summary(readySeconds),
      drainSeconds: summary(drainSeconds),
    };
    console.log(`crash test: ${JSON.stringify(report)}`);

    expect(killed).toBe(kills);
    expect(emails.length).toBeGreaterThan(0);
    expect(emails.every((row) => row.status === 'ACCEPTED')).toBe(true);
    expect(lost).toBe(0);
    // A duplicate only comes from a message in flight at a kill, which the follow-up shows.
    expect(duplicated).toBeLessThanOrEqual(inFlight);
    expect(inFlight).toBeLessThanOrEqual(kills * concurrency);
    for (const row of emails) expect(copies(row)).toBeLessThanOrEqual(1 + row.interruptedSends);

    await stopServer(server!);
    server = undefined;
    const verification = await runLedgerVerification({
      CARTABLE_DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(options.postgresPort),
      NODE_ENV: 'test',
      ...environment,
    });
    expect(verification.output).toMatch(/^ok {7}ville-besancon: /m);
    expect(verification.code).toBe(0);
  });
});
