/** SQLSTATE of the constraint violations the code turns into domain errors. */
const uniqueViolation = '23505';
const exclusionViolation = '23P01';

/** The suffix Citus appends to a constraint's name on a shard: `_<shard id>` (shard ids start at 102008). */
const citusShardSuffix = /_\d{6,}$/;

/**
 * The name of the unique or exclusion constraint a database error violated, or null for any other error.
 * MikroORM copies the driver error's own properties (`code`, `constraint`) onto its exception. On Citus the
 * error comes from a shard, whose constraint name carries the shard id: it is removed.
 */
export function violatedConstraint(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, constraint, message } = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (code !== uniqueViolation && code !== exclusionViolation) return null;
  // Citus relays a worker's error without its constraint field: the name is then read from the message.
  const name =
    typeof constraint === 'string' ? constraint : typeof message === 'string' ? /constraint "([^"]+)"/.exec(message)?.[1] : undefined;
  return name?.replace(citusShardSuffix, '') ?? null;
}
