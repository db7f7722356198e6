import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';
import { Assembly } from '../assemblies/assembly.entity.js';

export const meetingStatuses = ['DRAFT', 'CONVENED', 'HELD', 'CLOSED', 'CANCELLED'] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

const MeetingSchema = defineEntity({
  name: 'Meeting',
  schema: '*',
  tableName: 'meeting',
  properties: {
    id: p.uuid().primary(),
    assembly: () => p.manyToOne(Assembly).inversedBy('meetings'),
    title: p.string(),
    startsAt: p.datetime(),
    place: p.string().nullable(),
    status: p.enum(meetingStatuses),
    urgent: p.boolean().default(false),
    urgencyJustification: p.string().nullable(),
    /** The séance whose quorum failed, when this one is its second convocation (L2121-17 al. 2, L3121-14, L4132-13). */
    firstConvocationMeetingId: p.uuid().nullable(),
    /** Départements, régions: the first séance of the réunion this séance continues (CGCT L3121-16, L4132-15). */
    reunionMeetingId: p.uuid().nullable(),
    ...timestampProperties,
  },
});

export class Meeting extends MeetingSchema.class {}
MeetingSchema.setClass(Meeting);
