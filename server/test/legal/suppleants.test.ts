import { describe, expect, it } from 'vitest';
import { assemblyRules } from '../../src/legal/assembly-rules.js';
import { quorumOf, titulairesReplaced } from '../../src/legal/quorum.js';

const council = assemblyRules('EPCI', 'CONSEIL_COMMUNAUTAIRE', '2026-03-12');

describe('suppléants (CGCT L5211-6, L5212-7)', () => {
  it('L5211-6: an EPCI’s council has suppléants, a syndicat’s as its statuts provide (L5212-7); not a commune, a département, a région, a bureau or a commission', () => {
    expect(council.suppleants).toEqual({ article: 'CGCT L5211-6' });
    expect(assemblyRules('SYNDICAT', 'CONSEIL_COMMUNAUTAIRE', '2026-03-12').suppleants).toEqual({
      article: 'CGCT L5212-7 (statuts du syndicat)',
    });
    expect(assemblyRules('COMMUNE', 'CONSEIL_MUNICIPAL', '2026-03-12').suppleants).toBeNull();
    expect(assemblyRules('DEPARTEMENT', 'CONSEIL_DEPARTEMENTAL', '2026-03-12').suppleants).toBeNull();
    expect(assemblyRules('REGION', 'CONSEIL_REGIONAL', '2026-03-12').suppleants).toBeNull();
    expect(assemblyRules('EPCI', 'BUREAU', '2026-03-12').suppleants).toBeNull();
    expect(assemblyRules('EPCI', 'COMMISSION', '2026-03-12').suppleants).toBeNull();
  });

  it('L5211-6: a suppléant is never in the base of the quorum, and counts present in place of an absent titulaire', () => {
    const members = (titulaire: 'PRESENT' | 'ABSENT' | 'REPRESENTED' | null, suppleant: 'PRESENT' | 'ABSENT' | null) => [
      { personId: 'titulaire', votingRight: true, status: titulaire },
      { personId: 'suppleant', votingRight: false, status: suppleant, suppleantFor: 'titulaire' },
      { personId: 'other', votingRight: true, status: 'ABSENT' as const },
      { personId: 'third', votingRight: true, status: 'PRESENT' as const },
    ];
    expect(quorumOf(council.quorum, members('ABSENT', 'PRESENT'))).toMatchObject({
      membersInOffice: 3,
      present: 2,
      absent: 1,
      required: 2,
      reached: true,
    });
    expect([...titulairesReplaced(members('ABSENT', 'PRESENT'))]).toEqual(['titulaire']);
    // The titulaire who comes sits himself; one who gave a pouvoir is represented, not replaced.
    expect(quorumOf(council.quorum, members('PRESENT', 'PRESENT'))).toMatchObject({ membersInOffice: 3, present: 2 });
    expect(quorumOf(council.quorum, members('REPRESENTED', 'PRESENT'))).toMatchObject({ present: 1, represented: 1, reached: false });
    expect(quorumOf(council.quorum, members('ABSENT', 'ABSENT'))).toMatchObject({ present: 1, absent: 2, reached: false });
    // Not yet answered: the suppléant does not sit for a titulaire who has not told the président.
    expect(quorumOf(council.quorum, members(null, 'PRESENT'))).toMatchObject({ present: 1, unanswered: 1 });
  });
});
