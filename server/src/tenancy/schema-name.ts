import { isUuid } from '../common/ids.js';

const bodySchemaPattern = /^body_[0-9a-f]{32}$/;
export const platformSchema = 'platform';

/** The schema of a body derives from its immutable id, never from its slug or any user input. */
export function bodySchemaName(bodyId: string): string {
  if (!isUuid(bodyId)) throw new Error(`Not a body id: ${JSON.stringify(bodyId)}`);
  return `body_${bodyId.replaceAll('-', '')}`;
}

/** Identifiers cannot be bound parameters: every schema name is checked before it reaches SQL. */
export function assertSchemaName(name: string): string {
  if (name !== platformSchema && !bodySchemaPattern.test(name)) {
    throw new Error(`Refusing to use schema name ${JSON.stringify(name)}`);
  }
  return name;
}

export function quoteSchema(name: string): string {
  return `"${assertSchemaName(name)}"`;
}
