import { describe, expect, it } from 'vitest';
import { assemblyRules } from '../../src/legal/assembly-rules.js';
import type { BodyKind } from '../../src/legal/kinds.js';
import {
  proxyNotice,
  proxyRefusal,
  recordedProxyRefusal,
  reunionDelegationRefusal,
  type NeighbourAnswer,
  type ProxyQuestion,
  type RecordedProxyQuestion,
} from '../../src/legal/proxy-rules.js';
import { quorumForecast, quorumOf, quorumRule } from '../../src/legal/quorum.js';

const day = '2026-03-12';
const councils = {
  COMMUNE: 'CONSEIL_MUNICIPAL',
  EPCI: 'CONSEIL_COMMUNAUTAIRE',
  SYNDICAT: 'CONSEIL_COMMUNAUTAIRE',
  DEPARTEMENT: 'CONSEIL_DEPARTEMENTAL',
  REGION: 'CONSEIL_REGIONAL',
} as const;
const proxyRules = (kind: BodyKind) => assemblyRules(kind, councils[kind], day).proxy;
const proxy: NeighbourAnswer = { response: 'PROXY', illnessDeclared: false };
const present: NeighbourAnswer = { response: 'PRESENT', illnessDeclared: false };
const around = (before: NeighbourAnswer[], after: NeighbourAnswer[] = []) => ({ neighbours: { before, after } });

const question = (overrides: Partial<ProxyQuestion> = {}): ProxyQuestion => ({
  rules: proxyRules('COMMUNE'),
  giver: { personId: 'giver', votingRight: true },
  holderId: 'holder',
  holder: { personId: 'holder', name: 'Sophie Lambert', votingRight: true, currentResponse: null },
  holderAlreadyHolds: false,
  neighbours: { before: [], after: [] },
  illnessDeclared: false,
  ...overrides,
});

describe('proxy rules (L2121-20, L3121-16, L4132-15)', () => {
  it('accepts a proxy to a voting member of the assembly', () => {
    expect(proxyRefusal(question())).toBeNull();
    expect(proxyRefusal(question({ holder: { personId: 'holder', name: 'S', votingRight: true, currentResponse: 'PRESENT' } }))).toBeNull();
  });

  it.each([
    ['PROXY_TO_SELF', { holderId: 'giver' }],
    ['GIVER_WITHOUT_VOTE', { giver: { personId: 'giver', votingRight: false } }],
    ['HOLDER_NOT_MEMBER', { holder: null }],
    ['HOLDER_WITHOUT_VOTE', { holder: { personId: 'holder', name: 'S', votingRight: false, currentResponse: null } }],
    ['HOLDER_NOT_PRESENT', { holder: { personId: 'holder', name: 'S', votingRight: true, currentResponse: 'ABSENT' } }],
    ['HOLDER_NOT_PRESENT', { holder: { personId: 'holder', name: 'S', votingRight: true, currentResponse: 'PROXY' } }],
    ['HOLDER_ALREADY_HOLDS', { holderAlreadyHolds: true }],
  ] as const)('refuses %s', (rule, overrides) => {
    const refusal = proxyRefusal(question(overrides as Partial<ProxyQuestion>));
    expect(refusal?.rule).toBe(rule);
    expect(refusal?.message.length).toBeGreaterThan(20);
  });

  it('L2121-20: limits a commune or EPCI member to three consecutive séances represented, unless illness is declared', () => {
    const threeBefore = around([proxy, proxy, proxy]);
    expect(proxyRefusal(question(threeBefore))).toMatchObject({ rule: 'TOO_MANY_CONSECUTIVE', article: 'CGCT L2121-20' });
    expect(proxyRefusal(question({ ...threeBefore, rules: proxyRules('EPCI') }))).toMatchObject({
      rule: 'TOO_MANY_CONSECUTIVE',
      article: 'CGCT L2121-20 (par L5211-1)',
    });
    expect(proxyRefusal(question({ ...threeBefore, illnessDeclared: true }))).toBeNull();
    // A séance attended in between breaks the series; fewer than three never trips it.
    expect(proxyRefusal(question(around([proxy, present, proxy])))).toBeNull();
    expect(proxyRefusal(question(around([proxy, proxy])))).toBeNull();
    // A proxy given under declared illness is outside the series.
    expect(proxyRefusal(question(around([proxy, proxy, { response: 'PROXY', illnessDeclared: true }])))).toBeNull();
  });

  it('L2121-20: the series is counted on both sides of the séance, so the order the answers arrive in does not matter', () => {
    // Séances 1, 2 and 4 given first, then 3: refused, as 4 would be after 1, 2, 3.
    expect(proxyRefusal(question(around([proxy, proxy], [proxy])))?.rule).toBe('TOO_MANY_CONSECUTIVE');
    expect(proxyRefusal(question(around([proxy], [proxy, proxy])))?.rule).toBe('TOO_MANY_CONSECUTIVE');
    expect(proxyRefusal(question(around([], [proxy, proxy, proxy])))?.rule).toBe('TOO_MANY_CONSECUTIVE');
    expect(proxyRefusal(question(around([proxy], [proxy])))).toBeNull();
    expect(proxyRefusal(question(around([proxy, proxy], [present, proxy])))).toBeNull();
  });

  it('L3121-16, L4132-15: a département or région delegation is for one réunion: no series limit, one per holder', () => {
    const series = around([proxy, proxy, proxy], [proxy]);
    expect(proxyRefusal(question({ ...series, rules: proxyRules('DEPARTEMENT') }))).toBeNull();
    expect(proxyRefusal(question({ ...series, rules: proxyRules('REGION') }))).toBeNull();
    expect(proxyRefusal(question({ rules: proxyRules('DEPARTEMENT'), holderAlreadyHolds: true }))).toMatchObject({
      rule: 'HOLDER_ALREADY_HOLDS',
      article: 'CGCT L3121-16',
    });
    expect(proxyRefusal(question({ rules: proxyRules('REGION'), holderAlreadyHolds: true }))?.article).toBe('CGCT L4132-15');
  });

  it('L2121-20, L3121-16: the notice shown beside a proxy comes from the rules of the body', () => {
    expect(proxyNotice(proxyRules('COMMUNE'))).toBe(
      'Un pouvoir ne peut valoir pour plus de 3 séances consécutives, sauf maladie dûment constatée ; un même élu ne peut en détenir qu’un (CGCT L2121-20).',
    );
    expect(proxyNotice(proxyRules('DEPARTEMENT'))).toBe(
      'Une délégation de vote vaut pour une seule réunion ; un même élu ne peut en recevoir qu’une (CGCT L3121-16).',
    );
  });
});

