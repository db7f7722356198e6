import type { PushSubscriptionInput } from '../graphql/generated/graphql.ts';
import { messages } from '../i18n/messages.ts';
import { UserFacingError } from '../ui/error-message.ts';

const subscribeTimeoutMs = 20_000;

/** Web push in this browser: impossible, refused by the user, or subscribed (to this endpoint) or not. */
export type PushState = { kind: 'unsupported' } | { kind: 'denied' } | { kind: 'off' } | { kind: 'on'; endpoint: string };

/** The app's service worker once active; none without push support or service worker (e.g. `vite` dev). */
async function activeRegistration(): Promise<ServiceWorkerRegistration | undefined> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return undefined;
  if (!(await navigator.serviceWorker.getRegistration())) return undefined;
  return navigator.serviceWorker.ready;
}

export async function pushState(): Promise<PushState> {
  const registration = await activeRegistration();
  if (!registration) return { kind: 'unsupported' };
  if (Notification.permission === 'denied') return { kind: 'denied' };
  const subscription = await registration.pushManager.getSubscription();
  return subscription ? { kind: 'on', endpoint: subscription.endpoint } : { kind: 'off' };
}

/** The VAPID key as the push manager wants it: base64url to bytes. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
}

/**
 * Asks the user for notifications, then subscribes this browser with the server's key (`pushPublicKey`);
 * returns what `subscribePush` takes, or 'denied' when the user said no.
 */
export async function subscribeThisBrowser(publicKey: string): Promise<PushSubscriptionInput | 'denied'> {
  const registration = await activeRegistration();
  if (!registration) throw new Error('service worker unavailable');
  if ((await Notification.requestPermission()) !== 'granted') return 'denied';
  // The browser's push service may never answer (unreachable network): the user is told instead of waiting.
  const subscription = await Promise.race([
    registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new UserFacingError(messages.profile.pushNoAnswer)), subscribeTimeoutMs)),
  ]);
  const { keys } = subscription.toJSON();
  if (!keys?.p256dh || !keys.auth) throw new Error('subscription without keys');
  return { endpoint: subscription.endpoint, p256dh: keys.p256dh, auth: keys.auth, userAgent: navigator.userAgent.slice(0, 500) };
}

/** Ends this browser's subscription; returns its endpoint (for `unsubscribePush`), null when there was none. */
export async function unsubscribeThisBrowser(): Promise<string | null> {
  const subscription = await (await activeRegistration())?.pushManager.getSubscription();
  if (!subscription) return null;
  await subscription.unsubscribe();
  return subscription.endpoint;
}
