import type { EntityManager } from '@mikro-orm/postgresql';
import { CartableError, ErrorCode, NotFoundError } from '../../common/errors.js';
import { zonedDate } from '../../common/time.js';
import { quorumOf, type QuorumForecast } from '../../legal/quorum.js';
import { voteRules, type VoteRules } from '../../legal/vote-rules.js';
import type { Body } from '../../platform/bodies/body.entity.js';
import { quoteSchema } from '../../tenancy/schema-name.js';
import { seatsInOfficeAt } from '../assemblies/members-in-office.js';
import type { ConvocationRecipient } from '../convocations/convocation.entity.js';
import { meetingRecipients } from '../convocations/receipts/receipts.service.js';
import type { Meeting } from '../meetings/meeting.entity.js';
import { meetingRules } from '../meetings/meeting-rules.js';
import { findMeeting } from '../meetings/meeting.service.js';

export const seanceStatuses = ['OPEN', 'SUSPENDED', 'CLOSED', 'NO_QUORUM'] as const;
export type SeanceStatus = (typeof seanceStatuses)[number];

export interface SeanceRow {
  meetingId: string;
  status: SeanceStatus;
  electronicVoting: boolean;
  openedAt: Date;
  openedBy: string;
  closedAt: Date | null;
  secretaryIds: string[];
  closedSession: boolean;
  closedSessionAt: Date | null;
  currentItemId: string | null;
  quorumLostAt: Date | null;
}

export interface PresenceRow {
  id: string;
  personId: string;
  arrivedAt: Date;
  leftAt: Date | null;
}

export interface ProxyRow {
  id: string;
  giverId: string;
  holderId: string;
  origin: 'ANNOUNCED' | 'HANDED';
  validFrom: Date;
  validUntil: Date | null;
}

/** Everything the séance's rules read, loaded at once inside the caller's transaction. */
export interface Room {
  body: Body;
  meeting: Meeting;
  seance: SeanceRow;
  /** The officials convened and in office on the meeting's day: the only ones who may be present, hold a pouvoir, vote. */
  members: Map<string, ConvocationRecipient>;
  /** The président's seat of the assembly on the meeting's day, if any. */
  presidentId: string | null;
  /** Every stay in the room, in order of arrival. */
  presences: PresenceRow[];
  /** Every pouvoir of the séance, in force (validUntil null) or ended. */
  proxies: ProxyRow[];
  rules: ReturnType<typeof meetingRules>;
  voteRules: VoteRules;
}

/** `schema.table`, for the raw statements of the séance (the caller's EntityManager is bound to the body's schema). */
export const table = (em: EntityManager, name: string) => `${quoteSchema(em.schema!)}.${name}`;

const dateOrNull = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));

function seanceFrom(row: Record<string, unknown>): SeanceRow {
  return {
    meetingId: row.meeting_id as string,
    status: row.status as SeanceStatus,
    electronicVoting: row.electronic_voting as boolean,
    openedAt: new Date(row.opened_at as string),
    openedBy: row.opened_by as string,
    closedAt: dateOrNull(row.closed_at),
    secretaryIds: (row.secretary_ids as string[] | null) ?? [],
    closedSession: row.closed_session as boolean,
    closedSessionAt: dateOrNull(row.closed_session_at),
    currentItemId: (row.current_item_id as string | null) ?? null,
    quorumLostAt: dateOrNull(row.quorum_lost_at),
  };
}

/** The séance row of a meeting, optionally locked (`update`: serialises the séance's state changes; `share`: ballots). */
export async function findSeance(em: EntityManager, meetingId: string, lock: 'update' | 'share' | null = null): Promise<SeanceRow | null> {
  const [row] = await em.execute<Record<string, unknown>[]>(
    `select * from ${table(em, 'seance')} where meeting_id = ?${lock ? ` for ${lock}` : ''}`,
    [meetingId],
  );
  return row ? seanceFrom(row) : null;
}

export function noSeance(): never {
  throw new CartableError(ErrorCode.PreconditionFailed, 'La séance n’est pas ouverte.', { reason: 'SEANCE_NOT_OPEN' });
}

/** The room of a séance that exists (any status); NOT_FOUND for an unknown meeting, SEANCE_NOT_OPEN when none was opened. */
export async function loadRoom(em: EntityManager, body: Body, meetingId: string, lock: 'update' | 'share' | null = null): Promise<Room> {
  const meeting = await findMeeting(em, meetingId);
  const seance = await findSeance(em, meeting.id, lock);
  if (!seance) noSeance();
  return { ...(await roomOf(em, body, meeting)), seance };
}

