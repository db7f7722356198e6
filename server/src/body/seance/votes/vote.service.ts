import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode, ForbiddenError, NotFoundError } from '../../../common/errors.js';
import { uuidv7 } from '../../../common/ids.js';
import { requestReaches, requestThreshold, voteOutcome, type VoteFigures, type VoteMethod } from '../../../legal/vote-rules.js';
import type { Body } from '../../../platform/bodies/body.entity.js';
import {
  isManager,
  publish,
  recordQuorumCheck,
  requireItemOpen,
  requireManager,
  type SeanceActor,
  type SeanceContext,
} from '../seance.service.js';
import {
  eligibleVoters,
  interestedIn,
  loadRoom,
  requireItem,
  requireMember,
  requireOpen,
  roomQuorum,
  table,
  votingMembersPresent,
  type Room,
} from '../seance-room.js';
import { bodyArticles, cited } from '../../../legal/body-articles.js';

export const ballotChoices = ['FOR', 'AGAINST', 'ABSTENTION', 'NOT_VOTING', 'BLANK'] as const;
export type BallotChoice = (typeof ballotChoices)[number];
const openChoices: readonly BallotChoice[] = ['FOR', 'AGAINST', 'ABSTENTION', 'NOT_VOTING'];
const secretChoices: readonly BallotChoice[] = ['FOR', 'AGAINST', 'BLANK'];

export interface VoteRow {
  id: string;
  meetingId: string;
  itemId: string;
  method: VoteMethod;
  requestedBy: string[];
  nomination: boolean;
  electronic: boolean;
  status: 'OPEN' | 'CLOSED';
  openedAt: Date;
  closedAt: Date | null;
  quorumCheckId: string;
  figures: VoteFigures | null;
  enteredBySecretariat: boolean;
  presidentChoice: 'FOR' | 'AGAINST' | null;
  result: 'ADOPTED' | 'REJECTED' | null;
  expressed: number | null;
  majority: number | null;
  tie: boolean | null;
  castingVoteUsed: boolean | null;
  article: string | null;
}

export function voteFrom(row: Record<string, unknown>): VoteRow {
  const closed = row.status === 'CLOSED';
  return {
    id: row.id as string,
    meetingId: row.meeting_id as string,
    itemId: row.item_id as string,
    method: row.method as VoteMethod,
    requestedBy: (row.requested_by as string[] | null) ?? [],
    nomination: row.nomination as boolean,
    electronic: row.electronic as boolean,
    status: row.status as VoteRow['status'],
    openedAt: new Date(row.opened_at as string),
    closedAt: row.closed_at ? new Date(row.closed_at as string) : null,
    quorumCheckId: row.quorum_check_id as string,
    figures: closed
      ? {
          for: row.votes_for as number,
          against: row.votes_against as number,
          abstention: row.abstentions as number,
          notVoting: row.not_voting as number,
          blank: row.blank as number,
          spoiled: row.spoiled as number,
        }
      : null,
    enteredBySecretariat: row.entered_by_secretariat as boolean,
    presidentChoice: (row.president_choice as VoteRow['presidentChoice']) ?? null,
    result: (row.result as VoteRow['result']) ?? null,
    expressed: (row.expressed as number | null) ?? null,
    majority: (row.majority as number | null) ?? null,
    tie: (row.tie as boolean | null) ?? null,
    castingVoteUsed: (row.casting_vote_used as boolean | null) ?? null,
    article: (row.article as string | null) ?? null,
  };
}

export async function findVote(em: EntityManager, voteId: string, lock: 'update' | 'share' | null = null): Promise<VoteRow> {
  const [row] = await em.execute<Record<string, unknown>[]>(
    `select * from ${table(em, 'seance_vote')} where id = ?${lock ? ` for ${lock}` : ''}`,
    [voteId],
  );
  if (!row) throw new NotFoundError('Vote introuvable.');
  return voteFrom(row);
}

function requireVoteOpen(vote: VoteRow): void {
  if (vote.status !== 'OPEN')
    throw new CartableError(ErrorCode.PreconditionFailed, 'Ce vote est clos.', { reason: 'VOTE_CLOSED', voteId: vote.id });
}

export interface OpenVoteInput {
  meetingId: string;
  itemId: string;
  method: VoteMethod;
  /** The members present who asked for a public or secret ballot (L2121-21). */
  requestedBy: readonly string[];
  /** A nomination or présentation: secret ballot of right (L2121-21 2°). */
  nomination: boolean;
  /** Cast from the tablets (only when the séance uses electronic voting). */
  electronic: boolean;
}

