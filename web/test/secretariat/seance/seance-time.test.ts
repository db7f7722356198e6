import { describe, expect, it } from 'vitest';
import { timeNow, timeTodayToIso } from '../../../src/secretariat/seance/seance-time.ts';

describe('séance times, on the body’s wall clock', () => {
  // 23:30 UTC on 5 December is already 6 December in Paris.
  const now = new Date('2026-12-05T23:30:00Z');

  it('places a time typed in the console on the body’s current day', () => {
    expect(timeTodayToIso('00:10', 'Europe/Paris', now)).toBe('2026-12-05T23:10:00.000Z');
    expect(timeTodayToIso('18:04', 'Europe/Paris', new Date('2026-07-01T16:00:00Z'))).toBe('2026-07-01T16:04:00.000Z');
    expect(timeTodayToIso('18:04', 'America/Cayenne', new Date('2026-07-01T16:00:00Z'))).toBe('2026-07-01T21:04:00.000Z');
  });

  it('leaves an empty or malformed field to the server’s clock', () => {
    expect(timeTodayToIso('', 'Europe/Paris', now)).toBeNull();
    expect(timeTodayToIso('7h', 'Europe/Paris', now)).toBeNull();
  });

  it('pre-fills the time it is in the body', () => {
    expect(timeNow('Europe/Paris', now)).toBe('00:30');
  });
});
