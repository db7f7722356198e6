import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { CartableError, ErrorCode, NotFoundError } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { recordMeetingEvents } from '../../evidence/meeting-events.js';
import { holderWithdrawalRefusal, proxyRefusal, type ProxyRefusal } from '../../legal/proxy-rules.js';
import { quorumForecast, quorumRule, type QuorumForecast } from '../../legal/quorum.js';
import type { Body } from '../../platform/bodies/body.entity.js';
import { meetingRecipients, requireRecipient, type ReceiptServices } from '../convocations/receipts.service.js';
import { Meeting } from '../meetings/meeting.entity.js';
import { findMeeting } from '../meetings/meeting.service.js';
import { AttendanceAnswer, type AttendanceResponse } from './attendance-answer.entity.js';

export interface AnswerInput {
  meetingId: string;
  /** Whose answer: the caller's own, or (secretariat) someone else's. */
  personId: string;
  response: AttendanceResponse;
  proxyHolderId?: string | null;
  illnessDeclared?: boolean | null;
}

function ruleViolation(refusal: ProxyRefusal): never {
  throw new CartableError(ErrorCode.RuleViolation, refusal.message, { rule: refusal.rule, article: refusal.article });
}

export async function currentAnswers(em: EntityManager, meetingId: string): Promise<AttendanceAnswer[]> {
  return em.find(AttendanceAnswer, { meetingId, supersededAt: null });
}

/** The giver's current answers to the meetings of the same assembly just before this one, most recent first. */
async function previousResponses(em: EntityManager, meeting: Meeting, personId: string, count: number) {
  const previous = await em.find(
    Meeting,
    { assembly: meeting.assembly.id, startsAt: { $lt: meeting.startsAt }, status: { $in: ['CONVENED', 'HELD', 'CLOSED'] } },
    { orderBy: { startsAt: 'desc' }, limit: count },
  );
  const answers = await em.find(AttendanceAnswer, { meetingId: { $in: previous.map((item) => item.id) }, personId, supersededAt: null });
  return previous.map((item) => answers.find((answer) => answer.meetingId === item.id)?.response ?? null);
}

/**
 * Records an answer to a convocation: present, absent, or proxy to a named member. The proxy rules of
 * the body's kind are enforced (legal/proxy-rules.ts); one proxy per holder is also a unique index.
 * Answers may change until the meeting starts; each change supersedes the previous answer, which stays
 * as history, and is chained in the ledger with who recorded it.
 */
export async function answerConvocation(
  services: ReceiptServices,
  body: Body,
  em: EntityManager,
  recordedBy: string,
  input: AnswerInput,
): Promise<AttendanceAnswer> {
  return em.transactional(async (tx) => {
    const meeting = await findMeeting(tx, input.meetingId);
    // Answers of one meeting are serialised: proxy checks read the others' answers.
    await tx.lock(meeting, LockMode.PESSIMISTIC_WRITE);
    const now = new Date();
    if (meeting.status !== 'CONVENED' || meeting.startsAt <= now) {
      throw new CartableError(ErrorCode.PreconditionFailed, 'Les réponses sont closes : la séance a commencé, ou n’est pas convoquée.', { reason: 'ANSWERS_CLOSED' });
    }
    const giver = await requireRecipient(tx, meeting.id, input.personId);
    const answers = await currentAnswers(tx, meeting.id);
    const recipients = await meetingRecipients(tx, meeting.id);
    const heldFrom = answers.find((answer) => answer.response === 'PROXY' && answer.proxyHolderId === input.personId);
    if (heldFrom && input.response !== 'PRESENT') {
      ruleViolation(holderWithdrawalRefusal(body.kind, recipients.get(heldFrom.personId)?.displayName ?? 'un collègue'));
    }
    const illnessDeclared = input.response === 'PROXY' && (input.illnessDeclared ?? false);
    if (input.response === 'PROXY') {
      const holderId = input.proxyHolderId ?? '';
      const holder = recipients.get(holderId);
      const refusal = proxyRefusal({
        bodyKind: body.kind,
        giver: { personId: giver.personId, votingRight: giver.votingRight },
        holderId,
        holder: holder
          ? { personId: holder.personId, name: holder.displayName, votingRight: holder.votingRight, currentResponse: answers.find((answer) => answer.personId === holderId)?.response ?? null }
          : null,
        holderAlreadyHolds: answers.some((answer) => answer.response === 'PROXY' && answer.proxyHolderId === holderId && answer.personId !== giver.personId),
        previousResponses: await previousResponses(tx, meeting, giver.personId, 3),
        illnessDeclared,
      });
      if (refusal) ruleViolation(refusal);
    }
    const current = answers.find((answer) => answer.personId === giver.personId);
    if (current) current.supersededAt = now;
    await tx.flush();
    const answer = tx.create(AttendanceAnswer, {
      id: uuidv7(),
      meetingId: meeting.id,
      personId: giver.personId,
      response: input.response,
      proxyHolderId: input.response === 'PROXY' ? (input.proxyHolderId ?? null) : null,
      illnessDeclared,
      recordedBy,
      recordedAt: now,
    });
    await tx.flush();
    await recordMeetingEvents(
      tx,
      body.id,
      meeting.id,
      [
        {
          kind: 'ANSWER_RECORDED',
          payload: {
            personId: answer.personId,
            response: answer.response,
            proxyHolderId: answer.proxyHolderId ?? null,
            illnessDeclared,
            recordedBy,
            onBehalf: recordedBy !== answer.personId,
            at: now.toISOString(),
          },
        },
      ],
      services.anchorBatchSeconds,
    );
    return answer;
  });
}

export async function answerHistory(em: EntityManager, meetingId: string, personId: string): Promise<AttendanceAnswer[]> {
  return em.find(AttendanceAnswer, { meetingId, personId }, { orderBy: { recordedAt: 'desc', id: 'desc' } });
}

/** The quorum the answers announce, under the rule of the body's kind and the assembly. */
export async function meetingQuorumForecast(body: Body, em: EntityManager, meetingId: string): Promise<QuorumForecast> {
  const meeting = await findMeeting(em, meetingId);
  const recipients = await meetingRecipients(em, meeting.id);
  if (recipients.size === 0) throw new NotFoundError('Cette séance n’a pas encore été convoquée.');
  const answers = (await currentAnswers(em, meeting.id)).filter((answer) => recipients.has(answer.personId));
  const count = (response: AttendanceResponse) => answers.filter((answer) => answer.response === response).length;
  return quorumForecast(quorumRule(body.kind, meeting.assembly.kind), {
    membersInOffice: recipients.size,
    present: count('PRESENT'),
    represented: count('PROXY'),
    absent: count('ABSENT'),
  });
}
