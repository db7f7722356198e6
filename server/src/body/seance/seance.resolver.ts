import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { CartableError, ErrorCode, ForbiddenError, NotFoundError } from '../../common/errors.js';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import type { Body } from '../../platform/bodies/body.entity.js';
import { MeetingType } from '../meetings/meeting.type.js';
import { recordArrival, recordDeparture } from './presence/presence.service.js';
import {
  checkQuorum,
  closeSeance,
  decideClosedSession,
  decideItem,
  declareInterest,
  isManager,
  openSeance,
  setCurrentItem,
  setSecretaries,
  suspendOrResume,
  type SeanceActor,
  type SeanceServices,
} from './seance.service.js';
import { loadRoom, nameOf, table } from './seance-room.js';
import {
  CastBallotInput,
  CloseVoteInput,
  ItemDecisionEnum,
  OpenSeanceInput,
  OpenVoteInput,
  SeanceBallotType,
  SeanceMovementInput,
  SeanceType,
  SeanceVoteCountType,
  SeanceVoteType,
  VoteTotalsInput,
} from './seance.type.js';
import { seanceView, singleVoteView } from './seance-view.js';
import { castBallot, closeVote, enterVoteTotals, liveCount, openVote } from './votes/vote.service.js';
import { eligibleVoters, interestedIn } from './seance-room.js';
import { castBallotLean, forgetVoteFacts } from './votes/ballot-path.js';

/** Who acts in a body: members of the body read its séances; the rest is decided per action (manager, own ballot). */
async function enterSeanceBody(context: GraphqlContext, bodyId: string) {
  const { body, em } = await context.bodies.enterById(bodyId, 'read');
  const actor: SeanceActor = { personId: context.viewer.personId!, canPrepare: context.viewer.can(body.id, 'prepare') };
  const services: SeanceServices = { now: context.now, anchorBatchSeconds: context.convocations.anchorBatchSeconds };
  return { body, em, actor, services };
}

async function viewAfter(body: Body, em: GraphqlContext['platformEm'], meetingId: string, actor: SeanceActor): Promise<SeanceType> {
  em.clear();
  const view = await seanceView(body, em, meetingId, actor);
  if (!view) throw new NotFoundError('Séance introuvable.');
  return view;
}

@Resolver(() => MeetingType)
export class MeetingSeanceResolver {
  @FieldResolver(() => SeanceType, { nullable: true, description: 'The séance of the meeting, for the members of the body; null until it is opened.' })
  @Access('authenticated')
  async seance(@Root() root: MeetingType, @Ctx() context: GraphqlContext): Promise<SeanceType | null> {
    const { body, em, actor } = await enterSeanceBody(context, root.bodyId);
    return seanceView(body, em, root.id, actor);
  }
}

@Resolver(() => SeanceType)
export class SeanceVotesResolver {
  @FieldResolver(() => SeanceVoteType, { nullable: true, description: 'One vote of the séance by id (to ask for the names of a public ballot alone).' })
  @Access('authenticated')
  vote(@Root() seance: SeanceType, @Arg('id', () => ID) id: string): SeanceVoteType | null {
    return seance.votes.find((vote) => vote.id === id) ?? null;
  }
}

