import type { EntityManager } from '@mikro-orm/postgresql';
import { AttendanceAnswer } from '../../attendance/attendance-answer.entity.js';
import { ConvocationRecipient, Delivery, DocumentDownload, MeetingReceipt } from '../convocation.entity.js';

export interface FollowUp {
  recipient: ConvocationRecipient;
  deliveries: Delivery[];
  receipt: MeetingReceipt | null;
  documentsDownloaded: number;
  answer: AttendanceAnswer | null;
}

/**
 * Per convened official of a meeting: their deliveries (all sends), receipt, downloads and answer.
 * `inOffice` keeps only those still in office on the meeting's day (the follow-up, the attendance sheet);
 * without it, everyone ever convened (the proof: history stays).
 */
export async function followUpOf(
  em: EntityManager,
  meetingId: string,
  options: { personId?: string; inOffice?: ReadonlyMap<string, unknown> } = {},
): Promise<FollowUp[]> {
  const { personId, inOffice } = options;
  const where = personId ? { meetingId, personId } : { meetingId };
  const rows = (await em.find(ConvocationRecipient, where, { orderBy: { createdAt: 'asc' } })).filter(
    (row) => !inOffice || inOffice.has(row.personId),
  );
  const [deliveries, receipts, downloads, answers] = await Promise.all([
    em.find(Delivery, { recipientId: { $in: rows.map((row) => row.id) } }, { orderBy: { createdAt: 'asc' } }),
    em.find(MeetingReceipt, where),
    em.find(DocumentDownload, where),
    em.find(AttendanceAnswer, { ...where, supersededAt: null }),
  ]);
  const latest = new Map(rows.map((row) => [row.personId, row]));
  return [...latest.values()]
    .map((recipient) => {
      const ids = new Set(rows.filter((row) => row.personId === recipient.personId).map((row) => row.id));
      return {
        recipient,
        deliveries: deliveries.filter((delivery) => ids.has(delivery.recipientId)),
        receipt: receipts.find((receipt) => receipt.personId === recipient.personId) ?? null,
        documentsDownloaded: new Set(
          downloads.filter((download) => download.personId === recipient.personId).map((download) => download.documentVersionId),
        ).size,
        answer: answers.find((answer) => answer.personId === recipient.personId) ?? null,
      };
    })
    .sort((left, right) => left.recipient.displayName.localeCompare(right.recipient.displayName, 'fr'));
}
