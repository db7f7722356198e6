import { isEmail } from 'class-validator';
import { BadUserInputError } from '../../../common/errors.js';
import { toE164 } from '../../../notify/phone-number.js';
import { assertMemberOf } from '../../../platform/people/membership.service.js';
import { quoteSchema } from '../../../tenancy/schema-name.js';
import type { BodyContext } from '../../../tenancy/body-context.js';
import type { ActingContext } from '../convocation-context.js';
import { MemberContact } from '../convocation.entity.js';

/** A member's contact details in this body: the secretariat's, and their account's (used where the body sets none). */
export interface MemberContactRow {
  personId: string;
  email: string | null;
  mobilePhone: string | null;
  accountEmail: string;
  accountMobilePhone: string | null;
  smsAlerts: boolean;
  updatedAt: Date | null;
}

interface ContactRow {
  person_id: string;
  email: string | null;
  mobile_phone: string | null;
  account_email: string;
  account_mobile_phone: string | null;
  sms_alerts: boolean;
  updated_at: string | null;
}

/** Every member of the body (or only `personId`), in one statement on the body's EntityManager. */
export async function memberContactsOf(ctx: Pick<BodyContext, 'body' | 'em'>, personId?: string): Promise<MemberContactRow[]> {
  const { em } = ctx;
  const bodyId = ctx.body.id;
  const rows = await em.execute<ContactRow[]>(
    `select person.id as person_id, contact.email, contact.mobile_phone, person.email as account_email,
            person.mobile_phone as account_mobile_phone, person.sms_alerts, contact.updated_at
       from platform.membership membership
       join platform.person person on person.id = membership.person_id
       left join ${quoteSchema(em.schema!)}.member_contact contact on contact.person_id = person.id
      where membership.body_id = ? ${personId ? 'and person.id = ?' : ''}
      order by person.display_name, person.id`,
    personId ? [bodyId, personId] : [bodyId],
  );
  return rows.map((row) => ({
    personId: row.person_id,
    email: row.email,
    mobilePhone: row.mobile_phone,
    accountEmail: row.account_email,
    accountMobilePhone: row.account_mobile_phone,
    smsAlerts: row.sms_alerts,
    updatedAt: row.updated_at === null ? null : new Date(row.updated_at),
  }));
}

/**
 * The secretariat sets where this body's convocations reach a member (issue 7): an email and a mobile
 * phone replacing their account's for this body only; null (or blank) keeps the account's. The phone is
 * used for SMS only when the official opted in to SMS alerts — consent stays theirs.
 */
export async function setMemberContact(
  ctx: Pick<ActingContext, 'body' | 'em' | 'platformEm' | 'actor'>,
  input: { personId: string; email: string | null; mobilePhone: string | null },
): Promise<MemberContactRow> {
  const { em } = ctx;
  const { personId } = input;
  await assertMemberOf(ctx.platformEm, ctx.body.id, personId);
  const email = input.email?.trim() || null;
  if (email !== null && (email.length > 254 || !isEmail(email)))
    throw new BadUserInputError('Adresse électronique invalide.', { field: 'email' });
  const mobilePhone = input.mobilePhone?.trim() ? toE164(input.mobilePhone) : null;
  if (input.mobilePhone?.trim() && !mobilePhone)
    throw new BadUserInputError('Numéro de téléphone mobile invalide.', { field: 'mobilePhone' });
  if (email === null && mobilePhone === null) await em.nativeDelete(MemberContact, { personId });
  else await em.upsert(MemberContact, { personId, email, mobilePhone, updatedBy: ctx.actor.personId, updatedAt: new Date() });
  const [row] = await memberContactsOf(ctx, personId);
  return row!;
}