/** Why this ballot is public or secret: enough members present asked, or (secret) a nomination. */
function requireBallotRequest(room: Omit<Room, 'seance'>, input: OpenVoteInput): void {
  const article = room.voteRules.ballotArticle;
  if (input.method === 'HAND') {
    if (input.requestedBy.length > 0 || input.nomination)
      throw new BadUserInputError('Un vote à main levée ne se demande pas : laissez les demandeurs vides.', { field: 'requestedBy' });
    return;
  }
  if (new Set(input.requestedBy).size !== input.requestedBy.length)
    throw new BadUserInputError('Une même personne figure deux fois parmi les demandeurs.', { field: 'requestedBy' });
  const present = votingMembersPresent(room);
  for (const personId of input.requestedBy) {
    const member = requireMember(room, personId);
    if (!present.some((candidate) => candidate.personId === personId)) {
      throw new CartableError(
        ErrorCode.PreconditionFailed,
        `${member.displayName} n’est pas présent(e) avec voix délibérative : seuls les membres présents demandent un scrutin (${article}).`,
        {
          reason: 'REQUESTER_NOT_PRESENT',
          personId,
        },
      );
    }
  }
  if (input.method === 'SECRET' && input.nomination) return;
  if (input.method === 'PUBLIC' && input.nomination)
    throw new BadUserInputError('Une nomination se vote au scrutin secret.', { field: 'nomination' });
  const fraction = input.method === 'PUBLIC' ? room.voteRules.publicRequest : room.voteRules.secretRequest;
  if (!requestReaches(fraction, input.requestedBy.length, present.length)) {
    const needed = requestThreshold(fraction, present.length);
    const label = input.method === 'PUBLIC' ? 'public' : 'secret';
    throw new CartableError(
      ErrorCode.PreconditionFailed,
      `Le scrutin ${label} se tient à la demande de ${fraction[0]}/${fraction[1]} des membres présents, soit ${needed} sur ${present.length} (${article}).`,
      { reason: 'REQUEST_TOO_SMALL', needed, article },
    );
  }
}

/**
 * Opens the vote on an item: the séance sits, no other vote is open, the item is on the agenda and not
 * withdrawn, adjourned or voted. The quorum is checked first and recorded with the vote; without it the
 * vote is refused and nothing is written (the secretariat may record a failing check with `checkQuorum`).
 * The item becomes the current one.
 */
export async function openVote(ctx: SeanceContext, input: OpenVoteInput): Promise<string> {
  const { body, em, actor } = ctx;
  return em.transactional(async (tx) => {
    const room = await loadRoom(tx, body, input.meetingId, 'update');
    requireManager(room, actor);
    requireOpen(room.seance);
    const [open] = await tx.execute<{ id: string }[]>(
      `select id from ${table(tx, 'seance_vote')} where meeting_id = ? and status = 'OPEN'`,
      [room.meeting.id],
    );
    if (open)
      throw new CartableError(ErrorCode.PreconditionFailed, 'Un vote est déjà en cours : clôturez-le d’abord.', {
        reason: 'VOTE_IN_PROGRESS',
        voteId: open.id,
      });
    const item = await requireItem(tx, room.meeting.id, input.itemId);
    await requireItemOpen(tx, room.meeting.id, item.id);
    if (input.electronic && !room.seance.electronicVoting) {
      throw new CartableError(
        ErrorCode.PreconditionFailed,
        'Cette séance n’utilise pas le vote électronique : le secrétariat saisit les résultats.',
        { reason: 'ELECTRONIC_VOTING_OFF' },
      );
    }
    requireBallotRequest(room, input);
    const quorum = roomQuorum(room);
    if (quorum.reached === false) {
      throw new CartableError(
        ErrorCode.PreconditionFailed,
        `Le quorum n’est pas atteint (${quorum.counted} sur ${quorum.required} requis, ${quorum.rule.article}) : le vote ne peut pas avoir lieu.`,
        {
          reason: 'QUORUM_NOT_REACHED',
          counted: quorum.counted,
          required: quorum.required,
        },
      );
    }
    const at = ctx.now();
    const check = await recordQuorumCheck(tx, ctx, room, 'VOTE', item.id, at, actor.personId);
    const voteId = uuidv7();
    await tx.execute(
      `insert into ${table(tx, 'seance_vote')} (id, meeting_id, item_id, method, requested_by, nomination, electronic, status, opened_at, opened_by, quorum_check_id)
       values (?, ?, ?, ?, ?::uuid[], ?, ?, 'OPEN', ?, ?, ?)`,
      [
        voteId,
        room.meeting.id,
        item.id,
        input.method,
        `{${input.requestedBy.join(',')}}`,
        input.nomination,
        input.electronic,
        at,
        actor.personId,
        check.id,
      ],
    );
    await tx.execute(`update ${table(tx, 'seance')} set current_item_id = ?, updated_at = now() where meeting_id = ?`, [
      item.id,
      room.meeting.id,
    ]);
    const eligible = eligibleVoters(room, await interestedIn(tx, room.meeting.id, item.id));
    await publish(tx, ctx, room, [
      {
        kind: 'SEANCE_VOTE_OPENED',
        payload: {
          voteId,
          itemId: item.id,
          title: item.title,
          method: input.method,
          electronic: input.electronic,
          requestedBy: input.requestedBy,
          nomination: input.nomination,
          eligible: eligible.size,
          quorumCheckId: check.id,
          article: input.method === 'HAND' ? room.voteRules.majorityArticle : room.voteRules.ballotArticle,
          at: at.toISOString(),
        },
      },
    ]);
    return voteId;
  });
}

