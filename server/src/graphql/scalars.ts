import { GraphQLScalarType, type ValueNode } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';
import { BadUserInputError } from '../common/errors.js';

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
