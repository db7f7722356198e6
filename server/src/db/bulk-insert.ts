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

function insertStatement(schema: string, insert: RowsInsert, parameter: number): string {
  const columns = Object.entries(insert.columns);
  for (const name of [insert.table, ...columns.map(([column]) => column)]) {
    if (!identifier.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  }
  const names = columns.map(([column]) => column).join(', ');
  return `insert into ${schema}.${insert.table} (${names}) select ${names} from json_to_recordset($${parameter}::json) as source(${columns.map(([column, type]) => `${column} ${type}`).join(', ')})`;
}

/**
 * Inserts any number of rows into one or more tables of the EntityManager's (body) schema in ONE
 * statement, whatever their number: each table's rows travel as one JSON parameter read by
 * `json_to_recordset`, the tables are chained as data-modifying CTEs in the order given (foreign keys
 * between them hold: PostgreSQL checks them at the end of the statement). No entity is created, so the
 * unit of work has nothing to compute at the next flush. Dates are written as ISO strings.
 */
export async function insertRows(em: EntityManager, inserts: readonly RowsInsert[]): Promise<void> {
  const nonEmpty = inserts.filter((insert) => insert.rows.length > 0);
  if (nonEmpty.length === 0) return;
  const schema = quoteSchema(em.schema!);
  const statements = nonEmpty.map((insert, index) => insertStatement(schema, insert, index + 1));
  const sql =
    statements.length === 1
      ? statements[0]!
      : `with ${statements
          .slice(0, -1)
          .map((statement, index) => `step${index} as (${statement})`)
          .join(', ')} ${statements.at(-1)!}`;
  await executeBound(
    em,
    sql,
    nonEmpty.map((insert) => JSON.stringify(insert.rows)),
  );
}
