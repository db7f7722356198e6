import { ReferenceKind, type EntityData, type EntityManager, type EntityName } from '@mikro-orm/postgresql';
import { CompiledQuery, type Kysely } from 'kysely';
import { quoteSchema } from '../tenancy/schema-name.js';

export type ColumnType = 'uuid' | 'text' | 'boolean' | 'integer' | 'bigint' | 'date' | 'timestamptz' | 'jsonb';

/** Rows for one table of the EntityManager's schema, keyed by column name. */
export interface RowsInsert {
  table: string;
  columns: Readonly<Record<string, ColumnType>>;
  rows: readonly Record<string, unknown>[];
}

const identifier = /^[a-z_][a-z0-9_]*$/;

/** The type `json_to_recordset` reads a column as, from the column type the entity declares. */
function columnType(declared: string): ColumnType {
  const type = declared.toLowerCase();
  if (type === 'uuid' || type === 'boolean' || type === 'bigint' || type === 'date' || type === 'jsonb') return type;
  if (type.startsWith('timestamp')) return 'timestamptz';
  if (type === 'int' || type === 'integer' || type === 'smallint') return 'integer';
  if (type === 'json') return 'jsonb';
  return 'text';
}

/**
 * `RowsInsert` of entities, read from the ORM's metadata: the table, each column's name and type. Only
 * the properties set on some row are written (the others take the table's defaults), so the entity is
 * the one list of columns. Values are written as they are (no `onCreate` hook runs: set the timestamps).
 */
export function entityRows<Entity extends object>(
  em: EntityManager,
  entity: EntityName<Entity>,
  rows: readonly EntityData<Entity>[],
): RowsInsert {
  const meta = em.getMetadata(entity);
  const properties = meta.props.filter(
    (prop) =>
      prop.kind === ReferenceKind.SCALAR &&
      prop.persist !== false &&
      rows.some((row) => (row as Record<string, unknown>)[prop.name] !== undefined),
  );
  return {
    table: meta.tableName,
    columns: Object.fromEntries(properties.map((prop) => [prop.fieldNames[0]!, columnType(prop.columnTypes[0]!)])),
    rows: rows.map((row) =>
      Object.fromEntries(properties.map((prop) => [prop.fieldNames[0]!, (row as Record<string, unknown>)[prop.name] ?? null])),
    ),
  };
}

/**
 * Runs one statement with bound parameters (`$1`, `$2`…) on the EntityManager's transaction, or on its
 * pool outside one. `em.execute` inlines every parameter into the SQL text, escaping it character by
 * character: tens of milliseconds for the megabyte of JSON a send to 500 officials writes.
 */
export async function executeBound(em: EntityManager, sql: string, parameters: readonly unknown[]): Promise<void> {
  const executor = em.getTransactionContext<Kysely<unknown>>() ?? em.getConnection().getClient<unknown>();
  await executor.executeQuery(CompiledQuery.raw(sql, [...parameters]));
}

/**
 * A piece of SQL with its own bound parameters, numbered from `$1` in its text: `oneStatement` renumbers
 * them when it joins pieces. No dollar-quoted text in a piece (its `$` would be taken for a parameter).
 */
export interface BoundSql {
  sql: string;
  parameters: readonly unknown[];
}

/** The pieces' texts with their parameters renumbered one after the other, and every parameter in order. */
function joinParameters(pieces: readonly BoundSql[]): { texts: string[]; parameters: unknown[] } {
  const parameters: unknown[] = [];
  const texts = pieces.map((piece) => {
    const offset = parameters.length;
    parameters.push(...piece.parameters);
    return piece.sql.replace(/\$(\d+)/g, (_, index: string) => `$${Number(index) + offset}`);
  });
  return { texts, parameters };
}

/**
 * Runs writes as ONE statement (one round trip): they are chained as data-modifying CTEs in the order
 * given, and `main`, when given, is the statement's own query (a `select`, which may call a function that
 * writes: graphile-worker's `add_jobs`). PostgreSQL runs every data-modifying CTE, and checks foreign keys
 * between them at the end of the statement; all parts see the snapshot taken when the statement started
 * (none sees another's rows).
 */
export async function oneStatement(em: EntityManager, writes: readonly BoundSql[], main?: BoundSql): Promise<void> {
  const pieces = main ? [...writes, main] : writes;
  if (pieces.length === 0) return;
  const { texts, parameters } = joinParameters(pieces);
  const sql =
    texts.length === 1
      ? texts[0]!
      : `with ${texts
          .slice(0, -1)
          .map((text, index) => `step${index} as (${text})`)
          .join(', ')} ${texts.at(-1)!}`;
  await executeBound(em, sql, parameters);
}

/**
 * The insert of `RowsInsert` into the EntityManager's (body) schema, whatever the number of rows: they
 * travel as one JSON parameter read by `json_to_recordset`. Dates are written as ISO strings.
 */
export function insertSql(em: EntityManager, insert: RowsInsert): BoundSql {
  const columns = Object.entries(insert.columns);
  for (const name of [insert.table, ...columns.map(([column]) => column)]) {
    if (!identifier.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  }
  const names = columns.map(([column]) => column).join(', ');
  return {
    sql: `insert into ${quoteSchema(em.schema!)}.${insert.table} (${names}) select ${names} from json_to_recordset($1::json) as source(${columns.map(([column, type]) => `${column} ${type}`).join(', ')})`,
    parameters: [JSON.stringify(insert.rows)],
  };
}

/**
 * Inserts any number of rows into one or more tables of the EntityManager's (body) schema in ONE
 * statement (`oneStatement`, in the order given: foreign keys between them hold). No entity is created, so
 * the unit of work has nothing to compute at the next flush.
 */
export async function insertRows(em: EntityManager, inserts: readonly RowsInsert[]): Promise<void> {
  await oneStatement(em, insertsSql(em, inserts));
}

/** `insertSql` of each `RowsInsert` that has rows, in order. */
export function insertsSql(em: EntityManager, inserts: readonly RowsInsert[]): BoundSql[] {
  return inserts.filter((insert) => insert.rows.length > 0).map((insert) => insertSql(em, insert));
}
