import { addDays, timeZoneOffset, zonedDate, zonedDateTime } from '../common/time.js';
import { applicableDelay, type ConvocationRuleSet, type DelayQuestion, convocationRuleSets } from './convocation-rules.js';

export interface ConvocationDeadline {
  /** The last instant a send is on time: 23:59:59 local time on the last allowed day, ISO 8601 with offset. */
  latestSendAt: string;
  /** That day, in the body's time zone (YYYY-MM-DD). */
  latestSendDate: string;
  clearDays: number;
  article: string;
  urgent: boolean;
  timeZone: string;
  /** `validFrom` of the rule set applied. */
  rulesValidFrom: string;
}

/** ISO 8601 with the time zone's offset at that instant, e.g. 2026-12-08T23:59:59+01:00. */
export function isoWithOffset(instant: Date, timeZone: string): string {
  const offsetMinutes = Math.round(timeZoneOffset(instant, timeZone) / 60_000);
  const local = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
}

/**
 * Jours francs: the day of sending and the day of the meeting are excluded, so with N clear days the
 * convocation must be sent on day D − N − 1 at the latest, D being the meeting's local date. Weekends and
 * public holidays count (CE 13/10/1993 n° 141677); everything is computed in the body's own time zone.
 */
export function convocationDeadline(
  question: Omit<DelayQuestion, 'meetingDate'> & { meetingStartsAt: Date; timeZone: string },
  sets: readonly ConvocationRuleSet[] = convocationRuleSets,
): ConvocationDeadline {
  const meetingDate = zonedDate(question.meetingStartsAt, question.timeZone);
  const delay = applicableDelay({ ...question, meetingDate }, sets);
  const latestSendDate = addDays(meetingDate, -(delay.clearDays + 1));
  const lastSecond = new Date(zonedDateTime(addDays(latestSendDate, 1), '00:00', question.timeZone).getTime() - 1_000);
  return {
    latestSendAt: isoWithOffset(lastSecond, question.timeZone),
    latestSendDate,
    clearDays: delay.clearDays,
    article: delay.article,
    urgent: question.urgent,
    timeZone: question.timeZone,
    rulesValidFrom: delay.validFrom,
  };
}
