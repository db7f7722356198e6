import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { executeBound } from '../../db/bulk-insert.js';
import { recordMeetingEvents } from '../../evidence/meeting-events.js';
import { enqueueJob } from '../../jobs/job-queue.js';
import type { Body } from '../../platform/bodies/body.entity.js';
import { Membership } from '../../platform/people/membership.entity.js';
import type { ConvocationSettings } from '../convocations/convocation-settings.js';
import { sendConvocation } from '../convocations/send/send-convocation.js';
import { fixedClock } from '../../legal/clock.js';
import type { PersonContext, SystemContext } from '../../tenancy/body-context.js';
import { onBehalfOf } from '../../tenancy/system-scope.js';
import { findDraftMeeting, findMeeting } from '../meetings/meeting.service.js';
import { ScheduledSend } from './scheduled-send.entity.js';

export const scheduledSendTask = 'convocation.scheduled-send';

const jobKeyOf = (scheduled: Pick<ScheduledSend, 'id'>) => `scheduled-send:${scheduled.id}`;

/** Thrown to roll back a send made only to run its checks. */
class DryRun extends Error {}

/**
 * Runs every check of a manual send (sendConvocation itself: agenda, notes de synthèse, legal deadline,
 * recipients) as if it were made at `at`, in a transaction rolled back: what the job would refuse is
 * refused now, with the same French message and reason.
 */
