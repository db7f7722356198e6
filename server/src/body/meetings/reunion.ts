import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode, NotFoundError } from '../../common/errors.js';
import type { BodyContext } from '../../tenancy/body-context.js';
import { Meeting } from './meeting.entity.js';
import { meetingRules } from './meeting-rules.js';
import { findMeeting } from './meeting.service.js';

/**
 * Départements and régions: the séances of one réunion (CGCT L3121-16, L4132-15), the first one and those
 * that continue it, cancelled ones aside, by date. A séance outside any réunion is its own.
 */
export async function reunionSeances(em: EntityManager, meeting: Pick<Meeting, 'id' | 'reunionMeetingId'>): Promise<Meeting[]> {
  const first = meeting.reunionMeetingId ?? meeting.id;
  return em.find(
    Meeting,
    { $or: [{ id: first }, { reunionMeetingId: first }], status: { $ne: 'CANCELLED' } },
    { populate: ['assembly'], orderBy: { startsAt: 'asc' } },
  );
}

/**
 * Makes a draft séance continue the réunion that `reunionMeetingId` opened (null: its own réunion again).
 * Only where a délégation is for one réunion (départements, régions), in the same assembly, after the
 * réunion's first séance, which itself continues none; a séance others continue cannot join another.
 */
export async function setMeetingReunion(ctx: BodyContext, meetingId: string, reunionMeetingId: string | null): Promise<Meeting> {
  const { body } = ctx;
  return ctx.em.transactional(async (tx) => {
    const meeting = await findMeeting(tx, meetingId);
    await tx.lock(meeting, LockMode.PESSIMISTIC_WRITE);
    if (meeting.status !== 'DRAFT') throw new CartableError(ErrorCode.Conflict, 'Une séance convoquée ne change plus de réunion.');
    const rules = meetingRules(body, meeting).proxy;
    if (rules.maxConsecutiveSeances !== null) {
      throw new BadUserInputError(
        `Une réunion de plusieurs séances n’a d’effet que pour les délégations de vote des conseils départementaux et régionaux (CGCT L3121-16, L4132-15) ; ici, chaque pouvoir vaut pour une séance (${rules.article}).`,
        {
          field: 'reunionMeetingId',
          reason: 'NO_REUNION',
        },
      );
    }
    if (reunionMeetingId !== null) {
      const first = await tx.findOne(Meeting, { id: reunionMeetingId }, { populate: ['assembly'] });
      if (!first) throw new NotFoundError('Séance introuvable.');
      const continued = (await tx.count(Meeting, { reunionMeetingId: meeting.id })) > 0;
      const problem =
        first.id === meeting.id
          ? 'Une séance ne continue pas sa propre réunion.'
          : first.assembly.id !== meeting.assembly.id
            ? 'Les séances d’une réunion sont celles d’une même assemblée.'
            : first.reunionMeetingId
              ? 'Choisissez la première séance de la réunion.'
              : first.status === 'CANCELLED' || first.startsAt >= meeting.startsAt
                ? 'La réunion doit avoir commencé par une séance antérieure, non annulée.'
                : continued
                  ? 'D’autres séances continuent celle-ci : elle ouvre sa propre réunion.'
                  : null;
      if (problem) throw new BadUserInputError(problem, { field: 'reunionMeetingId' });
    }
    meeting.reunionMeetingId = reunionMeetingId;
    await tx.flush();
    return meeting;
  });
}
