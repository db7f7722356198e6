import { registerEnumType } from 'type-graphql';

/** Registers a domain's `as const` list of values as a GraphQL enum of the same values. */
export function graphqlEnum<const Values extends readonly string[]>(
  values: Values,
  name: string,
  description: string,
): { [Value in Values[number]]: Value } {
  const enumObject = Object.fromEntries(values.map((value) => [value, value])) as {
    [Value in Values[number]]: Value;
  };
  registerEnumType(enumObject, { name, description });
  return enumObject;
}
