import { locale } from '../../i18n/messages.ts';
import { localInputToIso } from '../zoned-time.ts';

/** What the « Convoquer à nouveau » form needs from the failed séance. */
export interface QuorumFailureView {
  earliestDate: string;
  dePleinDroit: boolean;
}

/**
 * The date the form starts from, and whether it may change: a département's or région's réunion is
 * held by law three days later (L3121-14, L4132-13), a commune's or EPCI's at three days apart at least
 * (L2121-17); the API checks the same.
 */
export function secondDateField(failure: QuorumFailureView): { value: string; min: string; readOnly: boolean } {
  return { value: failure.earliestDate, min: failure.earliestDate, readOnly: failure.dePleinDroit };
}

/** The start of the new séance as ISO 8601, from a local date and time in the body's zone; null when incomplete. */
export function secondStartsAt(date: string, time: string, timeZone: string): string | null {
  return date && time ? localInputToIso(`${date}T${time}`, timeZone) : null;
}

/** A calendar date (YYYY-MM-DD) in words: « jeudi 10 décembre 2026 ». */
export function localDay(date: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}
