import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';
import { BadUserInputError, CartableError, ErrorCode } from '../common/errors.js';
import { isUuid } from '../common/ids.js';

/**
 * The years a date given to the API may fall in. Nothing the groupement does (meetings, mandates, contracts,
 * statements) happens outside them; dates beyond fall outside the legal calendars and time-zone arithmetic.
 */
export const supportedYears = { first: 2000, last: 2100 } as const;

const yearsInWords = `entre ${supportedYears.first} et ${supportedYears.last}`;

function checkYear(year: number, message: string): void {
  if (!(year >= supportedYears.first && year <= supportedYears.last)) throw new BadUserInputError(message);
}

/**
 * The same scalar, with its input parsed by `base` and then checked by `check`; any refusal is BAD_USER_INPUT
 * with `message` (the base scalar's English detail is kept in `detail`). Output is left to the base scalar.
 */
function checkedScalar<Parsed>(base: GraphQLScalarType, message: string, check: (value: Parsed) => void): GraphQLScalarType {
  const parse = (read: () => Parsed): Parsed => {
    let value: Parsed;
    try {
      value = read();
    } catch (error) {
      throw new BadUserInputError(message, { detail: error instanceof Error ? error.message : String(error) });
    }
    check(value);
    return value;
  };
  return new GraphQLScalarType<Parsed, unknown>({
    ...base.toConfig(),
    parseValue: (input) => parse(() => base.parseValue(input) as Parsed),
    parseLiteral: (ast: ValueNode, variables) => parse(() => base.parseLiteral(ast, variables) as Parsed),
  });
}

const dateTimeMessage = `Date et heure invalides : attendu ISO 8601 (par exemple 2026-11-03T18:00:00+01:00), ${yearsInWords}.`;
/** An instant (ISO 8601 with an offset), in the supported years. */
export const DateTimeScalar = checkedScalar<Date>(DateTimeResolver, dateTimeMessage, (value) =>
  checkYear(value.getUTCFullYear(), dateTimeMessage),
);

const localDateMessage = `Date invalide : attendu AAAA-MM-JJ, ${yearsInWords}.`;
/** A calendar day (YYYY-MM-DD), in the supported years. */
export const LocalDateScalar = checkedScalar<string>(LocalDateResolver, localDateMessage, (value) =>
  checkYear(Number(value.slice(0, 4)), localDateMessage),
);

const monthMessage = `Mois invalide : attendu AAAA-MM, ${yearsInWords}, par exemple 2026-11.`;
const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;
function parseMonthValue(value: unknown): string {
  const match = typeof value === 'string' ? monthPattern.exec(value) : null;
  if (!match) throw new BadUserInputError(monthMessage);
  checkYear(Number(match[1]), monthMessage);
  return value as string;
}

/** A calendar month (YYYY-MM), in the supported years. */
export const MonthScalar = new GraphQLScalarType<string, string>({
  name: 'Month',
  description: `A calendar month, YYYY-MM, from ${supportedYears.first} to ${supportedYears.last}.`,
  serialize: (value) => String(value),
  parseValue: parseMonthValue,
  parseLiteral: (ast) => parseMonthValue(ast.kind === 'StringValue' ? ast.value : null),
});

/** What a malformed id answers: NOT_FOUND, as the services answered it before the scalar (no object has that id). */
export const malformedIdMessage = 'Identifiant invalide : aucun objet ne porte cet identifiant (UUID attendu).';
function parseUuid(value: unknown): string {
  const canonical = typeof value === 'string' ? value.toLowerCase() : '';
  if (!isUuid(canonical)) throw new CartableError(ErrorCode.NotFound, malformedIdMessage, { reason: 'MALFORMED_ID' });
  return canonical;
}

/**
 * An id (a UUID: ours are version 7, a device's annotation ids version 4), in lower case. Every id an
 * argument or an input field takes is one: a malformed value is refused before any resolver runs, with
 * NOT_FOUND (`reason: MALFORMED_ID`), so services never meet one.
 */
export const UuidScalar = new GraphQLScalarType<string, string>({
  name: 'UUID',
  description: 'An identifier: a UUID (RFC 9562), written in lower case.',
  serialize: (value) => String(value).toLowerCase(),
  parseValue: parseUuid,
  parseLiteral: (ast) => parseUuid(ast.kind === Kind.STRING ? ast.value : null),
});
