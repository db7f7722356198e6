import { messages } from '../messages.ts';

const m = messages.secretariat.countdown;

export interface Remaining {
  passed: boolean;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Time left until `deadline` (ISO 8601) at `now`; once passed, the time since. */
export function remaining(deadline: string, now: number): Remaining {
  const delta = Date.parse(deadline) - now;
  const total = Math.floor(Math.abs(delta) / 1000);
  return {
    passed: delta < 0,
    days: Math.floor(total / 86_400),
    hours: Math.floor((total % 86_400) / 3_600),
    minutes: Math.floor((total % 3_600) / 60),
    seconds: total % 60,
  };
}

const pad = (value: number) => String(value).padStart(2, '0');

/** "2 jours 4 h 12 min 05 s", "1 h 01 min 59 s", "3 min 05 s", "59 s". */
export function formatRemaining({ days, hours, minutes, seconds }: Remaining): string {
  if (days > 0) return `${m.days(days)} ${hours} h ${pad(minutes)} min ${pad(seconds)} s`;
  if (hours > 0) return `${hours} h ${pad(minutes)} min ${pad(seconds)} s`;
  if (minutes > 0) return `${minutes} min ${pad(seconds)} s`;
  return `${seconds} s`;
}