export interface CastBallotInput {
  voteId: string;
  choice: BallotChoice;
  /** Whose vote: the caller's own (default), or the giver of the pouvoir they hold. */
  voterId?: string | null;
}

/** The live figures of an open vote: ballots cast, and (not for a secret ballot) the choices. */
export async function liveCount(
  tx: EntityManager,
  vote: Pick<VoteRow, 'id' | 'method'>,
): Promise<{ cast: number; counts: Partial<Record<BallotChoice, number>> | null }> {
  if (vote.method === 'SECRET') {
    const [row] = await tx.execute<{ cast: string }[]>(
      `select count(*) as cast from ${table(tx, 'seance_secret_participation')} where vote_id = ?`,
      [vote.id],
    );
    return { cast: Number(row!.cast), counts: null };
  }
  const rows = await tx.execute<{ choice: BallotChoice; ballots: string }[]>(
    `select choice, count(*) as ballots from ${table(tx, 'seance_ballot')} where vote_id = ? group by choice`,
    [vote.id],
  );
  const counts = Object.fromEntries(rows.map((row) => [row.choice, Number(row.ballots)])) as Partial<Record<BallotChoice, number>>;
  return { cast: rows.reduce((sum, row) => sum + Number(row.ballots), 0), counts };
}

/**
 * A ballot cast from a tablet: an official votes for themself, and for the giver of a pouvoir they hold;
 * the secretariat may record a roll call (public or hand vote) for any member who may vote. A secret
 * ballot stores who took part in one table and adds the choice to anonymous counts in another: nothing
 * links them. Refused: a vote not open or not electronic, a séance not sitting, the quorum lost since,
 * someone absent, interested or not a member, a pouvoir not held, a second ballot for the same voter.
 */
