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
    ...timestampProperties,
  },
});

export class Meeting extends MeetingSchema.class {}
MeetingSchema.setClass(Meeting);
