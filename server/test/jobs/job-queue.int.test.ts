import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Delivery } from '../../src/body/convocations/convocation.entity.js';
import { createLogger } from '../../src/common/logger.js';
import { startEmbeddedPostgres, type RunningDatabase } from '../../src/db/embedded-postgres.js';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { enqueueJob } from '../../src/jobs/job-queue.js';
import { defineTask, startJobRunner } from '../../src/jobs/job-runner.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from '../convocations/fixtures.js';
import { eventually } from '../helpers/eventually.js';
import { quietPort } from '../helpers/ports.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';

describe('the job queue on the harness database', () => {
  let harness: TestHarness;
  beforeAll(async () => {
    harness = await startHarness({ demo: false, environment: { JOBS_CONCURRENCY: '0' } });
  });
  afterAll(() => harness?.close());

  it('enqueues inside the caller’s transaction: a rollback leaves no job, a commit runs it once', async () => {
    const ran: string[] = [];
    const em = harness.runtime.orm.em.fork();
    await expect(
      em.transactional(async (tx) => {
        await enqueueJob(tx, 'test.record', { value: 'rolled back' });
        throw new Error('the business write failed');
      }),
    ).rejects.toThrow('the business write failed');
    await em.transactional((tx) => enqueueJob(tx, 'test.record', { value: 'committed' }));
    const runner = await startJobRunner({
      databaseUrl: harness.databaseUrl,
      logger: createLogger('silent'),
      concurrency: 2,
      pollIntervalMs: 100,
      tasks: [
        defineTask({ name: 'test.record', payload: z.object({ value: z.string() }), run: async ({ value }) => void ran.push(value) }),
      ],
    });
    try {
      await eventually(async () => ran.length > 0, 'the committed job');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(ran).toEqual(['committed']);
    } finally {
      await runner.stop();
    }
  });

  it('beats with the id its jobs are locked by (graphile-worker’s pool id), from before the first claim', async () => {
    const connection = harness.runtime.orm.em.getConnection();
    let finish!: () => void;
    const running = new Promise<void>((resolve) => (finish = resolve));
    let started!: () => void;
    const claimed = new Promise<void>((resolve) => (started = resolve));
    await harness.runtime.orm.em.fork().transactional((tx) => enqueueJob(tx, 'test.long', { value: 'long' }, { jobKey: 'long' }));
    const runner = await startJobRunner({
      databaseUrl: harness.databaseUrl,
      logger: createLogger('silent'),
      concurrency: 2,
      pollIntervalMs: 100,
      heartbeatMs: 200,
      deadAfterMs: 1_000,
      tasks: [
        defineTask({
          name: 'test.long',
          payload: z.object({ value: z.string() }),
          run: async () => {
            started();
            await running;
          },
        }),
      ],
    });
    try {
      await claimed;
      const [job] = await connection.execute<{ locked_by: string }[]>(
        `select locked_by from graphile_worker._private_jobs where key = 'long'`,
      );
      expect(job!.locked_by).toMatch(/^pool-/);
      const alive = await eventually(async () => {
        const rows = await connection.execute<{ worker_id: string }[]>(`select worker_id from platform.job_worker where worker_id = ?`, [
          job!.locked_by,
        ]);
        return rows.length === 1 && rows;
      }, 'the runner’s heartbeat');
      expect(alive).toEqual([{ worker_id: job!.locked_by }]);
    } finally {
      finish();
      await runner.stop();
    }
  });

  it('releases the jobs of runners that stopped beating or died before their first beat, not those just claimed', async () => {
    const ran: string[] = [];
    const connection = harness.runtime.orm.em.getConnection();
    const em = harness.runtime.orm.em.fork();
    for (const value of ['silent', 'never-beat', 'just-claimed'])
      await em.transactional((tx) => enqueueJob(tx, 'test.orphan', { value }, { jobKey: value }));
    const lock = (value: string, lockedBy: string, ago: string) =>
      connection.execute(`update graphile_worker._private_jobs set locked_by = ?, locked_at = now() - ?::interval where key = ?`, [
        lockedBy,
        ago,
        value,
      ]);
    // A crashed process whose heartbeat went silent two minutes ago.
    await lock('silent', 'pool-crashed', '2 minutes');
    await connection.execute(
      `insert into platform.job_worker (worker_id, heartbeat_at) values ('pool-crashed', now() - interval '2 minutes')`,
    );
    // A process killed between its first claim and its first heartbeat: its id was never recorded.
    await lock('never-beat', 'pool-never-beat', '2 minutes');
    // A runner of another process that claimed a job an instant ago and has not beaten yet.
    await lock('just-claimed', 'pool-starting', '0 seconds');
    const runner = await startJobRunner({
      databaseUrl: harness.databaseUrl,
      logger: createLogger('silent'),
      concurrency: 1,
      pollIntervalMs: 100,
      heartbeatMs: 200,
      deadAfterMs: 60_000,
      tasks: [
        defineTask({ name: 'test.orphan', payload: z.object({ value: z.string() }), run: async ({ value }) => void ran.push(value) }),
      ],
    });
    try {
      await eventually(async () => ran.length >= 2, 'the orphaned jobs', 20_000);
      expect(ran.sort()).toEqual(['never-beat', 'silent']);
      const [starting] = await connection.execute<{ locked_by: string }[]>(
        `select locked_by from graphile_worker._private_jobs where key = 'just-claimed'`,
      );
      expect(starting!.locked_by).toBe('pool-starting');
      const workers = await connection.execute<{ worker_id: string }[]>(`select worker_id from platform.job_worker`);
      expect(workers.map((row) => row.worker_id)).not.toContain('pool-crashed');
    } finally {
      await runner.stop();
      await connection.execute(`delete from graphile_worker._private_jobs where key = 'just-claimed'`);
    }
  });
});

