import { Arg, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { CartableError, ErrorCode, ForbiddenError, NotFoundError } from '../../common/errors.js';
import { Access } from '../../graphql/access.js';
import { InBody } from '../../graphql/in-body.js';
import type { PersonContext } from '../../tenancy/body-context.js';
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
import { castBallotLean, forgetVoteFacts, primeVoteFacts } from './votes/ballot-path.js';

/** The séance after an action, read afresh. */
async function viewAfter(ctx: PersonContext, meetingId: string): Promise<SeanceType> {
  ctx.em.clear();
  const view = await seanceView(ctx, meetingId);
  if (!view) throw new NotFoundError('Séance introuvable.');
  return view;
}

@Resolver(() => MeetingType)
export class MeetingSeanceResolver {
  @FieldResolver(() => SeanceType, {
    nullable: true,
    description: 'The séance of the meeting, for the members of the body; null until it is opened.',
  })
  @Access('authenticated')
  async seance(@Root() root: MeetingType, @InBody('read', { root: 'bodyId' }) ctx: PersonContext): Promise<SeanceType | null> {
    return seanceView(ctx, root.id);
  }
}

@Resolver(() => SeanceType)
export class SeanceVotesResolver {
  @FieldResolver(() => SeanceVoteType, {
    nullable: true,
    description: 'One vote of the séance by id (to ask for the names of a public ballot alone).',
  })
  @Access('authenticated')
  vote(@Root() seance: SeanceType, @Arg('id', () => UuidScalar) id: string): SeanceVoteType | null {
    return seance.votes.find((vote) => vote.id === id) ?? null;
  }
}

@Resolver(() => SeanceVoteType)
export class SeanceVoteResolver {
  @FieldResolver(() => [SeanceBallotType], {
    description:
      'The ballots by name of a hand or public vote (L2121-21): for every member of the body once the vote is closed, for the président and the secretariat while it is open; refused for a secret ballot.',
  })
  @Access('authenticated')
  async ballots(
    @Root() vote: SeanceVoteType,
    @InBody('read', { root: 'bodyId' }) { body, em, actor }: PersonContext,
  ): Promise<SeanceBallotType[]> {
    if (vote.method === 'SECRET') {
      throw new CartableError(
        ErrorCode.PreconditionFailed,
        'Un scrutin secret ne révèle pas qui a voté quoi : seuls la participation et les totaux sont connus.',
        { reason: 'SECRET_BALLOT' },
      );
    }
    const room = await loadRoom(em, body, vote.meetingId);
    // While the vote is open its ballots are the live count: the président's and the secretariat's.
    if (vote.status === 'OPEN' && !isManager(room, actor)) {
      throw new CartableError(
        ErrorCode.Forbidden,
        'Qui a voté quoi se lit à la clôture du vote : pendant le vote, seuls le président et le secrétariat suivent le décompte.',
        { reason: 'VOTE_IN_PROGRESS' },
      );
    }
    const rows = await em.execute<{ voter_id: string; cast_by: string; choice: SeanceBallotType['choice'] }[]>(
      `select voter_id, cast_by, choice from ${table(em, 'seance_ballot')} where vote_id = ?`,
      [vote.id],
    );
    return rows
      .map((row) => ({
        voter: { personId: row.voter_id, displayName: nameOf(room, row.voter_id) },
        castBy: { personId: row.cast_by, displayName: nameOf(room, row.cast_by) },
        choice: row.choice,
      }))
      .sort((left, right) => left.voter.displayName.localeCompare(right.voter.displayName, 'fr'));
  }

  @FieldResolver(() => SeanceVoteCountType, {
    nullable: true,
    description: 'Président and secretariat: the live count of an open vote (null once closed).',
  })
  @Access('authenticated')
  async liveCount(
    @Root() vote: SeanceVoteType,
    @InBody('read', { root: 'bodyId' }) { body, em, actor }: PersonContext,
  ): Promise<SeanceVoteCountType | null> {
    const room = await loadRoom(em, body, vote.meetingId);
    if (!isManager(room, actor)) throw new ForbiddenError('Le décompte en direct est réservé au président et au secrétariat.');
    if (vote.status !== 'OPEN') return null;
    const live = await liveCount(em, vote);
    const counts = live.counts;
    return {
      cast: live.cast,
      eligible: eligibleVoters(room, await interestedIn(em, room.meeting.id, vote.itemId)).size,
      figures: counts
        ? {
            for: counts.FOR ?? 0,
            against: counts.AGAINST ?? 0,
            abstention: counts.ABSTENTION ?? 0,
            notVoting: counts.NOT_VOTING ?? 0,
            blank: 0,
            spoiled: 0,
          }
        : null,
    };
  }
}

/** The séance's actions: the secretariat and the président conduct it; officials cast their own ballots. */
@Resolver()
export class SeanceMutationsResolver {
  @Mutation(() => SeanceType, {
    description:
      'Opens the séance (from the meeting’s day): members present, secrétaire(s), quorum check recorded; NO_QUORUM closes it at once.',
  })
  @Access('authenticated')
  async openSeance(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('input', () => OpenSeanceInput) input: OpenSeanceInput,
    @InBody('read') ctx: PersonContext,
  ): Promise<SeanceType> {
    await openSeance(ctx, input);
    return viewAfter(ctx, input.meetingId);
  }

  @Mutation(() => SeanceType, { description: 'Names the secrétaire(s) de séance among the members present (L2121-15).' })
  @Access('authenticated')
  async setSeanceSecretaries(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('secretaryIds', () => [UuidScalar]) secretaryIds: string[],
    @InBody('read') ctx: PersonContext,
  ): Promise<SeanceType> {
    await setSecretaries(ctx, meetingId, secretaryIds);
    return viewAfter(ctx, meetingId);
  }

  @Mutation(() => SeanceType, { description: 'Records the huis clos decided by the assembly (L2121-18), or its end.' })
  @Access('authenticated')
  async decideClosedSession(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('closedSession', () => Boolean) closedSession: boolean,
    @Arg('at', () => Date, { nullable: true }) at: Date | null,
    @InBody('read') ctx: PersonContext,
  ): Promise<SeanceType> {
    await decideClosedSession(ctx, meetingId, closedSession, at);
    return viewAfter(ctx, meetingId);
  }

  @Mutation(() => SeanceType, { description: 'Suspends the séance (no vote in progress).' })
  @Access('authenticated')
  async suspendSeance(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('at', () => Date, { nullable: true }) at: Date | null,
    @InBody('read') ctx: PersonContext,
  ): Promise<SeanceType> {
    await suspendOrResume(ctx, meetingId, true, at);
    return viewAfter(ctx, meetingId);
  }

  @Mutation(() => SeanceType, { description: 'Resumes a suspended séance.' })
  @Access('authenticated')
  async resumeSeance(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('at', () => Date, { nullable: true }) at: Date | null,
    @InBody('read') ctx: PersonContext,
  ): Promise<SeanceType> {
    await suspendOrResume(ctx, meetingId, false, at);
    return viewAfter(ctx, meetingId);
  }

  @Mutation(() => SeanceType, {
    description: 'Closes the séance (no vote in progress): the « Présences » are filled from it and the meeting is HELD.',
  })
  @Access('authenticated')
  async closeSeance(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('at', () => Date, { nullable: true }) at: Date | null,
    @InBody('read') ctx: PersonContext,
  ): Promise<SeanceType> {
    await closeSeance(ctx, meetingId, at);
    return viewAfter(ctx, meetingId);
  }

  @Mutation(() => SeanceType, { description: 'A member arrives (pouvoir given ends; pouvoir announced to them comes into force).' })
  @Access('authenticated')
  async recordArrival(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('input', () => SeanceMovementInput) input: SeanceMovementInput,
    @InBody('read') ctx: PersonContext,
  ): Promise<SeanceType> {
    await recordArrival(ctx, input);
    return viewAfter(ctx, input.meetingId);
  }

  @Mutation(() => SeanceType, {
    description: 'A member leaves, optionally handing a pouvoir to a member present (the pouvoir rules apply).',
  })
  @Access('authenticated')
  async recordDeparture(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('input', () => SeanceMovementInput) input: SeanceMovementInput,
    @InBody('read') ctx: PersonContext,
  ): Promise<SeanceType> {
    await recordDeparture(ctx, input);
    return viewAfter(ctx, input.meetingId);
  }

  @Mutation(() => SeanceType, { description: 'Checks the quorum now and records the check, whatever its outcome.' })
  @Access('authenticated')
  async checkSeanceQuorum(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @InBody('read') ctx: PersonContext,
  ): Promise<SeanceType> {
    await checkQuorum(ctx, meetingId);
    return viewAfter(ctx, meetingId);
  }

  @Mutation(() => SeanceType, { description: 'The item under discussion, which every tablet follows.' })
  @Access('authenticated')
  async setCurrentItem(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('itemId', () => UuidScalar) itemId: string,
    @InBody('read') ctx: PersonContext,
  ): Promise<SeanceType> {
    await setCurrentItem(ctx, meetingId, itemId);
    return viewAfter(ctx, meetingId);
  }

  @Mutation(() => SeanceType, { description: 'Withdraws an item from the agenda or adjourns it.' })
  @Access('authenticated')
  async decideSeanceItem(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('itemId', () => UuidScalar) itemId: string,
    @Arg('decision', () => ItemDecisionEnum) decision: 'WITHDRAWN' | 'ADJOURNED',
    @InBody('read') ctx: PersonContext,
  ): Promise<SeanceType> {
    await decideItem(ctx, meetingId, itemId, decision);
    return viewAfter(ctx, meetingId);
  }

  @Mutation(() => SeanceType, {
    description:
      'A member declares an interest in an item (L2131-11): out of its vote and counts. The member themself, or the secretariat.',
  })
  @Access('authenticated')
  async declareInterest(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('itemId', () => UuidScalar) itemId: string,
    @Arg('personId', () => UuidScalar) personId: string,
    @InBody('read') ctx: PersonContext,
  ): Promise<SeanceType> {
    await declareInterest(ctx, meetingId, itemId, personId);
    return viewAfter(ctx, meetingId);
  }

  @Mutation(() => SeanceType, {
    description: 'Opens the vote on an item after a recorded quorum check: hand, public (on request), secret (on request or nomination).',
  })
  @Access('authenticated')
  async openVote(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('input', () => OpenVoteInput) input: OpenVoteInput,
    @InBody('read') ctx: PersonContext,
  ): Promise<SeanceType> {
    const voteId = await openVote(ctx, input);
    const primed = input.electronic ? primeVoteFacts(ctx, voteId) : null;
    const view = await viewAfter(ctx, input.meetingId);
    await primed;
    return view;
  }

  @Mutation(() => SeanceVoteType, { description: 'Casts a ballot from a tablet: for oneself, or for the pouvoir one holds (`voterId`).' })
  @Access('authenticated')
  async castBallot(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('input', () => CastBallotInput) input: CastBallotInput,
    @InBody('read') ctx: PersonContext,
  ): Promise<SeanceVoteType> {
    const lean = await castBallotLean(ctx, input);
    if (lean) return lean;
    const vote = await castBallot(ctx, input);
    ctx.em.clear();
    return singleVoteView(ctx, vote.id);
  }

  @Mutation(() => SeanceType, { description: 'Closes an electronic vote on the ballots cast and computes the result.' })
  @Access('authenticated')
  async closeVote(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('input', () => CloseVoteInput) input: CloseVoteInput,
    @InBody('read') ctx: PersonContext,
  ): Promise<SeanceType> {
    await closeVote(ctx, input);
    forgetVoteFacts(ctx.em, input.voteId);
    const [row] = await ctx.em.execute<{ meeting_id: string }[]>(`select meeting_id from ${table(ctx.em, 'seance_vote')} where id = ?`, [
      input.voteId,
    ]);
    return viewAfter(ctx, row!.meeting_id);
  }

  @Mutation(() => SeanceType, { description: 'Secretariat: enters the room’s totals and closes the vote (never waits for a tablet).' })
  @Access('authenticated')
  async enterVoteTotals(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('input', () => VoteTotalsInput) input: VoteTotalsInput,
    @InBody('read') ctx: PersonContext,
  ): Promise<SeanceType> {
    await enterVoteTotals(ctx, input);
    forgetVoteFacts(ctx.em, input.voteId);
    const [row] = await ctx.em.execute<{ meeting_id: string }[]>(`select meeting_id from ${table(ctx.em, 'seance_vote')} where id = ?`, [
      input.voteId,
    ]);
    return viewAfter(ctx, row!.meeting_id);
  }
}
