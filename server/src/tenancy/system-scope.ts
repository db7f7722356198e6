import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Body } from '../platform/bodies/body.entity.js';
import { Viewer, type MembershipRole, type ViewerProfile } from '../auth/viewer.js';
import { BodyContext, PersonActor, SystemActor, type BodyEnvironment, type PersonContext, type SystemContext } from './body-context.js';
import { bodySchemaName } from './schema-name.js';

/**
 * A body's schema without a viewer, so without a permission check: for jobs, authorised when the request
 * that enqueued them was, and for signed links, authorised when they were issued. Null when the body no
 * longer exists.
 */
async function bodyWithoutViewer(
  orm: MikroORM,
  bodyId: string,
): Promise<{ body: Body; em: EntityManager; platformEm: EntityManager } | null> {
  const platformEm = orm.em.fork();
  const body = await platformEm.findOne(Body, { id: bodyId });
  if (!body) return null;
  return { body, em: orm.em.fork({ schema: bodySchemaName(body.id), clear: true }), platformEm };
}

/**
 * The same `BodyContext` as a request's, with the system as actor (`reason` names the job or link): no
 * permission check, for the reasons above. Null when the body no longer exists.
 */
export async function enterBodyAsSystem(
  orm: MikroORM,
  environment: BodyEnvironment,
  bodyId: string,
  reason: string,
): Promise<SystemContext | null> {
  const entered = await bodyWithoutViewer(orm, bodyId);
  return entered ? systemContext(environment, entered, reason) : null;
}

/**
 * The system's context in a body already found, on the EntityManagers given (the body's schema and the
 * platform's): what `enterBodyAsSystem` hands out, and what the demo loader and the tests build theirs with.
 */
export function systemContext(
  environment: BodyEnvironment,
  at: { body: Body; em: EntityManager; platformEm: EntityManager },
  reason: string,
): SystemContext {
  const { services, clock, logger } = environment;
  return new BodyContext({
    ...at,
    actor: new SystemActor(reason),
    clock,
    services,
    logger: logger.child({ bodyId: at.body.id, actor: reason }),
  });
}

/**
 * The system acting in a person's name, with the roles given, without a request: the demo loader seeds
 * answers and documents as their authors would have, and tests call services as a person. Never used at
 * request time, where `BodyScope.context` checks the caller's real roles. `profile`: their name and email
 * as a request's Viewer holds them (benchmarks of a request's path), else none.
 */
export function onBehalfOf(
  ctx: SystemContext,
  personId: string,
  roles: readonly MembershipRole[],
  profile: ViewerProfile | null = null,
): PersonContext {
  const viewer = new Viewer(personId, [], new Map([[ctx.body.id, roles]]), profile);
  return new BodyContext({ ...ctx, actor: new PersonActor(personId, viewer, ctx.body.id), logger: ctx.logger.child({ personId }) });
}
