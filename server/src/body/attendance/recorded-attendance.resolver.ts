import { Arg, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { NotFoundError } from '../../common/errors.js';
import { Access } from '../../graphql/access.js';
import { InBody } from '../../graphql/in-body.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { MeetingType } from '../meetings/meeting.type.js';
import { meetingAttendance, recordAttendance } from './recorded-attendance.service.js';
import { MeetingAttendanceType, RecordAttendanceInput } from './recorded-attendance.type.js';

/** The attendance recorded in session: secretariat only. */
@Resolver(() => MeetingType)
export class RecordedAttendanceResolver {
  @FieldResolver(() => MeetingAttendanceType, {
    nullable: true,
    description:
      'Secretariat: the attendance recorded in session, the announced answers beside it and the quorum reached; null before the convocation.',
  })
  @Access('authenticated')
  async attendance(
    @Root() root: MeetingType,
    @InBody('prepare', { root: 'bodyId' }) ctx: PersonContext,
  ): Promise<MeetingAttendanceType | null> {
    const attendance = await meetingAttendance(ctx, root.id, ctx.now());
    return attendance ? MeetingAttendanceType.from(attendance) : null;
  }

  @Mutation(() => MeetingAttendanceType, {
    description:
      'Secretariat: records who was present, absent or represented at a convened meeting, from its day on (the proxy rules apply), in one transaction; each change is chained in the evidence ledger.',
  })
  @Access('authenticated')
  async recordAttendance(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('input', () => RecordAttendanceInput) input: RecordAttendanceInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<MeetingAttendanceType> {
    await recordAttendance(ctx, input.meetingId, input.entries);
    const attendance = await meetingAttendance(ctx, input.meetingId, ctx.now());
    if (!attendance) throw new NotFoundError('Séance introuvable.');
    return MeetingAttendanceType.from(attendance);
  }
}