@Resolver(() => SeanceVoteType)
export class SeanceVoteResolver {
  @FieldResolver(() => [SeanceBallotType], {
    description: 'The ballots by name of a hand or public vote (L2121-21): for every member of the body once the vote is closed, for the président and the secretariat while it is open; refused for a secret ballot.',
  })
  @Access('authenticated')
  async ballots(@Root() vote: SeanceVoteType, @Ctx() context: GraphqlContext): Promise<SeanceBallotType[]> {
    if (vote.method === 'SECRET') {
      throw new CartableError(ErrorCode.PreconditionFailed, 'Un scrutin secret ne révèle pas qui a voté quoi : seuls la participation et les totaux sont connus.', { reason: 'SECRET_BALLOT' });
    }
    const { body, em, actor } = await enterSeanceBody(context, vote.bodyId);
    const room = await loadRoom(em, body, vote.meetingId);
    // While the vote is open its ballots are the live count: the président's and the secretariat's.
    if (vote.status === 'OPEN' && !isManager(room, actor)) {
      throw new CartableError(ErrorCode.Forbidden, 'Qui a voté quoi se lit à la clôture du vote : pendant le vote, seuls le président et le secrétariat suivent le décompte.', { reason: 'VOTE_IN_PROGRESS' });
    }
    const rows = await em.execute<{ voter_id: string; cast_by: string; choice: SeanceBallotType['choice'] }[]>(
      `select voter_id, cast_by, choice from ${table(em, 'seance_ballot')} where vote_id = ?`,
      [vote.id],
    );
    return rows
      .map((row) => ({ voter: { personId: row.voter_id, displayName: nameOf(room, row.voter_id) }, castBy: { personId: row.cast_by, displayName: nameOf(room, row.cast_by) }, choice: row.choice }))
      .sort((left, right) => left.voter.displayName.localeCompare(right.voter.displayName, 'fr'));
  }

  @FieldResolver(() => SeanceVoteCountType, { nullable: true, description: 'Président and secretariat: the live count of an open vote (null once closed).' })
  @Access('authenticated')
  async liveCount(@Root() vote: SeanceVoteType, @Ctx() context: GraphqlContext): Promise<SeanceVoteCountType | null> {
    const { body, em, actor } = await enterSeanceBody(context, vote.bodyId);
    const room = await loadRoom(em, body, vote.meetingId);
    if (!isManager(room, actor)) throw new ForbiddenError('Le décompte en direct est réservé au président et au secrétariat.');
    if (vote.status !== 'OPEN') return null;
    const live = await liveCount(em, vote);
    const counts = live.counts;
    return {
      cast: live.cast,
      eligible: eligibleVoters(room, await interestedIn(em, room.meeting.id, vote.itemId)).size,
      figures: counts ? { for: counts.FOR ?? 0, against: counts.AGAINST ?? 0, abstention: counts.ABSTENTION ?? 0, notVoting: counts.NOT_VOTING ?? 0, blank: 0, spoiled: 0 } : null,
    };
  }
}

/** The séance's actions: the secretariat and the président conduct it; officials cast their own ballots. */
@Resolver()
export class SeanceMutationsResolver {
  @Mutation(() => SeanceType, { description: 'Opens the séance (from the meeting’s day): members present, secrétaire(s), quorum check recorded; NO_QUORUM closes it at once.' })
  @Access('authenticated')
  async openSeance(@Arg('bodyId', () => ID) bodyId: string, @Arg('input', () => OpenSeanceInput) input: OpenSeanceInput, @Ctx() context: GraphqlContext): Promise<SeanceType> {
    const { body, em, actor, services } = await enterSeanceBody(context, bodyId);
    await openSeance(services, body, em, actor, input);
    return viewAfter(body, em, input.meetingId, actor);
  }

  @Mutation(() => SeanceType, { description: 'Names the secrétaire(s) de séance among the members present (L2121-15).' })
  @Access('authenticated')
  async setSeanceSecretaries(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('secretaryIds', () => [ID]) secretaryIds: string[],
    @Ctx() context: GraphqlContext,
  ): Promise<SeanceType> {
    const { body, em, actor, services } = await enterSeanceBody(context, bodyId);
    await setSecretaries(services, body, em, actor, meetingId, secretaryIds);
    return viewAfter(body, em, meetingId, actor);
  }

  @Mutation(() => SeanceType, { description: 'Records the huis clos decided by the assembly (L2121-18), or its end.' })
  @Access('authenticated')
  async decideClosedSession(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('closedSession', () => Boolean) closedSession: boolean,
    @Arg('at', () => Date, { nullable: true }) at: Date | null,
    @Ctx() context: GraphqlContext,
  ): Promise<SeanceType> {
    const { body, em, actor, services } = await enterSeanceBody(context, bodyId);
    await decideClosedSession(services, body, em, actor, meetingId, closedSession, at);
    return viewAfter(body, em, meetingId, actor);
  }

