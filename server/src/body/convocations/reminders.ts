import type { EntityManager } from '@mikro-orm/postgresql';
import { CartableError, ErrorCode } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { enqueueJobs } from '../../jobs/job-queue.js';
import { findMeeting } from '../meetings/meeting.service.js';
import { Convocation, Delivery, MeetingReceipt } from './convocation.entity.js';
import { followUpOf } from './follow-up.js';
import { convocationTaskNames } from './task-names.js';

/**
 * Reminds the officials convened electronically who have not acknowledged yet, through the channels of
 * their convocation. `tag` makes the send keys: the scheduled reminder uses a fixed tag, so a retried
 * job reminds once; each manual reminder gets its own. Returns the number of officials reminded.
 */
export async function sendReminders(em: EntityManager, bodyId: string, meetingId: string, tag: string, now = new Date()): Promise<number> {
  return em.transactional(async (tx) => {
    await findMeeting(tx, meetingId);
    const initial = await tx.findOne(Convocation, { meetingId, kind: 'INITIAL' });
    if (!initial) throw new CartableError(ErrorCode.PreconditionFailed, 'Cette séance n’a pas encore été convoquée.', { reason: 'NOT_CONVENED' });
    const meetingStarts = new Date(initial.manifest.meeting.startsAt);
    if (meetingStarts <= now) throw new CartableError(ErrorCode.PreconditionFailed, 'La séance a déjà commencé.', { reason: 'MEETING_PAST' });
    const acknowledged = new Set((await tx.find(MeetingReceipt, { meetingId, acknowledgedAt: { $ne: null } })).map((receipt) => receipt.personId));
    const pending = (await followUpOf(tx, meetingId)).filter((entry) => entry.recipient.channel === 'ELECTRONIC' && !acknowledged.has(entry.recipient.personId));
    const sendKey = (entry: (typeof pending)[number], channel: string) => `${entry.recipient.convocationId}:${entry.recipient.personId}:${channel}:REMINDER:${tag}`;
    // A job that runs again after its commit finds its reminders already there.
    const done = new Set(
      (await tx.find(Delivery, { sendKey: { $in: pending.flatMap((entry) => entry.deliveries.map((delivery) => sendKey(entry, delivery.channel))) } })).map((delivery) => delivery.sendKey),
    );
    const deliveries = pending.flatMap((entry) =>
      entry.deliveries
        .filter((delivery) => delivery.purpose === 'CONVOCATION' && delivery.recipientId === entry.recipient.id && !done.has(sendKey(entry, delivery.channel)))
        .map((delivery) =>
          tx.create(Delivery, {
            id: uuidv7(),
            recipientId: entry.recipient.id,
            channel: delivery.channel,
            purpose: 'REMINDER',
            sendKey: sendKey(entry, delivery.channel),
            address: delivery.address,
            status: 'PENDING',
          }),
        ),
    );
    await tx.flush();
    await enqueueJobs(
      tx,
      deliveries.map((delivery) => ({ task: convocationTaskNames.deliver, payload: { bodyId, deliveryId: delivery.id }, jobKey: `delivery:${delivery.id}` })),
    );
    return new Set(deliveries.map((delivery) => delivery.recipientId)).size;
  });
}
