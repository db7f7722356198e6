import { describe, expect, it } from 'vitest';
import { localDay, secondDateField, secondStartsAt } from '../../../src/secretariat/meetings/second-convocation.ts';

describe('the second convocation form (CGCT L2121-17, L3121-14)', () => {
  it('L2121-17: starts from the earliest date, which may be moved later; L3121-14: the réunion’s date is fixed by law', () => {
    expect(secondDateField({ earliestDate: '2026-12-10', dePleinDroit: false })).toEqual({
      value: '2026-12-10',
      min: '2026-12-10',
      readOnly: false,
    });
    expect(secondDateField({ earliestDate: '2026-12-10', dePleinDroit: true })).toEqual({
      value: '2026-12-10',
      min: '2026-12-10',
      readOnly: true,
    });
  });

  it('places the local date and time in the body’s zone, Paris or Martinique', () => {
    expect(secondStartsAt('2026-12-10', '18:00', 'Europe/Paris')).toBe('2026-12-10T17:00:00.000Z');
    expect(secondStartsAt('2026-12-10', '18:00', 'America/Martinique')).toBe('2026-12-10T22:00:00.000Z');
    expect(secondStartsAt('2026-12-10', '', 'Europe/Paris')).toBeNull();
  });

  it('writes the legal date in words, whatever the browser’s zone', () => {
    expect(localDay('2026-12-10')).toBe('jeudi 10 décembre 2026');
  });
});
