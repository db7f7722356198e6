import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { findMeeting } from './meeting.service.js';
import { MeetingType } from './meeting.type.js';
import { reunionSeances, setMeetingReunion } from './reunion.js';

/** Départements and régions: the réunion a séance belongs to (CGCT L3121-16, L4132-15). */
@Resolver(() => MeetingType)
export class ReunionResolver {
  @FieldResolver(() => [MeetingType], { description: 'The séances of this séance’s réunion, by date (itself included; alone outside a réunion of several séances). A délégation de vote of a département or région is valid for the whole réunion.' })
  @Access('authenticated')
  async reunionSeances(@Root() root: MeetingType, @Ctx() { bodies }: GraphqlContext): Promise<MeetingType[]> {
    const { body, em } = await bodies.enterById(root.bodyId, 'read');
    const visible = bodies.viewer.can(body.id, 'prepare');
    return (await reunionSeances(em, await findMeeting(em, root.id))).filter((seance) => visible || seance.status !== 'DRAFT').map((seance) => MeetingType.from(seance, body.id));
  }

  @Mutation(() => MeetingType, { description: 'Secretariat, départements and régions: a draft séance continues the réunion opened by an earlier séance of the same assembly (null: its own réunion).' })
  @Access('authenticated')
  async setMeetingReunion(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('reunionMeetingId', () => ID, { nullable: true }) reunionMeetingId: string | null,
    @Ctx() { bodies }: GraphqlContext,
  ): Promise<MeetingType> {
    const { body, em } = await bodies.enterById(bodyId, 'prepare');
    const meeting = await setMeetingReunion(body, em, meetingId, reunionMeetingId ?? null);
    return MeetingType.from(await findMeeting(em, meeting.id), body.id);
  }
}
