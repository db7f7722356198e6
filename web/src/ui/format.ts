import { locale, messages } from '../i18n/messages.ts';

/** "mardi 14 janvier 2027 à 18:00", in the body's time zone (meetings happen where the body is). */
export function formatDateTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  const day = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(date);
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(date);
  return messages.format.dateTime(day, time);
}

/** "23/11/2026 14:31", in `timeZone` when given (the body's), else the device's. */
export function formatShortDate(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A map of the place: OpenStreetMap's search, which needs no key and sends no tracking. */
export function mapUrl(place: string): string {
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(place)}`;
}

/** "6,67 €": an amount in euro cents, in euros. */
export function formatEuros(cents: number): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** "01/01/2026": a calendar date (`YYYY-MM-DD`, no time zone) as French write it. */
export function formatDay(date: string): string {
  return date.split('-').reverse().join('/');
}

/** "23/11/2026": the day of an instant, in the device's time zone. */
export function formatShortDay(iso: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short' }).format(new Date(iso));
}
