import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode, ForbiddenError } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { zonedDate } from '../../common/time.js';
import { frenchDate } from '../../common/french.js';
import type { QuorumForecast } from '../../legal/quorum.js';
import type { BodyContext, BodyServices, PersonActor } from '../../tenancy/body-context.js';
import { currentAnswers } from '../attendance/attendance.service.js';
import { findMeeting } from '../meetings/meeting.service.js';
import { publishSeanceEvents, type SeanceEvent } from './live/seance-events.js';
import { fillRecordedAttendance } from './presence/recorded-from-seance.js';
import {
  findSeance,
  inRoom,
  loadRoom,
  nameOf,
  requireItem,
  requireMember,
  requireOpen,
  roomOf,
  roomQuorum,
  table,
  type Room,
} from './seance-room.js';
import { bodyArticles, cited } from '../../legal/body-articles.js';
import { refreshInboxEntries } from '../inbox/inbox-index.js';

/** Who acts, and whether the body lets them prepare (secretariat, administrator): a `PersonActor`. */
export type SeanceActor = Pick<PersonActor, 'personId' | 'can'>;

/**
 * What a séance action reads of its `BodyContext`: the body, its data, the person acting, the clock and the
 * evidence batching (`services.convocations.anchorBatchSeconds`).
 */
export type SeanceContext = Pick<BodyContext, 'body' | 'em' | 'now'> & { actor: SeanceActor; services: Pick<BodyServices, 'convocations'> };

/** The secretariat of the body, or the président of the assembly, manage the séance; anyone else is refused. */
export function requireManager(room: Pick<Room, 'presidentId'>, actor: SeanceActor): void {
  if (isManager(room, actor)) return;
  throw new ForbiddenError('Seuls le secrétariat et le président de séance conduisent la séance.');
}

export const isManager = (room: Pick<Room, 'presidentId'>, actor: SeanceActor) =>
  actor.can('prepare') || actor.personId === room.presidentId;

/**
 * The time of an action: the one given (a secretariat entering what happened a few minutes ago) or now;
 * never in the future, never before the séance opened.
 */
export function actionTime(ctx: Pick<SeanceContext, 'now'>, at: Date | null | undefined, notBefore: Date | null): Date {
  const now = ctx.now();
  const time = at ?? now;
  if (time.getTime() > now.getTime()) throw new BadUserInputError('Cette heure est dans le futur.', { field: 'at' });
  if (notBefore && time.getTime() < notBefore.getTime())
    throw new BadUserInputError('Cette heure précède l’ouverture de la séance ou le dernier mouvement enregistré.', { field: 'at' });
  return time;
}

export const publish = (tx: EntityManager, ctx: SeanceContext, room: Pick<Room, 'body' | 'meeting'>, events: readonly SeanceEvent[]) =>
  publishSeanceEvents(tx, room.body.id, room.meeting.id, events, ctx.services.convocations.anchorBatchSeconds);

export type QuorumOccasion = 'OPENING' | 'VOTE' | 'REQUEST';

/** The figures of a quorum check, as recorded, chained and shown. */
export function quorumFigures(quorum: QuorumForecast) {
  return {
    membersInOffice: quorum.membersInOffice,
    present: quorum.present,
    represented: quorum.represented,
    required: quorum.required,
    counted: quorum.counted,
    reached: quorum.reached,
    article: quorum.rule.article,
  };
}

