import { describe, expect, it } from 'vitest';
import { assemblyRules } from '../../src/legal/assembly-rules.js';
import { fixedClock, todayIn } from '../../src/legal/clock.js';
import { applicableDelay } from '../../src/legal/convocation-rules.js';
import { quorumOf } from '../../src/legal/quorum.js';
import { earliestSecondDate, failureOf, secondConvocationQuorum, secondDateRefusal } from '../../src/legal/second-convocation.js';

const rule = (bodyKind: Parameters<typeof assemblyRules>[0], assemblyKind: Parameters<typeof assemblyRules>[1]) =>
  assemblyRules(bodyKind, assemblyKind, '2026-03-12').secondConvocation;
const paris = 'Europe/Paris';
const martinique = 'America/Martinique';

describe('the second convocation after a failed quorum, as rule data', () => {
  it('L2121-17 al. 2: a commune (and by L5211-1 an EPCI, a syndicat) is convened again three days apart at least, then deliberates without quorum', () => {
    expect(rule('COMMUNE', 'CONSEIL_MUNICIPAL')).toMatchObject({ article: 'CGCT L2121-17', intervalDays: 3, dePleinDroit: false });
    expect(rule('EPCI', 'CONSEIL_COMMUNAUTAIRE')).toMatchObject({ article: 'CGCT L2121-17 (par L5211-1)', dePleinDroit: false });
    expect(rule('SYNDICAT', 'CONSEIL_COMMUNAUTAIRE')).toMatchObject({ article: 'CGCT L2121-17 (par L5211-1)', dePleinDroit: false });
    expect(rule('COMMUNE', 'CONSEIL_MUNICIPAL')!.text).toContain('délibère alors valablement sans condition de quorum (CGCT L2121-17)');
  });

  it('L3121-14, L3121-14-1, L4132-13, L4132-13-1: a département’s or région’s réunion is held by law three days later', () => {
    expect(rule('DEPARTEMENT', 'CONSEIL_DEPARTEMENTAL')).toMatchObject({ article: 'CGCT L3121-14', intervalDays: 3, dePleinDroit: true });
    expect(rule('DEPARTEMENT', 'COMMISSION_PERMANENTE')).toMatchObject({ article: 'CGCT L3121-14-1', dePleinDroit: true });
    expect(rule('REGION', 'CONSEIL_REGIONAL')).toMatchObject({ article: 'CGCT L4132-13', dePleinDroit: true });
    expect(rule('REGION', 'COMMISSION_PERMANENTE')).toMatchObject({ article: 'CGCT L4132-13-1', dePleinDroit: true });
    expect(rule('REGION', 'CONSEIL_REGIONAL')!.text).toContain('se tient de plein droit trois jours plus tard');
  });

  it('a commission has no statutory quorum, so no second convocation', () => {
    expect(rule('COMMUNE', 'COMMISSION')).toBeNull();
    expect(rule('DEPARTEMENT', 'COMMISSION')).toBeNull();
  });

  it('L2121-17: the séance convened again has no quorum, and its rule cites the article', () => {
    const quorum = secondConvocationQuorum(rule('COMMUNE', 'CONSEIL_MUNICIPAL')!);
    expect(quorum).toMatchObject({ statutory: false, article: 'CGCT L2121-17' });
    const forecast = quorumOf(quorum, [
      { votingRight: true, status: 'PRESENT' },
      { votingRight: true, status: 'ABSENT' },
      { votingRight: true, status: 'ABSENT' },
    ]);
    expect(forecast).toMatchObject({ required: null, reached: null, present: 1 });
    expect(failureOf(forecast)).toBeNull();
  });

  it('L2121-17: a failure is a statutory quorum judged not reached, with its figures', () => {
    const council = assemblyRules('COMMUNE', 'CONSEIL_MUNICIPAL', '2026-03-12').quorum;
    const failed = quorumOf(council, [
      { votingRight: true, status: 'PRESENT' },
      { votingRight: true, status: 'ABSENT' },
      { votingRight: true, status: 'REPRESENTED' },
    ]);
    expect(failureOf(failed)).toEqual({ membersInOffice: 3, present: 1, represented: 1, required: 2, article: 'CGCT L2121-17' });
    expect(failureOf(quorumOf(council, [{ votingRight: true, status: 'PRESENT' }]))).toBeNull();
    expect(
      failureOf(quorumOf(assemblyRules('COMMUNE', 'COMMISSION', '2026-03-12').quorum, [{ votingRight: true, status: 'ABSENT' }])),
    ).toBeNull();
  });
});

