import { Logger as GraphileLogger, run, runMigrations, type Runner, type Task, type TaskList } from 'graphile-worker';
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

/**
 * Starts the workers. Besides graphile-worker's own recovery (reconnects, retries with exponential
 * backoff), each worker writes a heartbeat, and the jobs locked by workers silent for `deadAfterMs` are
 * released, so a crashed process delays a convocation by a minute, not by graphile-worker's 4 hours.
 */
export async function startJobRunner(options: JobRunnerOptions): Promise<JobRunner> {
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const deadAfterMs = options.deadAfterMs ?? 60_000;
  const log = options.logger.child({ component: 'jobs' });
  // One pool for the workers and the heartbeat; an idle connection dropped by a database restart must
  // be logged, not crash the process (pg emits 'error' on the pool).
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.concurrency + 2, application_name: 'cartable-jobs' });
  pool.on('error', (error) => log.warn({ err: error }, 'job queue connection lost (reconnecting)'));
  pool.on('connect', (client) => client.on('error', (error) => log.warn({ err: error }, 'job queue connection lost (reconnecting)')));
  const runner: Runner = await run({
    pgPool: pool,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: options.pollIntervalMs ?? 2_000,
    taskList: toTaskList(options.tasks, log),
    logger: graphileLogger(options.logger),
  });
  const workerIds = new Set<string>();
  runner.events.on('worker:create', ({ worker }) => workerIds.add(worker.workerId));
  runner.events.on('worker:stop', ({ worker }) => workerIds.delete(worker.workerId));

  const beat = async () => {
    try {
      await pool.query(
        `with beat as (
           insert into platform.job_worker (worker_id, heartbeat_at) select unnest($1::text[]), now()
           on conflict (worker_id) do update set heartbeat_at = now()
         ), dead as (
           delete from platform.job_worker
           where heartbeat_at < now() - make_interval(secs => $2::double precision / 1000) and not (worker_id = any($1::text[]))
           returning worker_id
         )
         select graphile_worker.force_unlock_workers(array(select worker_id from dead))`,
        [[...workerIds], deadAfterMs],
      );
    } catch (error) {
      log.warn({ err: error }, 'job worker heartbeat failed (will retry)');
    }
  };
  await beat();
  const timer = setInterval(() => void beat(), heartbeatMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      const stopped = [...workerIds];
      await runner.stop();
      await pool.query('delete from platform.job_worker where worker_id = any($1::text[])', [stopped]).catch(() => undefined);
      await pool.end();
    },
  };
}
