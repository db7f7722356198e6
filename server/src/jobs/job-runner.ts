import { EventEmitter } from 'node:events';
import { Logger as GraphileLogger, run, runMigrations, type Runner, type Task, type TaskList, type WorkerEvents } from 'graphile-worker';
import pg from 'pg';
import type { z } from 'zod';
import type { Logger } from '../common/logger.js';

export interface TaskContext {
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  logger: Logger;
}

/** A job handler with its payload schema. Throwing retries (exponential backoff); returning ends the job. */
export interface TaskDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  payload: Schema;
  run(payload: z.infer<Schema>, context: TaskContext): Promise<void>;
}

export function defineTask<Schema extends z.ZodType>(definition: TaskDefinition<Schema>): TaskDefinition {
  return definition as unknown as TaskDefinition;
}

export interface JobRunnerOptions {
  databaseUrl: string;
  tasks: readonly TaskDefinition[];
  logger: Logger;
  concurrency: number;
  /** How often a worker proves it is alive, and after how long silence its jobs are released. */
  heartbeatMs?: number;
  deadAfterMs?: number;
  pollIntervalMs?: number;
}

export interface JobRunner {
  stop(): Promise<void>;
}

/** Creates graphile-worker's schema; run before the first `enqueueJob`. Idempotent. */
export async function migrateJobQueue(databaseUrl: string, logger: Logger): Promise<void> {
  await runMigrations({ connectionString: databaseUrl, logger: graphileLogger(logger) });
}

function graphileLogger(logger: Logger) {
  const log = logger.child({ component: 'jobs' });
  return new GraphileLogger(() => (level, message, meta) => {
    if (level === 'error') log.error(meta ?? {}, message);
    else if (level === 'warning') log.warn(meta ?? {}, message);
    else log.debug(meta ?? {}, message);
  });
}

function toTaskList(tasks: readonly TaskDefinition[], logger: Logger): TaskList {
  const list: TaskList = {};
  for (const task of tasks) {
    const handler: Task = async (rawPayload, helpers) => {
      const parsed = task.payload.safeParse(rawPayload);
      const log = logger.child({ task: task.name, jobId: helpers.job.id, attempt: helpers.job.attempts });
      if (!parsed.success) {
        // A payload that cannot be read will never become readable: log it and end the job.
        log.error({ issues: parsed.error.issues }, 'job payload rejected');
        return;
      }
      await task.run(parsed.data, { attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts, logger: log });
    };
    list[task.name] = handler;
  }
  return list;
}

/** Errors that mean "the database went away" (restart, network), as opposed to a bug. */
export function isConnectionLoss(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08006', '08001', '08003'].includes(
      code ?? '',
    ) || /Connection terminated|Client has encountered a connection error|terminating connection/i.test(message ?? '')
  );
}

/**
 * A pool whose `connect()` waits for the database to come back (up to `patienceMs`) instead of failing at
 * once: graphile-worker completes and fails jobs without awaiting them, and treats a refused connection
 * as final, so a restart of PostgreSQL would otherwise lose a job's outcome.
 */
class PatientPool extends pg.Pool {
  stopping = false;

  constructor(
    config: pg.PoolConfig,
    private readonly patienceMs: number,
  ) {
    super(config);
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(
    callback: (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): void;
  override connect(
    callback?: (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): Promise<pg.PoolClient> | void {
    if (callback) return super.connect(callback);
    return this.connectPatiently();
  }

  private async connectPatiently(): Promise<pg.PoolClient> {
    const deadline = Date.now() + this.patienceMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await super.connect();
      } catch (error) {
        if (this.stopping || !isConnectionLoss(error) || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(200 * 1.5 ** attempt, 5_000)));
      }
    }
  }
}

interface RunningPool {
  pool: PatientPool;
  runner: Runner;
  /** graphile-worker's worker pool ids (`pool-…`): what `locked_by` holds for every job this runner claims. */
  lockerIds: Set<string>;
}

/**
 * One statement, run by every live runner at each beat: records the runner's locker ids as alive, forgets
 * the ids silent for `deadAfter`, and releases the jobs locked by any id that has no live heartbeat and
 * that locked them more than `deadAfter` ago. The second condition covers a process killed before its
 * first beat (its pool id was never recorded), and spares a runner that has just started (it beats within
 * `heartbeatMs`, well before `deadAfter`).
 */
const heartbeatStatement = `
  with beat as (
    insert into platform.job_worker (worker_id, heartbeat_at) select unnest($1::text[]), now()
    on conflict (worker_id) do update set heartbeat_at = now()
  ), forgotten as (
    delete from platform.job_worker
    where heartbeat_at < now() - make_interval(secs => $2::double precision / 1000) and not (worker_id = any($1::text[]))
  ), dead as (
    select distinct locked_by from graphile_worker._private_jobs
    where locked_by is not null and locked_at < now() - make_interval(secs => $2::double precision / 1000)
      and not (locked_by = any($1::text[]))
      and not exists (
        select 1 from platform.job_worker live
        where live.worker_id = locked_by and live.heartbeat_at >= now() - make_interval(secs => $2::double precision / 1000)
      )
  )
  select graphile_worker.force_unlock_workers(array(select locked_by from dead)) as released, (select count(*) from dead)::int as dead`;