describe('the date of the séance convened again, on an injected clock', () => {
  const failedStartsAt = new Date('2026-03-12T17:30:00Z'); // Thursday 12 March 2026, 18:30 in Paris
  const clock = fixedClock('2026-03-12T21:00:00Z');

  it('L2121-17 al. 2: three days apart at least, counted on the body’s local calendar', () => {
    const commune = rule('COMMUNE', 'CONSEIL_MUNICIPAL')!;
    expect(earliestSecondDate(commune, '2026-03-12')).toBe('2026-03-15');
    const at = (iso: string) => secondDateRefusal({ rule: commune, failedStartsAt, startsAt: new Date(iso), timeZone: paris, clock });
    expect(at('2026-03-14T22:59:00Z')).toBe(
      'La nouvelle séance doit avoir lieu à trois jours au moins d’intervalle, le 15 mars 2026 au plus tôt (CGCT L2121-17).',
    );
    expect(at('2026-03-14T23:00:00Z')).toBeNull(); // midnight, 15 March in Paris
    expect(at('2026-03-20T17:30:00Z')).toBeNull();
  });

  it('L3121-14: held by law exactly three days later, neither before nor after', () => {
    const departement = rule('DEPARTEMENT', 'CONSEIL_DEPARTEMENTAL')!;
    const at = (iso: string) => secondDateRefusal({ rule: departement, failedStartsAt, startsAt: new Date(iso), timeZone: paris, clock });
    expect(at('2026-03-15T09:00:00Z')).toBeNull();
    expect(at('2026-03-16T09:00:00Z')).toBe('La réunion se tient de plein droit trois jours plus tard, le 15 mars 2026 (CGCT L3121-14).');
  });

  it('refuses a date the clock has passed: after the start, nothing is convened for the past', () => {
    const commune = rule('COMMUNE', 'CONSEIL_MUNICIPAL')!;
    const later = fixedClock('2026-03-21T00:00:00Z');
    expect(
      secondDateRefusal({ rule: commune, failedStartsAt, startsAt: new Date('2026-03-20T17:30:00Z'), timeZone: paris, clock: later }),
    ).toBe('La nouvelle séance doit avoir lieu dans le futur.');
  });

  it('at midnight in Martinique (UTC−4) the local day, not UTC’s, decides the interval', () => {
    const failedInMartinique = new Date('2026-03-12T22:00:00Z'); // 12 March, 18:00 in Fort-de-France
    const commune = rule('COMMUNE', 'CONSEIL_MUNICIPAL')!;
    const midnight = fixedClock('2026-03-13T04:00:00Z'); // 13 March 00:00 in Martinique, still 13 March in UTC
    expect(todayIn(midnight, martinique)).toBe('2026-03-13');
    expect(todayIn(fixedClock('2026-03-13T03:59:59Z'), martinique)).toBe('2026-03-12');
    // 15 March 03:00 UTC is still 14 March, 23:00 in Martinique: too early.
    expect(
      secondDateRefusal({
        rule: commune,
        failedStartsAt: failedInMartinique,
        startsAt: new Date('2026-03-15T03:00:00Z'),
        timeZone: martinique,
        clock: midnight,
      }),
    ).toContain('le 15 mars 2026 au plus tôt');
    expect(
      secondDateRefusal({
        rule: commune,
        failedStartsAt: failedInMartinique,
        startsAt: new Date('2026-03-15T04:00:00Z'),
        timeZone: martinique,
        clock: midnight,
      }),
    ).toBeNull();
  });

  it('L3121-14: a réunion held by law has no convocation delay; a commune’s keeps its ordinary one (both are met)', () => {
    const base = { population: 5_000, meetingDate: '2026-03-15', urgent: false } as const;
    expect(
      applicableDelay({ ...base, bodyKind: 'DEPARTEMENT', secondConvocation: rule('DEPARTEMENT', 'CONSEIL_DEPARTEMENTAL') }),
    ).toMatchObject({ clearDays: 0, article: 'CGCT L3121-14 (réunion de plein droit)' });
    expect(applicableDelay({ ...base, bodyKind: 'COMMUNE', secondConvocation: rule('COMMUNE', 'CONSEIL_MUNICIPAL') })).toMatchObject({
      clearDays: 5,
      article: 'CGCT L2121-12',
    });
  });
});
