import { describe, expect, it } from 'vitest';
import { convocationDeadline } from '../../src/legal/convocation-deadline.js';
import {
  applicableDelay,
  MissingPopulationError,
  type ConvocationRuleSet,
  convocationRuleSets,
} from '../../src/legal/convocation-rules.js';

const paris = 'Europe/Paris';
const deadline = (question: Partial<Parameters<typeof convocationDeadline>[0]> & { meetingStartsAt: Date }) =>
  convocationDeadline({ bodyKind: 'COMMUNE', population: 117_000, urgent: false, timeZone: paris, ...question });

describe('the delay table', () => {
  const on = (question: Partial<Parameters<typeof applicableDelay>[0]>) =>
    applicableDelay({ bodyKind: 'COMMUNE', population: 1_000, meetingDate: '2027-01-20', urgent: false, ...question });

  it('gives 3 jours francs under 3,500 inhabitants and 5 from 3,500', () => {
    expect(on({ population: 3_499 })).toMatchObject({ clearDays: 3, article: 'CGCT L2121-11' });
    expect(on({ population: 3_500 })).toMatchObject({ clearDays: 5, article: 'CGCT L2121-12' });
  });

  it('gives 5 to EPCI and syndicats whatever their size, 12 to départements and régions', () => {
    expect(on({ bodyKind: 'EPCI', population: null }).clearDays).toBe(5);
    expect(on({ bodyKind: 'SYNDICAT', population: 400 }).clearDays).toBe(5);
    expect(on({ bodyKind: 'DEPARTEMENT', population: null })).toMatchObject({ clearDays: 12, article: 'CGCT L3121-19' });
    expect(on({ bodyKind: 'REGION', population: null })).toMatchObject({ clearDays: 12, article: 'CGCT L4132-18' });
  });

  it('shortens to 1 jour franc under urgency, for every kind of body', () => {
    for (const bodyKind of ['COMMUNE', 'EPCI', 'SYNDICAT', 'DEPARTEMENT', 'REGION'] as const) {
      expect(on({ bodyKind, urgent: true }).clearDays).toBe(1);
    }
  });

  it('applies L2121-12 to a small commune deliberating on an ICPE, and 3 days to a first meeting after renewal', () => {
    expect(on({ population: 800, icpe: true })).toMatchObject({ clearDays: 5, article: 'CGCT L2121-12 (ICPE, dernier alinéa)' });
    expect(on({ population: 50_000, firstAfterRenewal: true })).toMatchObject({ clearDays: 3, article: 'CGCT L2121-7' });
    expect(on({ bodyKind: 'EPCI', population: null, firstAfterRenewal: true }).clearDays).toBe(5);
  });

  it('needs the population of a commune', () => {
    expect(() => on({ population: null })).toThrow(MissingPopulationError);
  });

  it('judges a meeting by the rules in force on its date', () => {
    const reform: ConvocationRuleSet = {
      ...convocationRuleSets[0]!,
      validFrom: '2030-01-01',
      communeSmall: { clearDays: 5, article: 'CGCT L2121-11 (rédaction 2030)' },
    };
    const sets = [...convocationRuleSets, reform];
    expect(applicableDelay({ bodyKind: 'COMMUNE', population: 800, meetingDate: '2029-12-31', urgent: false }, sets).clearDays).toBe(3);
    expect(applicableDelay({ bodyKind: 'COMMUNE', population: 800, meetingDate: '2030-01-01', urgent: false }, sets)).toMatchObject({
      clearDays: 5,
      validFrom: '2030-01-01',
    });
  });
});

describe('jours francs', () => {
  it('excludes the day of sending and the day of the meeting; weekends count', () => {
    // Meeting Monday 18 January 2027 at 18:00: 5 clear days (13 to 17, weekend included) → send by Tuesday 12.
    expect(deadline({ meetingStartsAt: new Date('2027-01-18T17:00:00Z') })).toMatchObject({
      latestSendDate: '2027-01-12',
      latestSendAt: '2027-01-12T23:59:59+01:00',
      clearDays: 5,
      article: 'CGCT L2121-12',
    });
  });

  it('counts holidays too (Christmas and New Year)', () => {
    // Meeting 2 January 2028 at 10:00, 12 days (21 Dec – 1 Jan) → send by 20 December.
    expect(deadline({ bodyKind: 'DEPARTEMENT', population: null, meetingStartsAt: new Date('2028-01-02T09:00:00Z') }).latestSendDate).toBe(
      '2027-12-20',
    );
  });

  it('uses the local date of the meeting, not the UTC one', () => {
    // 00:30 on 20 January in Paris is still 19 January in UTC.
    expect(deadline({ meetingStartsAt: new Date('2027-01-19T23:30:00Z') }).latestSendDate).toBe('2027-01-14');
  });

  it('gives the right offset across the DST changes', () => {
    // Spring forward on 28 March 2027: the deadline (24 March) is in winter time, the meeting in summer time.
    expect(deadline({ meetingStartsAt: new Date('2027-03-30T16:00:00Z') }).latestSendAt).toBe('2027-03-24T23:59:59+01:00');
    // Fall back on 31 October 2027: a deadline on 29 October is still in summer time.
    expect(deadline({ meetingStartsAt: new Date('2027-11-04T17:00:00Z') }).latestSendAt).toBe('2027-10-29T23:59:59+02:00');
  });

  it('works in an overseas time zone', () => {
    // La Réunion (UTC+4, no DST): meeting 20 January 2027 at 09:00 local = 05:00 UTC.
    expect(deadline({ timeZone: 'Indian/Reunion', population: 2_000, meetingStartsAt: new Date('2027-01-20T05:00:00Z') })).toMatchObject({
      latestSendDate: '2027-01-16',
      latestSendAt: '2027-01-16T23:59:59+04:00',
      clearDays: 3,
    });
    // Martinique (UTC−4): 18:00 local on 20 January is 22:00 UTC the same day.
    expect(deadline({ timeZone: 'America/Martinique', meetingStartsAt: new Date('2027-01-20T22:00:00Z') }).latestSendAt).toBe(
      '2027-01-14T23:59:59-04:00',
    );
  });

  it('under urgency, the day before the eve is the last day', () => {
    expect(deadline({ urgent: true, meetingStartsAt: new Date('2027-01-20T17:00:00Z') })).toMatchObject({
      latestSendDate: '2027-01-18',
      clearDays: 1,
      urgent: true,
    });
  });
});
