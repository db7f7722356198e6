import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../common/errors.js';
import { isUuid } from '../../common/ids.js';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
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
export function draftsHiddenFrom(bodies: GraphqlContext['bodies'], bodyId: string) {
  return bodies.viewer.can(bodyId, 'prepare') ? {} : { status: { $ne: 'DRAFT' as const } };
}

/** Fields of `Body` that read the body's own schema. */
@Resolver(() => BodyType)
export class BodyMeetingsResolver {
  @FieldResolver(() => [AssemblyType])
  @Access('authenticated')
  async assemblies(@Root() root: BodyType, @Ctx() { bodies }: GraphqlContext): Promise<AssemblyType[]> {
    const { em } = await bodies.enterById(root.id, 'read');
    return (await em.find(Assembly, {}, { orderBy: { name: 'asc' } })).map((assembly) => AssemblyType.from(assembly, root.id));
  }

  @FieldResolver(() => [MeetingType], { description: 'Meetings starting from `from` (default: all), by date.' })
  @Access('authenticated')
  async meetings(
    @Root() root: BodyType,
    @Ctx() { bodies }: GraphqlContext,
    @Arg('from', () => Date, { nullable: true, validate: false }) from: Date | null,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
  ): Promise<MeetingType[]> {
    const { em } = await bodies.enterById(root.id, 'read');
    const where = { ...(from ? { startsAt: { $gte: from } } : {}), ...draftsHiddenFrom(bodies, root.id) };
    const meetings = await em.find(Meeting, where, {
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
    @Ctx() { bodies }: GraphqlContext,
    @Arg('id', () => ID) id: string,
  ): Promise<MeetingType> {
    const { em } = await bodies.enterById(root.id, 'read');
    const meeting = isUuid(id) ? await em.findOne(Meeting, { id, ...draftsHiddenFrom(bodies, root.id) }, { populate: ['assembly'] }) : null;
    if (!meeting) throw new NotFoundError('Séance introuvable.');
    return MeetingType.from(meeting, root.id);
  }
}

@Resolver(() => MeetingType)
export class MeetingMutationsResolver {
  @Mutation(() => MeetingType, { description: 'A new meeting, in DRAFT.' })
  @Access('authenticated')
  async createMeeting(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('input', () => MeetingInput) input: MeetingInput,
    @Ctx() { bodies, convocations }: GraphqlContext,
  ): Promise<MeetingType> {
    const { body, em } = await bodies.enterById(bodyId, 'prepare');
    return MeetingType.from(await createMeeting(em, input, convocations.clock.now()), body.id);
  }

  @Mutation(() => MeetingType, { description: 'Changes a meeting that is still a draft.' })
  @Access('authenticated')
  async updateMeeting(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('input', () => MeetingInput) input: MeetingInput,
    @Ctx() { bodies, convocations }: GraphqlContext,
  ): Promise<MeetingType> {
    const { body, em } = await bodies.enterById(bodyId, 'prepare');
    return MeetingType.from(await updateMeeting(em, meetingId, input, convocations.clock.now()), body.id);
  }

  @Mutation(() => MeetingType, {
    description: 'Records that a meeting was held (from its day on, once the attendance of every official convened is recorded), closed or cancelled.',
  })
  @Access('authenticated')
  async changeMeetingStatus(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('status', () => MeetingStatusEnum) status: MeetingStatus,
    @Ctx() context: GraphqlContext,
  ): Promise<MeetingType> {
    const { body, em } = await context.bodies.enterById(bodyId, 'prepare');
    const meeting =
      status === 'HELD' ? await markMeetingHeld(context.convocations, body, em, context.viewer.personId!, meetingId, context.convocations.clock.now()) : await changeMeetingStatus(em, meetingId, status);
    return MeetingType.from(meeting, body.id);
  }
}
