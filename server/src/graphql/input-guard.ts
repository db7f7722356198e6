import type { GraphQLField } from 'graphql';
import { Extensions } from 'type-graphql';
import { BadUserInputError } from '../common/errors.js';

/** Characters a string argument or input field may hold, unless its field declares more (`LongText`). */
export const defaultMaxTextLength = 10_000;

/**
 * Raises the length cap of every string argument of a query or mutation that legitimately takes a long text
 * (a CSV file): up to `maxLength` characters, which the HTTP body limit bounds anyway.
 */
export const LongText = (maxLength: number) => Extensions({ maxTextLength: maxLength });

/** The first string under `value` that breaks the rules, with its path (`input.title`, `partNumbers.2`). */
function findBadText(value: unknown, path: string, maxLength: number): BadUserInputError | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return new BadUserInputError('Texte invalide : le caractère nul n’est pas admis.', { field: path });
    if (!value.isWellFormed()) return new BadUserInputError('Texte invalide : caractères Unicode mal formés.', { field: path });
    if (value.length > maxLength) {
      return new BadUserInputError(`Texte trop long : ${maxLength.toLocaleString('fr-FR')} caractères au plus.`, { field: path });
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const failure = findBadText(child, path ? `${path}.${key}` : key, maxLength);
      if (failure) return failure;
    }
  }
  return null;
}

/** The length cap of a field's string arguments: its `LongText`, else the default. */
export function textCapOf(field: GraphQLField<unknown, unknown>): number {
  const cap = field.extensions?.maxTextLength;
  return typeof cap === 'number' ? cap : defaultMaxTextLength;
}

/**
 * Every string that reaches a resolver, in arguments and input objects at any depth, is free of NUL
 * characters (PostgreSQL refuses them in text), well-formed Unicode (no lone surrogate) and within the field's length cap: BAD_USER_INPUT otherwise,
 * before any resolver or validator runs. Specific rules (formats, shorter caps) stay on the inputs.
 */
export function assertTextInput(args: Record<string, unknown>, cap: number): void {
  const failure = findBadText(args, '', cap);
  if (failure) throw failure;
}