/** The parts of a room that do not need a séance (used to open one). */
export async function roomOf(em: EntityManager, body: Body, meeting: Meeting): Promise<Omit<Room, 'seance'>> {
  const [recipients, seats, presences, proxies] = await Promise.all([
    meetingRecipients(em, meeting.id),
    seatsInOfficeAt({ em, body }, meeting),
    em.execute<Record<string, unknown>[]>(
      `select id, person_id, arrived_at, left_at from ${table(em, 'seance_presence')} where meeting_id = ? order by arrived_at, id`,
      [meeting.id],
    ),
    em.execute<Record<string, unknown>[]>(
      `select id, giver_id, holder_id, origin, valid_from, valid_until from ${table(em, 'seance_proxy')} where meeting_id = ? order by valid_from, id`,
      [meeting.id],
    ),
  ]);
  // As `convenedInOffice`: those convened who are in office on the meeting's day.
  const members = new Map([...recipients].filter(([personId]) => seats.has(personId)));
  const president = [...seats.values()].find((seat) => seat.role === 'PRESIDENT');
  return {
    body,
    meeting,
    members,
    presidentId: president?.personId ?? null,
    presences: presences.map((row) => ({
      id: row.id as string,
      personId: row.person_id as string,
      arrivedAt: new Date(row.arrived_at as string),
      leftAt: dateOrNull(row.left_at),
    })),
    proxies: proxies.map((row) => ({
      id: row.id as string,
      giverId: row.giver_id as string,
      holderId: row.holder_id as string,
      origin: row.origin as ProxyRow['origin'],
      validFrom: new Date(row.valid_from as string),
      validUntil: dateOrNull(row.valid_until),
    })),
    rules: meetingRules(body, meeting),
    voteRules: voteRules(body.kind, zonedDate(meeting.startsAt, body.timeZone)),
  };
}

export const inRoom = (room: Pick<Room, 'presences'>, personId: string) =>
  room.presences.some((stay) => stay.personId === personId && stay.leftAt === null);

/** The pouvoirs in force now: their holder is in the room (a pouvoir whose holder left is ended on departure). */
export const proxiesInForce = (room: Pick<Room, 'proxies'>) => room.proxies.filter((proxy) => proxy.validUntil === null);

/** The quorum of the room now: voting members in office, present, or represented by a holder in the room. */
export function roomQuorum(room: Omit<Room, 'seance'>): QuorumForecast {
  const represented = new Set(proxiesInForce(room).map((proxy) => proxy.giverId));
  return quorumOf(
    room.rules.quorum,
    [...room.members.values()].map((member) => ({
      votingRight: member.votingRight,
      status: inRoom(room, member.personId) ? 'PRESENT' : represented.has(member.personId) ? 'REPRESENTED' : 'ABSENT',
    })),
  );
}

/** Members present in the room with a vote: the base of the requests for a public or secret ballot. */
export const votingMembersPresent = (room: Omit<Room, 'seance'>) =>
  [...room.members.values()].filter((member) => member.votingRight && inRoom(room, member.personId));

/**
 * Who may vote on an item now, and through whom: each voting member present, and each giver of a
 * pouvoir in force (cast by its holder), except the members who declared an interest in the item — an
 * interested member votes neither for themself nor for the pouvoir they hold (L2131-11).
 */
export function eligibleVoters(
  room: Omit<Room, 'seance'>,
  interested: ReadonlySet<string>,
): Map<string, { voterId: string; castBy: string }> {
  const eligible = new Map<string, { voterId: string; castBy: string }>();
  for (const member of votingMembersPresent(room)) {
    if (!interested.has(member.personId)) eligible.set(member.personId, { voterId: member.personId, castBy: member.personId });
  }
  for (const proxy of proxiesInForce(room)) {
    const giver = room.members.get(proxy.giverId);
    if (!giver?.votingRight || interested.has(proxy.giverId) || interested.has(proxy.holderId) || !inRoom(room, proxy.holderId)) continue;
    eligible.set(proxy.giverId, { voterId: proxy.giverId, castBy: proxy.holderId });
  }
  return eligible;
}

export async function interestedIn(em: EntityManager, meetingId: string, itemId: string): Promise<Set<string>> {
  const rows = await em.execute<{ person_id: string }[]>(
    `select person_id from ${table(em, 'seance_interest')} where meeting_id = ? and item_id = ?`,
    [meetingId, itemId],
  );
  return new Set(rows.map((row) => row.person_id));
}

export function requireOpen(seance: SeanceRow): void {
  if (seance.status === 'OPEN') return;
  const messages: Record<Exclude<SeanceStatus, 'OPEN'>, string> = {
    SUSPENDED: 'La séance est suspendue : reprenez-la d’abord.',
    CLOSED: 'La séance est close.',
    NO_QUORUM: 'La séance a été close faute de quorum.',
  };
  throw new CartableError(ErrorCode.PreconditionFailed, messages[seance.status], { reason: `SEANCE_${seance.status}` });
}

/** A person of the room by id, or a typed refusal: they are not convened and in office on the meeting's day. */
export function requireMember(room: Omit<Room, 'seance'>, personId: string): ConvocationRecipient {
  const member = room.members.get(personId);
  if (!member) {
    throw new CartableError(ErrorCode.Forbidden, 'Cette personne n’est pas membre en exercice de l’assemblée convoquée à cette séance.', {
      reason: 'NOT_A_MEMBER',
      personId,
    });
  }
  return member;
}

export function nameOf(room: Pick<Room, 'members'>, personId: string): string {
  return room.members.get(personId)?.displayName ?? '—';
}

export async function requireItem(
  em: EntityManager,
  meetingId: string,
  itemId: string,
): Promise<{ id: string; title: string; kind: string }> {
  const [row] = await em.execute<{ id: string; title: string; kind: string }[]>(
    `select id, title, kind from ${table(em, 'agenda_item')} where id::text = ? and meeting_id = ?`,
    [itemId, meetingId],
  );
  if (!row) throw new NotFoundError('Ce point n’est pas à l’ordre du jour de cette séance.');
  return row;
}
