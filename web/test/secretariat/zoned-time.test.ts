import { describe, expect, it } from 'vitest';
import { isoToLocalInput, localInputToIso } from '../../src/secretariat/zoned-time.ts';

describe('wall-clock times of the body’s time zone', () => {
  it('reads a local time in winter and in summer in Paris', () => {
    expect(localInputToIso('2027-01-14T18:00', 'Europe/Paris')).toBe('2027-01-14T17:00:00.000Z');
    expect(localInputToIso('2027-06-14T18:00', 'Europe/Paris')).toBe('2027-06-14T16:00:00.000Z');
    expect(localInputToIso('2027-06-14T18:00', 'America/Cayenne')).toBe('2027-06-14T21:00:00.000Z');
  });

  it('takes the time after the hour skipped by summer time, and winter time in the repeated hour', () => {
    expect(localInputToIso('2027-03-28T02:30', 'Europe/Paris')).toBe('2027-03-28T01:30:00.000Z');
    expect(localInputToIso('2027-10-31T02:30', 'Europe/Paris')).toBe('2027-10-31T01:30:00.000Z');
  });

  it('refuses what is not a local date and time', () => {
    expect(localInputToIso('', 'Europe/Paris')).toBeNull();
    expect(localInputToIso('14/01/2027 18:00', 'Europe/Paris')).toBeNull();
  });

  it('writes an instant back as the local time of the zone', () => {
    expect(isoToLocalInput('2027-01-14T17:00:00.000Z', 'Europe/Paris')).toBe('2027-01-14T18:00');
    expect(isoToLocalInput('2027-06-14T16:00:00Z', 'Europe/Paris')).toBe('2027-06-14T18:00');
  });
});
