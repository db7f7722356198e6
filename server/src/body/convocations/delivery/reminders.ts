import { zonedDate } from '../../../common/time.js';
import type { BodyContext } from '../../../tenancy/body-context.js';
import { seatsInOfficeAt } from '../../assemblies/members-in-office.js';
import { MeetingReceipt } from '../convocation.entity.js';
import { followUpOf } from '../receipts/follow-up.js';
import { findMeeting } from '../../meetings/meeting.service.js';
import { lockOpenMeeting, queueDeliveries } from './delivery-queue.js';

/**
 * Reminds the officials convened electronically who have not acknowledged yet, through the channels of
 * their convocation, at most once a day each: the send key of a reminder names the official, the channel
 * and the day in the body's time zone, and send keys are unique in the database. The meeting row is locked
 * first, so concurrent calls (a double click, two secretaries, the scheduled job) run one after the other
 * and the later ones find that day's reminders already there. Returns the number of officials reminded.
 */
export async function sendReminders(ctx: Pick<BodyContext, 'body' | 'em'>, meetingId: string): Promise<number> {
  const { body } = ctx;
  const now = new Date();
  return ctx.em.transactional(async (tx) => {
    const meeting = await findMeeting(tx, meetingId);
    await lockOpenMeeting(tx, meeting, now);
    const day = zonedDate(now, body.timeZone);
    const acknowledged = new Set(
      (await tx.find(MeetingReceipt, { meetingId, acknowledgedAt: { $ne: null } })).map((receipt) => receipt.personId),
    );
    // Only those still in office on the meeting's day are reminded.
    const pending = (await followUpOf(tx, meetingId, { inOffice: await seatsInOfficeAt({ em: tx, body }, meeting) })).filter(
      (entry) => entry.recipient.channel === 'ELECTRONIC' && !acknowledged.has(entry.recipient.personId),
    );
    const deliveries = await queueDeliveries(
      tx,
      body.id,
      pending.flatMap((entry) =>
        entry.deliveries
          .filter((delivery) => delivery.purpose === 'CONVOCATION' && delivery.recipientId === entry.recipient.id)
          .map((delivery) => ({
            recipientId: entry.recipient.id,
            channel: delivery.channel,
            purpose: 'REMINDER' as const,
            sendKey: `${entry.recipient.convocationId}:${entry.recipient.personId}:${delivery.channel}:REMINDER:${day}`,
            address: delivery.address,
          })),
      ),
    );
    return new Set(deliveries.map((delivery) => delivery.recipientId)).size;
  });
}