describe('quorum forecast (L2121-17, L3121-14, L3121-14-1, L4132-13)', () => {
  it('L2121-17: needs more than half of the members in office present; proxies do not count in a council', () => {
    const forecast = quorumForecast(quorumRule('COMMUNE', 'CONSEIL_MUNICIPAL', day), {
      membersInOffice: 11,
      present: 5,
      represented: 3,
      absent: 1,
    });
    expect(forecast).toMatchObject({ required: 6, counted: 5, reached: false, unanswered: 2 });
    expect(
      quorumForecast(quorumRule('COMMUNE', 'CONSEIL_MUNICIPAL', day), { membersInOffice: 8, present: 5, represented: 0, absent: 0 }),
    ).toMatchObject({ required: 5, reached: true });
  });

  it('L3121-14-1, L4132-13-1: counts represented members in the commission permanente of a département or région', () => {
    const answers = { membersInOffice: 10, present: 4, represented: 2, absent: 0 };
    expect(quorumForecast(quorumRule('DEPARTEMENT', 'COMMISSION_PERMANENTE', day), answers)).toMatchObject({
      required: 6,
      counted: 6,
      reached: true,
    });
    expect(quorumForecast(quorumRule('DEPARTEMENT', 'CONSEIL_DEPARTEMENTAL', day), answers)).toMatchObject({ counted: 4, reached: false });
    expect(quorumRule('REGION', 'COMMISSION_PERMANENTE', day)).toMatchObject({ countsProxies: true, article: 'CGCT L4132-13-1' });
  });

  it.each([
    ['COMMUNE', 'CGCT L2121-17'],
    ['DEPARTEMENT', 'CGCT L3121-14'],
    ['REGION', 'CGCT L4132-13'],
    ['EPCI', 'CGCT L2121-17 (par L5211-1)'],
  ] as const)('L2121-17, L3121-14, L4132-13, L5211-1: in a %s council only members in office with a vote count (%s)', (kind, article) => {
    const members = [
      ...Array.from({ length: 6 }, () => ({ votingRight: true, status: null })),
      { votingRight: true, status: 'PRESENT' as const },
      { votingRight: true, status: 'PRESENT' as const },
      { votingRight: true, status: 'PRESENT' as const },
      // Two seats without a vote, present: neither in the base nor counted.
      { votingRight: false, status: 'PRESENT' as const },
      { votingRight: false, status: 'PRESENT' as const },
    ];
    expect(quorumOf(quorumRule(kind, councils[kind], day), members)).toMatchObject({
      membersInOffice: 9,
      required: 5,
      present: 3,
      counted: 3,
      reached: false,
      unanswered: 6,
      rule: { article },
    });
  });

  it('L2121-22: a commission has no statutory quorum and cites no council article', () => {
    for (const kind of ['COMMUNE', 'EPCI', 'SYNDICAT', 'DEPARTEMENT', 'REGION'] as const) {
      const rule = quorumRule(kind, 'COMMISSION', day);
      expect(rule).toEqual({
        statutory: false,
        countsProxies: false,
        article: null,
        description: 'Pas de quorum légal pour une commission : son règlement intérieur peut en fixer un.',
      });
      expect(
        quorumOf(rule, [
          { votingRight: true, status: 'PRESENT' },
          { votingRight: true, status: null },
        ]),
      ).toMatchObject({ required: null, reached: null, counted: 1 });
    }
  });
});

