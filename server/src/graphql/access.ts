import type { GraphQLField, GraphQLNamedType, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { Extensions } from 'type-graphql';
import { ForbiddenError, UnauthenticatedError } from '../common/errors.js';
import type { Viewer } from '../auth/viewer.js';

/**
 * The authorization decision every field must carry, on the field or on its type:
 * - `public`: anyone, even without a token (e.g. the legal deadline calculator);
 * - `authenticated`: a valid token of a known person; body-level roles are then checked by `BodyScope`
 *   when the resolver enters a body, and by the resolver for the object it returns;
 * - `coordinator`: the coordinating body of the groupement.
 */
export type AccessRule = 'public' | 'authenticated' | 'coordinator';

export const Access = (rule: AccessRule) => Extensions({ access: rule });

function ruleOf(extensions: Readonly<Record<string, unknown>> | null | undefined): AccessRule | undefined {
  return extensions?.access as AccessRule | undefined;
}

/** The decision of a field: its own, else its type's; undefined when neither has one. */
export function accessRuleOf(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): AccessRule | undefined {
  return ruleOf(field.extensions) ?? ruleOf(type.extensions);
}

/** Refuses a field the viewer may not resolve under `rule`; a field without a decision is refused (fail closed). */
export function assertAccess(rule: AccessRule | undefined, viewer: Viewer): void {
  if (rule === 'public') return;
  if (!viewer.isAuthenticated) throw new UnauthenticatedError();
  if (rule === 'coordinator' && !viewer.isCoordinator) throw new ForbiddenError();
  if (rule === undefined) throw new ForbiddenError();
}

/**
 * The object types of a schema and their fields. Tested by tag, not `instanceof`: under the test
 * transform type-graphql may load another copy of graphql-js than ours (dual package), and an
 * `instanceof` check would then silently see no type at all.
 */
export function objectFields(schema: GraphQLSchema): { type: GraphQLObjectType; field: GraphQLField<unknown, unknown> }[] {
  const isObjectType = (type: GraphQLNamedType): type is GraphQLObjectType =>
    Object.prototype.toString.call(type) === '[object GraphQLObjectType]';
  return Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter((type) => !type.name.startsWith('__'))
    .flatMap((type) => Object.values(type.getFields()).map((field) => ({ type, field })));
}

/** Schema coordinates (`Type.field`) that carry no access decision; CI fails when this is not empty. */
export function fieldsWithoutAccessDecision(schema: GraphQLSchema): string[] {
  return objectFields(schema)
    .filter(({ type, field }) => !accessRuleOf(type, field))
    .map(({ type, field }) => `${type.name}.${field.name}`);
}
