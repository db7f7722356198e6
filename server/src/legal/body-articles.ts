import type { BodyKind } from './kinds.js';

/**
 * The articles the séance's record, the acts and their documents cite, per kind of body — never a commune's article
 * for a département or a région. Null where the project's legal notes (docs/legal-rules.md) hold no
 * verified article for that kind: nothing is then cited rather than a wrong text.
 *
 * - Secrétaires de séance: L2121-15 (communes; EPCI and syndicats by L5211-1); départements: the
 *   procès-verbal names them (L3121-13); régions: not verified.
 * - Huis clos: L2121-18 (communes), L5211-11 (EPCI, syndicats), L3121-11 (départements), L4132-10 (régions).
 * - A member interested in the matter: L2131-11 (communes; EPCI and syndicats by L5211-1); départements
 *   and régions: not verified.
 * - The liste des délibérations: L2121-25 (communes; EPCI and syndicats by L5211-1); none for
 *   départements and régions.
 * - Publication of the acts: L2131-1 (communes; EPCI and syndicats by L5211-3), L3131-1 (départements),
 *   L4141-1 (régions).
 * - The procès-verbal, written by the secrétaires: L2121-15 (communes; EPCI and syndicats by L5211-1),
 *   L3121-13 (départements); régions: not verified.
 * - What an act published online states (its author's name and quality, the date it went online):
 *   R2131-1 (communes), R3131-2 (départements); EPCI, syndicats and régions: not verified.
 * - The registre des délibérations: R2121-9 (communes); the others: not verified.
 * - How the convocation is sent, paper at the official's request: L2121-10 (communes; EPCI and syndicats
 *   by L5211-1); départements and régions send their rapports « sous quelque forme que ce soit »,
 *   electronically to those who wish (L3121-19, L4132-18).
 * - Political groups: L2121-28 (communes of more than 1,000 inhabitants), L3121-24 (départements),
 *   L4132-23 (régions); EPCI and syndicats: not verified.
 */
export interface BodyArticles {
  secretaries: string | null;
  closedSession: string;
  interest: string | null;
  deliberationList: string | null;
  actsPublication: string;
  minutes: string | null;
  publicationMentions: string | null;
  register: string | null;
  convocationChannel: string;
  politicalGroups: string | null;
}

const intercommunal: BodyArticles = {
  secretaries: 'CGCT L2121-15 (par L5211-1)',
  closedSession: 'CGCT L5211-11',
  interest: 'CGCT L2131-11 (par L5211-1)',
  deliberationList: 'CGCT L2121-25 (par L5211-1)',
  actsPublication: 'CGCT L2131-1 (par L5211-3)',
  minutes: 'CGCT L2121-15 (par L5211-1)',
  publicationMentions: null,
  register: null,
  convocationChannel: 'CGCT L2121-10 (par L5211-1)',
  politicalGroups: null,
};

export const bodyArticlesByKind: Record<BodyKind, BodyArticles> = {
  COMMUNE: {
    secretaries: 'CGCT L2121-15',
    closedSession: 'CGCT L2121-18',
    interest: 'CGCT L2131-11',
    deliberationList: 'CGCT L2121-25',
    actsPublication: 'CGCT L2131-1',
    minutes: 'CGCT L2121-15',
    publicationMentions: 'CGCT R2131-1',
    register: 'CGCT R2121-9',
    convocationChannel: 'CGCT L2121-10',
    politicalGroups: 'CGCT L2121-28',
  },
  EPCI: intercommunal,
  SYNDICAT: intercommunal,
  DEPARTEMENT: {
    secretaries: 'CGCT L3121-13',
    closedSession: 'CGCT L3121-11',
    interest: null,
    deliberationList: null,
    actsPublication: 'CGCT L3131-1',
    minutes: 'CGCT L3121-13',
    publicationMentions: 'CGCT R3131-2',
    register: null,
    convocationChannel: 'CGCT L3121-19',
    politicalGroups: 'CGCT L3121-24',
  },
  REGION: {
    secretaries: null,
    closedSession: 'CGCT L4132-10',
    interest: null,
    deliberationList: null,
    actsPublication: 'CGCT L4141-1',
    minutes: null,
    publicationMentions: null,
    register: null,
    convocationChannel: 'CGCT L4132-18',
    politicalGroups: 'CGCT L4132-23',
  },
};

export function bodyArticles(bodyKind: BodyKind): BodyArticles {
  return bodyArticlesByKind[bodyKind];
}

/** « (CGCT …) » after a sentence, or nothing where no article applies. */
export function cited(article: string | null): string {
  return article ? ` (${article})` : '';
}
