import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import { voteMethods, type VoteMethod } from '../../legal/vote-rules.js';
import { ColleagueType } from '../attendance/attendance.type.js';
import { seanceStatuses, type SeanceStatus } from './seance-room.js';
import { ballotChoices, type BallotChoice } from './votes/vote.service.js';
import { voteResults } from '../../legal/vote-rules.js';

export const SeanceStatusEnum = graphqlEnum(
  seanceStatuses,
  'SeanceStatus',
  'OPEN ⇄ SUSPENDED → CLOSED; NO_QUORUM: closed at the opening for lack of quorum (a second convocation may follow).',
);
export const VoteMethodEnum = graphqlEnum(
  voteMethods,
  'VoteMethod',
  'HAND: à main levée (totals); PUBLIC: scrutin public, by name (L2121-21); SECRET: scrutin secret (L2121-21).',
);
export const BallotChoiceEnum = graphqlEnum(
  ballotChoices,
  'BallotChoice',
  'Pour, contre, abstention, ne prend pas part; BLANK only in a secret ballot.',
);
export const seanceItemStatuses = ['PENDING', 'CURRENT', 'VOTED', 'WITHDRAWN', 'ADJOURNED'] as const;
export type SeanceItemStatus = (typeof seanceItemStatuses)[number];
export const SeanceItemStatusEnum = graphqlEnum(seanceItemStatuses, 'SeanceItemStatus', 'Where an agenda item stands in the séance.');
export const presidentChoices = ['FOR', 'AGAINST'] as const;
export const PresidentChoiceEnum = graphqlEnum(
  presidentChoices,
  'PresidentChoice',
  'The side of the président’s voix prépondérante on a tie.',
);
export const itemDecisions = ['WITHDRAWN', 'ADJOURNED'] as const;
export const ItemDecisionEnum = graphqlEnum(
  itemDecisions,
  'SeanceItemDecision',
  'Withdraw the item from the agenda, or adjourn it to a later séance.',
);
export const VoteResultEnum = graphqlEnum(voteResults, 'VoteResult', 'Adopté or rejeté.');
export const quorumOccasions = ['OPENING', 'VOTE', 'REQUEST'] as const;
export const QuorumOccasionEnum = graphqlEnum(quorumOccasions, 'QuorumOccasion', 'When the quorum was checked.');

@ObjectType('SeanceStay', { description: 'One stay in the room: arrival, and departure (null while present).' })
@Access('authenticated')
export class SeanceStayType {
  @Field()
  arrivedAt!: Date;

  @Field(() => Date, { nullable: true })
  leftAt!: Date | null;
}

@ObjectType('SeanceAttendee', { description: 'A member convened and in office, as the séance sees them now.' })
@Access('authenticated')
export class SeanceAttendeeType {
  @Field(() => ID)
  personId!: string;

  @Field()
  displayName!: string;

  @Field()
  votingRight!: boolean;

  @Field({ description: 'In the room now.' })
  present!: boolean;

  @Field(() => [SeanceStayType])
  stays!: SeanceStayType[];

  @Field(() => ColleagueType, { nullable: true, description: 'Who holds this member’s pouvoir now (absent members).' })
  representedBy!: ColleagueType | null;

  @Field(() => [ColleagueType], { description: 'The members whose pouvoir this member holds now.' })
  holdsProxyOf!: ColleagueType[];
}

@ObjectType('SeanceQuorumCheck', { description: 'A quorum check as recorded: at the opening, before each vote, or on request.' })
@Access('authenticated')
export class SeanceQuorumCheckType {
  @Field(() => ID)
  id!: string;

  @Field(() => QuorumOccasionEnum)
  occasion!: (typeof quorumOccasions)[number];

  @Field(() => ID, { nullable: true })
  itemId!: string | null;

  @Field()
  checkedAt!: Date;

  @Field(() => Int)
  membersInOffice!: number;

  @Field(() => Int)
  present!: number;

  @Field(() => Int)
  represented!: number;

  @Field(() => Int, { nullable: true, description: 'Null: no statutory quorum.' })
  required!: number | null;

  @Field(() => Int, { description: 'What the quorum is judged on: present, plus represented where the rule counts them.' })
  counted!: number;

  @Field(() => Boolean, { nullable: true })
  reached!: boolean | null;

  @Field(() => String, { nullable: true })
  article!: string | null;
}

@ObjectType('VoteFigures', { description: 'The figures of a closed vote.' })
@Access('authenticated')
export class VoteFiguresType {
  @Field(() => Int, { description: 'Pour.' })
  for!: number;

  @Field(() => Int, { description: 'Contre.' })
  against!: number;

  @Field(() => Int)
  abstention!: number;

  @Field(() => Int, { description: 'Ne prend pas part au vote.' })
  notVoting!: number;

  @Field(() => Int, { description: 'Bulletins blancs (secret ballot).' })
  blank!: number;

  @Field(() => Int, { description: 'Bulletins nuls (secret ballot).' })
  spoiled!: number;
}

