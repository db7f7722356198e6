import { mkdir, readFile } from 'node:fs/promises';
import type { Agent } from 'node:https';
import path from 'node:path';
import webpush from 'web-push';
import { removeStalePartials, writeFileAtomically } from '../common/atomic-file.js';
import { PermanentDeliveryError } from './delivery-error.js';

/** What the browser's `PushSubscription.toJSON()` gives. */
export interface PushSubscriptionKeys {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** What the service worker receives (JSON) and shows. */
export interface PushPayload {
  title: string;
  body: string;
  url: string;
  tag: string;
}

export interface PushSendOptions {
  /** How long the push service keeps the message for an offline device; one day by default. */
  ttlSeconds?: number;
  urgency?: 'normal' | 'high';
  /** Replaces a pending message with the same topic (up to 32 base64url characters). */
  topic?: string;
}

export interface PushSender {
  /** VAPID public key (base64url), the `applicationServerKey` of the browser's `subscribe()`. */
  readonly publicKey: string;
  send(subscription: PushSubscriptionKeys, payload: PushPayload, options?: PushSendOptions): Promise<{ statusCode: number }>;
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export interface WebPushSenderOptions extends VapidKeys {
  /** Contact for the push services: `mailto:` or `https:` URL. */
  subject: string;
  /** HTTPS agent for the push service requests (e.g. one trusting a private CA); Node's default otherwise. */
  agent?: Agent;
  timeoutMs?: number;
}

const defaultTtlSeconds = 24 * 3600;
/** A single aes128gcm record of 4096 bytes holds 3993 bytes of plaintext (RFC 8291 §4). */
const maxPayloadBytes = 3993;

/**
 * Web Push (RFC 8030) with VAPID (RFC 8292), payload encrypted as aes128gcm (RFC 8291), via web-push.
 * 404/410 (the browser unsubscribed) → PermanentDeliveryError `SUBSCRIPTION_GONE`; other 4xx (a payload
 * or a VAPID token the service refuses) → `PUSH_REJECTED`; 408, 429, 5xx and network errors are transient.
 */
export function createWebPushSender(options: WebPushSenderOptions): PushSender {
  const vapidDetails = { subject: options.subject, publicKey: options.publicKey, privateKey: options.privateKey };
  // Fails at start-up, not at the first send, on a bad key or subject.
  webpush.getVapidHeaders('https://push.example', options.subject, options.publicKey, options.privateKey, 'aes128gcm');
  return {
    publicKey: options.publicKey,
    async send(subscription, payload, sendOptions = {}) {
      checkSubscription(subscription);
      const body = JSON.stringify(payload);
      if (Buffer.byteLength(body) > maxPayloadBytes) {
        throw new PermanentDeliveryError('INVALID_MESSAGE', `Push payload over ${maxPayloadBytes} bytes`);
      }
      if (sendOptions.topic !== undefined && !/^[\w-]{1,32}$/.test(sendOptions.topic)) {
        throw new PermanentDeliveryError('INVALID_MESSAGE', `Not a push topic: ${JSON.stringify(sendOptions.topic)}`);
      }
      try {
        const result = await webpush.sendNotification({ endpoint: subscription.endpoint, keys: subscription.keys }, body, {
          vapidDetails,
          contentEncoding: 'aes128gcm',
          TTL: sendOptions.ttlSeconds ?? defaultTtlSeconds,
          urgency: sendOptions.urgency ?? 'normal',
          topic: sendOptions.topic,
          agent: options.agent,
          timeout: options.timeoutMs ?? 15_000,
        });
        return { statusCode: result.statusCode };
      } catch (error) {
        throw classifyPushError(error);
      }
    },
  };
}

/**
 * The VAPID key pair kept in `<dataDir>/vapid-keys.json` (mode 0600), generated on first use. Keep it:
 * browsers subscribed with its public key, and another key would make every subscription unusable.
 */
export async function loadOrCreateVapidKeys(dataDir: string): Promise<VapidKeys> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'vapid-keys.json');
  await removeStalePartials(dataDir, { file: path.basename(file) });
  // Published whole or not at all, and never over an existing pair: two processes starting together agree.
  await writeFileAtomically(file, `${JSON.stringify(webpush.generateVAPIDKeys())}\n`, { mode: 0o600, exclusive: true });
  const keys = JSON.parse(await readFile(file, 'utf8')) as Partial<VapidKeys>;
  if (typeof keys.publicKey !== 'string' || typeof keys.privateKey !== 'string') {
    throw new Error(`${file} does not hold a VAPID key pair ({"publicKey", "privateKey"})`);
  }
  return { publicKey: keys.publicKey, privateKey: keys.privateKey };
}

function checkSubscription(subscription: PushSubscriptionKeys): void {
  const endpoint = URL.parse(subscription.endpoint);
  const p256dh = Buffer.from(subscription.keys?.p256dh ?? '', 'base64url');
  const auth = Buffer.from(subscription.keys?.auth ?? '', 'base64url');
  // An uncompressed P-256 point (0x04, x, y) and a 16-byte authentication secret (RFC 8291 §3).
  if (endpoint?.protocol !== 'https:' || p256dh.length !== 65 || p256dh[0] !== 4 || auth.length !== 16) {
    throw new PermanentDeliveryError('INVALID_SUBSCRIPTION', 'Not a Web Push subscription (https endpoint, p256dh, auth)');
  }
}

function classifyPushError(error: unknown): unknown {
  if (!(error instanceof webpush.WebPushError)) return error;
  const { statusCode } = error;
  const message = `Push service answered ${statusCode}${error.body ? ` (${error.body.slice(0, 300)})` : ''}`;
  if (statusCode === 404 || statusCode === 410) return new PermanentDeliveryError('SUBSCRIPTION_GONE', message, { cause: error });
  if (statusCode >= 400 && statusCode < 500 && statusCode !== 408 && statusCode !== 429) {
    return new PermanentDeliveryError('PUSH_REJECTED', message, { cause: error });
  }
  return error;
}
