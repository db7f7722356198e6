import { zonedDate } from '../../common/time.js';
import { assemblyRules } from '../../legal/assembly-rules.js';
import type { Body } from '../../platform/bodies/body.entity.js';
import type { Meeting } from './meeting.entity.js';

/** The rules of the meeting's body and assembly in force on its day (body's time zone). `meeting.assembly` is loaded. */
export function meetingRules(body: Pick<Body, 'kind' | 'timeZone'>, meeting: Pick<Meeting, 'assembly' | 'startsAt'>) {
  return assemblyRules(body.kind, meeting.assembly.kind, zonedDate(meeting.startsAt, body.timeZone));
}
