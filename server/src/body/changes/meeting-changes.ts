import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode } from '../../common/errors.js';
import { frenchDateTime } from '../../common/french.js';
import { uuidv7 } from '../../common/ids.js';
import { executeBound } from '../../db/bulk-insert.js';
import { recordMeetingEvents } from '../../evidence/meeting-events.js';
import { enqueueJob } from '../../jobs/job-queue.js';
import type { Body } from '../../platform/bodies/body.entity.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { Convocation, type Delivery } from '../convocations/convocation.entity.js';
import type { ConvocationSettings } from '../convocations/convocation-settings.js';
import { followUpOf } from '../convocations/receipts/follow-up.js';
import { queueDeliveries, type NewDelivery } from '../convocations/delivery/delivery-queue.js';
import { convocationTaskNames } from '../convocations/task-names.js';
import { meetingDeadline } from '../meetings/meeting-deadline.js';
import type { Meeting } from '../meetings/meeting.entity.js';
import { findMeeting } from '../meetings/meeting.service.js';
import { cancelWaitingSend } from '../scheduling/scheduled-sends.js';
import { MeetingChange, type MeetingChangeKind } from './meeting-change.entity.js';
import { refreshInboxEntries } from '../inbox/inbox-index.js';

export interface MoveInput {
  startsAt: Date;
  place?: string | null;
  reason: string;
  /** Move even though the convocation already sent no longer meets the legal delay for the new date. */
  acceptLateConvocation?: boolean | null;
}

const precondition = (reason: string, message: string, details: Record<string, unknown> = {}) =>
  new CartableError(ErrorCode.PreconditionFailed, message, { reason, ...details });

function checkedReason(reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed)
    throw new BadUserInputError('Indiquez le motif : il est communiqué aux élus et consigné au registre de preuve.', { field: 'reason' });
  if (trimmed.length > 2000) throw new BadUserInputError('Le motif doit compter de 1 à 2 000 caractères.', { field: 'reason' });
  return trimmed;
}

/** The meeting, locked until the end of the transaction, if it may still be cancelled or moved. */
async function lockChangeable(tx: EntityManager, meetingId: string, now: Date): Promise<Meeting> {
  const meeting = await findMeeting(tx, meetingId);
  await tx.lock(meeting, LockMode.PESSIMISTIC_WRITE);
  if (meeting.status === 'CANCELLED')
    throw new CartableError(ErrorCode.Conflict, 'Cette séance est déjà annulée.', { reason: 'ALREADY_CANCELLED' });
  if (meeting.status === 'HELD' || meeting.status === 'CLOSED')
    throw precondition('MEETING_HELD', 'Une séance tenue ou close ne s’annule ni ne se déplace.');
  if (meeting.startsAt <= now) throw precondition('MEETING_PAST', 'La séance a déjà commencé : elle ne s’annule ni ne se déplace plus.');
  return meeting;
}

/**
 * Records a change of a convened meeting and tells every official convened, in the caller's transaction:
 * the change row (numbered: the calendar SEQUENCE), one delivery per channel of their convocation (an
 * official convened on paper gets an email, paper being too slow to announce a change), the ledger entry
 * (timestamped with the meeting's events, so in the proof file).
 */
