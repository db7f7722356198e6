import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';

export const attendanceStatuses = ['PRESENT', 'ABSENT', 'REPRESENTED'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];

/** Attendance recorded in session for one person; the current record has no `supersededAt`, the others are its history. */
const AttendanceRecordSchema = defineEntity({
  name: 'AttendanceRecord',
  schema: '*',
  tableName: 'attendance_record',
  properties: {
    id: p.uuid().primary(),
    meetingId: p.uuid(),
    personId: p.uuid(),
    status: p.enum(attendanceStatuses),
    proxyHolderId: p.uuid().nullable(),
    arrivedAt: p.datetime().nullable(),
    leftAt: p.datetime().nullable(),
    /** Present « à distance » (CGCT L5211-11-1): counted as present. */
    remote: p.boolean().default(false),
    recordedBy: p.uuid(),
    recordedAt: p.datetime(),
    supersededAt: p.datetime().nullable(),
    ...timestampProperties,
  },
});
export class AttendanceRecord extends AttendanceRecordSchema.class {}
AttendanceRecordSchema.setClass(AttendanceRecord);
