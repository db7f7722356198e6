import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode, NotFoundError } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { zonedDate } from '../../common/time.js';
import { recordMeetingEvents } from '../../evidence/meeting-events.js';
import { recordedProxyRefusal } from '../../legal/proxy-rules.js';
import { quorumOf, type QuorumForecast, type QuorumRule } from '../../legal/quorum.js';
import type { Body } from '../../platform/bodies/body.entity.js';
import type { BodyContext, PersonContext } from '../../tenancy/body-context.js';
import { Convocation, type ConvocationRecipient } from '../convocations/convocation.entity.js';
import { frenchDate } from '../../common/french.js';
import { convenedInOffice, convenedSeats, quorumMembers } from '../convocations/receipts/receipts.service.js';
import type { SeatInOffice } from '../assemblies/members-in-office.js';
import type { Meeting } from '../meetings/meeting.entity.js';
import { meetingRulesInForce } from '../meetings/meeting-rules.js';
import { findMeeting } from '../meetings/meeting.service.js';
import { findSeance } from '../seance/seance-room.js';
import type { AttendanceAnswer } from './attendance-answer.entity.js';
import { AttendanceRecord, type AttendanceStatus } from './attendance-record.entity.js';
import { currentAnswers, requireRemoteAllowed } from './attendance.service.js';
import { refreshInboxEntries } from '../inbox/inbox-index.js';

export interface AttendanceEntryInput {
  personId: string;
  status: AttendanceStatus;
  proxyHolderId?: string | null;
  arrivedAt?: Date | null;
  leftAt?: Date | null;
  /** PRESENT only: « à distance » (CGCT L5211-11-1), counted as present. */
  remote?: boolean | null;
}

/** Per convened official: the attendance recorded in session (null until then) and the answer announced. */
export interface AttendanceLine {
  recipient: ConvocationRecipient;
  record: AttendanceRecord | null;
  announced: AttendanceAnswer | null;
}

export interface MeetingAttendance {
  /** The day recording opens: the meeting's date in the body's time zone. */
  opensOn: string;
  /** Whether attendance may be recorded now (from the meeting's day on, convened or held). */
  open: boolean;
  lines: AttendanceLine[];
  /** The quorum the recorded attendance reaches, under the rule of the body's kind and the assembly. */
  quorum: QuorumForecast;
}

const recordingStatuses: readonly Meeting['status'][] = ['CONVENED', 'HELD'];

export const attendanceOpensOn = (body: Body, meeting: Meeting) => zonedDate(meeting.startsAt, body.timeZone);

function recordingOpen(body: Body, meeting: Meeting, now: Date) {
  return recordingStatuses.includes(meeting.status) && zonedDate(now, body.timeZone) >= attendanceOpensOn(body, meeting);
}

/** Why attendance cannot be recorded now, as a typed error; nothing when it can. */
function requireRecordingOpen(body: Body, meeting: Meeting, now: Date) {
  if (!recordingStatuses.includes(meeting.status)) {
    const closed = meeting.status === 'CLOSED';
    throw new CartableError(
      ErrorCode.PreconditionFailed,
      closed
        ? 'La séance est clôturée : les présences ne se modifient plus.'
        : 'Les présences se saisissent pour une séance convoquée ; celle-ci ne l’est pas.',
      { reason: closed ? 'MEETING_CLOSED' : 'NOT_CONVENED' },
    );
  }
  if (!recordingOpen(body, meeting, now)) {
    throw new CartableError(
      ErrorCode.PreconditionFailed,
      `Les présences se saisissent à partir du jour de la séance, le ${frenchDate(meeting.startsAt, body.timeZone)}.`,
      {
        reason: 'BEFORE_MEETING_DAY',
        opensOn: attendanceOpensOn(body, meeting),
      },
    );
  }
}

/** Once a séance is opened, the « Présences » are the séance's: filled from its arrivals and departures when it closes. */
async function requireNoSeance(em: EntityManager, meetingId: string): Promise<void> {
  if (await findSeance(em, meetingId)) {
    throw new CartableError(
      ErrorCode.PreconditionFailed,
      'La séance a été ouverte dans Cartable : les présences se suivent dans la séance (arrivées et départs) et sont reportées ici à sa clôture.',
      {
        reason: 'SEANCE_RECORDS_ATTENDANCE',
      },
    );
  }
}

export async function currentRecords(em: EntityManager, meetingId: string): Promise<AttendanceRecord[]> {
  return em.find(AttendanceRecord, { meetingId, supersededAt: null });
}

type State = Pick<AttendanceRecord, 'status' | 'proxyHolderId'> & { arrivedAt: Date | null; leftAt: Date | null; remote: boolean };

const sameInstant = (left: Date | null | undefined, right: Date | null | undefined) =>
  (left?.getTime() ?? null) === (right?.getTime() ?? null);
