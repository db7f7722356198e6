import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '../common/ids.js';
import { CoalescedRead } from '../db/coalesced-read.js';
import { PreparedStatement } from '../db/prepared-statement.js';
import { Body } from '../platform/bodies/body.entity.js';

const bodyRows = new CoalescedRead<Record<string, unknown>>(
  new PreparedStatement('select * from platform.body where id = any($keys::uuid[])'),
  (row) => row.id as string,
);

/**
 * A body by id, as `em.findOne(Body, { id })` returns it — the entity this EntityManager manages, the
 * one of its identity map when it holds it — but read with a prepared statement shared by the requests
 * arriving together (`CoalescedRead`) and mapped from the row:
 * every request into a body reads its row, and the ORM's query building and result mapping for it were
 * a tenth of a ballot's CPU (docs/benchmarks.md, the séance). Inside a transaction, `findOne` (a
 * prepared statement runs in its own).
 */
export async function findBodyById(em: EntityManager, id: string): Promise<Body | null> {
  if (!isUuid(id)) return null;
  const known = em.getUnitOfWork().getById(Body, id);
  if (known) return known;
  if (em.getTransactionContext()) return em.findOne(Body, { id });
  const row = await bodyRows.read(em, id);
  if (!row) return null;
  // What `findOne` does with the row it read: mapped to properties, then created in (or merged into) the identity map.
  const data = em.getDriver().mapResult(row, em.getMetadata(Body));
  return em.getEntityFactory().create(Body, data!, { merge: true, convertCustomTypes: true });
}
