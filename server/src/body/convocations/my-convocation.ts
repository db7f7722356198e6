import type { EntityManager } from '@mikro-orm/postgresql';
import { AttendanceAnswer } from '../attendance/attendance-answer.entity.js';
import { ConvocationRecipient, MeetingReceipt } from './convocation.entity.js';

/** Where one official stands on one meeting's convocation: what the inbox shows of it. */
export interface ConvocationStatus {
  /** Their row as convened by the latest send. */
  recipient: ConvocationRecipient;
  receipt: MeetingReceipt | null;
  /** The current answer (not superseded). */
  answer: AttendanceAnswer | null;
  /** Display names (as convened) of the people the current answer names: its proxy holder. */
  names: ReadonlyMap<string, string>;
}

/**
 * The official's status on each of these meetings of one body: three queries whatever their number,
 * plus one for the proxy holders' names when an answer is a proxy. Meetings they are not convened to
 * are absent from the map.
 */
export async function convocationStatuses(em: EntityManager, meetingIds: readonly string[], personId: string): Promise<Map<string, ConvocationStatus>> {
  const where = { meetingId: { $in: [...meetingIds] }, personId };
  const [rows, receipts, answers] = await Promise.all([
    em.find(ConvocationRecipient, where, { orderBy: { createdAt: 'asc' } }),
    em.find(MeetingReceipt, where),
    em.find(AttendanceAnswer, { ...where, supersededAt: null }),
  ]);
  const proxies = answers.filter((answer) => answer.proxyHolderId);
  const holders =
    proxies.length === 0
      ? []
      : await em.find(ConvocationRecipient, { $or: proxies.map((answer) => ({ meetingId: answer.meetingId, personId: answer.proxyHolderId! })) }, { orderBy: { createdAt: 'asc' } });
  // Ascending order: the latest send's row wins.
  const latest = new Map(rows.map((row) => [row.meetingId, row]));
  return new Map(
    [...latest].map(([meetingId, recipient]) => [
      meetingId,
      {
        recipient,
        receipt: receipts.find((receipt) => receipt.meetingId === meetingId) ?? null,
        answer: answers.find((answer) => answer.meetingId === meetingId) ?? null,
        names: new Map(holders.filter((holder) => holder.meetingId === meetingId).map((holder) => [holder.personId, holder.displayName])),
      },
    ]),
  );
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
