import { createParameterDecorator } from 'type-graphql';
import type { BodyPermission } from '../auth/viewer.js';
import { NotFoundError } from '../common/errors.js';
import { bodyNotFoundMessage } from '../tenancy/body-scope.js';
import type { GraphqlContext } from './context.js';

/** Where the operation names its body: an argument (operations), or a field of the parent (field resolvers). */
export type BodySource = { arg: string } | { root: string };

/**
 * The caller's `BodyContext` for the body the operation names, with the permission it needs declared on
 * the resolver (as Vendure's `@Allow`):
 *
 *   async addAgendaItem(@Arg('bodyId', () => UuidScalar) bodyId: string, …, @InBody('prepare') ctx: PersonContext)
 *   async agenda(@Root() root: MeetingType, @InBody('read', { root: 'bodyId' }) ctx: PersonContext)
 *
 * The body id is read from the argument `bodyId` unless `source` names another argument or a field of the
 * parent; the argument itself stays declared with `@Arg`. Fails closed with the errors of
 * `BodyScope.context`: UNAUTHENTICATED without a caller, NOT_FOUND for a body unseen, a body id that is
 * not a string, or a missing permission, BODY_UNAVAILABLE / BODY_READ_ONLY for what the body's status
 * forbids, BODY_SCHEMA_BEHIND during its migration.
 */
export function InBody(permission: BodyPermission, source: BodySource = { arg: 'bodyId' }) {
  return createParameterDecorator<GraphqlContext>(async ({ args, root, context }) => {
    const holder: unknown =
      'arg' in source ? (args as Record<string, unknown>)[source.arg] : (root as Record<string, unknown> | null)?.[source.root];
    if (typeof holder !== 'string') throw new NotFoundError(bodyNotFoundMessage);
    return context.bodies.contextById(holder, permission);
  });
}
