import 'reflect-metadata';
import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage, type ClassType } from 'type-graphql';
import { accessRuleOf, assertAccess, objectFields } from './access.js';
import type { GraphqlContext } from './context.js';
import { assertTextInput, textCapOf } from './input-guard.js';
import { DateTimeScalar } from './scalars.js';

/** The executable schema: resolvers by capability, access enforced on every field, text inputs guarded, ISO dates in range. */
export async function buildCartableSchema(resolvers: readonly ClassType[]): Promise<GraphQLSchema> {
  const [first, ...others] = resolvers;
  if (!first) throw new Error('the schema needs at least one resolver');
  readPlainFieldsDirectly();
  const schema = await buildSchema({
    resolvers: [first, ...others],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: { forbidUnknownValues: true },
  });
  guardEveryField(schema);
  return schema;
}

/**
 * A field that is a plain property of its object is read by graphql-js's default resolver, not by
 * type-graphql's, which runs each read through its middleware chain — empty here: access and text guards
 * are put in front of every field below (`guardEveryField`). About 5 % of the inbox's CPU per request.
 * Type-graphql skips a field's own middlewares and roles for such fields: none may declare any.
 */
function readPlainFieldsDirectly(): void {
  const metadata = getMetadataStorage();
  const guarded = metadata.fields.find((field) => (field.middlewares?.length ?? 0) > 0 || field.roles !== undefined);
  if (guarded) throw new Error(`${guarded.target.name}.${guarded.name}: use @Access, not type-graphql middlewares or roles`);
  for (const type of metadata.objectTypes) type.simpleResolvers ??= true;
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