async function recordChange(
  tx: EntityManager,
  settings: ConvocationSettings,
  body: Body,
  meeting: Meeting,
  fields: {
    kind: MeetingChangeKind;
    reason: string;
    startsAt: Date;
    place: string | null;
    deadlineMet: boolean | null;
    changedBy: string;
    now: Date;
  },
): Promise<MeetingChange> {
  const previous = await tx.findOne(MeetingChange, { meetingId: meeting.id }, { orderBy: { sequence: 'desc' } });
  const change = tx.create(MeetingChange, {
    id: uuidv7(),
    meetingId: meeting.id,
    sequence: (previous?.sequence ?? 0) + 1,
    kind: fields.kind,
    reason: fields.reason,
    previousStartsAt: meeting.startsAt,
    previousPlace: meeting.place ?? null,
    startsAt: fields.startsAt,
    place: fields.place,
    deadlineMet: fields.deadlineMet,
    changedBy: fields.changedBy,
    changedAt: fields.now,
  });
  Object.assign(meeting, fields.kind === 'CANCELLED' ? { status: 'CANCELLED' } : { startsAt: fields.startsAt, place: fields.place });
  await tx.flush();
  await refreshInboxEntries(tx, body.id, meeting.id);
  const convened = await followUpOf(tx, meeting.id);
  const wanted = convened.flatMap(({ recipient, deliveries }) => {
    const channels = new Map(
      deliveries
        .filter((delivery) => delivery.purpose === 'CONVOCATION' && delivery.channel !== 'LETTER')
        .map((delivery) => [delivery.channel, delivery.address]),
    );
    if (channels.size === 0) channels.set('EMAIL', recipient.email);
    return [...channels].map(([channel, address]): NewDelivery => ({
      recipientId: recipient.id,
      channel,
      purpose: 'CHANGE',
      sendKey: `${change.id}:${recipient.personId}:${channel}`,
      address,
      meetingChangeId: change.id,
    }));
  });
  await queueDeliveries(tx, body.id, wanted);
  await recordMeetingEvents(
    tx,
    body.id,
    meeting.id,
    [
      {
        kind: fields.kind === 'CANCELLED' ? 'MEETING_CANCELLED' : 'MEETING_MOVED',
        payload: {
          changeId: change.id,
          sequence: change.sequence,
          reason: change.reason,
          previousStartsAt: change.previousStartsAt.toISOString(),
          previousPlace: change.previousPlace ?? null,
          startsAt: change.startsAt.toISOString(),
          place: change.place ?? null,
          ...(fields.kind === 'MOVED' ? { deadlineMet: fields.deadlineMet } : {}),
          changedBy: change.changedBy,
          notified: convened.map(({ recipient }) => recipient.personId),
        },
      },
    ],
    settings.anchorBatchSeconds,
  );
  return change;
}

/**
 * Cancels a meeting. A draft is simply cancelled (nobody was convened); a convened meeting that has not
 * started gets its cancellation recorded and announced (`recordChange`). A send scheduled for it is
 * cancelled too.
 */
export async function cancelMeeting(ctx: PersonContext, meetingId: string, reason: string): Promise<Meeting> {
  const {
    em,
    body,
    services: { convocations: settings },
  } = ctx;
  const personId = ctx.actor.personId;
  const now = ctx.now();
  const motive = checkedReason(reason);
  return em.transactional(async (tx) => {
    const meeting = await lockChangeable(tx, meetingId, now);
    await cancelWaitingSend(tx, settings, body, meeting.id, personId);
    if (meeting.status === 'DRAFT') {
      meeting.status = 'CANCELLED';
      await tx.flush();
      return meeting;
    }
    await recordChange(tx, settings, body, meeting, {
      kind: 'CANCELLED',
      reason: motive,
      startsAt: meeting.startsAt,
      place: meeting.place ?? null,
      deadlineMet: null,
      changedBy: personId,
      now,
    });
    return meeting;
  });
}

/**
 * Moves a convened meeting (date, time, place). The convocation already sent must still meet the legal
 * delay for the new date (legal/convocation-deadline.ts, with the meeting's urgency): moving it earlier
 * may break it, and then the move is refused (reason DEADLINE_NOT_MET) unless `acceptLateConvocation`
 * confirms it, the deadline missed being recorded with the change. The reminder follows the new date.
 */
