import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../common/errors.js';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { MeetingType } from '../meetings/meeting.type.js';
import { meetingAttendance, recordAttendance } from './recorded-attendance.service.js';
import { MeetingAttendanceType, RecordAttendanceInput } from './recorded-attendance.type.js';

/** The attendance recorded in session: secretariat only. */
@Resolver(() => MeetingType)
export class RecordedAttendanceResolver {
  @FieldResolver(() => MeetingAttendanceType, { nullable: true, description: 'Secretariat: the attendance recorded in session, the announced answers beside it and the quorum reached; null before the convocation.' })
  @Access('authenticated')
  async attendance(@Root() root: MeetingType, @Ctx() context: GraphqlContext): Promise<MeetingAttendanceType | null> {
    const { body, em } = await context.bodies.enterById(root.bodyId, 'prepare');
    const attendance = await meetingAttendance(body, em, root.id, context.convocations.clock.now());
    return attendance ? MeetingAttendanceType.from(attendance) : null;
  }

  @Mutation(() => MeetingAttendanceType, {
    description:
      'Secretariat: records who was present, absent or represented at a convened meeting, from its day on (the proxy rules apply), in one transaction; each change is chained in the evidence ledger.',
  })
  @Access('authenticated')
  async recordAttendance(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('input', () => RecordAttendanceInput) input: RecordAttendanceInput,
    @Ctx() context: GraphqlContext,
  ): Promise<MeetingAttendanceType> {
    const { body, em } = await context.bodies.enterById(bodyId, 'prepare');
    const now = context.convocations.clock.now();
    await recordAttendance(context.convocations, body, em, context.viewer.personId!, input.meetingId, input.entries, now);
    const attendance = await meetingAttendance(body, em, input.meetingId, now);
    if (!attendance) throw new NotFoundError('Séance introuvable.');
    return MeetingAttendanceType.from(attendance);
  }
}
