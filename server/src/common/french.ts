import type { AttendanceResponse } from '../body/attendance/attendance-answer.entity.js';
import type { DeliveryPurpose } from '../body/convocations/convocation.entity.js';
import type { MeetingStatus } from '../body/meetings/meeting.entity.js';

/**
 * The one place where what the server writes for people (emails, SMS, PDFs) turns values into French:
 * dates and times in the body's time zone, counted nouns, and the labels of every enum a reader meets.
 */

/** "jeudi 10 décembre 2026 à 18 h 30", in the given time zone. */
export function frenchDateTime(instant: Date | string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((item) => item.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')} à ${part('hour')} h ${part('minute')}`;
}

/** "10 décembre 2026", in the given time zone. */
export function frenchDate(instant: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(instant));
}

/** A calendar date with no time ("2026-12-10", a LocalDate) as "10 décembre 2026", whatever the zone. */
export function frenchLocalDate(date: string): string {
  return frenchDate(`${date}T00:00:00Z`, 'UTC');
}

const pluralRules = new Intl.PluralRules('fr-FR');

/**
 * The count and the noun agreeing with it, by the French rules (0 and 1 take the singular):
 * `countOf(2, 'document')` is "2 documents"; irregular plurals give their own form
 * (`countOf(3, 'jour franc', 'jours francs')`).
 */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('fr-FR')} ${pluralRules.select(count) === 'one' ? singular : plural}`;
}

/** Meeting states, as a reader of a PDF or an email sees them. */
export const meetingStatusNames: Record<MeetingStatus, string> = {
  DRAFT: 'en préparation',
  CONVENED: 'convoquée',
  HELD: 'tenue',
  CLOSED: 'close',
  CANCELLED: 'annulée',
};

/** The channels' names in French sentences. */

export const deliveryPurposeNames: Record<DeliveryPurpose, string> = { CONVOCATION: 'Envoi', REMINDER: 'Rappel', RESEND: 'Renvoi' };

export const attendanceResponseNames: Record<AttendanceResponse, string> = { PRESENT: 'présent(e)', ABSENT: 'absent(e)', PROXY: 'pouvoir' };

const euroFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** Cents as "1 234,56 €". */
export function euros(cents: number): string {
  return euroFormat.format(cents / 100);
}
