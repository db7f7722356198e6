import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

/** One SQL statement sent to PostgreSQL: its text, when it started (performance.now()) and how long until the reply. */
export interface TracedStatement {
  sql: string;
  startedAt: number;
  ms: number;
}

const tracing = new AsyncLocalStorage<TracedStatement[]>();
let installed = false;

/** Wraps `pg.Client#query` once; untraced calls only pay one AsyncLocalStorage lookup. */
function install() {
  if (installed) return;
  installed = true;
  const query = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
  pg.Client.prototype.query = function traced(this: pg.Client, ...args: unknown[]) {
    const statements = tracing.getStore();
    const result = query.apply(this, args);
    if (!statements || !(result instanceof Promise)) return result;
    const first = args[0];
    const statement: TracedStatement = { sql: typeof first === 'string' ? first : String((first as { text?: string }).text ?? ''), startedAt: performance.now(), ms: 0 };
    statements.push(statement);
    return result.finally(() => {
      statement.ms = performance.now() - statement.startedAt;
    });
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
