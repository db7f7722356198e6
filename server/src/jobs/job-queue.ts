import type { EntityManager } from '@mikro-orm/postgresql';

export interface EnqueueOptions {
  /**
   * Deterministic key: enqueuing the same key again while the job waits does not create a second job.
   * `preserve_run_at` keeps the first run time (batches); `replace` moves it.
   */
  jobKey?: string;
  jobKeyMode?: 'replace' | 'preserve_run_at';
  runAt?: Date;
  maxAttempts?: number;
  /** Lower runs first (graphile-worker); default 0. */
  priority?: number;
}

export interface JobSpec extends EnqueueOptions {
  task: string;
  payload: Record<string, unknown>;
}

/**
 * Adds jobs in the caller's transaction (transactional outbox): if the transaction rolls back, the jobs
 * never existed; if it commits, each will run at least once, whatever crashes afterwards. One statement
 * for any number of jobs.
 */
export async function enqueueJobs(em: EntityManager, jobs: readonly JobSpec[]): Promise<void> {
  if (jobs.length === 0) return;
  const specs = jobs.map((job) => ({
    task: job.task,
    payload: job.payload,
    runAt: job.runAt?.toISOString() ?? null,
    maxAttempts: job.maxAttempts ?? null,
    priority: job.priority ?? null,
    jobKey: job.jobKey ?? null,
    jobKeyMode: job.jobKey ? (job.jobKeyMode ?? 'replace') : null,
  }));
  await em.execute(
    `select graphile_worker.add_job(identifier => spec->>'task', payload => (spec->'payload')::json,
       run_at => (spec->>'runAt')::timestamptz, max_attempts => (spec->>'maxAttempts')::int,
       job_key => spec->>'jobKey', job_key_mode => spec->>'jobKeyMode', priority => (spec->>'priority')::int)
     from jsonb_array_elements(?::jsonb) as spec`,
    [JSON.stringify(specs)],
  );
}

export async function enqueueJob(em: EntityManager, task: string, payload: Record<string, unknown>, options: EnqueueOptions = {}) {
  await enqueueJobs(em, [{ task, payload, ...options }]);
}
