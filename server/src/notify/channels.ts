import path from 'node:path';
import type { Logger } from '../common/logger.js';
import type { Config } from '../config/env.js';
import { createOutboxEmailSender, createSmtpEmailSender, type EmailSender } from './email.js';
import { createWebPushSender, loadOrCreateVapidKeys, type PushSender } from './push.js';
import { createHttpSmsSender, type SmsSender } from './sms.js';

export { PermanentDeliveryError } from './delivery-error.js';
export type { EmailDelivery, EmailMessage, EmailSender } from './email.js';
export type { PushPayload, PushSendOptions, PushSender, PushSubscriptionKeys } from './push.js';
export type { SmsMessage, SmsSender } from './sms.js';

/** A channel this server has no transport for, and why, in French for the secretariat. */
export interface ChannelOff {
  channel: 'SMS';
  reason: string;
}

/**
 * The channels the configuration leaves off: SMS without SMS_PROVIDER. Nothing is planned on them (no
 * preview line, no delivery, nothing in the proof); the preview tells the secretariat why.
 */
export function channelsOff(config: Pick<Config, 'SMS_PROVIDER'>): ChannelOff[] {
  return config.SMS_PROVIDER
    ? []
    : [{ channel: 'SMS', reason: 'Aucun fournisseur de SMS n’est configuré sur ce serveur : les élus qui ont demandé des alertes SMS les reçoivent par courriel seulement.' }];
}

/** The three ways to reach an official. Email always; SMS only when a provider is configured; push always. */
export interface NotificationChannels {
  email: EmailSender;
  sms: SmsSender | null;
  push: PushSender;
  close(): Promise<void>;
}

/**
 * Builds the channels from the configuration: SMTP (SMTP_URL, pooled connections) or, without it, the demo
 * outbox folder `<dataDir>/outbox`; the SMS provider of SMS_PROVIDER; Web Push with the VAPID keys of the
 * environment or the pair stored in the data folder.
 */
export async function createNotificationChannels(config: Config, logger: Logger): Promise<NotificationChannels> {
  const outbox = path.join(config.dataDir, 'outbox');
  const email = config.SMTP_URL
    ? createSmtpEmailSender({ url: config.SMTP_URL, from: config.MAIL_FROM, pool: true })
    : await createOutboxEmailSender({ directory: outbox, from: config.MAIL_FROM });
  const sms = config.SMS_PROVIDER
    ? createHttpSmsSender({
        provider: config.SMS_PROVIDER,
        apiKey: config.SMS_API_KEY!,
        sender: config.SMS_SENDER!,
        ...(config.SMS_API_URL ? { apiUrl: config.SMS_API_URL } : {}),
      })
    : null;
  const vapidKeys =
    config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY
      ? { publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY }
      : await loadOrCreateVapidKeys(config.dataDir);
  const push = createWebPushSender({ ...vapidKeys, subject: config.VAPID_SUBJECT });
  logger.info(
    {
      email: config.SMTP_URL ? `smtp ${URL.parse(config.SMTP_URL)?.host}` : `outbox ${outbox}`,
      sms: sms?.provider ?? 'off',
      push: config.VAPID_PUBLIC_KEY ? 'VAPID keys from the environment' : 'VAPID keys from the data folder',
    },
    'notification channels',
  );
  return { email, sms, push, close: () => email.close() };
}
