import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode, NotFoundError } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { findAssembly } from '../assemblies/assembly.service.js';
import { Meeting, type MeetingStatus } from './meeting.entity.js';
import type { BodyContext } from '../../tenancy/body-context.js';
import { refreshInboxEntries } from '../inbox/inbox-index.js';

export interface MeetingFields {
  assemblyId: string;
  title: string;
  startsAt: Date;
  place?: string | null;
  urgent: boolean;
  urgencyJustification?: string | null;
}

function checkFields(fields: MeetingFields, now: Date) {
  if (Number.isNaN(fields.startsAt.getTime()) || fields.startsAt <= now) {
    throw new BadUserInputError('La séance doit avoir lieu dans le futur.', { field: 'startsAt' });
  }
  const justification = fields.urgencyJustification?.trim() || null;
  if (fields.urgent && !justification) {
    throw new BadUserInputError('L’urgence doit être justifiée (elle sera soumise à l’assemblée à l’ouverture).', {
      field: 'urgencyJustification',
    });
  }
  return {
    title: fields.title.trim(),
    startsAt: fields.startsAt,
    place: fields.place?.trim() || null,
    urgent: fields.urgent,
    urgencyJustification: fields.urgent ? justification : null,
  };
}

export async function findMeeting(em: EntityManager, meetingId: string): Promise<Meeting> {
  const meeting = await em.findOne(Meeting, { id: meetingId }, { populate: ['assembly'] });
  if (!meeting) throw new NotFoundError('Séance introuvable.');
  return meeting;
}

/**
 * A meeting that may still change, or a CONFLICT carrying `refusal` (what to do instead, in French).
 * With `lock`, its row stays locked until the end of the caller's transaction, which serialises the
 * writes that depend on it (agenda numbering, document versions); with `withAssembly`, its assembly is
 * loaded with it.
 */
export async function findDraftMeeting(
  em: EntityManager,
  meetingId: string,
  options: { refusal: string; lock?: boolean; withAssembly?: boolean },
): Promise<Meeting> {
  const meeting = await em.findOne(
    Meeting,
    { id: meetingId },
    {
      // The assembly joined in the same statement; only the meeting's row locked (`m0`): a locked assembly
      // would hold up every insert that points at it (a new meeting's foreign key check) until the commit.
      ...(options.withAssembly ? { populate: ['assembly'] as const, strategy: 'joined' as const } : {}),
      ...(options.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, lockTableAliases: ['m0'] } : {}),
    },
  );
  if (!meeting) throw new NotFoundError('Séance introuvable.');
  if (meeting.status !== 'DRAFT') throw new CartableError(ErrorCode.Conflict, options.refusal);
  return meeting;
}

/**
 * A meeting whose documents may still be added or replaced: a draft, or a convened meeting that has not
 * started (the changes then go out as a supplement, see convocations/send/send-convocation.ts). Locked like
 * `findDraftMeeting` with `lock`.
 */
export async function findMeetingAcceptingDocuments(em: EntityManager, meetingId: string, lock = false): Promise<Meeting> {
  const meeting = await em.findOne(Meeting, { id: meetingId }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!meeting) throw new NotFoundError('Séance introuvable.');
  const open = meeting.status === 'DRAFT' || (meeting.status === 'CONVENED' && meeting.startsAt > new Date());
  if (!open) throw new CartableError(ErrorCode.Conflict, 'Les documents d’une séance commencée, tenue, close ou annulée ne changent plus.');
  return meeting;
}

export async function createMeeting(ctx: BodyContext, fields: MeetingFields) {
  const { em } = ctx;
  const now = ctx.now();
  const assembly = await findAssembly(em, fields.assemblyId);
  const meeting = em.create(Meeting, { id: uuidv7(), assembly, status: 'DRAFT', ...checkFields(fields, now) });
  await em.flush();
  return meeting;
}

export async function updateMeeting(ctx: BodyContext, meetingId: string, fields: MeetingFields) {
  const { em } = ctx;
  const now = ctx.now();
  const meeting = await findDraftMeeting(em, meetingId, {
    refusal: 'Une séance convoquée ne se modifie plus ; annulez-la et convoquez à nouveau.',
  });
  Object.assign(meeting, checkFields(fields, now), { assembly: await findAssembly(em, fields.assemblyId) });
  await em.flush();
  return meeting;
}

/**
 * DRAFT → CONVENED happens by sending the convocation, CONVENED → HELD by `markMeetingHeld` once the
 * attendance is recorded (attendance/recorded-attendance.service.ts); the others are recorded here.
 */
const allowedTransitions: Record<MeetingStatus, readonly MeetingStatus[]> = {
  DRAFT: ['CANCELLED'],
  // A convened meeting is cancelled with its reason, told to the officials (body/changes/meeting-changes.ts).
  CONVENED: [],
  HELD: ['CLOSED'],
  CLOSED: [],
  CANCELLED: [],
};

export async function changeMeetingStatus(ctx: BodyContext, meetingId: string, status: MeetingStatus) {
  return ctx.em.transactional(async (tx) => {
    const meeting = await findMeeting(tx, meetingId);
    if (meeting.status === 'CONVENED' && status === 'CANCELLED') {
      throw new CartableError(
        ErrorCode.Conflict,
        'Une séance convoquée s’annule avec son motif, communiqué aux élus convoqués : utilisez « Annuler la séance ».',
        { from: meeting.status, to: status },
      );
    }
    if (!allowedTransitions[meeting.status].includes(status)) {
      throw new CartableError(ErrorCode.Conflict, `Une séance à l’état ${meeting.status} ne peut pas passer à l’état ${status}.`, {
        from: meeting.status,
        to: status,
      });
    }
    meeting.status = status;
    await tx.flush();
    await refreshInboxEntries(tx, ctx.body.id, meeting.id);
    return meeting;
  });
}