export async function moveMeeting(ctx: PersonContext, meetingId: string, input: MoveInput): Promise<Meeting> {
  const {
    em,
    body,
    services: { convocations: settings },
  } = ctx;
  const personId = ctx.actor.personId;
  const now = ctx.now();
  const motive = checkedReason(input.reason);
  if (Number.isNaN(input.startsAt.getTime()) || input.startsAt <= now)
    throw new BadUserInputError('La nouvelle date doit être dans le futur.', { field: 'startsAt' });
  const place = input.place?.trim() || null;
  return em.transactional(async (tx) => {
    const meeting = await lockChangeable(tx, meetingId, now);
    if (meeting.status === 'DRAFT')
      throw new CartableError(ErrorCode.Conflict, 'Une séance en préparation se modifie directement : aucun élu n’a encore été convoqué.', {
        reason: 'NOT_CONVENED',
      });
    if (meeting.startsAt.getTime() === input.startsAt.getTime() && (meeting.place ?? null) === place) {
      throw new BadUserInputError('Ni la date ni le lieu ne changent.', { field: 'startsAt' });
    }
    await tx.populate(meeting, ['assembly']);
    const first = await tx.findOneOrFail(Convocation, { meetingId: meeting.id, kind: 'INITIAL' }, { orderBy: { sequence: 'asc' } });
    // The meeting as it would be at the new date; an own property of a view, as assigning would go
    // through the entity's accessors and change the meeting itself before the checks pass.
    const deadline = await meetingDeadline({ em: tx, body }, Object.create(meeting, { startsAt: { value: input.startsAt } }) as Meeting);
    const deadlineMet = first.sentAt.getTime() <= new Date(deadline.latestSendAt).getTime();
    if (!deadlineMet && !input.acceptLateConvocation) {
      throw precondition(
        'DEADLINE_NOT_MET',
        `Pour une séance le ${frenchDateTime(input.startsAt, body.timeZone)}, la convocation devait partir au plus tard le ${frenchDateTime(deadline.latestSendAt, body.timeZone)} (${deadline.clearDays} ${deadline.clearDays > 1 ? 'jours francs' : 'jour franc'}, ${deadline.article}) ; elle est partie le ${frenchDateTime(first.sentAt, body.timeZone)}. Choisissez une date qui respecte ce délai, ou confirmez le déplacement en sachant que la séance pourra être contestée.`,
        { latestSendAt: deadline.latestSendAt, clearDays: deadline.clearDays, article: deadline.article },
      );
    }
    const change = await recordChange(tx, settings, body, meeting, {
      kind: 'MOVED',
      reason: motive,
      startsAt: input.startsAt,
      place,
      deadlineMet,
      changedBy: personId,
      now,
    });
    await rescheduleReminder(tx, settings, body.id, meeting.id, change.startsAt, now);
    return meeting;
  });
}

/** The reminder job of the convocation (send-convocation.ts) moves with the meeting, or goes when its time is past. */
async function rescheduleReminder(
  tx: EntityManager,
  settings: ConvocationSettings,
  bodyId: string,
  meetingId: string,
  startsAt: Date,
  now: Date,
): Promise<void> {
  const jobKey = `remind:${meetingId}`;
  const runAt = new Date(startsAt.getTime() - settings.reminderLeadHours * 3_600_000);
  if (runAt > now) await enqueueJob(tx, convocationTaskNames.remind, { bodyId, meetingId }, { jobKey, runAt });
  else await executeBound(tx, 'select graphile_worker.remove_job($1)', [jobKey]);
}

/** What a delivery announces (a CHANGE delivery), or the latest change of its meeting for the others (their date and place). */
export async function changeOfDelivery(
  em: EntityManager,
  delivery: Pick<Delivery, 'meetingChangeId'>,
  meetingId: string,
): Promise<MeetingChange | null> {
  return delivery.meetingChangeId
    ? em.findOneOrFail(MeetingChange, { id: delivery.meetingChangeId })
    : em.findOne(MeetingChange, { meetingId }, { orderBy: { sequence: 'desc' } });
}

/** The latest change of each of these meetings. */
export async function latestChanges(em: EntityManager, meetingIds: readonly string[]): Promise<Map<string, MeetingChange>> {
  if (meetingIds.length === 0) return new Map();
  const changes = await em.find(MeetingChange, { meetingId: { $in: [...meetingIds] } }, { orderBy: { sequence: 'asc' } });
  return new Map(changes.map((change) => [change.meetingId, change]));
}
