import { Arg, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import { InBody } from '../../graphql/in-body.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { findMeeting } from './meeting.service.js';
import { MeetingType } from './meeting.type.js';
import { reunionSeances, setMeetingReunion } from './reunion.js';

/** Départements and régions: the réunion a séance belongs to (CGCT L3121-16, L4132-15). */
@Resolver(() => MeetingType)
export class ReunionResolver {
  @FieldResolver(() => [MeetingType], {
    description:
      'The séances of this séance’s réunion, by date (itself included; alone outside a réunion of several séances). A délégation de vote of a département or région is valid for the whole réunion.',
  })
  @Access('authenticated')
  async reunionSeances(
    @Root() root: MeetingType,
    @InBody('read', { root: 'bodyId' }) { body, em, actor }: PersonContext,
  ): Promise<MeetingType[]> {
    const visible = actor.can('prepare');
    return (await reunionSeances(em, await findMeeting(em, root.id)))
      .filter((seance) => visible || seance.status !== 'DRAFT')
      .map((seance) => MeetingType.from(seance, body.id));
  }

  @Mutation(() => MeetingType, {
    description:
      'Secretariat, départements and régions: a draft séance continues the réunion opened by an earlier séance of the same assembly (null: its own réunion).',
  })
  @Access('authenticated')
  async setMeetingReunion(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('reunionMeetingId', () => UuidScalar, { nullable: true }) reunionMeetingId: string | null,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<MeetingType> {
    const meeting = await setMeetingReunion(ctx, meetingId, reunionMeetingId ?? null);
    return MeetingType.from(await findMeeting(ctx.em, meeting.id), ctx.bodyId);
  }
}