/**
 * Starts the workers, supervised. Besides graphile-worker's own recovery (reconnection, retries with
 * exponential backoff):
 * - the pool waits for PostgreSQL to come back when it restarts (see `PatientPool`);
 * - the runner beats every `heartbeatMs` with the id graphile-worker locks jobs with (the worker pool's,
 *   `pool-…`, learnt from the `pool:create` event of an emitter given to `run()`, so before any job is
 *   claimed), and each beat releases the jobs locked by ids silent for `deadAfterMs` (see
 *   `heartbeatStatement`): a crashed process delays a convocation by about `deadAfterMs`, not by
 *   graphile-worker's 4 hours, and a restart releases at once what was locked long enough ago;
 * - should a job's outcome still be lost with the connection (the database died in the middle of that
 *   query), the pool is replaced: its id stops beating and its jobs are released like a crash's.
 */
export async function startJobRunner(options: JobRunnerOptions): Promise<JobRunner> {
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const deadAfterMs = options.deadAfterMs ?? 60_000;
  const log = options.logger.child({ component: 'jobs' });
  let stopping = false;
  let current: RunningPool;

  const startPool = async (): Promise<RunningPool> => {
    const pool = new PatientPool(
      { connectionString: options.databaseUrl, max: options.concurrency + 2, application_name: 'cartable-jobs' },
      10 * 60_000,
    );
    // An idle connection dropped by a database restart must be logged, not crash the process.
    pool.on('error', (error) => log.warn({ err: error }, 'job queue connection lost (reconnecting)'));
    pool.on('connect', (client) => client.on('error', (error) => log.warn({ err: error }, 'job queue connection lost (reconnecting)')));
    // Given to run(), so the pool's id is known before its workers claim anything.
    const events = new EventEmitter() as WorkerEvents;
    const lockerIds = new Set<string>();
    events.on('pool:create', ({ workerPool }) => lockerIds.add(workerPool.id));
    const runner = await run({
      pgPool: pool,
      concurrency: options.concurrency,
      noHandleSignals: true,
      pollInterval: options.pollIntervalMs ?? 2_000,
      taskList: toTaskList(options.tasks, log),
      logger: graphileLogger(options.logger),
      events,
    });
    return { pool, runner, lockerIds };
  };

  const stopPool = async ({ pool, runner }: RunningPool, graceful: boolean) => {
    pool.stopping = true;
    await (graceful ? runner.stop() : runner.kill()).catch((error: unknown) => log.warn({ err: error }, 'job runner stop failed'));
    await pool.end().catch(() => undefined);
  };

  let replacing: Promise<void> | null = null;
  const replacePool = (reason: unknown) => {
    if (stopping || replacing) return;
    log.error({ err: reason }, 'a job outcome was lost with the database connection: replacing the job pool');
    const old = current;
    replacing = (async () => {
      await stopPool(old, false);
      for (;;) {
        if (stopping) return;
        try {
          current = await startPool();
          return;
        } catch (error) {
          log.warn({ err: error }, 'job pool restart failed (will retry)');
          await new Promise((resolve) => setTimeout(resolve, 2_000));
        }
      }
    })().finally(() => {
      replacing = null;
    });
  };
  const onUnhandledRejection = (reason: unknown) => {
    if (!isConnectionLoss(reason)) throw reason;
    replacePool(reason);
  };
  process.on('unhandledRejection', onUnhandledRejection);

  current = await startPool();
  const beat = async () => {
    try {
      const { rows } = await current.pool.query<{ dead: number }>(heartbeatStatement, [[...current.lockerIds], deadAfterMs]);
      if (rows[0]!.dead > 0) log.warn({ dead: rows[0]!.dead }, 'released the jobs of job runners that stopped beating');
    } catch (error) {
      log.warn({ err: error }, 'job worker heartbeat failed (will retry)');
    }
  };
  await beat();
  const timer = setInterval(() => void beat(), heartbeatMs);
  timer.unref();
  return {
    async stop() {
      stopping = true;
      clearInterval(timer);
      await replacing;
      const stopped = [...current.lockerIds];
      current.pool.stopping = true;
      await current.runner.stop();
      await current.pool.query('delete from platform.job_worker where worker_id = any($1::text[])', [stopped]).catch(() => undefined);
      await current.pool.end();
      process.off('unhandledRejection', onUnhandledRejection);
    },
  };
}
