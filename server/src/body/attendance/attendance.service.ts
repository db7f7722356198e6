import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode, NotFoundError } from '../../common/errors.js';
import { zonedDate } from '../../common/time.js';
import { uuidv7 } from '../../common/ids.js';
import { recordMeetingEvents } from '../../evidence/meeting-events.js';
import type { ProxyRules } from '../../legal/assembly-rules.js';
import {
  holderWithdrawalRefusal,
  proxyRefusal,
  reunionDelegationRefusal,
  type ProxyQuestion,
  type ProxyRefusal,
} from '../../legal/proxy-rules.js';
import { quorumOf, type QuorumForecast, type QuorumStatus } from '../../legal/quorum.js';
import type { BodyContext, PersonContext } from '../../tenancy/body-context.js';
import { Convocation, type ConvocationRecipient } from '../convocations/convocation.entity.js';
import { convenedInOffice, convenedSeats, quorumMembers, requireRecipient } from '../convocations/receipts/receipts.service.js';
import { Meeting } from '../meetings/meeting.entity.js';
import { meetingRules, meetingRulesInForce } from '../meetings/meeting-rules.js';
import { findMeeting } from '../meetings/meeting.service.js';
import { reunionSeances } from '../meetings/reunion.js';
import { AttendanceAnswer, type AttendanceResponse } from './attendance-answer.entity.js';
import { remoteRefusal } from '../../legal/remote-participation.js';
import { agendaOf } from '../agenda/agenda.service.js';
import { numberedItems } from '../convocations/send/preconditions.js';
import { refreshInboxEntries } from '../inbox/inbox-index.js';

export interface AnswerInput {
  meetingId: string;
  /** Whose answer: the caller's own, or (secretariat) someone else's. */
  personId: string;
  response: AttendanceResponse;
  proxyHolderId?: string | null;
  illnessDeclared?: boolean | null;
  /** With the illness declared: the certificate's date (YYYY-MM-DD), not after the meeting's day. */
  illnessCertifiedOn?: string | null;
  /** With PRESENT: « à distance » (CGCT L5211-11-1), where the rules of the assembly allow it. */
  remote?: boolean | null;
  /**
   * With PROXY, where a pouvoir is per séance (L2121-20): the séances of the assembly that follow this one,
   * in order, that the same pouvoir also names (up to three séances in all, more with a certified illness).
   */
  alsoForMeetingIds?: readonly string[] | null;
}

function ruleViolation(refusal: ProxyRefusal): never {
  throw new CartableError(ErrorCode.RuleViolation, refusal.message, { rule: refusal.rule, article: refusal.article });
}

/**
 * Refuses a presence « à distance » where the law does not allow it: not provided for the assembly, or
 * an item of the agenda excluded (legal/remote-participation.ts). Also a BAD_USER_INPUT without presence.
 */
export async function requireRemoteAllowed(
  { em, body }: Pick<BodyContext, 'em' | 'body'>,
  meeting: Meeting,
  present: boolean,
  name?: string,
): Promise<void> {
  if (!present)
    throw new BadUserInputError(`La participation à distance ne se déclare qu’avec une présence${name ? ` (${name})` : ''}.`, {
      field: 'remote',
    });
  const refusal = remoteRefusal(meetingRules(body, meeting).remoteParticipation, numberedItems(await agendaOf(em, meeting.id)));
  if (refusal) throw new CartableError(ErrorCode.RuleViolation, refusal.message, { rule: refusal.rule, article: refusal.article });
}