describe('a send while PostgreSQL restarts', () => {
  let database: RunningDatabase | null = null;
  let dataDir: string;
  let port: number;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cartable-restart-'));
    // As root, PostgreSQL runs as the `postgres` user, which must reach the folder.
    await chmod(dataDir, 0o755);
    port = await quietPort();
    database = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'db'), port, logger: createLogger('silent'), disposable: true });
  });
  afterAll(async () => {
    await database?.stop();
  });

  it('loses no convocation and records no delivery twice', { timeout: 180_000 }, async () => {
    const sink = await startSmtpSink();
    const harness = await startHarness({
      databaseUrl: database!.url,
      environment: {
        SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        MAIL_FROM: 'convocations@demo.cartable.fr',
        EVIDENCE_ANCHOR_BATCH_SECONDS: '0',
        JOBS_CONCURRENCY: '1',
      },
    });
    try {
      const token = await harness.token('secretariat.ville');
      const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', { inDays: 20, items: 1 });
      await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
        kind: 'NOTE_SYNTHESE',
        title: 'Note explicative de synthèse',
      });
      const sent = await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, token);
      expect(sent.errors).toBeUndefined();
      // Deliveries are still under way when the database goes.
      expect(sink.messages.length).toBeLessThan(9);

      // The database goes down under the workers, stays down, and comes back.
      await database!.stop();
      database = null;
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      database = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'db'), port, logger: createLogger('silent'), disposable: true });

      const { em } = await databaseOf(harness).body('ville-besancon');
      const deliveries = await eventually(
        async () => {
          const rows = await em
            .fork()
            .find(Delivery, {})
            .catch(() => []);
          return rows.length === 9 && rows.every((row) => row.status === 'ACCEPTED') && rows;
        },
        'every delivery after the restart',
        120_000,
      );
      expect(deliveries).toHaveLength(9);
      const accepted = await em.fork().find(LedgerEntry, { subjectId: meetingId, kind: 'DELIVERY_ACCEPTED' });
      expect(accepted).toHaveLength(9);
      expect(new Set(accepted.map((entry) => entry.payload.deliveryId)).size).toBe(9);
      const recipients = new Set(
        sink.messages.flatMap((message) =>
          (Array.isArray(message.to) ? message.to : [message.to]).flatMap((to) => to?.value.map((address) => address.address) ?? []),
        ),
      );
      expect(recipients.size).toBe(9);
    } finally {
      await harness.close();
      await sink.close();
    }
  });
});