export async function castBallot(ctx: SeanceContext, input: CastBallotInput): Promise<VoteRow> {
  const { body, em, actor } = ctx;
  return em.transactional(async (tx) => {
    // The vote's row is shared by the ballots and taken by its close, which thus counts every ballot
    // committed before it and none after. The séance's row is not locked: it cannot close while a vote
    // is open, and ballots do not wait for each other.
    const vote = await findVote(tx, input.voteId, 'share');
    const room = await loadRoom(tx, body, vote.meetingId);
    requireOpen(room.seance);
    requireVoteOpen(vote);
    const manager = isManager(room, actor);
    const voterId = input.voterId ?? actor.personId;
    const onBehalf = voterId !== actor.personId;
    const rollCall = manager && onBehalf && room.members.get(voterId)?.personId !== undefined;
    if (vote.method === 'SECRET' && rollCall)
      throw new ForbiddenError('Au scrutin secret, chacun vote lui-même : le secrétariat saisit seulement les totaux du dépouillement.');
    if (!vote.electronic && !rollCall) {
      throw new CartableError(
        ErrorCode.PreconditionFailed,
        'Ce vote n’a pas lieu sur les tablettes : le secrétariat en saisit les résultats.',
        { reason: 'NOT_ELECTRONIC' },
      );
    }
    if (room.seance.quorumLostAt) {
      throw new CartableError(
        ErrorCode.PreconditionFailed,
        'Le quorum n’est plus atteint depuis un départ : aucun vote ne peut être enregistré.',
        { reason: 'QUORUM_LOST' },
      );
    }
    const allowed = vote.method === 'SECRET' ? secretChoices : openChoices;
    if (!allowed.includes(input.choice))
      throw new BadUserInputError(
        vote.method === 'SECRET'
          ? 'Au scrutin secret : pour, contre ou blanc.'
          : 'Choisissez pour, contre, abstention ou ne prend pas part.',
        { field: 'choice' },
      );
    const voter = requireMember(room, voterId);
    if (!voter.votingRight)
      throw new CartableError(ErrorCode.Forbidden, `${voter.displayName} n’a pas voix délibérative dans cette assemblée.`, {
        reason: 'NO_VOTING_RIGHT',
      });
    const interested = await interestedIn(tx, room.meeting.id, vote.itemId);
    const entry = eligibleVoters(room, interested).get(voterId);
    if (!entry || (!rollCall && entry.castBy !== actor.personId)) {
      // An interested member votes neither for themself nor for the pouvoir they hold.
      const interestedOne = interested.has(voterId)
        ? voter
        : !rollCall && interested.has(actor.personId)
          ? room.members.get(actor.personId)
          : undefined;
      if (interestedOne) {
        throw new CartableError(
          ErrorCode.Forbidden,
          `${interestedOne.displayName} a déclaré un intérêt à ce point et ne prend pas part au vote${cited(bodyArticles(room.body.kind).interest)}.`,
          { reason: 'INTERESTED' },
        );
      }
      if (onBehalf && !rollCall)
        throw new CartableError(ErrorCode.Forbidden, `Vous ne détenez pas de pouvoir de ${voter.displayName} en ce moment.`, {
          reason: 'PROXY_NOT_HELD',
        });
      throw new CartableError(
        ErrorCode.Forbidden,
        `${voter.displayName} n’est pas présent(e) dans la salle : son vote ne peut pas être enregistré.`,
        { reason: 'NOT_PRESENT' },
      );
    }
    const at = ctx.now();
    const already = () =>
      new CartableError(ErrorCode.Conflict, `Le vote de ${voter.displayName} est déjà enregistré.`, { reason: 'ALREADY_VOTED' });
    if (vote.method === 'SECRET') {
      const taken = await tx.execute<{ voter_id: string }[]>(
        `insert into ${table(tx, 'seance_secret_participation')} (vote_id, voter_id) values (?, ?) on conflict do nothing returning voter_id`,
        [vote.id, voterId],
      );
      if (taken.length === 0) throw already();
      await tx.execute(
        `insert into ${table(tx, 'seance_secret_tally')} (vote_id, choice, ballots) values (?, ?, 1) on conflict (vote_id, choice) do update set ballots = ${table(tx, 'seance_secret_tally')}.ballots + 1`,
        [vote.id, input.choice],
      );
    } else {
      const taken = await tx.execute<{ voter_id: string }[]>(
        `insert into ${table(tx, 'seance_ballot')} (vote_id, voter_id, cast_by, choice, cast_at) values (?, ?, ?, ?, ?) on conflict do nothing returning voter_id`,
        [vote.id, voterId, actor.personId, input.choice, at],
      );
      if (taken.length === 0) throw already();
    }
    const live = await liveCount(tx, vote);
    const eligible = eligibleVoters(room, interested).size;
    // Live only: the ballots are chained in the ledger with the vote's result (`finishVote`), so that
    // ballots cast at once do not queue on the ledger's lock one commit after the other.
    await publish(tx, ctx, room, [
      {
        kind: 'SEANCE_BALLOT_CAST',
        audience: 'MANAGERS',
        ledger: false,
        // A secret ballot is a participation only: who took part, never the choice.
        payload:
          vote.method === 'SECRET'
            ? { voteId: vote.id, voterId, castBy: actor.personId }
            : { voteId: vote.id, voterId, castBy: actor.personId, choice: input.choice, at: at.toISOString() },
      },
      {
        kind: 'SEANCE_VOTE_COUNT',
        audience: 'MANAGERS',
        ledger: false,
        payload: { voteId: vote.id, cast: live.cast, eligible, counts: live.counts },
      },
    ]);
    return vote;
  });
}