/** Départements, régions: the délégations given at the other séances of this séance's réunion (CGCT L3121-16, L4132-15). */
async function reunionDelegations(em: EntityManager, meeting: Meeting): Promise<AttendanceAnswer[]> {
  // Answers at the séances of one réunion are serialised on its first séance (the caller holds this one).
  if (meeting.reunionMeetingId) await em.findOne(Meeting, { id: meeting.reunionMeetingId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const others = (await reunionSeances(em, meeting)).filter((seance) => seance.id !== meeting.id);
  if (others.length === 0) return [];
  return em.find(AttendanceAnswer, { meetingId: { $in: others.map((seance) => seance.id) }, response: 'PROXY', supersededAt: null });
}

export async function currentAnswers(em: EntityManager, meetingId: string): Promise<AttendanceAnswer[]> {
  return em.find(AttendanceAnswer, { meetingId, supersededAt: null });
}

/**
 * The giver's current answers at the convened séances of the same assembly around this one, up to
 * `count` on each side: before (most recent first) and after (nearest first).
 */
async function neighbourAnswers(
  em: EntityManager,
  meeting: Meeting,
  personId: string,
  count: number,
): Promise<ProxyQuestion['neighbours']> {
  const convened = ['CONVENED', 'HELD', 'CLOSED'] as const;
  const [before, after] = await Promise.all([
    em.find(
      Meeting,
      { assembly: meeting.assembly.id, startsAt: { $lt: meeting.startsAt }, status: { $in: convened } },
      { orderBy: { startsAt: 'desc' }, limit: count },
    ),
    em.find(
      Meeting,
      { assembly: meeting.assembly.id, startsAt: { $gt: meeting.startsAt }, status: { $in: convened } },
      { orderBy: { startsAt: 'asc' }, limit: count },
    ),
  ]);
  const answers = await em.find(AttendanceAnswer, {
    meetingId: { $in: [...before, ...after].map((item) => item.id) },
    personId,
    supersededAt: null,
  });
  const answerAt = (item: Meeting) => {
    const answer = answers.find((candidate) => candidate.meetingId === item.id);
    return { response: answer?.response ?? null, illnessDeclared: answer?.illnessDeclared ?? false };
  };
  return { before: before.map(answerAt), after: after.map(answerAt) };
}

/**
 * The pouvoir rules of the body for a pouvoir valid at this séance, the same whether it is announced
 * before the séance (`answerConvocation`) or handed in séance by a member who leaves (`recordDeparture`):
 * a département's or région's délégation binds the réunion to one holder, who receives one (L3121-16,
 * L4132-15); a commune's pouvoir lasts at most the limit of consecutive séances, the giver's answers at
 * the séances around this one counted, unless illness is declared (L2121-20); then the rules of
 * `proxyRefusal`. `holderAlreadyHolds`: a pouvoir of another giver held at this séance.
 */
export async function pouvoirRefusal(
  tx: EntityManager,
  meeting: Meeting,
  rules: ProxyRules,
  recipients: ReadonlyMap<string, Pick<ConvocationRecipient, 'displayName'>>,
  question: Omit<ProxyQuestion, 'rules' | 'neighbours'>,
): Promise<ProxyRefusal | null> {
  const reunion = rules.maxConsecutiveSeances === null ? await reunionDelegations(tx, meeting) : [];
  const givenInReunion = reunion.find((answer) => answer.personId === question.giver.personId);
  const reunionRefusal = reunionDelegationRefusal(
    rules,
    question.holderId,
    givenInReunion
      ? {
          holderId: givenInReunion.proxyHolderId!,
          holderName: recipients.get(givenInReunion.proxyHolderId!)?.displayName ?? 'un autre membre',
        }
      : null,
  );
  if (reunionRefusal) return reunionRefusal;
  return proxyRefusal({
    ...question,
    rules,
    holderAlreadyHolds:
      question.holderAlreadyHolds ||
      reunion.some((answer) => answer.proxyHolderId === question.holderId && answer.personId !== question.giver.personId),
    neighbours:
      rules.maxConsecutiveSeances === null
        ? { before: [], after: [] }
        : await neighbourAnswers(tx, meeting, question.giver.personId, rules.maxConsecutiveSeances),
  });
}

/** The person convened and in office on the meeting's day, or a typed refusal. */
async function requireMemberInOffice(
  em: EntityManager,
  meeting: Meeting,
  recipients: ReadonlyMap<string, ConvocationRecipient>,
  personId: string,
): Promise<ConvocationRecipient> {
  const recipient = recipients.get(personId);
  if (recipient) return recipient;
  await requireRecipient(em, meeting.id, personId);
  throw new CartableError(
    ErrorCode.Forbidden,
    'Cette personne n’est plus membre en exercice de l’assemblée à la date de la séance : elle ne peut plus répondre, ni donner ou recevoir de pouvoir.',
    { reason: 'NOT_IN_OFFICE' },
  );
}

/**
 * Records an answer to a convocation: present, absent, or proxy to a named member. The proxy rules of
 * the body's kind are enforced (legal/proxy-rules.ts); one proxy per holder is also a unique index.
 * Answers may change until the meeting starts; each change supersedes the previous answer, which stays
 * as history, and is chained in the ledger with who recorded it.
 */
export async function answerConvocation(ctx: PersonContext, input: AnswerInput): Promise<AttendanceAnswer> {
  const now = ctx.now();
  return ctx.em.transactional(async (tx) => {
    const inTx = ctx.withEm(tx);
    const named = input.alsoForMeetingIds ?? [];
    if (named.length === 0) return recordAnswer(inTx, input, now, null);
    if (input.response !== 'PROXY')
      throw new BadUserInputError('Seul un pouvoir peut nommer plusieurs séances.', { field: 'alsoForMeetingIds' });
    const following = await followingSeances(inTx, input.meetingId, named);
    const pouvoirId = uuidv7();
    const answer = await recordAnswer(inTx, input, now, pouvoirId);
    for (const meetingId of following) {
      await recordAnswer(inTx, { ...input, meetingId }, now, pouvoirId);
    }
    return answer;
  });
}

/**
 * The séances a pouvoir names after the first, checked: only with a pouvoir, only where it is per séance
 * (L2121-20; a département's or région's délégation is per réunion), and exactly the convened séances of
 * the assembly that come next, in order — L2121-20 speaks of consecutive séances. The limit of three (or
 * the règlement intérieur's) is then the series rule of `proxyRefusal`, checked séance by séance.
 */
async function followingSeances(ctx: BodyContext, meetingId: string, named: readonly string[]): Promise<string[]> {
  const { em: tx } = ctx;
  const meeting = await findMeeting(tx, meetingId);
  const rules = (await meetingRulesInForce(ctx, meeting)).proxy;
  if (rules.maxConsecutiveSeances === null) {
    throw new BadUserInputError(`Une délégation de vote vaut pour une réunion, pas pour plusieurs séances nommées (${rules.article}).`, {
      field: 'alsoForMeetingIds',
      reason: 'POUVOIR_PER_REUNION',
    });
  }
  const next = await tx.find(
    Meeting,
    { assembly: meeting.assembly.id, startsAt: { $gt: meeting.startsAt }, status: { $in: ['CONVENED', 'HELD', 'CLOSED'] } },
    { orderBy: { startsAt: 'asc' }, limit: named.length },
  );
  if (next.length !== named.length || next.some((seance, index) => seance.id !== named[index])) {
    throw new BadUserInputError(
      `Un pouvoir vaut pour des séances consécutives : nommez, dans l’ordre, les séances convoquées qui suivent celle-ci (${rules.article}).`,
      { field: 'alsoForMeetingIds' },
    );
  }
  return next.map((seance) => seance.id);
}

/** One séance's answer, in the transaction of `ctx` (a pouvoir naming several séances writes one per séance). */
async function recordAnswer(ctx: PersonContext, input: AnswerInput, now: Date, pouvoirId: string | null): Promise<AttendanceAnswer> {
  const { body, em: tx } = ctx;
  const recordedBy = ctx.actor.personId;
  const meeting = await findMeeting(tx, input.meetingId);
  // Answers of one meeting are serialised: proxy checks read the others' answers.
  await tx.lock(meeting, LockMode.PESSIMISTIC_WRITE);
  if (meeting.status !== 'CONVENED' || meeting.startsAt <= now) {
    throw new CartableError(ErrorCode.PreconditionFailed, 'Les réponses sont closes : la séance a commencé, ou n’est pas convoquée.', {
      reason: 'ANSWERS_CLOSED',
    });
  }
  const recipients = await convenedInOffice(tx, body, meeting);
  const giver = await requireMemberInOffice(tx, meeting, recipients, input.personId);
  const answers = await currentAnswers(tx, meeting.id);
  const rules = (await meetingRulesInForce(ctx, meeting)).proxy;
  const heldFrom = answers.find((answer) => answer.response === 'PROXY' && answer.proxyHolderId === input.personId);
  if (heldFrom && input.response !== 'PRESENT') {
    ruleViolation(holderWithdrawalRefusal(rules, recipients.get(heldFrom.personId)?.displayName ?? 'un collègue'));
  }
  const remote = input.remote ?? false;
  if (remote) await requireRemoteAllowed(ctx, meeting, input.response === 'PRESENT');
  const illnessDeclared = input.response === 'PROXY' && (input.illnessDeclared ?? false);
  const illnessCertifiedOn = input.illnessCertifiedOn ?? null;
  if (illnessCertifiedOn !== null && !illnessDeclared) {
    throw new BadUserInputError('La date du certificat médical accompagne un pouvoir donné pour maladie dûment constatée.', {
      field: 'illnessCertifiedOn',
    });
  }
  if (illnessCertifiedOn !== null && illnessCertifiedOn > zonedDate(meeting.startsAt, body.timeZone)) {
    throw new BadUserInputError('Le certificat médical ne peut pas être postérieur à la séance.', { field: 'illnessCertifiedOn' });
  }
  if (input.response === 'PROXY') {
    const holderId = input.proxyHolderId ?? '';
    const holder = recipients.get(holderId);
    const refusal = await pouvoirRefusal(tx, meeting, rules, recipients, {
      giver: { personId: giver.personId, votingRight: giver.votingRight },
      holderId,
      holder: holder
        ? {
            personId: holder.personId,
            name: holder.displayName,
            votingRight: holder.votingRight,
            currentResponse: answers.find((answer) => answer.personId === holderId)?.response ?? null,
          }
        : null,
      holderAlreadyHolds: answers.some(
        (answer) => answer.response === 'PROXY' && answer.proxyHolderId === holderId && answer.personId !== giver.personId,
      ),
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
    illnessCertifiedOn,
    remote,
    pouvoirId,
    recordedBy,
    recordedAt: now,
  });
  await tx.flush();
  await refreshInboxEntries(tx, body.id, meeting.id, { personId: giver.personId });
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
          illnessCertifiedOn,
          ...(remote ? { remote } : {}),
          ...(pouvoirId ? { pouvoirId } : {}),
          recordedBy,
          onBehalf: recordedBy !== answer.personId,
          at: now.toISOString(),
        },
      },
    ],
    ctx.services.convocations.anchorBatchSeconds,
  );
  return answer;
}

