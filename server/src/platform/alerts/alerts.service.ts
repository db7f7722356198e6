import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { missingOptInContact } from '../../notify/channels/registry.js';
import { toE164 } from '../../notify/phone-number.js';
import { Person } from '../people/person.entity.js';
import { PushSubscription } from './push-subscription.entity.js';

/**
 * The push services browsers subscribe with. The server POSTs to a subscription's endpoint, so only these
 * hosts are accepted: an endpoint pointing inside our network would make the server a proxy (SSRF).
 */
const pushServiceHosts = [
  /^fcm\.googleapis\.com$/,
  /^updates\.push\.services\.mozilla\.com$/,
  /^web\.push\.apple\.com$/,
  /\.notify\.windows\.com$/,
  /^push\.services\.mozilla\.com$/,
];

export function isKnownPushEndpoint(endpoint: string): boolean {
  const url = URL.parse(endpoint);
  return url !== null && url.protocol === 'https:' && url.port === '' && pushServiceHosts.some((host) => host.test(url.hostname));
}

export interface PushSubscriptionInput {
  endpoint: string;
  p256dh: string;
  auth: string;
  userAgent?: string | null;
}

/** Registers a browser or tablet for web push; the same endpoint moves to whoever subscribes it last. */
export async function subscribePush(em: EntityManager, personId: string, input: PushSubscriptionInput): Promise<void> {
  if (!isKnownPushEndpoint(input.endpoint) || input.endpoint.length > 2_000) {
    throw new BadUserInputError('Adresse de notification refusée : elle doit être celle d’un service de notification de navigateur.', {
      field: 'endpoint',
    });
  }
  if (!/^[\w-]{20,200}$/.test(input.p256dh) || !/^[\w-]{10,100}$/.test(input.auth))
    throw new BadUserInputError('Clés de notification invalides.', { field: 'p256dh' });
  await em.upsert(
    PushSubscription,
    {
      id: uuidv7(),
      personId,
      endpoint: input.endpoint,
      p256dh: input.p256dh,
      auth: input.auth,
      userAgent: input.userAgent?.slice(0, 500) ?? null,
    },
    { onConflictFields: ['endpoint'], onConflictExcludeFields: ['id', 'createdAt'] },
  );
}

export async function unsubscribePush(em: EntityManager, personId: string, endpoint: string): Promise<boolean> {
  return (await em.nativeDelete(PushSubscription, { personId, endpoint })) > 0;
}

/** The official's alert choices (SMS), each with the contact it needs; a French mobile number is accepted as 06…/07… and stored in E.164. */
export async function updateAlertPreferences(
  em: EntityManager,
  personId: string,
  input: { mobilePhone: string | null; smsAlerts: boolean },
): Promise<Person> {
  const person = await em.findOneOrFail(Person, { id: personId });
  const phone = input.mobilePhone?.trim() ? toE164(input.mobilePhone) : null;
  if (input.mobilePhone?.trim() && !phone) throw new BadUserInputError('Numéro de téléphone mobile invalide.', { field: 'mobilePhone' });
  const missing = missingOptInContact({ mobilePhone: phone, smsAlerts: input.smsAlerts });
  if (missing) throw new BadUserInputError(missing.message, { field: missing.field });
  person.mobilePhone = phone;
  person.smsAlerts = input.smsAlerts;
  await em.flush();
  return person;
}