const sameState = (record: AttendanceRecord, state: State) =>
  record.status === state.status &&
  (record.proxyHolderId ?? null) === state.proxyHolderId &&
  sameInstant(record.arrivedAt, state.arrivedAt) &&
  sameInstant(record.leftAt, state.leftAt) &&
  record.remote === state.remote;

/** An entry as it will be stored, or a BAD_USER_INPUT naming the official. */
function checkedEntry(entry: AttendanceEntryInput, recipient: ConvocationRecipient): State {
  const name = recipient.displayName;
  const represented = entry.status === 'REPRESENTED';
  if (represented && !entry.proxyHolderId)
    throw new BadUserInputError(`Indiquez qui représente ${name}.`, { field: 'proxyHolderId', personId: recipient.personId });
  const arrivedAt = entry.status === 'PRESENT' ? (entry.arrivedAt ?? null) : null;
  const leftAt = entry.status === 'PRESENT' ? (entry.leftAt ?? null) : null;
  if (entry.status !== 'PRESENT' && (entry.arrivedAt || entry.leftAt)) {
    throw new BadUserInputError(`Les heures d’arrivée et de départ ne se saisissent que pour un élu présent (${name}).`, {
      field: 'arrivedAt',
      personId: recipient.personId,
    });
  }
  if (arrivedAt && leftAt && leftAt <= arrivedAt)
    throw new BadUserInputError(`L’heure de départ de ${name} doit suivre son heure d’arrivée.`, {
      field: 'leftAt',
      personId: recipient.personId,
    });
  return {
    status: entry.status,
    proxyHolderId: represented ? entry.proxyHolderId! : null,
    arrivedAt,
    leftAt,
    remote: entry.remote ?? false,
  };
}

/**
 * Records who was actually present, absent or represented at a convened meeting, from its day on, in one
 * transaction. The proxy rules are checked on the resulting attendance (legal/proxy-rules.ts): the
 * representative is a voting member recorded present, holding one proxy at most. Recording the same
 * thing again changes nothing; a change supersedes the person's previous record, which stays as history,
 * and is chained in the ledger with who recorded it.
 */
export async function recordAttendance(ctx: PersonContext, meetingId: string, entries: readonly AttendanceEntryInput[]): Promise<void> {
  const { body } = ctx;
  const recordedBy = ctx.actor.personId;
  const now = ctx.now();
  await ctx.em.transactional(async (tx) => {
    const meeting = await findMeeting(tx, meetingId);
    await tx.lock(meeting, LockMode.PESSIMISTIC_WRITE);
    requireRecordingOpen(body, meeting, now);
    await requireNoSeance(tx, meeting.id);
    const recipients = await convenedInOffice(tx, body, meeting);
    const rules = (await meetingRulesInForce({ em: tx, body }, meeting)).proxy;
    const current = new Map((await currentRecords(tx, meeting.id)).map((record) => [record.personId, record]));
    const changes = new Map<string, State>();
    for (const entry of entries) {
      const recipient = recipients.get(entry.personId);
      if (!recipient) {
        throw new BadUserInputError(
          'Cette personne n’est pas convoquée à cette séance, ou n’est plus membre en exercice à sa date : sa présence ne peut pas être enregistrée.',
          {
            reason: 'PERSON_NOT_CONVENED',
            personId: entry.personId,
          },
        );
      }
      if (changes.has(entry.personId))
        throw new BadUserInputError(`${recipient.displayName} figure deux fois dans la saisie.`, {
          field: 'entries',
          personId: entry.personId,
        });
      changes.set(entry.personId, checkedEntry(entry, recipient));
      if (entry.remote) await requireRemoteAllowed({ em: tx, body }, meeting, entry.status === 'PRESENT', recipient.displayName);
    }

    const next = new Map<string, Pick<State, 'status' | 'proxyHolderId'>>([...current].filter(([personId]) => recipients.has(personId)));
    for (const [personId, state] of changes) next.set(personId, state);
    for (const [personId, state] of next) {
      if (state.status !== 'REPRESENTED' || !state.proxyHolderId) continue;
      const giver = recipients.get(personId)!;
      const holder = recipients.get(state.proxyHolderId);
      const refusal = recordedProxyRefusal({
        rules,
        giver: { personId, name: giver.displayName, votingRight: giver.votingRight },
        holderId: state.proxyHolderId,
        holder: holder
          ? { name: holder.displayName, votingRight: holder.votingRight, status: next.get(holder.personId)?.status ?? null }
          : null,
        otherGiversOfHolder: [...next]
          .filter(
            ([other, otherState]) =>
              other !== personId && otherState.status === 'REPRESENTED' && otherState.proxyHolderId === state.proxyHolderId,
          )
          .map(([other]) => recipients.get(other)!.displayName),
      });
      if (refusal)
        throw new CartableError(ErrorCode.RuleViolation, refusal.message, { rule: refusal.rule, article: refusal.article, personId });
    }

    const changed = [...changes].filter(([personId, state]) => !current.has(personId) || !sameState(current.get(personId)!, state));
    if (changed.length === 0) return;
    for (const [personId] of changed) {
      const previous = current.get(personId);
      if (previous) previous.supersededAt = now;
    }
    await tx.flush();
    for (const [personId, state] of changed) {
      tx.create(AttendanceRecord, { id: uuidv7(), meetingId: meeting.id, personId, ...state, recordedBy, recordedAt: now });
    }
    await tx.flush();
    await recordMeetingEvents(
      tx,
      body.id,
      meeting.id,
      changed.map(([personId, state]) => ({
        kind: 'ATTENDANCE_RECORDED',
        payload: {
          personId,
          status: state.status,
          proxyHolderId: state.proxyHolderId,
          arrivedAt: state.arrivedAt?.toISOString() ?? null,
          leftAt: state.leftAt?.toISOString() ?? null,
          ...(state.remote ? { remote: true } : {}),
          recordedBy,
          at: now.toISOString(),
        },
      })),
      ctx.services.convocations.anchorBatchSeconds,
    );
  });
}

