import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Body } from '../platform/bodies/body.entity.js';
import { bodySchemaName } from './schema-name.js';

/**
 * A body's schema for work that runs outside any request (jobs): no viewer, so no permission check —
 * the job was authorised when the request that enqueued it was. Null when the body no longer exists.
 */
export async function enterBodyForJob(orm: MikroORM, bodyId: string): Promise<{ body: Body; em: EntityManager; platformEm: EntityManager } | null> {
  const platformEm = orm.em.fork();
  const body = await platformEm.findOne(Body, { id: bodyId });
  if (!body) return null;
  return { body, em: orm.em.fork({ schema: bodySchemaName(body.id), clear: true }), platformEm };
}
