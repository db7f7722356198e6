/** SQLSTATE of the constraint violations the code turns into domain errors. */
const uniqueViolation = '23505';
const exclusionViolation = '23P01';

/**
 * The name of the unique or exclusion constraint a database error violated, or null for any other error.
 * MikroORM copies the driver error's own properties (`code`, `constraint`) onto its exception.
 */
export function violatedConstraint(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if ((code === uniqueViolation || code === exclusionViolation) && typeof constraint === 'string') return constraint;
  return null;
}