export interface CloseVoteInput {
  voteId: string;
  /** On a tie of a non-secret vote, when the président cast no ballot: the side of the président's voix prépondérante. */
  presidentChoice?: 'FOR' | 'AGAINST' | null;
}

export interface VoteTotalsInput extends CloseVoteInput {
  for: number;
  against: number;
  abstention: number;
  notVoting: number;
  blank: number;
  spoiled: number;
}

/** Closes a vote on the figures, computes the result from the rule data, and publishes it (with the names of a public ballot). */
async function finishVote(
  tx: EntityManager,
  ctx: SeanceContext,
  room: Room,
  vote: VoteRow,
  figures: VoteFigures,
  presidentBallot: BallotChoice | null,
  input: CloseVoteInput,
  actor: SeanceActor,
  entered: boolean,
) {
  const secret = vote.method === 'SECRET';
  if (secret && input.presidentChoice)
    throw new BadUserInputError(`Au scrutin secret, le président n’a pas de voix prépondérante (${room.voteRules.majorityArticle}).`, {
      field: 'presidentChoice',
    });
  let presidentChoice: 'FOR' | 'AGAINST' | null = null;
  if (!secret) {
    if (presidentBallot) presidentChoice = presidentBallot === 'FOR' || presidentBallot === 'AGAINST' ? presidentBallot : null;
    else presidentChoice = input.presidentChoice ?? null;
  }
  const tie = figures.for === figures.against && figures.for + figures.against > 0;
  if (tie && !secret && room.voteRules.castingVote && !presidentBallot && !presidentChoice) {
    throw new BadUserInputError(
      `Partage égal des voix : indiquez le sens du vote du président, dont la voix est prépondérante (${room.voteRules.majorityArticle}).`,
      {
        field: 'presidentChoice',
        reason: 'PRESIDENT_CHOICE_REQUIRED',
      },
    );
  }
  const outcome = voteOutcome(room.voteRules, vote.method, figures, presidentChoice);
  const at = ctx.now();
  await tx.execute(
    `update ${table(tx, 'seance_vote')} set status = 'CLOSED', closed_at = ?, closed_by = ?, votes_for = ?, votes_against = ?, abstentions = ?, not_voting = ?, blank = ?, spoiled = ?,
       entered_by_secretariat = ?, president_choice = ?, result = ?, expressed = ?, majority = ?, tie = ?, casting_vote_used = ?, article = ?, updated_at = now() where id = ?`,
    [
      at,
      actor.personId,
      figures.for,
      figures.against,
      figures.abstention,
      figures.notVoting,
      figures.blank,
      figures.spoiled,
      entered,
      presidentChoice,
      outcome.result,
      outcome.expressed,
      outcome.majority,
      outcome.tie,
      outcome.castingVoteUsed,
      outcome.article,
      vote.id,
    ],
  );
  // The ballots cast, chained with the result: by name for a hand or public vote; for a secret ballot,
  // who took part (in the order of their ids), never what they chose.
  const ballots =
    vote.method === 'SECRET'
      ? null
      : (
          await tx.execute<{ voter_id: string; cast_by: string; choice: string; cast_at: string }[]>(
            `select voter_id, cast_by, choice, cast_at from ${table(tx, 'seance_ballot')} where vote_id = ? order by voter_id`,
            [vote.id],
          )
        ).map((ballot) => ({
          voterId: ballot.voter_id,
          castBy: ballot.cast_by,
          choice: ballot.choice,
          at: new Date(ballot.cast_at).toISOString(),
        }));
  const participants =
    vote.method === 'SECRET'
      ? (
          await tx.execute<{ voter_id: string }[]>(
            `select voter_id from ${table(tx, 'seance_secret_participation')} where vote_id = ? order by voter_id`,
            [vote.id],
          )
        ).map((row) => row.voter_id)
      : null;
  await publish(tx, ctx, room, [
    {
      kind: 'SEANCE_VOTE_CLOSED',
      payload: {
        voteId: vote.id,
        itemId: vote.itemId,
        method: vote.method,
        figures,
        enteredBySecretariat: entered,
        presidentChoice,
        ...outcome,
        ballots,
        participants,
        closedBy: actor.personId,
        at: at.toISOString(),
      },
    },
  ]);
}

