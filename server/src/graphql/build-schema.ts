import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type ClassType } from 'type-graphql';
import { enforceAccess } from './access.js';
import { guardTextInput } from './input-guard.js';
import { DateTimeScalar } from './scalars.js';

/** The executable schema: resolvers by capability, access enforced on every field, text inputs guarded, ISO dates in range. */
export function buildCartableSchema(resolvers: readonly ClassType[]): Promise<GraphQLSchema> {
  const [first, ...others] = resolvers;
  if (!first) throw new Error('the schema needs at least one resolver');
  return buildSchema({
    resolvers: [first, ...others],
    globalMiddlewares: [enforceAccess, guardTextInput],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: { forbidUnknownValues: true },
  });
}
