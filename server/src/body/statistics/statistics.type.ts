import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Access } from '../../graphql/access.js';

@ObjectType('AttendanceCounts', {
  description:
    'Convocations received, and present, represented (proxy), absent or no answer: as recorded in session for the meetings whose attendance was recorded, as announced for the others.',
})
@Access('authenticated')
export class AttendanceCountsType {
  @Field(() => Int, { description: 'Convocations received (one per official and meeting convened).' })
  convened!: number;

  @Field(() => Int, { description: 'Present (recorded, or announced).' })
  present!: number;

  @Field(() => Int, { description: 'Absent with a proxy given to a colleague.' })
  proxies!: number;

  @Field(() => Int, { description: 'Absent without a proxy.' })
  absent!: number;

  @Field(() => Int, { description: 'No answer announced, or not recorded at a meeting whose attendance was recorded.' })
  unanswered!: number;

  @Field(() => Int, {
    description: 'Of `convened`, those counted from the attendance recorded in session (the others: from the answers announced).',
  })
  recorded!: number;
}

@ObjectType('OfficialStatistics', { description: 'One official over the period.' })
@Access('authenticated')
export class OfficialStatisticsType {
  @Field(() => AttendanceCountsType)
  attendance!: AttendanceCountsType;

  @Field(() => ID)
  personId!: string;

  @Field()
  displayName!: string;

  @Field(() => Int, { description: 'Convocations opened.' })
  opened!: number;

  @Field(() => Int, { description: 'Convocations acknowledged.' })
  acknowledged!: number;

  @Field(() => Int, { description: 'Proxies received from colleagues.' })
  proxiesHeld!: number;

  @Field(() => Float, { nullable: true, description: 'Mean time from the send to the first opening, in hours.' })
  meanHoursToOpen!: number | null;

  @Field(() => Int, { description: 'Minutes in the room during the séances held (arrivals and departures recorded in séance).' })
  minutesPresent!: number;

  @Field(() => Int, { description: 'Minutes the séances held lasted, over those the official was convened to.' })
  seanceMinutes!: number;
}

@ObjectType('AssemblyStatistics', { description: 'One assembly over the period.' })
@Access('authenticated')
export class AssemblyStatisticsType {
  @Field(() => AttendanceCountsType)
  attendance!: AttendanceCountsType;

  @Field(() => ID)
  assemblyId!: string;

  @Field()
  name!: string;

  @Field(() => Int)
  meetings!: number;

  @Field(() => Int, { description: 'Convened meetings whose attendance was recorded in session.' })
  recordedMeetings!: number;

  @Field(() => Int, { description: 'Convened meetings counted with the answers announced (no attendance recorded).' })
  announcedMeetings!: number;
}

@ObjectType('BodyStatistics', {
  description:
    'The body’s figures over a period: meetings, sends, reading, attendance (recorded in session, or announced; an official counts once per convened meeting), proxies, documents and pages distributed electronically.',
})
@Access('authenticated')
export class BodyStatisticsType {
  @Field(() => AttendanceCountsType)
  attendance!: AttendanceCountsType;

  @Field(() => Int, { description: 'Meetings of the period (cancelled ones left out).' })
  meetings!: number;

  @Field(() => Int)
  convenedMeetings!: number;

  @Field(() => Int, { description: 'Convened meetings whose attendance was recorded in session.' })
  recordedMeetings!: number;

  @Field(() => Int, { description: 'Convened meetings counted with the answers announced (no attendance recorded).' })
  announcedMeetings!: number;

  @Field(() => Int, { description: 'Sends: convocations and supplements.' })
  sends!: number;

  @Field(() => Int)
  onTimeSends!: number;

  @Field(() => Int)
  urgentConvocations!: number;

  @Field(() => Int)
  opened!: number;

  @Field(() => Int)
  acknowledged!: number;

  @Field(() => Float, { nullable: true, description: 'Mean time from the send to the first opening, in hours.' })
  meanHoursToOpen!: number | null;

  @Field(() => Int, { description: 'Documents in the sends.' })
  documentsSent!: number;

  @Field(() => Int, { description: 'Pages in the sends.' })
  pagesSent!: number;

  @Field(() => Int, { description: 'Σ over sends of pages × officials convened electronically: pages not printed.' })
  electronicPages!: number;

  @Field(() => Int, { description: 'Σ over sends of officials convened electronically: letters not posted.' })
  electronicDeliveries!: number;

  @Field(() => Int, { description: 'Σ over sends of officials convened on paper.' })
  paperDeliveries!: number;

  @Field(() => Int, { description: 'Séances held and closed in the period: their attendance is the séance’s (arrivals and departures).' })
  seancesHeld!: number;

  @Field(() => [OfficialStatisticsType])
  officials!: OfficialStatisticsType[];

  @Field(() => [AssemblyStatisticsType])
  assemblies!: AssemblyStatisticsType[];
}
