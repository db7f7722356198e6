import type { Logger } from '../../common/logger.js';
import type { Config } from '../../config/env.js';
import { PermanentDeliveryError } from '../delivery-error.js';
import type { Accepted, ChannelDependencies, ChannelSender, ContactSheet, DeliveryChannel, DeliveryTarget, Notice } from './channel.js';
import type { EmailSender } from '../email.js';
import { emailChannel } from './email.js';
import { letterChannel } from './letter.js';
import { pushChannel } from './push.js';
import { smsChannel } from './sms.js';

export { PermanentDeliveryError } from '../delivery-error.js';
export type { EmailDelivery, EmailMessage, EmailSender } from '../email.js';
export type { PushPayload, PushSendOptions, PushSender, PushSubscriptionKeys } from '../push.js';
export type { SmsMessage, SmsSender } from '../sms.js';

/**
 * Every way this server can reach a person, in the order a person's channels are listed. Adding a channel:
 * its adapter (a `DeliveryChannel`) in this folder, one line here — see docs/architecture.md, « Adding a
 * delivery channel ».
 */
export const deliveryChannels = [emailChannel, smsChannel, pushChannel, letterChannel] as const;

export type DeliveryChannelId = (typeof deliveryChannels)[number]['id'];

/** The ids, in the registry's order: the values of `delivery.channel` and of the GraphQL enum. */
export const deliveryChannelIds: readonly DeliveryChannelId[] = deliveryChannels.map((channel) => channel.id);

const byId = new Map<string, DeliveryChannel>(deliveryChannels.map((channel) => [channel.id, channel]));

export function deliveryChannel(id: DeliveryChannelId): DeliveryChannel<DeliveryChannelId> {
  return byId.get(id)! as DeliveryChannel<DeliveryChannelId>;
}

/** A channel this server has no transport for, and why, in French for the secretariat. */
export interface ChannelOff {
  channel: DeliveryChannelId;
  reason: string;
}

/**
 * The channels the configuration leaves off (SMS without SMS_PROVIDER). Nothing is planned on them (no
 * preview line, no delivery, nothing in the proof); the preview tells the secretariat why.
 */
export function channelsOff(config: Config): ChannelOff[] {
  return deliveryChannels.flatMap((channel) => {
    const reason = channel.offReason(config);
    return reason === null ? [] : [{ channel: channel.id, reason }];
  });
}

/** Each channel of `mode` the person can be reached through today, with its address; never one that is off. */
export function reachableChannels(
  contact: ContactSheet,
  mode: DeliveryChannel['mode'],
  off: readonly ChannelOff[],
): { channel: DeliveryChannelId; address: string }[] {
  const offIds = new Set(off.map((item) => item.channel));
  return deliveryChannels.flatMap((channel) => {
    if (channel.mode !== mode || offIds.has(channel.id)) return [];
    const address = channel.addressOf(contact);
    return address === null ? [] : [{ channel: channel.id, address }];
  });
}

/**
 * The opt-in a person's alert choice lacks its contact for (SMS alerts without a mobile number), or null.
 * Where a person sets their alerts.
 */
export function missingOptInContact(contact: Pick<ContactSheet, 'mobilePhone' | 'smsAlerts'>): { field: string; message: string } | null {
  for (const { optIn } of deliveryChannels as readonly DeliveryChannel[]) {
    if (optIn && contact[optIn.consent] && !contact[optIn.contact]) return { field: optIn.contact, message: optIn.missingContact };
  }
  return null;
}

/** The electronic channels this server sends through, opened from the configuration. */
export interface NotificationChannels {
  /** Sends one message; a PermanentDeliveryError for a channel off on this server, or printed (paper). */
  send(channel: DeliveryChannelId, target: DeliveryTarget, notice: Notice): Promise<Accepted>;
  /** The email transport, for the platform's own mails that are no delivery (invitations, password resets). */
  readonly email: EmailSender;
  /** The VAPID public key: the `applicationServerKey` of the browsers' `pushManager.subscribe()`. */
  readonly pushPublicKey: string;
  close(): Promise<void>;
}

/** Opens every channel the configuration leaves on, and logs which transport each one uses. */
export async function createNotificationChannels(
  config: Config,
  logger: Logger,
  dependencies: ChannelDependencies,
): Promise<NotificationChannels> {
  const senders = new Map<string, ChannelSender>();
  const described: Record<string, string> = {};
  for (const channel of deliveryChannels as readonly DeliveryChannel[]) {
    const sender = channel.offReason(config) === null ? await channel.open(config, logger, dependencies) : null;
    if (sender) senders.set(channel.id, sender);
    if (channel.mode === 'ELECTRONIC') described[channel.id.toLowerCase()] = sender?.description ?? 'off';
  }
  logger.info(described, 'notification channels');
  const push = senders.get(pushChannel.id) as Awaited<ReturnType<typeof pushChannel.open>>;
  const email = senders.get(emailChannel.id) as Awaited<ReturnType<typeof emailChannel.open>>;
  return {
    email: email.transport,
    pushPublicKey: push.publicKey,
    async send(id, target, notice) {
      const channel = deliveryChannel(id);
      if (channel.mode === 'PAPER') throw new PermanentDeliveryError('NOT_ELECTRONIC', 'letters are printed and posted by the secretariat');
      const sender = senders.get(id);
      if (!sender) throw new PermanentDeliveryError(`${id}_DISABLED`, `the ${channel.label} channel is off on this server`);
      return sender.send(target, notice);
    },
    async close() {
      await Promise.all([...senders.values()].map((sender) => sender.close?.()));
    },
  };
}