/** Records a quorum check (with the rule's article) and publishes it; returns its id and figures. */
export async function recordQuorumCheck(
  tx: EntityManager,
  ctx: SeanceContext,
  room: Omit<Room, 'seance'>,
  occasion: QuorumOccasion,
  itemId: string | null,
  at: Date,
  checkedBy: string,
): Promise<{ id: string; quorum: QuorumForecast }> {
  const quorum = roomQuorum(room);
  const id = uuidv7();
  await tx.execute(
    `insert into ${table(tx, 'seance_quorum_check')} (id, meeting_id, occasion, item_id, checked_at, members_in_office, present, represented, required, counted, reached, article, checked_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      room.meeting.id,
      occasion,
      itemId,
      at,
      quorum.membersInOffice,
      quorum.present,
      quorum.represented,
      quorum.required,
      quorum.counted,
      quorum.reached,
      quorum.rule.article,
      checkedBy,
    ],
  );
  await publish(tx, ctx, room, [
    {
      kind: 'SEANCE_QUORUM_CHECKED',
      payload: { checkId: id, occasion, itemId, ...quorumFigures(quorum), checkedBy, at: at.toISOString() },
    },
  ]);
  return { id, quorum };
}

function distinct(ids: readonly string[], field: string): string[] {
  if (new Set(ids).size !== ids.length) throw new BadUserInputError('Une même personne figure deux fois.', { field });
  return [...ids];
}

function requireSecretaries(room: Omit<Room, 'seance'>, secretaryIds: readonly string[]): void {
  for (const personId of secretaryIds) {
    const member = requireMember(room, personId);
    if (!inRoom(room, personId)) {
      throw new CartableError(
        ErrorCode.PreconditionFailed,
        `${member.displayName} n’est pas présent(e) : un secrétaire de séance est choisi parmi les membres présents${cited(bodyArticles(room.body.kind).secretaries)}.`,
        {
          reason: 'SECRETARY_NOT_PRESENT',
          personId,
        },
      );
    }
  }
}

export interface OpenSeanceInput {
  meetingId: string;
  at?: Date | null;
  presentIds: readonly string[];
  secretaryIds: readonly string[];
  electronicVoting: boolean;
}

/**
 * Opens the séance of a convened meeting, from its day on: the members in the room at the opening, the
 * pouvoirs announced whose holder is there, the secrétaire(s) de séance (L2121-15), then the quorum
 * check, recorded. Without the quorum the séance is closed at once as NO_QUORUM: the meeting can then be
 * convened again (the second convocation reads the check's figures).
 */
export async function openSeance(ctx: SeanceContext, input: OpenSeanceInput): Promise<void> {
  const { body, em, actor } = ctx;
  await em.transactional(async (tx) => {
    const meeting = await findMeeting(tx, input.meetingId);
    await tx.execute(`select 1 from ${table(tx, 'meeting')} where id = ? for update`, [meeting.id]);
    const base = await roomOf(tx, body, meeting);
    requireManager(base, actor);
    if (await findSeance(tx, meeting.id))
      throw new CartableError(ErrorCode.Conflict, 'La séance est déjà ouverte.', { reason: 'SEANCE_ALREADY_OPENED' });
    if (meeting.status !== 'CONVENED' || base.members.size === 0) {
      throw new CartableError(ErrorCode.PreconditionFailed, 'Seule une séance convoquée peut être ouverte.', { reason: 'NOT_CONVENED' });
    }
    const at = actionTime(ctx, input.at, null);
    if (zonedDate(at, body.timeZone) < zonedDate(meeting.startsAt, body.timeZone)) {
      throw new CartableError(
        ErrorCode.PreconditionFailed,
        `La séance s’ouvre à partir du jour prévu, le ${frenchDate(meeting.startsAt, body.timeZone)}.`,
        {
          reason: 'BEFORE_MEETING_DAY',
        },
      );
    }
    const present = distinct(input.presentIds, 'presentIds');
    for (const personId of present) requireMember(base, personId);
    const room: Omit<Room, 'seance'> = {
      ...base,
      presences: present.map((personId) => ({ id: uuidv7(), personId, arrivedAt: at, leftAt: null })),
    };
    const secretaries = distinct(input.secretaryIds, 'secretaryIds');
    requireSecretaries(room, secretaries);

    // Pouvoirs announced before the séance whose giver is absent and holder present come into force.
    const announced = (await currentAnswers(tx, meeting.id)).filter(
      (answer) =>
        answer.response === 'PROXY' &&
        answer.proxyHolderId &&
        !inRoom(room, answer.personId) &&
        inRoom(room, answer.proxyHolderId) &&
        room.members.has(answer.personId),
    );
    room.proxies = announced.map((answer) => ({
      id: uuidv7(),
      giverId: answer.personId,
      holderId: answer.proxyHolderId!,
      origin: 'ANNOUNCED',
      validFrom: at,
      validUntil: null,
    }));

    await tx.execute(
      `insert into ${table(tx, 'seance')} (meeting_id, status, electronic_voting, opened_at, opened_by, secretary_ids) values (?, 'OPEN', ?, ?, ?, ?::uuid[])`,
      [meeting.id, input.electronicVoting, at, actor.personId, `{${secretaries.join(',')}}`],
    );
    for (const stay of room.presences) {
      await tx.execute(
        `insert into ${table(tx, 'seance_presence')} (id, meeting_id, person_id, arrived_at, recorded_by) values (?, ?, ?, ?, ?)`,
        [stay.id, meeting.id, stay.personId, at, actor.personId],
      );
    }
    for (const proxy of room.proxies) await insertProxy(tx, meeting.id, proxy, actor.personId);
    await publish(tx, ctx, room, [
      {
        kind: 'SEANCE_OPENED',
        payload: {
          at: at.toISOString(),
          openedBy: actor.personId,
          presentIds: present,
          secretaryIds: secretaries,
          electronicVoting: input.electronicVoting,
          proxies: room.proxies.map((proxy) => ({ giverId: proxy.giverId, holderId: proxy.holderId, origin: proxy.origin })),
          article: bodyArticles(room.body.kind).secretaries,
        },
      },
    ]);
    const { quorum } = await recordQuorumCheck(tx, ctx, room, 'OPENING', null, at, actor.personId);
    if (quorum.reached === false) {
      await tx.execute(`update ${table(tx, 'seance')} set status = 'NO_QUORUM', closed_at = ?, updated_at = now() where meeting_id = ?`, [
        at,
        meeting.id,
      ]);
      await fillRecordedAttendance(tx, room, actor.personId, at);
      await publish(tx, ctx, room, [
        {
          kind: 'SEANCE_CLOSED',
          payload: {
            status: 'NO_QUORUM',
            at: at.toISOString(),
            required: quorum.required,
            counted: quorum.counted,
            article: quorum.rule.article,
          },
        },
      ]);
    }
  });
}

export async function insertProxy(tx: EntityManager, meetingId: string, proxy: Room['proxies'][number], recordedBy: string): Promise<void> {
  await tx.execute(
    `insert into ${table(tx, 'seance_proxy')} (id, meeting_id, giver_id, holder_id, origin, valid_from, recorded_by) values (?, ?, ?, ?, ?, ?, ?)`,
    [proxy.id, meetingId, proxy.giverId, proxy.holderId, proxy.origin, proxy.validFrom, recordedBy],
  );
}

/** Names the secrétaire(s) de séance (L2121-15), among the members present. */
export async function setSecretaries(ctx: SeanceContext, meetingId: string, secretaryIds: readonly string[]): Promise<void> {
  const { body, em, actor } = ctx;
  await em.transactional(async (tx) => {
    const room = await loadRoom(tx, body, meetingId, 'update');
    requireManager(room, actor);
    requireOpen(room.seance);
    const secretaries = distinct(secretaryIds, 'secretaryIds');
    requireSecretaries(room, secretaries);
    await tx.execute(`update ${table(tx, 'seance')} set secretary_ids = ?::uuid[], updated_at = now() where meeting_id = ?`, [
      `{${secretaries.join(',')}}`,
      meetingId,
    ]);
    await publish(tx, ctx, room, [
      {
        kind: 'SEANCE_SECRETARIES',
        payload: {
          secretaryIds: secretaries,
          names: secretaries.map((id) => nameOf(room, id)),
          at: ctx.now().toISOString(),
          article: bodyArticles(room.body.kind).secretaries,
        },
      },
    ]);
  });
}

/** Records the assembly's decision to sit in closed session (huis clos: L2121-18, L3121-11, L4132-10…), or to end it. */
export async function decideClosedSession(
  ctx: SeanceContext,
  meetingId: string,
  closedSession: boolean,
  atInput?: Date | null,
): Promise<void> {
  const { body, em, actor } = ctx;
  await em.transactional(async (tx) => {
    const room = await loadRoom(tx, body, meetingId, 'update');
    requireManager(room, actor);
    requireOpen(room.seance);
    const at = actionTime(ctx, atInput, room.seance.openedAt);
    await tx.execute(
      `update ${table(tx, 'seance')} set closed_session = ?, closed_session_at = ?, updated_at = now() where meeting_id = ?`,
      [closedSession, at, meetingId],
    );
    await publish(tx, ctx, room, [
      {
        kind: 'SEANCE_CLOSED_SESSION',
        payload: { closedSession, at: at.toISOString(), decidedBy: actor.personId, article: bodyArticles(room.body.kind).closedSession },
      },
    ]);
  });
}

async function openVoteId(tx: EntityManager, meetingId: string): Promise<string | null> {
  const [row] = await tx.execute<{ id: string }[]>(`select id from ${table(tx, 'seance_vote')} where meeting_id = ? and status = 'OPEN'`, [
    meetingId,
  ]);
  return row?.id ?? null;
}

function requireNoOpenVote(voteId: string | null): void {
  if (voteId)
    throw new CartableError(ErrorCode.PreconditionFailed, 'Un vote est en cours : clôturez-le d’abord.', {
      reason: 'VOTE_IN_PROGRESS',
      voteId,
    });
}

/** Suspends an open séance, or resumes a suspended one. */
export async function suspendOrResume(ctx: SeanceContext, meetingId: string, suspend: boolean, atInput?: Date | null): Promise<void> {
  const { body, em, actor } = ctx;
  await em.transactional(async (tx) => {
    const room = await loadRoom(tx, body, meetingId, 'update');
    requireManager(room, actor);
    if (suspend) {
      requireOpen(room.seance);
      requireNoOpenVote(await openVoteId(tx, meetingId));
    } else if (room.seance.status !== 'SUSPENDED') {
      throw new CartableError(ErrorCode.PreconditionFailed, 'La séance n’est pas suspendue.', { reason: 'SEANCE_NOT_SUSPENDED' });
    }
    const at = actionTime(ctx, atInput, room.seance.openedAt);
    await tx.execute(`update ${table(tx, 'seance')} set status = ?, updated_at = now() where meeting_id = ?`, [
      suspend ? 'SUSPENDED' : 'OPEN',
      meetingId,
    ]);
    await publish(tx, ctx, room, [
      { kind: suspend ? 'SEANCE_SUSPENDED' : 'SEANCE_RESUMED', payload: { at: at.toISOString(), by: actor.personId } },
    ]);
  });
}

/**
 * Closes the séance: no vote may be in progress; everyone still in the room leaves at the closing time,
 * the pouvoirs end, the « Présences » are filled from the séance (`fillRecordedAttendance`) and the
 * meeting is HELD.
 */
export async function closeSeance(ctx: SeanceContext, meetingId: string, atInput?: Date | null): Promise<void> {
  const { body, em, actor } = ctx;
  await em.transactional(async (tx) => {
    const room = await loadRoom(tx, body, meetingId, 'update');
    requireManager(room, actor);
    if (room.seance.status !== 'OPEN' && room.seance.status !== 'SUSPENDED') requireOpen(room.seance);
    requireNoOpenVote(await openVoteId(tx, meetingId));
    const lastMove = Math.max(
      room.seance.openedAt.getTime(),
      ...room.presences.flatMap((stay) => [stay.arrivedAt.getTime(), stay.leftAt?.getTime() ?? 0]),
    );
    const at = actionTime(ctx, atInput, new Date(lastMove));
    await tx.execute(
      `update ${table(tx, 'seance_presence')} set left_at = ?, updated_at = now() where meeting_id = ? and left_at is null`,
      [at, meetingId],
    );
    await tx.execute(
      `update ${table(tx, 'seance_proxy')} set valid_until = ?, updated_at = now() where meeting_id = ? and valid_until is null`,
      [at, meetingId],
    );
    await tx.execute(
      `update ${table(tx, 'seance')} set status = 'CLOSED', closed_at = ?, current_item_id = null, updated_at = now() where meeting_id = ?`,
      [at, meetingId],
    );
    const closed = await loadRoom(tx, body, meetingId);
    await fillRecordedAttendance(tx, closed, actor.personId, at);
    await tx.execute(`update ${table(tx, 'meeting')} set status = 'HELD', updated_at = now() where id = ? and status = 'CONVENED'`, [
      meetingId,
    ]);
    await refreshInboxEntries(tx, body.id, meetingId);
    await publish(tx, ctx, room, [
      { kind: 'SEANCE_CLOSED', payload: { status: 'CLOSED', at: at.toISOString(), closedBy: actor.personId } },
    ]);
  });
}

/** The item under discussion, which every tablet follows; not one withdrawn or adjourned. */
export async function setCurrentItem(ctx: SeanceContext, meetingId: string, itemId: string): Promise<void> {
  const { body, em, actor } = ctx;
  await em.transactional(async (tx) => {
    const room = await loadRoom(tx, body, meetingId, 'update');
    requireManager(room, actor);
    requireOpen(room.seance);
    requireNoOpenVote(await openVoteId(tx, meetingId));
    const item = await requireItem(tx, meetingId, itemId);
    await requireItemOpen(tx, meetingId, item.id);
    await tx.execute(`update ${table(tx, 'seance')} set current_item_id = ?, updated_at = now() where meeting_id = ?`, [
      item.id,
      meetingId,
    ]);
    await publish(tx, ctx, room, [
      { kind: 'SEANCE_CURRENT_ITEM', payload: { itemId: item.id, title: item.title, at: ctx.now().toISOString() } },
    ]);
  });
}

/** Refuses an item withdrawn, adjourned, or whose vote is closed. */
export async function requireItemOpen(tx: EntityManager, meetingId: string, itemId: string): Promise<void> {
  const [decided] = await tx.execute<{ status: string }[]>(
    `select status from ${table(tx, 'seance_item')} where meeting_id = ? and item_id = ?`,
    [meetingId, itemId],
  );
  if (decided) {
    throw new CartableError(
      ErrorCode.PreconditionFailed,
      decided.status === 'WITHDRAWN' ? 'Ce point a été retiré de l’ordre du jour.' : 'Ce point a été ajourné.',
      {
        reason: 'ITEM_CLOSED',
        itemId,
      },
    );
  }
  const [voted] = await tx.execute<{ id: string }[]>(
    `select id from ${table(tx, 'seance_vote')} where meeting_id = ? and item_id = ? and status = 'CLOSED' limit 1`,
    [meetingId, itemId],
  );
  if (voted) throw new CartableError(ErrorCode.PreconditionFailed, 'Ce point a déjà été voté.', { reason: 'ITEM_CLOSED', itemId });
}

export type ItemDecision = 'WITHDRAWN' | 'ADJOURNED';

/** Withdraws an item from the agenda, or adjourns it to a later séance; it can no longer be voted on. */
export async function decideItem(ctx: SeanceContext, meetingId: string, itemId: string, decision: ItemDecision): Promise<void> {
  const { body, em, actor } = ctx;
  await em.transactional(async (tx) => {
    const room = await loadRoom(tx, body, meetingId, 'update');
    requireManager(room, actor);
    requireOpen(room.seance);
    const item = await requireItem(tx, meetingId, itemId);
    const voteId = await openVoteId(tx, meetingId);
    if (voteId) requireNoOpenVote(voteId);
    await requireItemOpen(tx, meetingId, item.id);
    const at = ctx.now();
    await tx.execute(
      `insert into ${table(tx, 'seance_item')} (meeting_id, item_id, status, decided_at, decided_by) values (?, ?, ?, ?, ?)`,
      [meetingId, item.id, decision, at, actor.personId],
    );
    if (room.seance.currentItemId === item.id)
      await tx.execute(`update ${table(tx, 'seance')} set current_item_id = null, updated_at = now() where meeting_id = ?`, [meetingId]);
    await publish(tx, ctx, room, [
      {
        kind: decision === 'WITHDRAWN' ? 'SEANCE_ITEM_WITHDRAWN' : 'SEANCE_ITEM_ADJOURNED',
        payload: { itemId: item.id, title: item.title, at: at.toISOString(), by: actor.personId },
      },
    ]);
  });
}

/**
 * Records that a member declares an interest in an item (L2131-11): they step out of its vote — for
 * themself and for the pouvoir they hold — and are not counted in it. Before the item's vote opens.
 */
export async function declareInterest(ctx: SeanceContext, meetingId: string, itemId: string, personId: string): Promise<void> {
  const { body, em, actor } = ctx;
  await em.transactional(async (tx) => {
    const room = await loadRoom(tx, body, meetingId, 'update');
    if (actor.personId !== personId) requireManager(room, actor);
    requireOpen(room.seance);
    const member = requireMember(room, personId);
    const item = await requireItem(tx, meetingId, itemId);
    await requireItemOpen(tx, meetingId, item.id);
    const [open] = await tx.execute<{ id: string }[]>(
      `select id from ${table(tx, 'seance_vote')} where meeting_id = ? and item_id = ? and status = 'OPEN'`,
      [meetingId, item.id],
    );
    if (open)
      throw new CartableError(ErrorCode.PreconditionFailed, 'Le vote sur ce point est ouvert : l’intérêt se déclare avant le vote.', {
        reason: 'VOTE_IN_PROGRESS',
        voteId: open.id,
      });
    const at = ctx.now();
    const inserted = await tx.execute<{ person_id: string }[]>(
      `insert into ${table(tx, 'seance_interest')} (meeting_id, item_id, person_id, declared_at, recorded_by) values (?, ?, ?, ?, ?) on conflict do nothing returning person_id`,
      [meetingId, item.id, personId, at, actor.personId],
    );
    if (inserted.length === 0) return;
    await publish(tx, ctx, room, [
      {
        kind: 'SEANCE_INTEREST_DECLARED',
        payload: {
          itemId: item.id,
          personId,
          name: member.displayName,
          at: at.toISOString(),
          recordedBy: actor.personId,
          article: bodyArticles(room.body.kind).interest,
        },
      },
    ]);
  });
}

/** A quorum check on request (the secretariat's « Vérifier le quorum »), recorded whatever its outcome. */
export async function checkQuorum(ctx: SeanceContext, meetingId: string): Promise<string> {
  const { body, em, actor } = ctx;
  return em.transactional(async (tx) => {
    const room = await loadRoom(tx, body, meetingId, 'update');
    requireManager(room, actor);
    requireOpen(room.seance);
    const { id } = await recordQuorumCheck(tx, ctx, room, 'REQUEST', room.seance.currentItemId, ctx.now(), actor.personId);
    return id;
  });
}
