import { ruleSetOn } from './dated.js';
import type { BodyKind } from './kinds.js';

/** The outcome of a vote: adopté(e) or rejeté(e). */
export const voteResults = ['ADOPTED', 'REJECTED'] as const;
export type VoteResult = (typeof voteResults)[number];

/**
 * How an assembly votes, as dated data per kind of body: the majority, who breaks a tie, and how many of
 * the members present must ask for a scrutin public or a scrutin secret. A change of the law is a new
 * set with its `validFrom`. The readings: docs/features/seance.md.
 *
 * - Communes (L2121-20 al. 2-3, L2121-21): majority of the suffrages exprimés; on a tie, except in a
 *   secret ballot, the président's vote prevails; public ballot at the request of a quarter of the
 *   members present, secret ballot at the request of a third, or for any nomination.
 * - EPCI and syndicats: the same articles, by L5211-1.
 * - Départements (L3121-14 al. 3, L3121-15) and régions (L4132-13 al. 3, L4132-14): majority of the
 *   suffrages exprimés, the président's vote prevails on a tie except in a secret ballot; a public ballot
 *   whenever a sixth of the members present ask; secret for nominations. When a public and a secret
 *   ballot are both asked, the secretariat opens the one that prevails (communes: secret, CE 1908
 *   Souet; départements and régions: public) — not decided by the server. The code fixes no fraction for a secret request there: the règlement intérieur does.
 *   Unsure (not re-read in the consolidated text): whether that fraction defaults to a third; we apply a
 *   third, as for communes, and say so.
 */
export interface VoteRules {
  validFrom: string;
  /** The article of the majority and of the casting vote. */
  majorityArticle: string;
  /** The article of the public and secret ballots. */
  ballotArticle: string;
  /** Fraction of the members present whose request makes a vote public (numerator, denominator). */
  publicRequest: [number, number];
  /** Fraction of the members present whose request makes a vote secret. */
  secretRequest: [number, number];
  /** The président's vote prevails on a tie, except in a secret ballot. */
  castingVote: boolean;
}

export interface VoteRuleSet {
  validFrom: string;
  rules: Record<BodyKind, Omit<VoteRules, 'validFrom'>>;
}

const communal = (suffix: string): Omit<VoteRules, 'validFrom'> => ({
  majorityArticle: `CGCT L2121-20${suffix}`,
  ballotArticle: `CGCT L2121-21${suffix}`,
  publicRequest: [1, 4],
  secretRequest: [1, 3],
  castingVote: true,
});

export const voteRuleSets: readonly VoteRuleSet[] = [
  {
    validFrom: '2020-01-01',
    rules: {
      COMMUNE: communal(''),
      EPCI: communal(' (par L5211-1)'),
      SYNDICAT: communal(' (par L5211-1)'),
      DEPARTEMENT: {
        majorityArticle: 'CGCT L3121-14',
        ballotArticle: 'CGCT L3121-15',
        publicRequest: [1, 6],
        secretRequest: [1, 3],
        castingVote: true,
      },
      REGION: {
        majorityArticle: 'CGCT L4132-13',
        ballotArticle: 'CGCT L4132-14',
        publicRequest: [1, 6],
        secretRequest: [1, 3],
        castingVote: true,
      },
    },
  },
];

export function voteRules(bodyKind: BodyKind, date: string, sets: readonly VoteRuleSet[] = voteRuleSets): VoteRules {
  const set = ruleSetOn(date, sets);
  return { ...set.rules[bodyKind], validFrom: set.validFrom };
}

export const voteMethods = ['HAND', 'PUBLIC', 'SECRET'] as const;
export type VoteMethod = (typeof voteMethods)[number];

/** Whether `requesters` of `present` members reach the fraction (a quarter of 9 present: 3). */
export function requestReaches(fraction: [number, number], requesters: number, present: number): boolean {
  return requesters * fraction[1] >= present * fraction[0] && requesters > 0;
}

/** The smallest number of requesters that reaches the fraction. */
export function requestThreshold(fraction: [number, number], present: number): number {
  return Math.max(1, Math.ceil((present * fraction[0]) / fraction[1]));
}

export interface VoteFigures {
  for: number;
  against: number;
  abstention: number;
  notVoting: number;
  blank: number;
  spoiled: number;
}

export interface VoteOutcome {
  result: VoteResult;
  /** Suffrages exprimés: pour + contre (abstentions, blank and spoiled ballots are not). */
  expressed: number;
  /** Votes needed for the absolute majority of the suffrages exprimés. */
  majority: number;
  tie: boolean;
  /** On a tie: the président's vote decided (never in a secret ballot). */
  castingVoteUsed: boolean;
  article: string;
}

/**
 * The result from the figures (L2121-20 al. 2-3 and their equivalents): adopted when « pour » is more
 * than half of the suffrages exprimés; on a tie, the président's vote (FOR or AGAINST) decides unless the
 * ballot is secret, where a tie rejects. `presidentChoice` null on a tie of a non-secret vote: the
 * président took no side (did not vote), and the proposal, not having a majority, is rejected.
 */
export function voteOutcome(
  rules: VoteRules,
  method: VoteMethod,
  figures: VoteFigures,
  presidentChoice: 'FOR' | 'AGAINST' | null,
): VoteOutcome {
  const expressed = figures.for + figures.against;
  const majority = Math.floor(expressed / 2) + 1;
  const tie = expressed > 0 && figures.for === figures.against;
  const castingVoteUsed = tie && rules.castingVote && method !== 'SECRET' && presidentChoice !== null;
  const adopted = castingVoteUsed ? presidentChoice === 'FOR' : figures.for >= majority && expressed > 0;
  return { result: adopted ? 'ADOPTED' : 'REJECTED', expressed, majority, tie, castingVoteUsed, article: rules.majorityArticle };
}