@ObjectType('SeanceBallot', {
  description: 'A ballot of a hand or public vote: whose vote, cast by whom (the holder of a pouvoir), the choice.',
})
@Access('authenticated')
export class SeanceBallotType {
  @Field(() => ColleagueType)
  voter!: ColleagueType;

  @Field(() => ColleagueType)
  castBy!: ColleagueType;

  @Field(() => BallotChoiceEnum)
  choice!: BallotChoice;
}

@ObjectType('SeanceVoteCount', {
  description: 'The live count of an open vote (président and secretariat): ballots cast; the choices except in a secret ballot.',
})
@Access('authenticated')
export class SeanceVoteCountType {
  @Field(() => Int)
  cast!: number;

  @Field(() => Int, { description: 'Votes the room may cast now: members present and pouvoirs in force, without the interested.' })
  eligible!: number;

  @Field(() => VoteFiguresType, { nullable: true, description: 'Null for a secret ballot: its choices are counted at the close.' })
  figures!: VoteFiguresType | null;
}

@ObjectType('SeanceVote')
@Access('authenticated')
export class SeanceVoteType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  itemId!: string;

  @Field(() => VoteMethodEnum)
  method!: VoteMethod;

  @Field({ description: 'Cast from the tablets.' })
  electronic!: boolean;

  @Field(() => [ColleagueType], { description: 'The members who asked for a public or secret ballot (L2121-21).' })
  requestedBy!: ColleagueType[];

  @Field({ description: 'A nomination: secret ballot of right.' })
  nomination!: boolean;

  @Field({ description: 'OPEN or CLOSED.' })
  status!: string;

  @Field()
  openedAt!: Date;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Field(() => SeanceQuorumCheckType, { description: 'The quorum check recorded when the vote opened.' })
  quorumCheck!: SeanceQuorumCheckType;

  @Field(() => VoteFiguresType, { nullable: true, description: 'Null while open.' })
  figures!: VoteFiguresType | null;

  @Field({ description: 'The figures were entered by the secretariat (show of hands, paper ballot, tablets down).' })
  enteredBySecretariat!: boolean;

  @Field(() => VoteResultEnum, { nullable: true })
  result!: (typeof voteResults)[number] | null;

  @Field(() => Int, { nullable: true, description: 'Suffrages exprimés: pour + contre.' })
  expressed!: number | null;

  @Field(() => Int, { nullable: true, description: 'Absolute majority of the suffrages exprimés.' })
  majority!: number | null;

  @Field(() => Boolean, { nullable: true })
  tie!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'The président’s voix prépondérante decided a tie (never in a secret ballot).' })
  castingVoteUsed!: boolean | null;

  @Field(() => PresidentChoiceEnum, { nullable: true })
  presidentChoice!: (typeof presidentChoices)[number] | null;

  @Field(() => String, { nullable: true })
  article!: string | null;

  @Field(() => [ID], {
    description:
      'The voters for whom the caller cast a ballot (themself, a pouvoir): what their tablet shows as done. Never the choice of a secret ballot.',
  })
  myBallots!: string[];

  /** Not exposed: the ballots and the live count, resolved on demand with their own access checks. */
  bodyId!: string;
  meetingId!: string;
}

@ObjectType('SeanceItem', { description: 'An agenda item as the séance treats it.' })
@Access('authenticated')
export class SeanceItemType {
  @Field(() => ID)
  id!: string;

  @Field()
  number!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  rapporteur!: string | null;

  @Field({ description: 'Examined in closed session (as planned on the agenda).' })
  closedSession!: boolean;

  @Field(() => SeanceItemStatusEnum)
  status!: SeanceItemStatus;

  @Field(() => [ColleagueType], { description: 'Members who declared an interest (L2131-11): out of its vote and its counts.' })
  interested!: ColleagueType[];
}

@ObjectType('SeanceMe', { description: 'The caller in this séance.' })
@Access('authenticated')
export class SeanceMeType {
  @Field({ description: 'Secretariat of the body, or président of the assembly: conducts the séance.' })
  manager!: boolean;

  @Field({ description: 'Convened and in office: may be present and vote.' })
  member!: boolean;

  @Field()
  present!: boolean;

  @Field(() => [ColleagueType], { description: 'The members whose pouvoir the caller holds now.' })
  holdsProxyOf!: ColleagueType[];
}

@ObjectType('Seance', { description: 'The séance of a meeting: who is in the room, the quorum, the current item, the votes.' })
@Access('authenticated')
export class SeanceType {
  @Field(() => ID)
  meetingId!: string;

  @Field(() => SeanceStatusEnum)
  status!: SeanceStatus;

  @Field({ description: 'Officials vote from their tablets.' })
  electronicVoting!: boolean;

  @Field()
  openedAt!: Date;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Field(() => [ColleagueType], { description: 'Secrétaire(s) de séance (L2121-15).' })
  secretaries!: ColleagueType[];

  @Field({ description: 'Huis clos decided (L2121-18).' })
  closedSession!: boolean;

  @Field(() => Date, { nullable: true })
  closedSessionAt!: Date | null;