/** The quorum reached by recorded attendance (voting members in office on the day); officials not recorded yet count as `unanswered`. */
function recordedQuorum(
  rule: QuorumRule,
  recipients: ReadonlyMap<string, ConvocationRecipient>,
  seats: ReadonlyMap<string, SeatInOffice>,
  records: readonly AttendanceRecord[],
): QuorumForecast {
  const statuses = new Map(records.map((record) => [record.personId, record.status]));
  return quorumOf(
    rule,
    quorumMembers(recipients, seats, (personId) => statuses.get(personId) ?? null),
  );
}

/**
 * The attendance of a convened meeting as recorded so far, with the announced answers beside it, and
 * whether recording is open at `now`; null before the convocation.
 */
export async function meetingAttendance(
  { body, em }: Pick<BodyContext, 'body' | 'em'>,
  meetingId: string,
  now: Date,
): Promise<MeetingAttendance | null> {
  const meeting = await findMeeting(em, meetingId);
  if ((await em.count(Convocation, { meetingId: meeting.id })) === 0) return null;
  const { recipients, seats } = await convenedSeats({ em, body }, meeting);
  const [records, answers] = await Promise.all([currentRecords(em, meeting.id), currentAnswers(em, meeting.id)]);
  return {
    opensOn: attendanceOpensOn(body, meeting),
    open: recordingOpen(body, meeting, now),
    lines: [...recipients.values()]
      .map((recipient) => ({
        recipient,
        record: records.find((record) => record.personId === recipient.personId) ?? null,
        announced: answers.find((answer) => answer.personId === recipient.personId) ?? null,
      }))
      .sort((left, right) => left.recipient.displayName.localeCompare(right.recipient.displayName, 'fr')),
    quorum: recordedQuorum((await meetingRulesInForce({ em, body }, meeting)).quorum, recipients, seats, records),
  };
}

/**
 * Records that a convened meeting was held (CONVENED → HELD): from its day on, once the attendance of
 * every official convened is recorded; chained in the ledger with the quorum the attendance reached.
 */
export async function markMeetingHeld(ctx: PersonContext, meetingId: string): Promise<Meeting> {
  const { body } = ctx;
  const recordedBy = ctx.actor.personId;
  const now = ctx.now();
  return ctx.em.transactional(async (tx) => {
    const meeting = await findMeeting(tx, meetingId);
    await tx.lock(meeting, LockMode.PESSIMISTIC_WRITE);
    if (meeting.status !== 'CONVENED') {
      throw new CartableError(ErrorCode.Conflict, `Une séance à l’état ${meeting.status} ne peut pas passer à l’état HELD.`, {
        from: meeting.status,
        to: 'HELD',
      });
    }
    requireRecordingOpen(body, meeting, now);
    await requireNoSeance(tx, meeting.id);
    const attendance = await meetingAttendance({ body, em: tx }, meeting.id, now);
    if (!attendance) throw new NotFoundError('Cette séance n’a pas encore été convoquée.');
    const missing = attendance.lines.filter((line) => !line.record).map((line) => line.recipient.displayName);
    if (missing.length > 0) {
      throw new CartableError(
        ErrorCode.PreconditionFailed,
        `Enregistrez d’abord la présence de chaque élu convoqué : ${missing.join(', ')}.`,
        { reason: 'ATTENDANCE_INCOMPLETE' },
      );
    }
    meeting.status = 'HELD';
    await tx.flush();
    await refreshInboxEntries(tx, body.id, meeting.id);
    const { quorum } = attendance;
    await recordMeetingEvents(
      tx,
      body.id,
      meeting.id,
      [
        {
          kind: 'MEETING_HELD',
          payload: {
            present: quorum.present,
            represented: quorum.represented,
            absent: quorum.absent,
            required: quorum.required,
            reached: quorum.reached,
            article: quorum.rule.article,
            recordedBy,
            at: now.toISOString(),
          },
        },
      ],
      ctx.services.convocations.anchorBatchSeconds,
    );
    return meeting;
  });
}
