import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';

export const platformRoles = ['COORDINATOR'] as const;
export type PlatformRole = (typeof platformRoles)[number];

/** One human, whatever the number of bodies they sit in: one account, one inbox. */
const PersonSchema = defineEntity({
  name: 'Person',
  schema: 'platform',
  tableName: 'person',
  properties: {
    id: p.uuid().primary(),
    email: p.string(),
    emailVerified: p.boolean(),
    displayName: p.string(),
    /** Subject (`sub`) of the identity provider account, bound at first login or provisioning. */
    subject: p.string().nullable().unique(),
    platformRoles: p.array<PlatformRole>(),
    /** E.164, for SMS alerts (only sent when `smsAlerts`). */
    mobilePhone: p.string().nullable(),
    smsAlerts: p.boolean().default(false),
    /** The personal calendar feed (calendar/calendar-feed.ts): a random salt its token derives from, and the token's SHA-256. */
    calendarTokenSalt: p.string().nullable(),
    calendarTokenSha256: p.string().nullable().unique(),
    ...timestampProperties,
  },
});

export class Person extends PersonSchema.class {}
PersonSchema.setClass(Person);

/** Matches a person by email, case-insensitively and literally (`%` and `_` are not wildcards). */
export function emailIs(email: string) {
  return { email: { $ilike: email.trim().replace(/[\\%_]/g, '\\$&') } };
}