/** An open vote being closed, locked with its séance, by a manager: the room and who may vote in it. */
async function voteToClose(tx: EntityManager, body: Body, actor: SeanceActor, voteId: string) {
  const vote = await findVote(tx, voteId, 'update');
  const room = await loadRoom(tx, body, vote.meetingId, 'update');
  requireManager(room, actor);
  requireVoteOpen(vote);
  requireOpen(room.seance);
  return { vote, room, eligible: eligibleVoters(room, await interestedIn(tx, room.meeting.id, vote.itemId)) };
}

/** Closes an electronic vote on the ballots cast: the members who could vote and did not « ne prennent pas part ». The président (or the secretariat) closes it. */
export async function closeVote(ctx: SeanceContext, input: CloseVoteInput): Promise<void> {
  const { body, em, actor } = ctx;
  await em.transactional(async (tx) => {
    const { vote, room, eligible } = await voteToClose(tx, body, actor, input.voteId);
    const figures: VoteFigures = { for: 0, against: 0, abstention: 0, notVoting: 0, blank: 0, spoiled: 0 };
    let presidentBallot: BallotChoice | null = null;
    if (vote.method === 'SECRET') {
      const rows = await tx.execute<{ choice: BallotChoice; ballots: number }[]>(
        `select choice, ballots from ${table(tx, 'seance_secret_tally')} where vote_id = ?`,
        [vote.id],
      );
      for (const row of rows) {
        if (row.choice === 'FOR') figures.for = row.ballots;
        if (row.choice === 'AGAINST') figures.against = row.ballots;
        if (row.choice === 'BLANK') figures.blank = row.ballots;
      }
    } else {
      const ballots = await tx.execute<{ voter_id: string; choice: BallotChoice }[]>(
        `select voter_id, choice from ${table(tx, 'seance_ballot')} where vote_id = ?`,
        [vote.id],
      );
      const cast = new Set(ballots.map((ballot) => ballot.voter_id));
      for (const ballot of ballots) {
        if (ballot.choice === 'FOR') figures.for += 1;
        if (ballot.choice === 'AGAINST') figures.against += 1;
        if (ballot.choice === 'ABSTENTION') figures.abstention += 1;
        if (ballot.choice === 'NOT_VOTING') figures.notVoting += 1;
        if (ballot.voter_id === room.presidentId) presidentBallot = ballot.choice;
      }
      figures.notVoting += [...eligible.keys()].filter((voterId) => !cast.has(voterId)).length;
    }
    await finishVote(tx, ctx, room, vote, figures, presidentBallot, input, actor, false);
  });
}

/**
 * The secretariat enters the totals of the room and closes the vote (a show of hands, a paper ballot, or
 * tablets that failed): the séance never waits for a tablet. A hand or public vote accounts for every
 * vote of the room (members present and pouvoirs, without the interested); a secret ballot counts blank
 * and spoiled ballots, and at most one ballot per vote of the room.
 */
export async function enterVoteTotals(ctx: SeanceContext, input: VoteTotalsInput): Promise<void> {
  const { body, em, actor } = ctx;
  await em.transactional(async (tx) => {
    const { vote, room, eligible: voters } = await voteToClose(tx, body, actor, input.voteId);
    const eligible = voters.size;
    const figures: VoteFigures = {
      for: input.for,
      against: input.against,
      abstention: input.abstention,
      notVoting: input.notVoting,
      blank: input.blank,
      spoiled: input.spoiled,
    };
    if (vote.method === 'SECRET') {
      if (figures.abstention > 0 || figures.notVoting > 0)
        throw new BadUserInputError('Un scrutin secret se dépouille en bulletins pour, contre, blancs et nuls.', { field: 'abstention' });
      const ballots = figures.for + figures.against + figures.blank + figures.spoiled;
      if (ballots > eligible)
        throw new BadUserInputError(`Il y a ${ballots} bulletins pour ${eligible} votants possibles.`, { field: 'for', eligible });
    } else {
      if (figures.blank > 0 || figures.spoiled > 0)
        throw new BadUserInputError('Les bulletins blancs et nuls n’existent qu’au scrutin secret.', { field: 'blank' });
      const total = figures.for + figures.against + figures.abstention + figures.notVoting;
      if (total !== eligible) {
        throw new BadUserInputError(`Les totaux (${total}) doivent compter chaque voix de la salle, pouvoirs compris : ${eligible}.`, {
          field: 'for',
          eligible,
        });
      }
    }
    await finishVote(tx, ctx, room, vote, figures, null, input, actor, true);
  });
}
