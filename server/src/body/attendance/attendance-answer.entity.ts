import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';

export const attendanceResponses = ['PRESENT', 'ABSENT', 'PROXY'] as const;
export type AttendanceResponse = (typeof attendanceResponses)[number];

/** One answer to a convocation; the current one has no `supersededAt`, the others are its history. */
const AttendanceAnswerSchema = defineEntity({
  name: 'AttendanceAnswer',
  schema: '*',
  tableName: 'attendance_answer',
  properties: {
    id: p.uuid().primary(),
    meetingId: p.uuid(),
    personId: p.uuid(),
    response: p.enum(attendanceResponses),
    proxyHolderId: p.uuid().nullable(),
    illnessDeclared: p.boolean().default(false),
    /** L2121-20: the date of the certificate establishing the illness (YYYY-MM-DD), when given. */
    illnessCertifiedOn: p.date().nullable(),
    /** Present « à distance » (CGCT L5211-11-1). */
    remote: p.boolean().default(false),
    /** The pouvoir naming several consecutive séances this answer belongs to (CGCT L2121-20); null: this séance only. */
    pouvoirId: p.uuid().nullable(),
    recordedBy: p.uuid(),
    recordedAt: p.datetime(),
    supersededAt: p.datetime().nullable(),
    ...timestampProperties,
  },
});
export class AttendanceAnswer extends AttendanceAnswerSchema.class {}
AttendanceAnswerSchema.setClass(AttendanceAnswer);
