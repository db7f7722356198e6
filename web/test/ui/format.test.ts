import { describe, expect, it } from 'vitest';
import { addMonths, currentMonth, formatMonth, monthsUpTo } from '../../src/ui/calendar.ts';
import { formatAmount } from '../../src/ui/format.ts';

// Intl separates thousands and the currency sign with (narrow) no-break spaces.
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('amounts', () => {
  it('shows euro cents as euros, the French way', () => {
    expect(plain(formatAmount(16_332))).toBe('163,32 €');
    expect(plain(formatAmount(123_456_789))).toBe('1 234 567,89 €');
    expect(plain(formatAmount(5))).toBe('0,05 €');
    expect(plain(formatAmount(-1_667))).toBe('-16,67 €');
    expect(plain(formatAmount(0))).toBe('0,00 €');
  });

  it("takes Stripe's lower-case currency codes", () => {
    expect(plain(formatAmount(4_999, 'eur'))).toBe('49,99 €');
    expect(plain(formatAmount(4_999, 'chf'))).toBe('49,99 CHF');
  });
});

describe('months', () => {
  it('takes the current month in the given time zone', () => {
    const newYearInParis = new Date('2026-12-31T23:30:00Z');
    expect(currentMonth('Europe/Paris', newYearInParis)).toBe('2027-01');
    expect(currentMonth('UTC', newYearInParis)).toBe('2026-12');
    expect(currentMonth('America/Cayenne', newYearInParis)).toBe('2026-12');
  });

  it('moves across years, both ways', () => {
    expect(addMonths('2026-11', 1)).toBe('2026-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addMonths('2026-03', -27)).toBe('2023-12');
    expect(monthsUpTo('2027-02', 4)).toEqual(['2027-02', '2027-01', '2026-12', '2026-11']);
  });

  it('names a month in French, and refuses what is no month', () => {
    expect(formatMonth('2026-11')).toBe('novembre 2026');
    expect(formatMonth('2027-01')).toBe('janvier 2027');
    expect(() => addMonths('2026-13', 1)).toThrow(RangeError);
    expect(() => formatMonth('11/2026')).toThrow(RangeError);
  });
});
