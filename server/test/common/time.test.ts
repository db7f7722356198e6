import { describe, expect, it } from 'vitest';
import { addDays, zonedDate, zonedDateTime } from '../../src/common/time.js';

describe('time zones', () => {
  it('places a wall-clock time in Paris in winter and in summer', () => {
    expect(zonedDateTime('2027-01-15', '18:00', 'Europe/Paris').toISOString()).toBe('2027-01-15T17:00:00.000Z');
    expect(zonedDateTime('2027-07-15', '18:00', 'Europe/Paris').toISOString()).toBe('2027-07-15T16:00:00.000Z');
  });

  it('handles the DST change days and overseas bodies', () => {
    expect(zonedDateTime('2027-03-28', '10:00', 'Europe/Paris').toISOString()).toBe('2027-03-28T08:00:00.000Z');
    expect(zonedDateTime('2027-10-31', '10:00', 'Europe/Paris').toISOString()).toBe('2027-10-31T09:00:00.000Z');
    expect(zonedDateTime('2027-01-15', '18:00', 'Indian/Reunion').toISOString()).toBe('2027-01-15T14:00:00.000Z');
    expect(zonedDateTime('2027-01-15', '18:00', 'America/Martinique').toISOString()).toBe('2027-01-15T22:00:00.000Z');
  });

  it('gives the local calendar date of an instant', () => {
    expect(zonedDate(new Date('2027-01-15T23:30:00Z'), 'Europe/Paris')).toBe('2027-01-16');
    expect(zonedDate(new Date('2027-01-15T23:30:00Z'), 'America/Martinique')).toBe('2027-01-15');
    expect(addDays('2027-02-27', 2)).toBe('2027-03-01');
  });
});
