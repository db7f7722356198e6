import { zonedDate } from '../common/time.js';

/**
 * The clock every legal check reads: the system's in production, a fixed instant in tests, so a rule can
 * be checked on a meeting's day, after its start, or at midnight in Martinique without waiting for it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(instant: Date | string): Clock {
  const at = new Date(instant);
  return { now: () => new Date(at) };
}

/** The clock's date in a time zone (YYYY-MM-DD): what « today » is for a body. */
export function todayIn(clock: Clock, timeZone: string): string {
  return zonedDate(clock.now(), timeZone);
}
