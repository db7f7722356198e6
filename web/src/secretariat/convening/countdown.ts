import { useEffect, useState } from 'react';
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

/** The longest delay `setTimeout` takes (about 24.8 days); a later deadline is waited for in steps. */
const longestTimeout = 2 ** 31 - 1;

/** The current time, every second: for the component that shows a countdown, and only that one. */
export function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * Whether `deadline` (ISO 8601) has passed: re-renders its component once, when it passes, instead of
 * every second, so that a page which only needs to know it (to block a send) does not redraw itself and
 * everything inside it — forms, previews, the button being clicked — with the countdown.
 */
export function useHasPassed(deadline: string | undefined): boolean {
  const [, setChecked] = useState(0);
  const left = deadline === undefined ? Infinity : Date.parse(deadline) - Date.now();
  useEffect(() => {
    if (!Number.isFinite(left) || left < 0) return;
    const timer = setTimeout(() => setChecked((count) => count + 1), Math.min(left + 1, longestTimeout));
    return () => clearTimeout(timer);
  }, [left]);
  return left < 0;
}
