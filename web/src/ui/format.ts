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

/** "23/11/2026", in `timeZone` when given, else the device's. */
export function formatDay(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeZone }).format(new Date(iso));
}

/** A map of the place: OpenStreetMap's search, which needs no key and sends no tracking. */
export function mapUrl(place: string): string {
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(place)}`;
}

/** "1 234,56 €" from cents (the API's amounts are whole cents); euros unless another ISO currency is named. */
export function formatAmount(cents: number, currency = 'EUR'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
}

/** "01/01/2026": a calendar date (`YYYY-MM-DD`, no time zone) as French write it. */
export function formatCalendarDate(date: string): string {
  return date.split('-').reverse().join('/');
}

/** "18:04", in `timeZone` when given (the body's), else the device's. */
export function formatTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
}
