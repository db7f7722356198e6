import { Field, ID, ObjectType } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import type { Assembly } from '../assemblies/assembly.entity.js';
import { AssemblyType } from '../assemblies/assembly.type.js';
import type { InboxEntry } from '../inbox/inbox-index.js';
import { meetingStatuses, type Meeting, type MeetingStatus } from './meeting.entity.js';

export const MeetingStatusEnum = graphqlEnum(meetingStatuses, 'MeetingStatus', 'DRAFT → CONVENED → HELD → CLOSED, or CANCELLED.');

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

  @Field({ description: 'Convened under urgency (shortened legal delay).' })
  urgent!: boolean;

  @Field(() => String, { nullable: true, description: 'Why urgency was declared; required when urgent.' })
  urgencyJustification!: string | null;

  /** The body it belongs to, for the fields that read its schema (not exposed). */
  bodyId!: string;

  /**
   * The caller's row of the inbox index when the meeting comes from their inbox (not exposed): `myConvocation`
   * and `lastChange` answer from it without entering the body.
   */
  indexed?: InboxEntry;

  static from(meeting: Meeting & { assembly: Assembly }, bodyId: string): MeetingType {
    return Object.assign(new MeetingType(), {
      id: meeting.id,
      title: meeting.title,
      startsAt: meeting.startsAt,
      place: meeting.place ?? null,
      status: meeting.status,
      assembly: AssemblyType.from(meeting.assembly, bodyId),
      bodyId,
      urgent: meeting.urgent,
      urgencyJustification: meeting.urgencyJustification ?? null,
    });
  }

  /** A meeting of the caller's inbox, from their row of the index. */
  static fromIndex(entry: InboxEntry): MeetingType {
    return Object.assign(new MeetingType(), {
      id: entry.meetingId,
      title: entry.title,
      startsAt: entry.startsAt,
      place: entry.place,
      status: entry.status,
      assembly: AssemblyType.fromIndex(entry.assembly, entry.bodyId),
      bodyId: entry.bodyId,
      urgent: entry.urgent,
      urgencyJustification: entry.urgencyJustification,
      indexed: entry,
    });
  }
}
