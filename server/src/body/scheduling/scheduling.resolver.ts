import type { PersonContext } from '../../tenancy/body-context.js';
import { InBody } from '../../graphql/in-body.js';
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { Person } from '../../platform/people/person.entity.js';
import { MeetingType } from '../meetings/meeting.type.js';
import { duplicateMeeting } from './meeting-templates.js';
import type { ScheduledSend } from './scheduled-send.entity.js';
import { cancelScheduledSend, scheduledSendOf, scheduleSend } from './scheduled-sends.js';
import { DuplicateMeetingInput, ScheduledSendType } from './scheduling.type.js';

async function typed(context: GraphqlContext, scheduled: ScheduledSend): Promise<ScheduledSendType> {
  const person = await context.platformEm.findOne(Person, { id: scheduled.scheduledBy });
  return ScheduledSendType.from(scheduled, person?.displayName ?? '—');
}

@Resolver(() => MeetingType)
export class MeetingSchedulingResolver {
  @FieldResolver(() => ScheduledSendType, {
    nullable: true,
    description: 'The latest scheduled send of the convocation (waiting, or its outcome); the secretariat’s only.',
  })
  @Access('authenticated')
  async scheduledSend(
    @Root() root: MeetingType,
    @InBody('prepare', { root: 'bodyId' }) ctx: PersonContext,
    @Ctx() context: GraphqlContext,
  ): Promise<ScheduledSendType | null> {
    if (!context.viewer.can(root.bodyId, 'prepare')) return null;
    const { em } = ctx;
    const scheduled = await scheduledSendOf(em, root.id);
    return scheduled ? typed(context, scheduled) : null;
  }

  @Mutation(() => ScheduledSendType, {
    description:
      'Schedules the convocation of a draft meeting at `runAt`: refused now with the reason a manual send at that time would get (DEADLINE_PASSED, AGENDA_EMPTY…); sent then by a job, in the caller’s name.',
  })
  @Access('authenticated')
  async scheduleConvocation(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('runAt', () => Date, { validate: false }) runAt: Date,
    @InBody('prepare') ctx: PersonContext,
    @Ctx() context: GraphqlContext,
  ): Promise<ScheduledSendType> {
    return typed(context, await scheduleSend(ctx, meetingId, runAt));
  }

  @Mutation(() => ScheduledSendType, { description: 'Cancels the scheduled send of a meeting before it leaves.' })
  @Access('authenticated')
  async cancelScheduledConvocation(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @InBody('prepare') ctx: PersonContext,
    @Ctx() context: GraphqlContext,
  ): Promise<ScheduledSendType> {
    return typed(context, await cancelScheduledSend(ctx, meetingId));
  }

  @Mutation(() => MeetingType, {
    description:
      'A new draft meeting from another as a template: its assembly, place, title and agenda skeleton (not its documents), at `startsAt`.',
  })
  @Access('authenticated')
  async duplicateMeeting(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('input', () => DuplicateMeetingInput) input: DuplicateMeetingInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<MeetingType> {
    const meeting = await duplicateMeeting(ctx, meetingId, input);
    return MeetingType.from(meeting, ctx.bodyId);
  }
}
