import { describe, expect, it } from 'vitest';
import { requestReaches, requestThreshold, voteOutcome, voteRules } from '../../src/legal/vote-rules.js';

const figures = (votesFor: number, against: number, more: Partial<{ abstention: number; blank: number; spoiled: number }> = {}) => ({
  for: votesFor,
  against,
  abstention: 0,
  notVoting: 0,
  blank: 0,
  spoiled: 0,
  ...more,
});

describe('the vote rules', () => {
  const commune = voteRules('COMMUNE', '2026-12-06');

  it('cite the article of each kind of body, dated', () => {
    expect(commune).toMatchObject({
      validFrom: '2020-01-01',
      majorityArticle: 'CGCT L2121-20',
      ballotArticle: 'CGCT L2121-21',
      publicRequest: [1, 4],
      secretRequest: [1, 3],
    });
    expect(voteRules('EPCI', '2026-12-06').majorityArticle).toBe('CGCT L2121-20 (par L5211-1)');
    expect(voteRules('DEPARTEMENT', '2026-12-06')).toMatchObject({ ballotArticle: 'CGCT L3121-15', publicRequest: [1, 6] });
    expect(voteRules('REGION', '2026-12-06')).toMatchObject({ ballotArticle: 'CGCT L4132-14', publicRequest: [1, 6] });
    expect(() => voteRules('COMMUNE', '2019-12-31')).toThrow();
  });

  it('adopt with more than half of the suffrages exprimés; abstentions, blank and spoiled ballots are not', () => {
    expect(voteOutcome(commune, 'HAND', figures(3, 2, { abstention: 4 }), null)).toMatchObject({
      result: 'ADOPTED',
      expressed: 5,
      majority: 3,
      tie: false,
    });
    expect(voteOutcome(commune, 'SECRET', figures(4, 3, { blank: 2, spoiled: 1 }), null)).toMatchObject({
      result: 'ADOPTED',
      expressed: 7,
      majority: 4,
    });
    expect(voteOutcome(commune, 'HAND', figures(0, 0, { abstention: 5 }), null)).toMatchObject({
      result: 'REJECTED',
      expressed: 0,
      tie: false,
    });
  });

  it('break a tie with the président’s vote, except in a secret ballot', () => {
    expect(voteOutcome(commune, 'PUBLIC', figures(4, 4), 'FOR')).toMatchObject({ result: 'ADOPTED', tie: true, castingVoteUsed: true });
    expect(voteOutcome(commune, 'HAND', figures(4, 4), 'AGAINST')).toMatchObject({ result: 'REJECTED', castingVoteUsed: true });
    expect(voteOutcome(commune, 'SECRET', figures(4, 4), 'FOR')).toMatchObject({ result: 'REJECTED', tie: true, castingVoteUsed: false });
    expect(voteOutcome(commune, 'HAND', figures(4, 4), null)).toMatchObject({ result: 'REJECTED', castingVoteUsed: false });
  });

  it('count the requests for a public or secret ballot against the members present', () => {
    expect(requestThreshold([1, 4], 7)).toBe(2);
    expect(requestReaches([1, 4], 1, 7)).toBe(false);
    expect(requestReaches([1, 4], 2, 7)).toBe(true);
    expect(requestThreshold([1, 3], 9)).toBe(3);
    expect(requestReaches([1, 3], 3, 9)).toBe(true);
    expect(requestReaches([1, 6], 0, 0)).toBe(false);
  });
});
