import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A statement of a hot path written with named placeholders (`$voter`, the same name as often as
 * needed), sent as a named prepared statement: PostgreSQL parses it once per pooled connection and may
 * keep its plan, and each call sends only the values, as bind parameters (not inlined into the text, as
 * the ORM's `execute` does). Its own transaction, on the ORM's pool: never inside `em.transactional`.
 * A backend keeps each statement it prepared (its plan included: ≈ 0.4 MB for the ballot's, measured)
 * until the connection ends; the pool recycles connections (`maxUses`, `maxLifetimeSeconds` in `orm.ts`),
 * which bounds them to the statements of a few hundred requests.
 */
export class PreparedStatement {
  /** The text with `$1`, `$2`… */
  readonly text: string;
  /** The placeholders' names, in the order of their numbers. */
  readonly names: readonly string[];
  /** The statement's name on each connection: from its text, so that two texts never share one. */
  readonly name: string;

  constructor(text: string) {
    const names: string[] = [];
    this.text = text.replace(/\$([a-zA-Z]\w*)/g, (_, name: string) => {
      const index = names.includes(name) ? names.indexOf(name) : names.push(name) - 1;
      return `$${index + 1}`;
    });
    this.names = names;
    this.name = `cartable_${createHash('sha256').update(this.text).digest('hex').slice(0, 32)}`;
  }

  /** Runs the statement with a value for each placeholder name (a missing one is an error, not a NULL). */
  async execute<Row>(em: EntityManager, values: Readonly<Record<string, unknown>>): Promise<Row[]> {
    if (em.getTransactionContext()) throw new Error('A prepared statement runs in its own transaction, not inside one.');
    const parameters = this.names.map((name) => {
      if (!(name in values)) throw new Error(`No value for $${name}.`);
      return values[name];
    });
    const pool = await em.getConnection().getNativeClient();
    const result = await pool.query({ name: this.name, text: this.text, values: parameters });
    return result.rows as Row[];
  }
}
