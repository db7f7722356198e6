import type { EntityManager } from '@mikro-orm/postgresql';
import type { PreparedStatement } from './prepared-statement.js';

interface Waiter<Row> {
  resolve(row: Row | null): void;
  reject(error: unknown): void;
}

/** The most keys one statement reads. */
const maxKeysPerStatement = 1_000;

/**
 * A read by key that every request makes (its Viewer, its body's row), shared by the requests that
 * arrive together: one statement at a time per process; the keys asked for while it runs wait for it and
 * are read together by the next one — one round trip for tens of requests when a room acts at once, and
 * no wait at all for a request that arrives alone. Never stale: a key waits for a statement that starts
 * after it was asked for. The statement takes the keys as an array (`$keys`) and returns a row per key
 * found, with the key it was found by (`keyOf`). A statement that fails fails each of its keys.
 * Outside transactions only (a prepared statement runs in its own).
 */
export class CoalescedRead<Row> {
  private waiting = new Map<string, Waiter<Row>[]>();
  private running = false;

  constructor(
    private readonly statement: PreparedStatement,
    private readonly keyOf: (row: Row) => string,
    /** The statement's other values, taken when it is sent. */
    private readonly values: () => Record<string, unknown> = () => ({}),
  ) {}

  read(em: EntityManager, key: string): Promise<Row | null> {
    const read = new Promise<Row | null>((resolve, reject) => {
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
    });
    if (!this.running) void this.drain(em);
    return read;
  }

  private async drain(em: EntityManager): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.size > 0) {
        const batch = new Map<string, Waiter<Row>[]>();
        for (const [key, waiters] of this.waiting) {
          if (batch.size === maxKeysPerStatement) break;
          batch.set(key, waiters);
          this.waiting.delete(key);
        }
        try {
          const rows = await this.statement.execute<Row>(em, { ...this.values(), keys: [...batch.keys()] });
          const found = new Map(rows.map((row) => [this.keyOf(row), row]));
          for (const [key, waiters] of batch) for (const waiter of waiters) waiter.resolve(found.get(key) ?? null);
        } catch (error) {
          for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
