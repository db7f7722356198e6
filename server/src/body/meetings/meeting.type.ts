import { Field, ID, ObjectType } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import { assemblyKinds, type Assembly, type AssemblyKind } from '../assemblies/assembly.entity.js';
import { meetingStatuses, type Meeting, type MeetingStatus } from './meeting.entity.js';

export const AssemblyKindEnum = graphqlEnum(assemblyKinds, 'AssemblyKind', 'Kind of deliberative assembly.');
export const MeetingStatusEnum = graphqlEnum(
  meetingStatuses,
  'MeetingStatus',
  'DRAFT → CONVENED → HELD → CLOSED, or CANCELLED.',
);

@ObjectType('Assembly')
@Access('authenticated')
export class AssemblyType {
  @Field(() => ID)
  id!: string;

  @Field(() => AssemblyKindEnum)
  kind!: AssemblyKind;

  @Field()
  name!: string;

  static from(assembly: Assembly): AssemblyType {
    return Object.assign(new AssemblyType(), { id: assembly.id, kind: assembly.kind, name: assembly.name });
  }
}

@ObjectType('Meeting')
@Access('authenticated')
export class MeetingType {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field({ description: 'Start of the meeting (ISO 8601, UTC).' })
  startsAt!: Date;

  @Field(() => String, { nullable: true, description: 'Address of the meeting place.' })
  place!: string | null;

  @Field(() => MeetingStatusEnum)
  status!: MeetingStatus;

  @Field(() => AssemblyType)
  assembly!: AssemblyType;

  static from(meeting: Meeting & { assembly: Assembly }): MeetingType {
    return Object.assign(new MeetingType(), {
      id: meeting.id,
      title: meeting.title,
      startsAt: meeting.startsAt,
      place: meeting.place ?? null,
      status: meeting.status,
      assembly: AssemblyType.from(meeting.assembly),
    });
  }
}
