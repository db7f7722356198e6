import { zonedDate } from '../../common/time.js';
import { assemblyRules } from '../../legal/assembly-rules.js';
import { secondConvocationQuorum } from '../../legal/second-convocation.js';
import type { Body } from '../../platform/bodies/body.entity.js';
import type { Meeting } from './meeting.entity.js';

/**
 * The rules of the meeting's body and assembly in force on its day (body's time zone). `meeting.assembly`
 * is loaded. A séance convened again after a failed quorum has no quorum (its rule's article says why).
 */
export function meetingRules(body: Pick<Body, 'kind' | 'timeZone'>, meeting: Pick<Meeting, 'assembly' | 'startsAt'> & Partial<Pick<Meeting, 'firstConvocationMeetingId'>>) {
  const rules = assemblyRules(body.kind, meeting.assembly.kind, zonedDate(meeting.startsAt, body.timeZone));
  const again = meeting.firstConvocationMeetingId ? rules.secondConvocation : null;
  return again ? { ...rules, quorum: secondConvocationQuorum(again) } : rules;
}

/** The second-convocation rule a meeting was convened under, or null for an ordinary meeting. */
export function convenedAgainUnder(body: Pick<Body, 'kind' | 'timeZone'>, meeting: Pick<Meeting, 'assembly' | 'startsAt' | 'firstConvocationMeetingId'>) {
  return meeting.firstConvocationMeetingId ? assemblyRules(body.kind, meeting.assembly.kind, zonedDate(meeting.startsAt, body.timeZone)).secondConvocation : null;
}
