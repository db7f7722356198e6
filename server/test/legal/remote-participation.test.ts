import { describe, expect, it } from 'vitest';
import { assemblyRules } from '../../src/legal/assembly-rules.js';
import { remoteRefusal } from '../../src/legal/remote-participation.js';

const remote = (bodyKind: Parameters<typeof assemblyRules>[0], assemblyKind: Parameters<typeof assemblyRules>[1]) =>
  assemblyRules(bodyKind, assemblyKind, '2026-03-12').remoteParticipation;

describe('remote participation (CGCT L5211-11-1)', () => {
  it('L5211-11-1: allowed in the council of an EPCI or syndicat only', () => {
    expect(remote('EPCI', 'CONSEIL_COMMUNAUTAIRE')).toEqual({
      article: 'CGCT L5211-11-1',
      excludedItems: ['DESIGNATION', 'BUDGET_PRIMITIF'],
    });
    expect(remote('SYNDICAT', 'CONSEIL_COMMUNAUTAIRE')?.article).toBe('CGCT L5211-11-1');
    for (const [bodyKind, assemblyKind] of [
      ['COMMUNE', 'CONSEIL_MUNICIPAL'],
      ['EPCI', 'BUREAU'],
      ['EPCI', 'COMMISSION'],
      ['DEPARTEMENT', 'CONSEIL_DEPARTEMENTAL'],
      ['REGION', 'CONSEIL_REGIONAL'],
    ] as const) {
      expect(remote(bodyKind, assemblyKind)).toBeNull();
    }
  });

  it('L5211-11-1: refused for a séance whose agenda holds an election or designation, with the items', () => {
    const rule = remote('EPCI', 'CONSEIL_COMMUNAUTAIRE');
    expect(
      remoteRefusal(rule, [
        { number: '1', kind: 'DELIBERATION' },
        { number: '2', kind: 'INFORMATION' },
      ]),
    ).toBeNull();
    expect(
      remoteRefusal(rule, [
        { number: '1', kind: 'DELIBERATION' },
        { number: '2', kind: 'DESIGNATION' },
        { number: '2.1', kind: 'DESIGNATION' },
      ]),
    ).toEqual({
      rule: 'REMOTE_EXCLUDED_ITEMS',
      message:
        'La séance ne peut pas se tenir à distance pour les points 2, 2.1 (élections et désignations, CGCT L5211-11-1) : la présence se constate dans la salle.',
      article: 'CGCT L5211-11-1',
    });
  });

  it('L5211-11-1: refused for a séance whose agenda adopts the budget primitif; the compte administratif is not excluded', () => {
    const rule = remote('SYNDICAT', 'CONSEIL_COMMUNAUTAIRE');
    expect(remoteRefusal(rule, [{ number: '1', kind: 'DELIBERATION', budgetPrimitif: false }])).toBeNull();
    expect(
      remoteRefusal(rule, [
        { number: '1', kind: 'DELIBERATION', budgetPrimitif: true },
        { number: '2', kind: 'DESIGNATION' },
      ]),
    ).toEqual({
      rule: 'REMOTE_EXCLUDED_ITEMS',
      message:
        'La séance ne peut pas se tenir à distance pour les points 1, 2 (budget primitif, élections et désignations, CGCT L5211-11-1) : la présence se constate dans la salle.',
      article: 'CGCT L5211-11-1',
    });
  });

  it('a conseil municipal: no remote participation at all', () => {
    expect(remoteRefusal(remote('COMMUNE', 'CONSEIL_MUNICIPAL'), [])).toMatchObject({ rule: 'REMOTE_NOT_ALLOWED', article: null });
  });
});
