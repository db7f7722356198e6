import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';

export const meetingChangeKinds = ['CANCELLED', 'MOVED'] as const;
export type MeetingChangeKind = (typeof meetingChangeKinds)[number];

/** A convened meeting cancelled or moved, numbered from 1 per meeting (its calendar SEQUENCE). Never changed once written. */
const MeetingChangeSchema = defineEntity({
  name: 'MeetingChange',
  schema: '*',
  tableName: 'meeting_change',
  properties: {
    id: p.uuid().primary(),
    meetingId: p.uuid(),
    sequence: p.integer(),
    kind: p.enum(meetingChangeKinds),
    reason: p.string(),
    previousStartsAt: p.datetime(),
    previousPlace: p.string().nullable(),
    startsAt: p.datetime(),
    place: p.string().nullable(),
    /** A move: whether the convocation already sent still meets the legal delay for the new date. */
    deadlineMet: p.boolean().nullable(),
    changedBy: p.uuid(),
    changedAt: p.datetime(),
    ...timestampProperties,
  },
});
export class MeetingChange extends MeetingChangeSchema.class {}
MeetingChangeSchema.setClass(MeetingChange);