async function checkSendAt(ctx: PersonContext, meetingId: string, at: Date): Promise<void> {
  try {
    await ctx.em.fork().transactional(async (dry) => {
      await sendConvocation(ctx.withEm(dry).withClock(fixedClock(at)), { meetingId });
      throw new DryRun();
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
}

/**
 * Schedules the convocation of a draft meeting for `runAt`: refused now if a send at that time would be
 * (in particular after the legal deadline), then a durable job (graphile-worker, in the database: it
 * survives restarts) sends it in the name of the secretary who scheduled it. Recorded in the ledger.
 */
export async function scheduleSend(ctx: PersonContext, meetingId: string, runAt: Date): Promise<ScheduledSend> {
  const { body, em } = ctx;
  const { personId } = ctx.actor;
  const settings = ctx.services.convocations;
  const now = ctx.now();
  if (Number.isNaN(runAt.getTime()) || runAt <= now)
    throw new BadUserInputError('L’heure d’envoi programmée doit être dans le futur.', { field: 'runAt' });
  const refusal = 'Cette séance a déjà été convoquée (ou annulée) : il n’y a plus d’envoi à programmer.';
  await findDraftMeeting(em, meetingId, { refusal });
  await checkSendAt(ctx, meetingId, runAt);
  return em.transactional(async (tx) => {
    const meeting = await findDraftMeeting(tx, meetingId, { refusal, lock: true });
    if (await tx.findOne(ScheduledSend, { meetingId: meeting.id, status: 'SCHEDULED' })) {
      throw new CartableError(ErrorCode.Conflict, 'Un envoi est déjà programmé pour cette séance : annulez-le pour en choisir un autre.', {
        reason: 'ALREADY_SCHEDULED',
      });
    }
    const scheduled = tx.create(ScheduledSend, {
      id: uuidv7(),
      meetingId: meeting.id,
      runAt,
      status: 'SCHEDULED',
      scheduledBy: personId,
      scheduledAt: now,
    });
    await tx.flush();
    await enqueueJob(
      tx,
      scheduledSendTask,
      { bodyId: body.id, scheduledSendId: scheduled.id },
      { jobKey: jobKeyOf(scheduled), runAt, maxAttempts: 5 },
    );
    await recordMeetingEvents(
      tx,
      body.id,
      meeting.id,
      [{ kind: 'CONVOCATION_SCHEDULED', payload: { scheduledSendId: scheduled.id, runAt: runAt.toISOString(), scheduledBy: personId } }],
      settings.anchorBatchSeconds,
    );
    return scheduled;
  });
}

/** Cancels the send waiting for a meeting, if there is one, in the caller's transaction (the meeting locked by the caller). */
export async function cancelWaitingSend(
  tx: EntityManager,
  settings: Pick<ConvocationSettings, 'anchorBatchSeconds'>,
  body: Body,
  meetingId: string,
  personId: string,
): Promise<ScheduledSend | null> {
  const scheduled = await tx.findOne(ScheduledSend, { meetingId, status: 'SCHEDULED' });
  if (!scheduled) return null;
  Object.assign(scheduled, { status: 'CANCELLED', cancelledBy: personId });
  await tx.flush();
  await executeBound(tx, 'select graphile_worker.remove_job($1)', [jobKeyOf(scheduled)]);
  await recordMeetingEvents(
    tx,
    body.id,
    meetingId,
    [{ kind: 'SCHEDULED_SEND_CANCELLED', payload: { scheduledSendId: scheduled.id, cancelledBy: personId } }],
    settings.anchorBatchSeconds,
  );
  return scheduled;
}

/** Cancels the scheduled send of a meeting; refused when none waits (already sent, or never scheduled). */
export async function cancelScheduledSend(ctx: PersonContext, meetingId: string): Promise<ScheduledSend> {
  return ctx.em.transactional(async (tx) => {
    const meeting = await findMeeting(tx, meetingId);
    await tx.lock(meeting, LockMode.PESSIMISTIC_WRITE);
    const cancelled = await cancelWaitingSend(tx, ctx.services.convocations, ctx.body, meeting.id, ctx.actor.personId);
    if (!cancelled)
      throw new CartableError(
        ErrorCode.PreconditionFailed,
        'Aucun envoi n’est programmé pour cette séance (il est peut-être déjà parti).',
        { reason: 'NOT_SCHEDULED' },
      );
    return cancelled;
  });
}

/** The send scheduled for a meeting, the latest first (the one waiting, or the outcome of the last). */
export async function scheduledSendOf(em: EntityManager, meetingId: string): Promise<ScheduledSend | null> {
  return em.findOne(ScheduledSend, { meetingId }, { orderBy: { scheduledAt: 'desc' } });
}

/**
 * The job: sends the convocation as a manual send would, in the name of who scheduled it (if they still
 * prepare this body's meetings). The meeting is locked first, so a cancellation either comes before
 * (nothing is sent) or finds the send done. A refused check ends the job with the row FAILED, its French
 * message kept for the secretariat and the ledger; other errors are retried.
 */
export async function runScheduledSend(ctx: SystemContext, scheduledSendId: string): Promise<void> {
  const { body, platformEm } = ctx;
  const settings = ctx.services.convocations;
  await ctx.em.transactional(async (tx) => {
    const scheduled = await tx.findOne(ScheduledSend, { id: scheduledSendId });
    if (!scheduled) return;
    const meeting = await findMeeting(tx, scheduled.meetingId);
    await tx.lock(meeting, LockMode.PESSIMISTIC_WRITE);
    await tx.refresh(scheduled);
    if (scheduled.status !== 'SCHEDULED') return;
    try {
      const seat = await platformEm.fork().findOne(Membership, { person: scheduled.scheduledBy, body: body.id });
      if (!seat?.roles.some((role) => role === 'SECRETARIAT' || role === 'BODY_ADMIN')) {
        throw new CartableError(
          ErrorCode.Forbidden,
          'La personne qui a programmé l’envoi ne prépare plus les séances de cet organisme : rien n’est parti.',
        );
      }
      const convocation = await sendConvocation(onBehalfOf(ctx.withEm(tx), scheduled.scheduledBy, seat.roles), { meetingId: meeting.id });
      Object.assign(scheduled, { status: 'SENT', convocationId: convocation.id });
    } catch (error) {
      if (!(error instanceof CartableError)) throw error;
      Object.assign(scheduled, { status: 'FAILED', failure: error.message.slice(0, 2000) });
      await recordMeetingEvents(
        tx,
        body.id,
        meeting.id,
        [
          {
            kind: 'SCHEDULED_SEND_FAILED',
            payload: { scheduledSendId: scheduled.id, reason: error.extensions.reason ?? error.code, message: error.message },
          },
        ],
        settings.anchorBatchSeconds,
      );
    }
    await tx.flush();
  });
}
