import { describe, expect, it } from 'vitest';
import { countOf, frenchDate, frenchDateTime, frenchLocalDate } from '../../src/common/french.js';

describe('countOf (Intl.PluralRules, French)', () => {
  it('takes the singular for 0 and 1, the plural from 2', () => {
    expect(countOf(0, 'document')).toBe('0 document');
    expect(countOf(1, 'document')).toBe('1 document');
    expect(countOf(2, 'document')).toBe('2 documents');
  });

  it('gives irregular and compound plurals their own form, and groups thousands the French way', () => {
    expect(countOf(1, 'jour franc', 'jours francs')).toBe('1 jour franc');
    expect(countOf(5, 'jour franc', 'jours francs')).toBe('5 jours francs');
    // CLDR's "many" (a million) is a plural too.
    expect(countOf(1_000_000, 'lot')).toBe('1\u202f000\u202f000 lots');
  });
});

describe('frenchDateTime', () => {
  it('writes hours as « 18 h 30 » in the time zone given, not the server’s', () => {
    expect(frenchDateTime('2026-12-10T17:30:00Z', 'Europe/Paris')).toBe('jeudi 10 décembre 2026 à 18 h 30');
    expect(frenchDateTime('2026-12-10T22:30:00Z', 'America/Martinique')).toBe('jeudi 10 décembre 2026 à 18 h 30');
    expect(frenchDateTime('2026-07-01T07:05:00Z', 'Europe/Paris')).toBe('mercredi 1 juillet 2026 à 09 h 05');
  });

  it('dates without the time, in the same zone', () => {
    expect(frenchDate('2026-12-10T23:30:00Z', 'Europe/Paris')).toBe('11 décembre 2026');
    // A calendar date stays that day, even where midnight UTC is the day before.
    expect(frenchLocalDate('2026-12-10')).toBe('10 décembre 2026');
  });
});