  @Mutation(() => SeanceType, { description: 'Suspends the séance (no vote in progress).' })
  @Access('authenticated')
  async suspendSeance(@Arg('bodyId', () => ID) bodyId: string, @Arg('meetingId', () => ID) meetingId: string, @Arg('at', () => Date, { nullable: true }) at: Date | null, @Ctx() context: GraphqlContext): Promise<SeanceType> {
    const { body, em, actor, services } = await enterSeanceBody(context, bodyId);
    await suspendOrResume(services, body, em, actor, meetingId, true, at);
    return viewAfter(body, em, meetingId, actor);
  }

  @Mutation(() => SeanceType, { description: 'Resumes a suspended séance.' })
  @Access('authenticated')
  async resumeSeance(@Arg('bodyId', () => ID) bodyId: string, @Arg('meetingId', () => ID) meetingId: string, @Arg('at', () => Date, { nullable: true }) at: Date | null, @Ctx() context: GraphqlContext): Promise<SeanceType> {
    const { body, em, actor, services } = await enterSeanceBody(context, bodyId);
    await suspendOrResume(services, body, em, actor, meetingId, false, at);
    return viewAfter(body, em, meetingId, actor);
  }

  @Mutation(() => SeanceType, { description: 'Closes the séance (no vote in progress): the « Présences » are filled from it and the meeting is HELD.' })
  @Access('authenticated')
  async closeSeance(@Arg('bodyId', () => ID) bodyId: string, @Arg('meetingId', () => ID) meetingId: string, @Arg('at', () => Date, { nullable: true }) at: Date | null, @Ctx() context: GraphqlContext): Promise<SeanceType> {
    const { body, em, actor, services } = await enterSeanceBody(context, bodyId);
    await closeSeance(services, body, em, actor, meetingId, at);
    return viewAfter(body, em, meetingId, actor);
  }

  @Mutation(() => SeanceType, { description: 'A member arrives (pouvoir given ends; pouvoir announced to them comes into force).' })
  @Access('authenticated')
  async recordArrival(@Arg('bodyId', () => ID) bodyId: string, @Arg('input', () => SeanceMovementInput) input: SeanceMovementInput, @Ctx() context: GraphqlContext): Promise<SeanceType> {
    const { body, em, actor, services } = await enterSeanceBody(context, bodyId);
    await recordArrival(services, body, em, actor, input);
    return viewAfter(body, em, input.meetingId, actor);
  }

  @Mutation(() => SeanceType, { description: 'A member leaves, optionally handing a pouvoir to a member present (the pouvoir rules apply).' })
  @Access('authenticated')
  async recordDeparture(@Arg('bodyId', () => ID) bodyId: string, @Arg('input', () => SeanceMovementInput) input: SeanceMovementInput, @Ctx() context: GraphqlContext): Promise<SeanceType> {
    const { body, em, actor, services } = await enterSeanceBody(context, bodyId);
    await recordDeparture(services, body, em, actor, input);
    return viewAfter(body, em, input.meetingId, actor);
  }

  @Mutation(() => SeanceType, { description: 'Checks the quorum now and records the check, whatever its outcome.' })
  @Access('authenticated')
  async checkSeanceQuorum(@Arg('bodyId', () => ID) bodyId: string, @Arg('meetingId', () => ID) meetingId: string, @Ctx() context: GraphqlContext): Promise<SeanceType> {
    const { body, em, actor, services } = await enterSeanceBody(context, bodyId);
    await checkQuorum(services, body, em, actor, meetingId);
    return viewAfter(body, em, meetingId, actor);
  }

  @Mutation(() => SeanceType, { description: 'The item under discussion, which every tablet follows.' })
  @Access('authenticated')
  async setCurrentItem(@Arg('bodyId', () => ID) bodyId: string, @Arg('meetingId', () => ID) meetingId: string, @Arg('itemId', () => ID) itemId: string, @Ctx() context: GraphqlContext): Promise<SeanceType> {
    const { body, em, actor, services } = await enterSeanceBody(context, bodyId);
    await setCurrentItem(services, body, em, actor, meetingId, itemId);
    return viewAfter(body, em, meetingId, actor);
  }

