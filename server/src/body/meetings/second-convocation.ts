import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { zonedDate } from '../../common/time.js';
import { recordMeetingEvents } from '../../evidence/meeting-events.js';
import { earliestSecondDate, failureOf, secondDateRefusal, type QuorumFailure } from '../../legal/second-convocation.js';
import type { BodyContext, PersonContext } from '../../tenancy/body-context.js';
import { copyAgendaSkeleton } from '../agenda/agenda.service.js';
import { meetingAttendance } from '../attendance/recorded-attendance.service.js';
import { findSeance } from '../seance/seance-room.js';
import { Meeting } from './meeting.entity.js';
import { meetingRules } from './meeting-rules.js';
import { findMeeting } from './meeting.service.js';

/**
 * Whether a séance failed its quorum — the one function every caller asks, so that what establishes the
 * failure can grow in one place: a séance opened in the séance console and closed at once for want of
 * quorum (`NO_QUORUM`, its attendance filled from the room), or a séance marked held (or closed) whose
 * attendance recorded in session did not reach its statutory quorum (the figures chained in the ledger
 * with MEETING_HELD).
 */
export async function quorumFailure(ctx: BodyContext, meeting: Meeting): Promise<QuorumFailure | null> {
  const closedForWantOfQuorum = (await findSeance(ctx.em, meeting.id))?.status === 'NO_QUORUM';
  if (!closedForWantOfQuorum && meeting.status !== 'HELD' && meeting.status !== 'CLOSED') return null;
  const attendance = await meetingAttendance(ctx, meeting.id, ctx.now());
  return attendance ? failureOf(attendance.quorum) : null;
}

/** The séance convened again after this one's failed quorum, if any. */
export function secondConvocationOf(em: EntityManager, meetingId: string): Promise<Meeting | null> {
  return em.findOne(Meeting, { firstConvocationMeetingId: meetingId }, { populate: ['assembly'] });
}

function refuse(reason: string, message: string, details: Record<string, unknown> = {}): never {
  throw new CartableError(ErrorCode.PreconditionFailed, message, { reason, ...details });
}

export interface ConveneAgainFields {
  startsAt: Date;
  /** Defaults to the failed séance's place. */
  place?: string | null;
}

/**
 * After a séance failed its quorum, creates the séance convened again (a DRAFT, to be sent like any
 * convocation): same assembly, title and agenda, at least three days later (communes, EPCI, syndicats:
 * L2121-17 al. 2) or exactly three days later (départements, régions: held by law, L3121-14, L4132-13),
 * deliberating without quorum. Documents are attached again (their files belong to the failed séance).
 * Chained in the ledger of the new séance (SECOND_CONVOCATION) with the figures of the failure. At most
 * one per failed séance (its row is locked, and a unique index backs it).
 */
export async function conveneAgain(ctx: PersonContext, meetingId: string, fields: ConveneAgainFields): Promise<Meeting> {
  const { body, clock } = ctx;
  const recordedBy = ctx.actor.personId;
  return ctx.em.transactional(async (tx) => {
    const failed = await findMeeting(tx, meetingId);
    await tx.lock(failed, LockMode.PESSIMISTIC_WRITE);
    const rule = meetingRules(body, failed).secondConvocation;
    if (!rule) refuse('NO_STATUTORY_QUORUM', 'Une commission n’a pas de quorum légal : il n’y a pas de seconde convocation.');
    if (failed.firstConvocationMeetingId)
      refuse(
        'ALREADY_WITHOUT_QUORUM',
        'Cette séance délibérait déjà sans condition de quorum : elle ne peut pas être convoquée une troisième fois à ce titre.',
      );
    const existing = await secondConvocationOf(tx, failed.id);
    if (existing) throw new CartableError(ErrorCode.Conflict, 'Cette séance a déjà été convoquée à nouveau.', { meetingId: existing.id });
    const failure = await quorumFailure(ctx.withEm(tx), failed);
    if (!failure) {
      refuse(
        'QUORUM_NOT_FAILED',
        `La seconde convocation suit une séance où le quorum n’a pas été atteint (${rule.article}) : enregistrez les présences et marquez la séance tenue ; ici, le quorum n’a pas manqué.`,
      );
    }
    const refusal = secondDateRefusal({ rule, failedStartsAt: failed.startsAt, startsAt: fields.startsAt, timeZone: body.timeZone, clock });
    if (refusal) {
      throw new BadUserInputError(refusal, {
        field: 'startsAt',
        reason: 'SECOND_CONVOCATION_DATE',
        earliest: earliestSecondDate(rule, zonedDate(failed.startsAt, body.timeZone)),
        article: rule.article,
      });
    }
    const again = tx.create(Meeting, {
      id: uuidv7(),
      assembly: failed.assembly,
      title: failed.title,
      startsAt: fields.startsAt,
      place: fields.place?.trim() || failed.place || null,
      status: 'DRAFT',
      urgent: false,
      urgencyJustification: null,
      firstConvocationMeetingId: failed.id,
    });
    await tx.flush();
    await copyAgendaSkeleton(tx, failed.id, again);
    await recordMeetingEvents(
      tx,
      body.id,
      again.id,
      [
        {
          kind: 'SECOND_CONVOCATION',
          payload: {
            firstMeetingId: failed.id,
            firstStartsAt: failed.startsAt.toISOString(),
            failure: { ...failure },
            article: rule.article,
            dePleinDroit: rule.dePleinDroit,
            startsAt: again.startsAt.toISOString(),
            recordedBy,
            at: clock.now().toISOString(),
          },
        },
      ],
      ctx.services.convocations.anchorBatchSeconds,
    );
    return again;
  });
}