export async function answerHistory(em: EntityManager, meetingId: string, personId: string): Promise<AttendanceAnswer[]> {
  return em.find(AttendanceAnswer, { meetingId, personId }, { orderBy: { recordedAt: 'desc', id: 'desc' } });
}

const announcedStatus: Record<AttendanceResponse, QuorumStatus> = { PRESENT: 'PRESENT', PROXY: 'REPRESENTED', ABSENT: 'ABSENT' };

/** The quorum the answers announce: the voting members in office on the meeting's day, under the rules of the body and assembly. */
export async function meetingQuorumForecast({ body, em }: Pick<BodyContext, 'body' | 'em'>, meetingId: string): Promise<QuorumForecast> {
  const meeting = await findMeeting(em, meetingId);
  if ((await em.count(Convocation, { meetingId: meeting.id })) === 0) throw new NotFoundError('Cette séance n’a pas encore été convoquée.');
  const [{ recipients, seats }, answers] = await Promise.all([convenedSeats({ em, body }, meeting), currentAnswers(em, meeting.id)]);
  const statuses = new Map(answers.map((answer) => [answer.personId, announcedStatus[answer.response]]));
  return quorumOf(
    (await meetingRulesInForce({ em, body }, meeting)).quorum,
    quorumMembers(recipients, seats, (personId) => statuses.get(personId) ?? null),
  );
}
