import type { EntityManager } from '@mikro-orm/postgresql';
import { recordMeetingEvents } from '../../../evidence/meeting-events.js';
import { PermanentDeliveryError, type NotificationChannels } from '../../../notify/channels.js';
import { PushSubscription } from '../../../platform/alerts/push-subscription.entity.js';
import type { Body } from '../../../platform/bodies/body.entity.js';
import { Convocation, ConvocationRecipient, Delivery } from '../convocation.entity.js';
import type { ConvocationSettings } from '../convocation-settings.js';
import { countOf } from '../../../common/french.js';
import { convocationText, meetingLink } from './convocation-text.js';
import { convocationEmail, convocationSms } from './convocation-messages.js';

export interface DeliveryServices {
  channels: NotificationChannels;
  settings: ConvocationSettings;
  publicUrl: string;
  platformEm: EntityManager;
}

/** What the channel's provider answered, for the record. */
interface Accepted {
  reference: string;
  response: string;
}

async function sendThrough(services: DeliveryServices, delivery: Delivery, recipient: ConvocationRecipient, convocation: Convocation): Promise<Accepted> {
  const manifest = convocation.manifest;
  const link = meetingLink(services.publicUrl, manifest.body.id, manifest.meeting.id);
  const text = convocationText(manifest, { link, reminder: delivery.purpose === 'REMINDER' });
  switch (delivery.channel) {
    case 'EMAIL': {
      const sent = await services.channels.email.send({
        to: delivery.address,
        toName: recipient.displayName,
        ...convocationEmail(text),
        messageId: `cartable.${delivery.id}`,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Cartable-Manifest-SHA256': convocation.manifestSha256 },
      });
      return { reference: sent.messageId, response: sent.response };
    }
    case 'SMS': {
      if (!services.channels.sms) throw new PermanentDeliveryError('SMS_DISABLED', 'no SMS provider is configured');
      const sent = await services.channels.sms.send({ to: delivery.address, text: convocationSms(manifest, link, delivery.purpose === 'REMINDER'), idempotencyKey: delivery.sendKey });
      return { reference: sent.providerMessageId, response: services.channels.sms.provider };
    }
    case 'PUSH': {
      const subscriptions = await services.platformEm.fork().find(PushSubscription, { personId: recipient.personId });
      if (subscriptions.length === 0) throw new PermanentDeliveryError('NO_DEVICE', 'no push subscription left');
      const results = await Promise.allSettled(
        subscriptions.map((subscription) =>
          services.channels.push.send(
            { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
            { title: text.subject, body: text.opening.at(-1) ?? text.subject, url: link, tag: `meeting-${manifest.meeting.id}` },
            { urgency: 'high', topic: delivery.id.replace(/-/g, '').slice(0, 32) },
          ),
        ),
      );
      const gone = subscriptions.filter((_, index) => {
        const result = results[index]!;
        return result.status === 'rejected' && result.reason instanceof PermanentDeliveryError;
      });
      if (gone.length > 0) await services.platformEm.fork().nativeDelete(PushSubscription, { id: { $in: gone.map((subscription) => subscription.id) } });
      const accepted = results.filter((result) => result.status === 'fulfilled').length;
      if (accepted === 0) {
        const transient = results.find((result) => result.status === 'rejected' && !(result.reason instanceof PermanentDeliveryError));
        if (transient?.status === 'rejected') throw transient.reason;
        throw new PermanentDeliveryError('SUBSCRIPTION_GONE', 'every push subscription is gone');
      }
      return { reference: `${accepted}/${subscriptions.length}`, response: `${countOf(accepted, 'appareil')} sur ${subscriptions.length}` };
    }
    case 'LETTER':
      throw new PermanentDeliveryError('NOT_ELECTRONIC', 'letters are printed and posted by the secretariat');
  }
}

/**
 * The delivery job: sends one message, then records the outcome in the row and the ledger. A delivery
 * that is no longer PENDING is left alone, so a job run twice records once. The message itself may, after
 * a crash between the hand-off to the channel and the commit of its outcome, be sent twice (never lost):
 * `sendingSince` is committed before each hand-off, so the next attempt finds it set and counts an
 * interrupted send, which the follow-up shows; an email carries the same Message-ID each time.
 */
export async function deliver(
  services: DeliveryServices,
  body: Body,
  em: EntityManager,
  deliveryId: string,
  attempt: { number: number; max: number },
): Promise<void> {
  const delivery = await em.findOne(Delivery, { id: deliveryId });
  if (!delivery || delivery.status !== 'PENDING') return;
  const recipient = await em.findOneOrFail(ConvocationRecipient, { id: delivery.recipientId });
  const convocation = await em.findOneOrFail(Convocation, { id: recipient.convocationId });
  const interruptedSends = delivery.interruptedSends + (delivery.sendingSince ? 1 : 0);
  const handingOff = await em.nativeUpdate(Delivery, { id: delivery.id, status: 'PENDING' }, { sendingSince: new Date(), interruptedSends });
  if (handingOff === 0) return;
  const record = (status: 'ACCEPTED' | 'FAILED', fields: Partial<Delivery>, payload: Record<string, unknown>) =>
    em.transactional(async (tx) => {
      const updated = await tx.nativeUpdate(Delivery, { id: delivery.id, status: 'PENDING' }, { status, attempts: attempt.number, sendingSince: null, ...fields });
      if (updated === 0) return;
      await recordMeetingEvents(
        tx,
        body.id,
        recipient.meetingId,
        [{ kind: status === 'ACCEPTED' ? 'DELIVERY_ACCEPTED' : 'DELIVERY_FAILED', payload: { deliveryId: delivery.id, personId: recipient.personId, channel: delivery.channel, purpose: delivery.purpose, convocationId: convocation.id, ...(interruptedSends > 0 ? { interruptedSends } : {}), ...payload } }],
        services.settings.anchorBatchSeconds,
      );
    });
  try {
    const accepted = await sendThrough(services, delivery, recipient, convocation);
    const at = new Date();
    await record('ACCEPTED', { acceptedAt: at, providerReference: accepted.reference, lastError: null }, { reference: accepted.reference, response: accepted.response, at: at.toISOString() });
  } catch (error) {
    const message = error instanceof Error ? error.message.slice(0, 500) : String(error);
    if (error instanceof PermanentDeliveryError || attempt.number >= attempt.max) {
      const code = error instanceof PermanentDeliveryError ? error.code : 'RETRIES_EXHAUSTED';
      await record('FAILED', { lastError: `${code}: ${message}` }, { code, error: message, at: new Date().toISOString() });
      return;
    }
    await em.nativeUpdate(Delivery, { id: delivery.id, status: 'PENDING' }, { attempts: attempt.number, lastError: message, sendingSince: null });
    throw error;
  }
}
