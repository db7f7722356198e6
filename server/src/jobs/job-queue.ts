import type { EntityManager } from '@mikro-orm/postgresql';
import { executeBound, type BoundSql } from '../db/bulk-insert.js';

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
 * for any number of jobs (`enqueueJobsSql`).
 */
export async function enqueueJobs(em: EntityManager, jobs: readonly JobSpec[]): Promise<void> {
  const enqueue = enqueueJobsSql(jobs);
  if (enqueue) await executeBound(em, enqueue.sql, enqueue.parameters);
}

/**
 * The query adding the jobs, to run alone or as the main query of a statement with writes (`oneStatement`):
 * graphile-worker's batched `add_jobs` (one call for the jobs whose key replaces, one for those whose key
 * preserves the first run time). A key must appear once per call. Null when there is no job.
 */
export function enqueueJobsSql(jobs: readonly JobSpec[]): BoundSql | null {
  const spec = (job: JobSpec) => ({
    identifier: job.task,
    payload: job.payload,
    run_at: job.runAt?.toISOString() ?? null,
    max_attempts: job.maxAttempts ?? null,
    priority: job.priority ?? null,
    job_key: job.jobKey ?? null,
  });
  const batches = [false, true]
    .map((preserveRunAt) => ({
      preserveRunAt,
      specs: jobs.filter((job) => (job.jobKey !== undefined && job.jobKeyMode === 'preserve_run_at') === preserveRunAt).map(spec),
    }))
    .filter((batch) => batch.specs.length > 0);
  if (batches.length === 0) return null;
  const call = (index: number) =>
    `(select count(*) from graphile_worker.add_jobs(array(select json_populate_recordset(null::graphile_worker.job_spec, $${2 * index + 1}::json)), $${2 * index + 2}::boolean))`;
  return {
    sql: `select ${batches.map((_, index) => call(index)).join(' + ')} as added`,
    parameters: batches.flatMap((batch) => [JSON.stringify(batch.specs), batch.preserveRunAt]),
  };
}

export async function enqueueJob(em: EntityManager, task: string, payload: Record<string, unknown>, options: EnqueueOptions = {}) {
  await enqueueJobs(em, [{ task, payload, ...options }]);
}
