import { describe, expect, it } from 'vitest';
import { formatRemaining, remaining } from '../../../src/secretariat/convening/countdown.ts';

const deadline = '2026-11-21T23:59:59+01:00';
const at = (iso: string) => Date.parse(iso);

describe('the countdown to the legal deadline', () => {
  it('counts days, hours, minutes and seconds left', () => {
    const left = remaining(deadline, at('2026-11-19T19:47:54+01:00'));
    expect(left).toEqual({ passed: false, days: 2, hours: 4, minutes: 12, seconds: 5 });
    expect(formatRemaining(left)).toBe('2 jours 4 h 12 min 05 s');
    expect(formatRemaining(remaining(deadline, at('2026-11-21T22:58:00+01:00')))).toBe('1 h 01 min 59 s');
    expect(formatRemaining(remaining(deadline, at('2026-11-21T23:59:00+01:00')))).toBe('59 s');
    expect(formatRemaining(remaining(deadline, at('2026-11-20T23:59:59+01:00')))).toBe('1 jour 0 h 00 min 00 s');
  });

  it('says when the deadline has passed, and since when', () => {
    const late = remaining(deadline, at('2026-11-22T01:00:00+01:00'));
    expect(late).toMatchObject({ passed: true, days: 0, hours: 1, minutes: 0, seconds: 1 });
  });
});
