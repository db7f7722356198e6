import type { EntityManager } from '@mikro-orm/postgresql';
import { quoteSchema } from '../../../tenancy/schema-name.js';
import { convocationStatusSql, statusOf, type ConvocationStatus, type StatusRow } from '../../inbox/inbox-index.js';

/**
 * The official's status on each of these meetings of one body (the schema of `em`, a BodyScope fork),
 * in one statement whatever their number (the meeting page's; the inbox reads the index). Meetings they
 * are not convened to are absent from the map.
 */
export async function convocationStatuses(
  em: EntityManager,
  meetingIds: readonly string[],
  personId: string,
): Promise<Map<string, ConvocationStatus>> {
  const rows = await em.execute<StatusRow[]>(
    convocationStatusSql(quoteSchema(em.schema!), 'meeting_id = any(?::uuid[]) and person_id = ?'),
    [`{${meetingIds.join(',')}}`, personId],
  );
  return new Map(rows.map((row) => [row.meeting_id, statusOf(row)]));
}

interface Batch {
  meetingIds: Set<string>;
  statuses: Promise<Map<string, ConvocationStatus>>;
}

/**
 * One per request: the `myConvocation` of every meeting of a body asked during the same turn of the
 * event loop (the inbox asks it of each meeting of the list) is read by one `convocationStatuses`
 * for that body. Nothing is kept between batches: a read after a write sees the write.
 */
export class ConvocationStatusLoader {
  private readonly pending = new Map<string, Batch>();

  constructor(private readonly personId: string | null) {}

  /** `em` must be the request's EntityManager of `bodyId` (entered with the caller's permission). */
  load(bodyId: string, em: EntityManager, meetingId: string): Promise<ConvocationStatus | null> {
    const personId = this.personId;
    if (!personId) return Promise.resolve(null);
    let batch = this.pending.get(bodyId);
    if (!batch) {
      const meetingIds = new Set<string>();
      const statuses = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.pending.delete(bodyId);
        return convocationStatuses(em, [...meetingIds], personId);
      });
      batch = { meetingIds, statuses };
      this.pending.set(bodyId, batch);
    }
    batch.meetingIds.add(meetingId);
    return batch.statuses.then((statuses) => statuses.get(meetingId) ?? null);
  }
}
