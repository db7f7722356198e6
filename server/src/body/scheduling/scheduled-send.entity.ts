import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';

export const scheduledSendStatuses = ['SCHEDULED', 'SENT', 'CANCELLED', 'FAILED'] as const;
export type ScheduledSendStatus = (typeof scheduledSendStatuses)[number];

/** A convocation to be sent by a job at `runAt`, in the name of `scheduledBy`; at most one SCHEDULED per meeting. */
const ScheduledSendSchema = defineEntity({
  name: 'ScheduledSend',
  schema: '*',
  tableName: 'scheduled_send',
  properties: {
    id: p.uuid().primary(),
    meetingId: p.uuid(),
    runAt: p.datetime(),
    status: p.enum(scheduledSendStatuses),
    scheduledBy: p.uuid(),
    scheduledAt: p.datetime(),
    cancelledBy: p.uuid().nullable(),
    convocationId: p.uuid().nullable(),
    /** Why the job could not send (the message of the refused check, in French). */
    failure: p.string().nullable(),
    ...timestampProperties,
  },
});
export class ScheduledSend extends ScheduledSendSchema.class {}
ScheduledSendSchema.setClass(ScheduledSend);
