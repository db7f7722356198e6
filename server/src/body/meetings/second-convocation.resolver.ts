import { MaxLength, IsOptional } from 'class-validator';
import { Arg, Field, FieldResolver, InputType, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import { InBody } from '../../graphql/in-body.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { zonedDate } from '../../common/time.js';
import { earliestSecondDate } from '../../legal/second-convocation.js';
import { convenedAgainUnder, meetingRules } from './meeting-rules.js';
import { findMeeting } from './meeting.service.js';
import { MeetingType } from './meeting.type.js';
import { conveneAgain, quorumFailure, secondConvocationOf } from './second-convocation.js';

@ObjectType('QuorumFailure', {
  description: 'A séance that did not reach its quorum, and what the law then provides (L2121-17 al. 2, L3121-14, L4132-13).',
})
@Access('authenticated')
export class QuorumFailureType {
  @Field(() => Int, { description: 'Members in office with a vote on the day.' })
  membersInOffice!: number;

  @Field(() => Int)
  present!: number;

  @Field(() => Int)
  represented!: number;

  @Field(() => Int)
  required!: number;

  @Field({ description: 'The article of the quorum that failed.' })
  quorumArticle!: string;

  @Field({ description: 'The article of the second convocation.' })
  article!: string;

  @Field({ description: 'The earliest local date (YYYY-MM-DD) of the séance convened again; under `dePleinDroit`, its only date.' })
  earliestDate!: string;

  @Field({ description: 'True for départements and régions: the réunion is held by law three days later, without a convocation delay.' })
  dePleinDroit!: boolean;

  @Field(() => MeetingType, { nullable: true, description: 'The séance convened again, once created.' })
  convenedAgain!: MeetingType | null;
}

@ObjectType('SecondConvocation', { description: 'This séance is convened again after a failed quorum: it deliberates without quorum.' })
@Access('authenticated')
export class SecondConvocationType {
  @Field(() => MeetingType, { description: 'The séance whose quorum failed.' })
  firstMeeting!: MeetingType;

  @Field()
  article!: string;

  @Field({ description: 'The sentence the convocation states.' })
  text!: string;

  @Field()
  dePleinDroit!: boolean;
}

@InputType('ConveneAgainInput')
export class ConveneAgainInput {
  @Field(() => UuidScalar, { description: 'The séance whose quorum failed.' })
  meetingId!: string;

  @Field({ description: 'Start of the new séance, ISO 8601 with its offset.' })
  startsAt!: Date;

  @Field(() => String, { nullable: true, description: 'Address; defaults to the failed séance’s.' })
  @IsOptional()
  @MaxLength(500, { message: 'L’adresse est trop longue (500 caractères au plus).' })
  place?: string | null;
}

/** The second convocation after a failed quorum. */
@Resolver(() => MeetingType)
export class SecondConvocationResolver {
  @FieldResolver(() => QuorumFailureType, {
    nullable: true,
    description: 'When this séance was held without reaching its quorum: the figures and the second convocation; null otherwise.',
  })
  @Access('authenticated')
  async quorumFailure(
    @Root() root: MeetingType,
    @InBody('read', { root: 'bodyId' }) ctx: PersonContext,
  ): Promise<QuorumFailureType | null> {
    const { body, em } = ctx;
    const meeting = await findMeeting(em, root.id);
    const rule = meetingRules(body, meeting).secondConvocation;
    const failure = rule ? await quorumFailure(ctx, meeting) : null;
    if (!rule || !failure) return null;
    const again = await secondConvocationOf(em, meeting.id);
    return Object.assign(new QuorumFailureType(), {
      membersInOffice: failure.membersInOffice,
      present: failure.present,
      represented: failure.represented,
      required: failure.required,
      quorumArticle: failure.article,
      article: rule.article,
      earliestDate: earliestSecondDate(rule, zonedDate(meeting.startsAt, body.timeZone)),
      dePleinDroit: rule.dePleinDroit,
      convenedAgain: again ? MeetingType.from(again, body.id) : null,
    });
  }

  @FieldResolver(() => SecondConvocationType, {
    nullable: true,
    description: 'When this séance is convened again after a failed quorum; null for an ordinary séance.',
  })
  @Access('authenticated')
  async secondConvocation(
    @Root() root: MeetingType,
    @InBody('read', { root: 'bodyId' }) { body, em }: PersonContext,
  ): Promise<SecondConvocationType | null> {
    const meeting = await findMeeting(em, root.id);
    const rule = convenedAgainUnder(body, meeting);
    if (!rule || !meeting.firstConvocationMeetingId) return null;
    const first = await findMeeting(em, meeting.firstConvocationMeetingId);
    return Object.assign(new SecondConvocationType(), {
      firstMeeting: MeetingType.from(first, body.id),
      article: rule.article,
      text: rule.text,
      dePleinDroit: rule.dePleinDroit,
    });
  }

  @Mutation(() => MeetingType, {
    description:
      'Secretariat: after a séance held without its quorum, creates the séance convened again (DRAFT, same agenda; documents attached again), at least three days later (L2121-17 al. 2) or, for départements and régions, three days later by law; it deliberates without quorum.',
  })
  @Access('authenticated')
  async conveneAgainWithoutQuorum(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('input', () => ConveneAgainInput) input: ConveneAgainInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<MeetingType> {
    const again = await conveneAgain(ctx, input.meetingId, { startsAt: input.startsAt, place: input.place ?? null });
    return MeetingType.from(again, ctx.bodyId);
  }
}
