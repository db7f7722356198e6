import { locale } from '../i18n/messages.ts';

/** Today in `timeZone`, YYYY-MM-DD. */
export function today(timeZone?: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The current month in `timeZone` (a body's statements follow its own calendar), `YYYY-MM` as the API names months. */
export function currentMonth(timeZone?: string, now = new Date()): string {
  return today(timeZone, now).slice(0, 7);
}

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

function yearAndMonth(month: string): [number, number] {
  const match = monthPattern.exec(month);
  if (!match) throw new RangeError(`Not a YYYY-MM month: ${month}`);
  return [Number(match[1]), Number(match[2])];
}

/** `month` moved by `delta` months (negative: back), `YYYY-MM`. */
export function addMonths(month: string, delta: number): string {
  const [year, number] = yearAndMonth(month);
  const index = year * 12 + (number - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `count` months ending with `latest`, latest first. */
export function monthsUpTo(latest: string, count: number): string[] {
  return Array.from({ length: count }, (_, back) => addMonths(latest, -back));
}

/** "novembre 2026". */
export function formatMonth(month: string): string {
  const [year, number] = yearAndMonth(month);
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, number - 1, 1));
}
