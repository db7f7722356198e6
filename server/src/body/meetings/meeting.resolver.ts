import { Arg, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { NotFoundError } from '../../common/errors.js';
import { Access } from '../../graphql/access.js';
import { InBody } from '../../graphql/in-body.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { BodyType } from '../../platform/bodies/body.type.js';
import { Assembly } from '../assemblies/assembly.entity.js';
import { Meeting } from './meeting.entity.js';
import { AssemblyType } from '../assemblies/assembly.type.js';
import { MeetingInput } from './meeting.input.js';
import { markMeetingHeld } from '../attendance/recorded-attendance.service.js';
import { changeMeetingStatus, createMeeting, updateMeeting } from './meeting.service.js';
import { MeetingStatusEnum, MeetingType } from './meeting.type.js';
import type { MeetingStatus } from './meeting.entity.js';

/** Officials see a meeting once it is convened: a draft agenda is the secretariat's work in progress. */
export function draftsHiddenFrom(ctx: PersonContext) {
  return ctx.actor.can('prepare') ? {} : { status: { $ne: 'DRAFT' as const } };
}

/** Fields of `Body` that read the body's own schema. */
@Resolver(() => BodyType)
export class BodyMeetingsResolver {
  @FieldResolver(() => [AssemblyType])
  @Access('authenticated')
  async assemblies(@Root() root: BodyType, @InBody('read', { root: 'id' }) { em }: PersonContext): Promise<AssemblyType[]> {
    return (await em.find(Assembly, {}, { orderBy: { name: 'asc' } })).map((assembly) => AssemblyType.from(assembly, root.id));
  }

  @FieldResolver(() => [MeetingType], { description: 'Meetings starting from `from` (default: all), by date.' })
  @Access('authenticated')
  async meetings(
    @Root() root: BodyType,
    @InBody('read', { root: 'id' }) ctx: PersonContext,
    @Arg('from', () => Date, { nullable: true, validate: false }) from: Date | null,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
  ): Promise<MeetingType[]> {
    const where = { ...(from ? { startsAt: { $gte: from } } : {}), ...draftsHiddenFrom(ctx) };
    const meetings = await ctx.em.find(Meeting, where, {
      populate: ['assembly'],
      orderBy: { startsAt: 'asc' },
      limit: Math.min(Math.max(limit, 1), 200),
    });
    return meetings.map((meeting) => MeetingType.from(meeting, root.id));
  }

  @FieldResolver(() => MeetingType)
  @Access('authenticated')
  async meeting(
    @Root() root: BodyType,
    @InBody('read', { root: 'id' }) ctx: PersonContext,
    @Arg('id', () => UuidScalar) id: string,
  ): Promise<MeetingType> {
    const meeting = await ctx.em.findOne(Meeting, { id, ...draftsHiddenFrom(ctx) }, { populate: ['assembly'] });
    if (!meeting) throw new NotFoundError('Séance introuvable.');
    return MeetingType.from(meeting, root.id);
  }
}

@Resolver(() => MeetingType)
export class MeetingMutationsResolver {
  @Mutation(() => MeetingType, { description: 'A new meeting, in DRAFT.' })
  @Access('authenticated')
  async createMeeting(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('input', () => MeetingInput) input: MeetingInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<MeetingType> {
    return MeetingType.from(await createMeeting(ctx, input), ctx.bodyId);
  }

  @Mutation(() => MeetingType, { description: 'Changes a meeting that is still a draft.' })
  @Access('authenticated')
  async updateMeeting(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('input', () => MeetingInput) input: MeetingInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<MeetingType> {
    return MeetingType.from(await updateMeeting(ctx, meetingId, input), ctx.bodyId);
  }

  @Mutation(() => MeetingType, {
    description:
      'Records that a meeting was held (from its day on, once the attendance of every official convened is recorded), closed or cancelled.',
  })
  @Access('authenticated')
  async changeMeetingStatus(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('status', () => MeetingStatusEnum) status: MeetingStatus,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<MeetingType> {
    const meeting = status === 'HELD' ? await markMeetingHeld(ctx, meetingId) : await changeMeetingStatus(ctx, meetingId, status);
    return MeetingType.from(meeting, ctx.bodyId);
  }
}