  @Field(() => SeanceItemType, { nullable: true })
  currentItem!: SeanceItemType | null;

  @Field(() => [SeanceItemType])
  items!: SeanceItemType[];

  @Field(() => [SeanceAttendeeType])
  attendees!: SeanceAttendeeType[];

  @Field(() => SeanceQuorumCheckType, { description: 'The quorum of the room now (not recorded).' })
  quorum!: SeanceQuorumCheckType;

  @Field(() => Date, { nullable: true, description: 'When a departure took the room below the quorum (null: reached).' })
  quorumLostAt!: Date | null;

  @Field(() => [SeanceQuorumCheckType], { description: 'Every recorded check, oldest first.' })
  quorumChecks!: SeanceQuorumCheckType[];

  @Field(() => [SeanceVoteType], { description: 'Every vote, oldest first.' })
  votes!: SeanceVoteType[];

  @Field(() => SeanceVoteType, { nullable: true })
  openVote!: SeanceVoteType | null;

  @Field(() => SeanceMeType)
  me!: SeanceMeType;

  @Field(() => String, {
    description:
      'The live channel’s position when this state was read: pass it as Last-Event-ID (or `?lastEventId=`) to follow from here without missing an event.',
  })
  lastEventId!: string;
}

@InputType('OpenSeanceInput')
export class OpenSeanceInput {
  @Field(() => UuidScalar)
  meetingId!: string;

  @Field(() => Date, { nullable: true, description: 'The opening time; now by default.' })
  @IsOptional()
  at?: Date | null;

  @Field(() => [UuidScalar], { description: 'The members in the room at the opening.' })
  @ArrayMaxSize(500)
  presentIds!: string[];

  @Field(() => [UuidScalar], { description: 'Secrétaire(s) de séance, among the members present (L2121-15).' })
  @ArrayMaxSize(10)
  secretaryIds!: string[];

  @Field({ defaultValue: false, description: 'Officials vote from their tablets.' })
  @IsBoolean()
  electronicVoting!: boolean;
}

@InputType('SeanceMovementInput', { description: 'An arrival or a departure; a departure may hand a pouvoir to a member present.' })
export class SeanceMovementInput {
  @Field(() => UuidScalar)
  meetingId!: string;

  @Field(() => UuidScalar)
  personId!: string;

  @Field(() => Date, { nullable: true, description: 'When; now by default.' })
  @IsOptional()
  at?: Date | null;

  @Field(() => UuidScalar, { nullable: true, description: 'Departure only: the member present who receives the pouvoir.' })
  proxyHolderId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Departure with a pouvoir: illness duly certified, outside the limit of consecutive séances (L2121-20).',
  })
  @IsOptional()
  @IsBoolean()
  illnessDeclared?: boolean | null;
}

@InputType('OpenVoteInput')
export class OpenVoteInput {
  @Field(() => UuidScalar)
  meetingId!: string;

  @Field(() => UuidScalar)
  itemId!: string;

  @Field(() => VoteMethodEnum)
  @IsIn(voteMethods)
  method!: VoteMethod;

  @Field(() => [UuidScalar], { defaultValue: [], description: 'The members present who asked for a public or secret ballot.' })
  @ArrayMaxSize(500)
  requestedBy!: string[];

  @Field({ defaultValue: false, description: 'A nomination or présentation: secret ballot of right.' })
  @IsBoolean()
  nomination!: boolean;

  @Field({ defaultValue: false, description: 'From the tablets (the séance must use electronic voting).' })
  @IsBoolean()
  electronic!: boolean;
}

@InputType('CastBallotInput')
export class CastBallotInput {
  @Field(() => UuidScalar)
  voteId!: string;

  @Field(() => BallotChoiceEnum)
  @IsIn(ballotChoices)
  choice!: BallotChoice;

  @Field(() => UuidScalar, {
    nullable: true,
    description:
      'Whose vote: the caller by default, or the giver of the pouvoir the caller holds (the secretariat: any member, roll call).',
  })
  voterId?: string | null;
}

@InputType('CloseVoteInput')
export class CloseVoteInput {
  @Field(() => UuidScalar)
  voteId!: string;

  @Field(() => PresidentChoiceEnum, {
    nullable: true,
    description: 'On a tie of a non-secret vote when the président cast no ballot: the side of the voix prépondérante.',
  })
  @IsOptional()
  @IsIn(presidentChoices)
  presidentChoice?: (typeof presidentChoices)[number] | null;
}

@InputType('VoteTotalsInput', { description: 'The room’s totals, entered by the secretariat: closes the vote.' })
export class VoteTotalsInput extends CloseVoteInput {
  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(10_000)
  for!: number;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(10_000)
  against!: number;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  @Max(10_000)
  abstention!: number;

  @Field(() => Int, { defaultValue: 0, description: 'Ne prennent pas part au vote.' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  notVoting!: number;

  @Field(() => Int, { defaultValue: 0, description: 'Secret ballot: bulletins blancs.' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  blank!: number;

  @Field(() => Int, { defaultValue: 0, description: 'Secret ballot: bulletins nuls.' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  spoiled!: number;
}
