import { recordMeetingEvents } from '../../../evidence/meeting-events.js';
import type { Accepted } from '../../../notify/channels/channel.js';
import { PermanentDeliveryError } from '../../../notify/channels/registry.js';
import type { BodyContext, BodyServices } from '../../../tenancy/body-context.js';
import { Convocation, ConvocationRecipient, Delivery } from '../convocation.entity.js';
import { mailboxAddress } from '../../../common/mailbox.js';
import { deliveryNotice } from '../../changes/change-messages.js';
import type { MeetingChange } from '../../changes/meeting-change.entity.js';
import { changeOfDelivery } from '../../changes/meeting-changes.js';
import { Meeting } from '../../meetings/meeting.entity.js';
import { mailIdentity } from '../../../notify/mail-identity.js';

/** What the delivery job reads of its context: the body, its data, the channels and the convocation settings. */
export type DeliveryContext = Pick<BodyContext, 'body' | 'em'> & { services: Pick<BodyServices, 'channels' | 'convocations'> };

/** Sends one delivery through its channel, with the words of the send it belongs to. */
function sendThrough(
  { body, services: { channels, convocations } }: DeliveryContext,
  delivery: Delivery,
  recipient: ConvocationRecipient,
  convocation: Convocation,
  change: MeetingChange | null,
): Promise<Accepted> {
  const organizer = { name: convocation.manifest.body.name, email: mailboxAddress(convocations.mailFrom) ?? convocations.mailFrom };
  const notice = {
    ...deliveryNotice(convocations.publicUrl, organizer, delivery.purpose, convocation, change),
    sender: mailIdentity(body),
  };
  return channels.send(
    delivery.channel,
    {
      deliveryId: delivery.id,
      sendKey: delivery.sendKey,
      address: delivery.address,
      personId: recipient.personId,
      name: recipient.displayName,
    },
    notice,
  );
}

/**
 * The delivery job: sends one message, then records the outcome in the row and the ledger. A delivery
 * that is no longer PENDING is left alone, so a job run twice records once. The message itself may, after
 * a crash between the hand-off to the channel and the commit of its outcome, be sent twice (never lost):
 * `sendingSince` is committed before each hand-off, so the next attempt finds it set and counts an
 * interrupted send, which the follow-up shows; an email carries the same Message-ID each time.
 */
export async function deliver(
  ctx: DeliveryContext,
  { deliveryId, attempt }: { deliveryId: string; attempt: { number: number; max: number } },
): Promise<void> {
  const { body, em, services } = ctx;
  const delivery = await em.findOne(Delivery, { id: deliveryId });
  if (!delivery || delivery.status !== 'PENDING') return;
  const recipient = await em.findOneOrFail(ConvocationRecipient, { id: delivery.recipientId });
  const convocation = await em.findOneOrFail(Convocation, { id: recipient.convocationId });
  const interruptedSends = delivery.interruptedSends + (delivery.sendingSince ? 1 : 0);
  const handingOff = await em.nativeUpdate(
    Delivery,
    { id: delivery.id, status: 'PENDING' },
    { sendingSince: new Date(), interruptedSends },
  );
  if (handingOff === 0) return;
  const record = (status: 'ACCEPTED' | 'FAILED', fields: Partial<Delivery>, payload: Record<string, unknown>) =>
    em.transactional(async (tx) => {
      const updated = await tx.nativeUpdate(
        Delivery,
        { id: delivery.id, status: 'PENDING' },
        { status, attempts: attempt.number, sendingSince: null, ...fields },
      );
      if (updated === 0) return;
      await recordMeetingEvents(
        tx,
        body.id,
        recipient.meetingId,
        [
          {
            kind: status === 'ACCEPTED' ? 'DELIVERY_ACCEPTED' : 'DELIVERY_FAILED',
            payload: {
              deliveryId: delivery.id,
              personId: recipient.personId,
              channel: delivery.channel,
              purpose: delivery.purpose,
              convocationId: convocation.id,
              ...(interruptedSends > 0 ? { interruptedSends } : {}),
              ...payload,
            },
          },
        ],
        services.convocations.anchorBatchSeconds,
      );
    });
  try {
    // A notice of the cancellation went out instead: the convocation, reminder or supplement of a meeting
    // cancelled while it waited in the queue is not sent after it (its change notices are).
    if (delivery.purpose !== 'CHANGE' && (await em.findOneOrFail(Meeting, { id: recipient.meetingId })).status === 'CANCELLED') {
      throw new PermanentDeliveryError('MEETING_CANCELLED', 'the meeting was cancelled before this message left');
    }
    const accepted = await sendThrough(ctx, delivery, recipient, convocation, await changeOfDelivery(em, delivery, recipient.meetingId));
    const at = new Date();
    await record(
      'ACCEPTED',
      { acceptedAt: at, providerReference: accepted.reference, lastError: null },
      { reference: accepted.reference, response: accepted.response, at: at.toISOString() },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message.slice(0, 500) : String(error);
    if (error instanceof PermanentDeliveryError || attempt.number >= attempt.max) {
      const code = error instanceof PermanentDeliveryError ? error.code : 'RETRIES_EXHAUSTED';
      await record('FAILED', { lastError: `${code}: ${message}` }, { code, error: message, at: new Date().toISOString() });
      return;
    }
    await em.nativeUpdate(
      Delivery,
      { id: delivery.id, status: 'PENDING' },
      { attempts: attempt.number, lastError: message, sendingSince: null },
    );
    throw error;
  }
}
