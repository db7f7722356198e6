import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { LocalDateScalar, UuidScalar } from '../../graphql/scalars.js';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import { attendanceStatuses, type AttendanceStatus } from './attendance-record.entity.js';
import { AttendanceAnswerType, ColleagueType, QuorumForecastType } from './attendance.type.js';
import type { MeetingAttendance } from './recorded-attendance.service.js';

export const AttendanceStatusEnum = graphqlEnum(
  attendanceStatuses,
  'AttendanceStatus',
  'Attendance recorded in session: present, absent, or represented by a member present.',
);

@ObjectType('RecordedAttendance', {
  description: 'One convened official: the attendance recorded in session (null until recorded) and the answer announced before.',
})
@Access('authenticated')
export class RecordedAttendanceType {
  @Field(() => ID)
  personId!: string;

  @Field()
  displayName!: string;

  @Field()
  votingRight!: boolean;

  @Field(() => AttendanceStatusEnum, { nullable: true })
  status!: AttendanceStatus | null;

  @Field(() => ColleagueType, { nullable: true, description: 'Who represented the official (REPRESENTED).' })
  proxyHolder!: ColleagueType | null;

  @Field(() => Date, { nullable: true })
  arrivedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  leftAt!: Date | null;

  @Field({ description: 'Recorded present « à distance » (CGCT L5211-11-1): counted as present.' })
  remote!: boolean;

  @Field(() => Date, { nullable: true })
  recordedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'Who recorded it.' })
  recordedBy!: string | null;

  @Field(() => AttendanceAnswerType, { nullable: true, description: 'The answer the official announced before the meeting.' })
  announced!: AttendanceAnswerType | null;
}

@ObjectType('MeetingAttendance', { description: 'Secretariat: the attendance recorded in session and the quorum it reaches.' })
@Access('authenticated')
export class MeetingAttendanceType {
  @Field(() => LocalDateScalar, { description: 'The day recording opens: the meeting’s date in the body’s time zone.' })
  opensOn!: string;

  @Field({ description: 'Whether attendance may be recorded now: from the meeting’s day on, while it is convened or held.' })
  open!: boolean;

  @Field(() => [RecordedAttendanceType], { description: 'Every official convened, by name.' })
  entries!: RecordedAttendanceType[];

  @Field(() => QuorumForecastType, {
    description: 'The quorum the recorded attendance reaches (`unanswered`: officials not recorded yet), with the rule that applies.',
  })
  quorum!: QuorumForecastType;

  static from(attendance: MeetingAttendance): MeetingAttendanceType {
    const names = new Map(attendance.lines.map((line) => [line.recipient.personId, line.recipient.displayName]));
    return Object.assign(new MeetingAttendanceType(), {
      opensOn: attendance.opensOn,
      open: attendance.open,
      quorum: QuorumForecastType.from(attendance.quorum),
      entries: attendance.lines.map(({ recipient, record, announced }) =>
        Object.assign(new RecordedAttendanceType(), {
          personId: recipient.personId,
          displayName: recipient.displayName,
          votingRight: recipient.votingRight,
          status: record?.status ?? null,
          proxyHolder: record?.proxyHolderId
            ? { personId: record.proxyHolderId, displayName: names.get(record.proxyHolderId) ?? '—' }
            : null,
          arrivedAt: record?.arrivedAt ?? null,
          leftAt: record?.leftAt ?? null,
          remote: record?.remote ?? false,
          recordedAt: record?.recordedAt ?? null,
          recordedBy: record?.recordedBy ?? null,
          announced: announced ? AttendanceAnswerType.from(announced, names) : null,
        }),
      ),
    });
  }
}

@InputType('AttendanceEntryInput')
export class AttendanceEntryInput {
  @Field(() => UuidScalar)
  personId!: string;

  @Field(() => AttendanceStatusEnum)
  @IsIn([...attendanceStatuses])
  status!: AttendanceStatus;

  @Field(() => UuidScalar, { nullable: true, description: 'Required for REPRESENTED: the member present who holds the proxy.' })
  proxyHolderId?: string | null;

  @Field(() => Date, { nullable: true, description: 'PRESENT only: arrival after the opening.' })
  @IsOptional()
  arrivedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'PRESENT only: departure before the end.' })
  @IsOptional()
  leftAt?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'PRESENT only: « à distance » (visioconférence), where the law allows it (CGCT L5211-11-1); counted as present.',
  })
  @IsOptional()
  @IsBoolean()
  remote?: boolean | null;
}

@InputType('RecordAttendanceInput')
export class RecordAttendanceInput {
  @Field(() => UuidScalar)
  meetingId!: string;

  @Field(() => [AttendanceEntryInput], { description: 'The officials recorded by this call (others keep their record).' })
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  entries!: AttendanceEntryInput[];
}
