import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { AssemblyMember } from '../body/assemblies/assembly-member.entity.js';
import { latestChanges } from '../body/changes/meeting-changes.js';
import { Convocation, ConvocationRecipient } from '../body/convocations/convocation.entity.js';
import { Meeting } from '../body/meetings/meeting.entity.js';
import { zonedDate } from '../common/time.js';
import type { SignedLinks } from '../http/signed-links.js';
import { Membership } from '../platform/people/membership.entity.js';
import { Person } from '../platform/people/person.entity.js';
import { bodySchemaName } from '../tenancy/schema-name.js';
import { renderCalendar } from './ics.js';
import { meetingEvent, type CalendarMeeting } from './meeting-event.js';

export const calendarPath = '/calendar';

/** How far back the feed goes: calendars keep what they already hold. */
const feedHistoryDays = 365;

const tokenPurpose = 'calendar-feed';
const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const tokenOf = (links: SignedLinks, personId: string, salt: string) => links.derive(tokenPurpose, `${personId}:${salt}`);

/** The https URL of a feed (`webcal://` is the same with its scheme replaced). */
export function calendarFeedUrl(publicUrl: string, token: string): string {
  return `${publicUrl}${calendarPath}/${token}.ics`;
}

/**
 * The person's feed URL, or null when they have none (never created, or revoked) — or when the app secret
 * changed since it was made: the token derived now would not be the one stored, so a new one is needed.
 */
export function calendarUrlOf(
  links: SignedLinks,
  publicUrl: string,
  person: Pick<Person, 'id' | 'calendarTokenSalt' | 'calendarTokenSha256'>,
): string | null {
  if (!person.calendarTokenSalt) return null;
  const token = tokenOf(links, person.id, person.calendarTokenSalt);
  return sha256(token) === person.calendarTokenSha256 ? calendarFeedUrl(publicUrl, token) : null;
}

/**
 * A new feed token for the person (the previous one stops working at once): a fresh random salt, the
 * token derived from it with the app secret, and only the token's SHA-256 stored for the look-up.
 */
export async function regenerateCalendarToken(platformEm: EntityManager, links: SignedLinks, person: Person): Promise<string> {
  const salt = randomBytes(18).toString('base64url');
  const token = tokenOf(links, person.id, salt);
  person.calendarTokenSalt = salt;
  person.calendarTokenSha256 = sha256(token);
  await platformEm.flush();
  return token;
}

export async function revokeCalendarToken(platformEm: EntityManager, person: Person): Promise<void> {
  person.calendarTokenSalt = null;
  person.calendarTokenSha256 = null;
  await platformEm.flush();
}

/** The person whose current token this is; null for an unknown or revoked one. */
export async function personOfCalendarToken(platformEm: EntityManager, token: string): Promise<Person | null> {
  return /^[\w-]{43}$/.test(token) ? platformEm.findOne(Person, { calendarTokenSha256: sha256(token) }) : null;
}

/**
 * The meetings of one body for the person: those they were convened to, and those of the assemblies they
 * sit in, once convened (a draft, or a draft cancelled, never shows), from a year back.
 */
async function meetingsOf(em: EntityManager, body: Membership['body'], personId: string, since: Date): Promise<CalendarMeeting[]> {
  const [convened, seats] = await Promise.all([
    em.find(ConvocationRecipient, { personId }, { fields: ['meetingId'] }),
    em.find(AssemblyMember, { personId }, { fields: ['assembly'] }),
  ]);
  const meetings = await em.find(
    Meeting,
    {
      status: { $ne: 'DRAFT' },
      startsAt: { $gte: since },
      $or: [
        { id: { $in: [...new Set(convened.map((row) => row.meetingId))] } },
        { assembly: { $in: seats.map((seat) => seat.assembly.id) } },
      ],
    },
    { populate: ['assembly'], orderBy: { startsAt: 'asc' } },
  );
  const ids = meetings.map((meeting) => meeting.id);
  const [convocations, changes] = await Promise.all([
    em.find(Convocation, { meetingId: { $in: ids }, kind: 'INITIAL' }, { orderBy: { sequence: 'desc' } }),
    latestChanges(em, ids),
  ]);
  const convenedAt = new Map(convocations.map((convocation) => [convocation.meetingId, convocation.sentAt]));
  return meetings.flatMap((meeting) => {
    const sentAt = convenedAt.get(meeting.id);
    if (!sentAt) return [];
    const change = changes.get(meeting.id) ?? null;
    return [
      {
        meetingId: meeting.id,
        bodyId: body.id,
        bodyName: body.name,
        timeZone: body.timeZone,
        assemblyName: meeting.assembly.name,
        title: meeting.title,
        startsAt: meeting.startsAt,
        place: meeting.place ?? null,
        cancelled: meeting.status === 'CANCELLED',
        change,
        convenedAt: sentAt,
      },
    ];
  });
}

/**
 * The whole feed of a person: every meeting of every body they sit in (seats in office, open bodies whose
 * schema is up to date — one being migrated shows again once it is, as the API refuses it meanwhile).
 */
export async function calendarFeed(
  orm: MikroORM,
  latestBodyMigration: string | null,
  person: Person,
  publicUrl: string,
  now = new Date(),
): Promise<string> {
  const seats = (await orm.em.fork().find(Membership, { person: person.id }, { populate: ['body'] })).filter(
    (seat) =>
      ['ACTIVE', 'ARCHIVED'].includes(seat.body.status) &&
      seat.body.schemaVersion === latestBodyMigration &&
      (!seat.mandateEnd || seat.mandateEnd >= zonedDate(now, seat.body.timeZone)),
  );
  const since = new Date(now.getTime() - feedHistoryDays * 86_400_000);
  const perBody = await Promise.all(
    seats.map((seat) => meetingsOf(orm.em.fork({ schema: bodySchemaName(seat.body.id), clear: true }), seat.body, person.id, since)),
  );
  const events = perBody.flat().sort((left, right) => left.startsAt.getTime() - right.startsAt.getTime());
  return renderCalendar(
    events.map((meeting) => meetingEvent(meeting, publicUrl)),
    { name: `Mes séances — ${person.displayName}` },
  );
}
