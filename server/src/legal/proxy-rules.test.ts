import { describe, expect, it } from 'vitest';
import { proxyRefusal, recordedProxyRefusal, type ProxyQuestion, type RecordedProxyQuestion } from './proxy-rules.js';
import { quorumForecast, quorumRule } from './quorum.js';

const question = (overrides: Partial<ProxyQuestion> = {}): ProxyQuestion => ({
  bodyKind: 'COMMUNE',
  giver: { personId: 'giver', votingRight: true },
  holderId: 'holder',
  holder: { personId: 'holder', name: 'Sophie Lambert', votingRight: true, currentResponse: null },
  holderAlreadyHolds: false,
  previousResponses: [],
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

  it('limits a commune or EPCI proxy to three consecutive meetings unless illness is declared', () => {
    const threeInARow = { previousResponses: ['PROXY', 'PROXY', 'PROXY'] as const };
    expect(proxyRefusal(question(threeInARow))).toMatchObject({ rule: 'TOO_MANY_CONSECUTIVE', article: 'CGCT L2121-20' });
    expect(proxyRefusal(question({ ...threeInARow, bodyKind: 'EPCI' }))?.rule).toBe('TOO_MANY_CONSECUTIVE');
    expect(proxyRefusal(question({ ...threeInARow, illnessDeclared: true }))).toBeNull();
    // A meeting attended in between breaks the series; fewer than three preceding meetings never trips it.
    expect(proxyRefusal(question({ previousResponses: ['PROXY', 'PRESENT', 'PROXY'] }))).toBeNull();
    expect(proxyRefusal(question({ previousResponses: ['PROXY', 'PROXY'] }))).toBeNull();
    expect(proxyRefusal(question({ previousResponses: ['PROXY', 'PROXY', null] }))).toBeNull();
  });

  it('scopes a département or région delegation to one meeting: no series limit, one per holder', () => {
    const threeInARow = { previousResponses: ['PROXY', 'PROXY', 'PROXY'] as const };
    expect(proxyRefusal(question({ ...threeInARow, bodyKind: 'DEPARTEMENT' }))).toBeNull();
    expect(proxyRefusal(question({ ...threeInARow, bodyKind: 'REGION' }))).toBeNull();
    expect(proxyRefusal(question({ bodyKind: 'DEPARTEMENT', holderAlreadyHolds: true }))).toMatchObject({ rule: 'HOLDER_ALREADY_HOLDS', article: 'CGCT L3121-16' });
    expect(proxyRefusal(question({ bodyKind: 'REGION', holderAlreadyHolds: true }))?.article).toBe('CGCT L4132-15');
  });
});

describe('quorum forecast (L2121-17, L3121-14, L3121-14-1, L4132-13)', () => {
  it('needs more than half of the members in office present; proxies do not count in a council', () => {
    const forecast = quorumForecast(quorumRule('COMMUNE', 'CONSEIL_MUNICIPAL'), { membersInOffice: 11, present: 5, represented: 3, absent: 1 });
    expect(forecast).toMatchObject({ required: 6, counted: 5, reached: false, unanswered: 2 });
    expect(quorumForecast(quorumRule('COMMUNE', 'CONSEIL_MUNICIPAL'), { membersInOffice: 8, present: 5, represented: 0, absent: 0 })).toMatchObject({ required: 5, reached: true });
  });

  it('counts represented members in the commission permanente of a département or région', () => {
    const answers = { membersInOffice: 10, present: 4, represented: 2, absent: 0 };
    expect(quorumForecast(quorumRule('DEPARTEMENT', 'COMMISSION_PERMANENTE'), answers)).toMatchObject({ required: 6, counted: 6, reached: true });
    expect(quorumForecast(quorumRule('DEPARTEMENT', 'CONSEIL_DEPARTEMENTAL'), answers)).toMatchObject({ counted: 4, reached: false });
    expect(quorumRule('REGION', 'COMMISSION_PERMANENTE')).toMatchObject({ countsProxies: true, article: 'CGCT L4132-13-1' });
  });
});

describe('proxy rules on the attendance recorded in session', () => {
  const recorded = (overrides: Partial<RecordedProxyQuestion> = {}): RecordedProxyQuestion => ({
    bodyKind: 'DEPARTEMENT',
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
