import { isoToLocalInput, localInputToIso } from '../zoned-time.ts';

/**
 * "19:12" typed in the console (an `<input type="time">`, the body's wall clock) → the ISO instant of
 * that time on the day it is in the body's time zone at `now`; null for an empty field (the server's
 * clock then) or a text that is not a time.
 */
export function timeTodayToIso(value: string, timeZone: string, now: Date = new Date()): string | null {
  if (!/^\d{2}:\d{2}$/.test(value)) return null;
  const today = isoToLocalInput(now.toISOString(), timeZone).slice(0, 10);
  return localInputToIso(`${today}T${value}`, timeZone);
}

/** The body's wall-clock time at `now`, "19:12", to pre-fill a time field. */
export function timeNow(timeZone: string, now: Date = new Date()): string {
  return isoToLocalInput(now.toISOString(), timeZone).slice(11, 16);
}
