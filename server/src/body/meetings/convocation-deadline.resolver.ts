import { Arg, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../../common/errors.js';
import { Access } from '../../graphql/access.js';
import { InBody } from '../../graphql/in-body.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { findMeeting } from './meeting.service.js';
import { MeetingType } from './meeting.type.js';
import type { BodyKind } from '../../platform/bodies/body.entity.js';
import { BodyKindEnum } from '../../platform/bodies/body.type.js';
import { ConvocationDeadlineType } from './convocation-deadline.type.js';
import { checkedDeadline, meetingDeadline } from './meeting-deadline.js';

@Resolver()
export class ConvocationDeadlineResolver {
  @Query(() => ConvocationDeadlineType, { description: 'The legal deadline to send a convocation (public: no login needed).' })
  @Access('public')
  convocationDeadline(
    @Arg('bodyKind', () => BodyKindEnum) bodyKind: BodyKind,
    // A scalar: nothing for class-validator to check (and `forbidUnknownValues` would refuse a Date).
    @Arg('meetingStartsAt', () => Date, { validate: false }) meetingStartsAt: Date,
    @Arg('population', () => Int, { nullable: true }) population: number | null,
    @Arg('urgent', () => Boolean, { nullable: true }) urgent: boolean | null,
    @Arg('timeZone', () => String, { nullable: true }) timeZone: string | null,
  ): ConvocationDeadlineType {
    if (population != null && population < 0) throw new BadUserInputError('Population invalide.', { field: 'population' });
    return ConvocationDeadlineType.from(
      checkedDeadline({
        bodyKind,
        population: population ?? null,
        meetingStartsAt,
        urgent: urgent ?? false,
        timeZone: timeZone ?? 'Europe/Paris',
      }),
    );
  }
}

/** `Meeting.convocationDeadline`: see `meetingDeadline`. */
@Resolver(() => MeetingType)
export class MeetingDeadlineResolver {
  @FieldResolver(() => ConvocationDeadlineType)
  @Access('authenticated')
  async convocationDeadline(
    @Root() root: MeetingType,
    @InBody('read', { root: 'bodyId' }) { body, em }: PersonContext,
  ): Promise<ConvocationDeadlineType> {
    return ConvocationDeadlineType.from(await meetingDeadline({ em, body }, await findMeeting(em, root.id)));
  }
}