describe('proxy rules on the attendance recorded in session', () => {
  const recorded = (overrides: Partial<RecordedProxyQuestion> = {}): RecordedProxyQuestion => ({
    rules: proxyRules('DEPARTEMENT'),
    giver: { personId: 'giver', name: 'Claire Martin', votingRight: true },
    holderId: 'holder',
    holder: { name: 'Sophie Lambert', votingRight: true, status: 'PRESENT' },
    otherGiversOfHolder: [],
    ...overrides,
  });

  it('accepts a voting member recorded present who represents no one else', () => {
    expect(recordedProxyRefusal(recorded())).toBeNull();
  });

  it.each([
    ['PROXY_TO_SELF', { holderId: 'giver' }],
    ['GIVER_WITHOUT_VOTE', { giver: { personId: 'giver', name: 'Claire Martin', votingRight: false } }],
    ['HOLDER_NOT_MEMBER', { holder: null }],
    ['HOLDER_WITHOUT_VOTE', { holder: { name: 'Sophie Lambert', votingRight: false, status: 'PRESENT' } }],
    ['HOLDER_NOT_PRESENT', { holder: { name: 'Sophie Lambert', votingRight: true, status: null } }],
    ['HOLDER_NOT_PRESENT', { holder: { name: 'Sophie Lambert', votingRight: true, status: 'REPRESENTED' } }],
    ['HOLDER_ALREADY_HOLDS', { otherGiversOfHolder: ['Paul Bernard'] }],
  ] as const)('refuses %s', (rule, overrides) => {
    const refusal = recordedProxyRefusal(recorded(overrides as Partial<RecordedProxyQuestion>));
    expect(refusal).toMatchObject({ rule, article: 'CGCT L3121-16' });
  });

  it('names the official and the representative in its messages', () => {
    expect(recordedProxyRefusal(recorded({ otherGiversOfHolder: ['Paul Bernard'] }))?.message).toBe(
      'Sophie Lambert représente déjà Paul Bernard : un même élu ne peut être porteur que d’un seul pouvoir (CGCT L3121-16).',
    );
  });
});

describe('a délégation for the whole réunion (CGCT L3121-16, L4132-15)', () => {
  it('L3121-16: at another séance of the same réunion, the délégation goes to the same holder', () => {
    const departement = assemblyRules('DEPARTEMENT', 'CONSEIL_DEPARTEMENTAL', '2026-03-12').proxy;
    expect(reunionDelegationRefusal(departement, 'anne', null)).toBeNull();
    expect(reunionDelegationRefusal(departement, 'anne', { holderId: 'anne', holderName: 'Anne' })).toBeNull();
    expect(reunionDelegationRefusal(departement, 'paul', { holderId: 'anne', holderName: 'Anne' })).toEqual({
      rule: 'DELEGATION_FOR_THE_REUNION',
      message:
        'Une délégation de vote vaut pour toute la réunion : vous l’avez donnée à Anne pour une autre séance de cette réunion ; elle ne peut pas aller à un autre membre (CGCT L3121-16).',
      article: 'CGCT L3121-16',
    });
    expect(
      reunionDelegationRefusal(assemblyRules('REGION', 'CONSEIL_REGIONAL', '2026-03-12').proxy, 'paul', {
        holderId: 'anne',
        holderName: 'Anne',
      })?.article,
    ).toBe('CGCT L4132-15');
    // L2121-20: a commune's pouvoir is per séance; the réunion does not apply.
    expect(
      reunionDelegationRefusal(assemblyRules('COMMUNE', 'CONSEIL_MUNICIPAL', '2026-03-12').proxy, 'paul', {
        holderId: 'anne',
        holderName: 'Anne',
      }),
    ).toBeNull();
  });
});