  @Mutation(() => SeanceType, { description: 'Withdraws an item from the agenda or adjourns it.' })
  @Access('authenticated')
  async decideSeanceItem(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('itemId', () => ID) itemId: string,
    @Arg('decision', () => ItemDecisionEnum) decision: 'WITHDRAWN' | 'ADJOURNED',
    @Ctx() context: GraphqlContext,
  ): Promise<SeanceType> {
    const { body, em, actor, services } = await enterSeanceBody(context, bodyId);
    await decideItem(services, body, em, actor, meetingId, itemId, decision);
    return viewAfter(body, em, meetingId, actor);
  }

  @Mutation(() => SeanceType, { description: 'A member declares an interest in an item (L2131-11): out of its vote and counts. The member themself, or the secretariat.' })
  @Access('authenticated')
  async declareInterest(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('itemId', () => ID) itemId: string,
    @Arg('personId', () => ID) personId: string,
    @Ctx() context: GraphqlContext,
  ): Promise<SeanceType> {
    const { body, em, actor, services } = await enterSeanceBody(context, bodyId);
    await declareInterest(services, body, em, actor, meetingId, itemId, personId);
    return viewAfter(body, em, meetingId, actor);
  }

  @Mutation(() => SeanceType, { description: 'Opens the vote on an item after a recorded quorum check: hand, public (on request), secret (on request or nomination).' })
  @Access('authenticated')
  async openVote(@Arg('bodyId', () => ID) bodyId: string, @Arg('input', () => OpenVoteInput) input: OpenVoteInput, @Ctx() context: GraphqlContext): Promise<SeanceType> {
    const { body, em, actor, services } = await enterSeanceBody(context, bodyId);
    await openVote(services, body, em, actor, input);
    return viewAfter(body, em, input.meetingId, actor);
  }

  @Mutation(() => SeanceVoteType, { description: 'Casts a ballot from a tablet: for oneself, or for the pouvoir one holds (`voterId`).' })
  @Access('authenticated')
  async castBallot(@Arg('bodyId', () => ID) bodyId: string, @Arg('input', () => CastBallotInput) input: CastBallotInput, @Ctx() context: GraphqlContext): Promise<SeanceVoteType> {
    const { body, em, actor, services } = await enterSeanceBody(context, bodyId);
    const lean = await castBallotLean(services, body, em, actor, input);
    if (lean) return lean;
    const vote = await castBallot(services, body, em, actor, input);
    em.clear();
    return singleVoteView(body, em, vote.id, actor);
  }

  @Mutation(() => SeanceType, { description: 'Closes an electronic vote on the ballots cast and computes the result.' })
  @Access('authenticated')
  async closeVote(@Arg('bodyId', () => ID) bodyId: string, @Arg('input', () => CloseVoteInput) input: CloseVoteInput, @Ctx() context: GraphqlContext): Promise<SeanceType> {
    const { body, em, actor, services } = await enterSeanceBody(context, bodyId);
    await closeVote(services, body, em, actor, input);
    forgetVoteFacts(em, input.voteId);
    const [row] = await em.execute<{ meeting_id: string }[]>(`select meeting_id from ${table(em, 'seance_vote')} where id = ?`, [input.voteId]);
    return viewAfter(body, em, row!.meeting_id, actor);
  }

  @Mutation(() => SeanceType, { description: 'Secretariat: enters the room’s totals and closes the vote (never waits for a tablet).' })
  @Access('authenticated')
  async enterVoteTotals(@Arg('bodyId', () => ID) bodyId: string, @Arg('input', () => VoteTotalsInput) input: VoteTotalsInput, @Ctx() context: GraphqlContext): Promise<SeanceType> {
    const { body, em, actor, services } = await enterSeanceBody(context, bodyId);
    await enterVoteTotals(services, body, em, actor, input);
    forgetVoteFacts(em, input.voteId);
    const [row] = await em.execute<{ meeting_id: string }[]>(`select meeting_id from ${table(em, 'seance_vote')} where id = ?`, [input.voteId]);
    return viewAfter(body, em, row!.meeting_id, actor);
  }
}
