import pg from 'pg';

export interface StatementCounter {
  /** Statements sent since the counter started. */
  readonly count: number;
  /** Their text, for a failure message. */
  readonly statements: readonly string[];
  /** Puts `pg` back as it was. */
  stop(): void;
}

/**
 * Diagnostics for tests and benchmarks, never started by the server: counts the SQL statements sent
 * through `pg` by the connections of one application name — the ORM's pool is `cartable` (see
 * `initOrm`); the job queue's `cartable-jobs` is left out. Other work of the same pool running at the
 * same time is counted too: measure a request more than once and keep the least.
 */
export function countStatements(applicationName = 'cartable'): StatementCounter {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  const statements: string[] = [];
  prototype.query = function (this: { connectionParameters?: { application_name?: string } }, ...args: unknown[]) {
    if (this.connectionParameters?.application_name === applicationName) {
      const [query] = args as [string | { text?: string }];
      statements.push(typeof query === 'string' ? query : String(query?.text));
    }
    return original.apply(this, args);
  };
  return {
    get count() {
      return statements.length;
    },
    statements,
    stop() {
      prototype.query = original;
    },
  };
}
