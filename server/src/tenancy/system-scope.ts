import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Body } from '../platform/bodies/body.entity.js';
import { BodyContext, SystemActor, type BodyEnvironment, type SystemContext } from './body-context.js';
import { bodySchemaName } from './schema-name.js';

/**
 * A body's schema without a viewer, so without a permission check: for jobs, authorised when the request
 * that enqueued them was, and for signed links, authorised when they were issued. Null when the body no
 * longer exists.
 */
export async function enterBodyWithoutViewer(orm: MikroORM, bodyId: string): Promise<{ body: Body; em: EntityManager; platformEm: EntityManager } | null> {
  const platformEm = orm.em.fork();
  const body = await platformEm.findOne(Body, { id: bodyId });
  if (!body) return null;
  return { body, em: orm.em.fork({ schema: bodySchemaName(body.id), clear: true }), platformEm };
}

/**
 * The same `BodyContext` as a request's, with the system as actor (`reason` names the job or link): no
 * permission check, for the reasons above. Null when the body no longer exists.
 */
export async function enterBodyAsSystem(orm: MikroORM, environment: BodyEnvironment, bodyId: string, reason: string): Promise<SystemContext | null> {
  const entered = await enterBodyWithoutViewer(orm, bodyId);
  if (!entered) return null;
  const { services, clock, logger } = environment;
  return new BodyContext({ ...entered, actor: new SystemActor(reason), clock, services, logger: logger.child({ bodyId, actor: reason }) });
}
