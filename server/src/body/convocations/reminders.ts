import type { EntityManager } from '@mikro-orm/postgresql';
import type { Body } from '../../platform/bodies/body.entity.js';
import { seatsInOfficeAt } from '../assemblies/members-in-office.js';
import { MeetingReceipt } from './convocation.entity.js';
import { followUpOf } from './follow-up.js';
import { findMeeting } from '../meetings/meeting.service.js';
import { lockOpenMeeting, queueDeliveries } from './later-messages.js';

/**
 * Reminds the officials convened electronically who have not acknowledged yet, through the channels of
 * their convocation. `tag` makes the send keys: the scheduled reminder uses a fixed tag, so a retried
 * job reminds once; each manual reminder gets its own. Returns the number of officials reminded.
 */
export async function sendReminders(em: EntityManager, body: Pick<Body, 'id' | 'timeZone'>, meetingId: string, tag: string, now = new Date()): Promise<number> {
  const bodyId = body.id;
  return em.transactional(async (tx) => {
    const meeting = await findMeeting(tx, meetingId);
    await lockOpenMeeting(tx, meeting, now);
    const acknowledged = new Set((await tx.find(MeetingReceipt, { meetingId, acknowledgedAt: { $ne: null } })).map((receipt) => receipt.personId));
    // Only those still in office on the meeting's day are reminded.
    const pending = (await followUpOf(tx, meetingId, { inOffice: await seatsInOfficeAt(tx, body, meeting) })).filter((entry) => entry.recipient.channel === 'ELECTRONIC' && !acknowledged.has(entry.recipient.personId));
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
