import type { EntityManager } from '@mikro-orm/postgresql';
import { MeetingReceipt } from './convocation.entity.js';
import { followUpOf } from './follow-up.js';
import { findMeeting } from '../meetings/meeting.service.js';
import { lockOpenMeeting, queueDeliveries } from './later-messages.js';

/**
 * Reminds the officials convened electronically who have not acknowledged yet, through the channels of
 * their convocation. `tag` makes the send keys: the scheduled reminder uses a fixed tag, so a retried
 * job reminds once; each manual reminder gets its own. Returns the number of officials reminded.
 */
export async function sendReminders(em: EntityManager, bodyId: string, meetingId: string, tag: string, now = new Date()): Promise<number> {
  return em.transactional(async (tx) => {
    await lockOpenMeeting(tx, await findMeeting(tx, meetingId), now);
    const acknowledged = new Set((await tx.find(MeetingReceipt, { meetingId, acknowledgedAt: { $ne: null } })).map((receipt) => receipt.personId));
    const pending = (await followUpOf(tx, meetingId)).filter((entry) => entry.recipient.channel === 'ELECTRONIC' && !acknowledged.has(entry.recipient.personId));
    const deliveries = await queueDeliveries(
      tx,
      bodyId,
      pending.flatMap((entry) =>
        entry.deliveries
          .filter((delivery) => delivery.purpose === 'CONVOCATION' && delivery.recipientId === entry.recipient.id)
          .map((delivery) => ({
            recipientId: entry.recipient.id,
            channel: delivery.channel,
            purpose: 'REMINDER' as const,
            sendKey: `${entry.recipient.convocationId}:${entry.recipient.personId}:${delivery.channel}:REMINDER:${tag}`,
            address: delivery.address,
          })),
      ),
    );
    return new Set(deliveries.map((delivery) => delivery.recipientId)).size;
  });
}
