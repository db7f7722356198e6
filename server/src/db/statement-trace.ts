import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

/** One SQL statement sent to PostgreSQL: its text, when it started (performance.now()) and how long until the reply. */
export interface TracedStatement {
  sql: string;
  startedAt: number;
  ms: number;
}

/** Which statements a trace keeps: those of an async context, or those of the connections of one application name. */
type Listener = (client: pg.Client) => TracedStatement[] | undefined;

const tracing = new AsyncLocalStorage<TracedStatement[]>();
const listeners = new Set<Listener>([() => tracing.getStore()]);
let installed = false;

/** Wraps `pg.Client#query` once (promise and callback forms; pg-pool's `query` uses the latter); untraced calls only pay the listeners' lookups. */
function install() {
  if (installed) return;
  installed = true;
  const query = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
  pg.Client.prototype.query = function traced(this: pg.Client, ...args: unknown[]) {
    const traces = [...listeners].map((listener) => listener(this)).filter((trace) => trace !== undefined);
    const callback = typeof args.at(-1) === 'function' ? (args.at(-1) as (...reply: unknown[]) => unknown) : null;
    if (traces.length === 0 || (!callback && typeof (args[0] as { submit?: unknown } | null)?.submit === 'function'))
      return query.apply(this, args);
    const first = args[0];
    const statement: TracedStatement = {
      sql: typeof first === 'string' ? first : String((first as { text?: string }).text ?? ''),
      startedAt: performance.now(),
      ms: 0,
    };
    for (const trace of traces) trace.push(statement);
    const replied = () => {
      statement.ms = performance.now() - statement.startedAt;
    };
    if (callback) {
      args[args.length - 1] = (...reply: unknown[]) => (replied(), callback(...reply));
      return query.apply(this, args);
    }
    const result = query.apply(this, args);
    return result instanceof Promise ? result.finally(replied) : result;
  } as typeof pg.Client.prototype.query;
}

/**
 * Runs `action` and lists every statement it sent to PostgreSQL, on any connection (transaction or not),
 * including BEGIN and COMMIT: each one is a round trip. Statements of other work running meanwhile (job
 * workers, other requests) are not counted: the trace follows the async context of `action`.
 * For benchmarks and regression tests of the number of round trips.
 */
export async function traceStatements<T>(action: () => Promise<T>): Promise<{ result: T; statements: TracedStatement[] }> {
  install();
  const statements: TracedStatement[] = [];
  const result = await tracing.run(statements, action);
  return { result, statements };
}

export interface StatementCounter {
  /** Statements sent since the counter started. */
  readonly count: number;
  /** Their text, for a failure message. */
  readonly statements: readonly string[];
  /** Stops counting. */
  stop(): void;
}

/**
 * Counts the statements sent by the connections of one application name, whatever the async context —
 * for an HTTP request served in the same process, which `traceStatements` cannot follow. The ORM's pool
 * is `cartable` (see `initOrm`); the job queue's `cartable-jobs` is left out. Other work of the same pool
 * running at the same time is counted too: measure a request more than once and keep the least.
 * Diagnostics for tests and benchmarks, never started by the server.
 */
export function countStatements(applicationName = 'cartable'): StatementCounter {
  install();
  const traced: TracedStatement[] = [];
  const listener: Listener = (client) =>
    (client as unknown as { connectionParameters?: { application_name?: string } }).connectionParameters?.application_name ===
    applicationName
      ? traced
      : undefined;
  listeners.add(listener);
  return {
    get count() {
      return traced.length;
    },
    get statements() {
      return traced.map((statement) => statement.sql);
    },
    stop() {
      listeners.delete(listener);
    },
  };
}
