import { zonedDate } from '../../common/time.js';
import type { BodyContext } from '../../tenancy/body-context.js';
import { assemblyRole, assemblyRules } from '../../legal/assembly-rules.js';
import { settingOn, withReglementInterieur } from '../../legal/reglement-interieur.js';
import { reglementInterieur } from '../rules/reglement-interieur.service.js';
import { secondConvocationQuorum } from '../../legal/second-convocation.js';
import type { Body } from '../../platform/bodies/body.entity.js';
import type { Meeting } from './meeting.entity.js';

/**
 * The rules of the meeting's body and assembly in force on its day (body's time zone). `meeting.assembly`
 * is loaded. A séance convened again after a failed quorum has no quorum (its rule's article says why).
 */
export function meetingRules(
  body: Pick<Body, 'kind' | 'timeZone'>,
  meeting: Pick<Meeting, 'assembly' | 'startsAt'> & Partial<Pick<Meeting, 'firstConvocationMeetingId'>>,
) {
  const rules = assemblyRules(body.kind, meeting.assembly.kind, zonedDate(meeting.startsAt, body.timeZone));
  const again = meeting.firstConvocationMeetingId ? rules.secondConvocation : null;
  return again ? { ...rules, quorum: secondConvocationQuorum(again) } : rules;
}

/**
 * `meetingRules` with the body's règlement intérieur in force on the meeting's day applied (a stricter
 * pouvoir limit, a commission's quorum; legal/reglement-interieur.ts): what the proxy checks, the quorum
 * and the legal notices use.
 */
export async function meetingRulesInForce(
  { em, body }: Pick<BodyContext, 'em' | 'body'>,
  meeting: Pick<Meeting, 'assembly' | 'startsAt'> & Partial<Pick<Meeting, 'firstConvocationMeetingId'>>,
) {
  const setting = settingOn(zonedDate(meeting.startsAt, body.timeZone), await reglementInterieur(em));
  return withReglementInterieur(meetingRules(body, meeting), assemblyRole(meeting.assembly.kind), setting);
}

/** The second-convocation rule a meeting was convened under, or null for an ordinary meeting. */
export function convenedAgainUnder(
  body: Pick<Body, 'kind' | 'timeZone'>,
  meeting: Pick<Meeting, 'assembly' | 'startsAt' | 'firstConvocationMeetingId'>,
) {
  return meeting.firstConvocationMeetingId
    ? assemblyRules(body.kind, meeting.assembly.kind, zonedDate(meeting.startsAt, body.timeZone)).secondConvocation
    : null;
}
