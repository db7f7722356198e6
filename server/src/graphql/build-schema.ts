import 'reflect-metadata';
import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import { buildSchema, type ClassType } from 'type-graphql';
import { accessRuleOf, assertAccess, objectFields } from './access.js';
import type { GraphqlContext } from './context.js';
import { assertTextInput, textCapOf } from './input-guard.js';
import { DateTimeScalar } from './scalars.js';

/** The executable schema: resolvers by capability, access enforced on every field, text inputs guarded, ISO dates in range. */
export async function buildCartableSchema(resolvers: readonly ClassType[]): Promise<GraphQLSchema> {
  const [first, ...others] = resolvers;
  if (!first) throw new Error('the schema needs at least one resolver');
  const schema = await buildSchema({
    resolvers: [first, ...others],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: { forbidUnknownValues: true },
  });
  guardEveryField(schema);
  return schema;
}

/**
 * Puts each field's access decision and, when it takes arguments, the text-input guard in front of its
 * resolver: both read once here, then checked synchronously at every call, before the resolver runs. (As
 * type-graphql global middlewares they were two more promises for every field of every object, a
 * property read included: with the per-request body memo of `BodyScope`, the inbox's CPU per request went
 * from 4.0 to 3.4 ms, `scripts/bench/inbox.mjs`.)
 */
function guardEveryField(schema: GraphQLSchema): void {
  for (const { type, field } of objectFields(schema)) {
    const rule = accessRuleOf(type, field);
    const textCap = field.args.length > 0 ? textCapOf(field) : null;
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (root, args: Record<string, unknown>, context, info) => {
      assertAccess(rule, (context as GraphqlContext).viewer);
      if (textCap !== null) assertTextInput(args, textCap);
      return resolve(root, args, context, info);
    };
  }
}
