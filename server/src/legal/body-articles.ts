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
 */
export interface BodyArticles {
  secretaries: string | null;
  closedSession: string;
  interest: string | null;
  deliberationList: string | null;
  actsPublication: string;
}

const intercommunal: BodyArticles = {
  secretaries: 'CGCT L2121-15 (par L5211-1)',
  closedSession: 'CGCT L5211-11',
  interest: 'CGCT L2131-11 (par L5211-1)',
  deliberationList: 'CGCT L2121-25 (par L5211-1)',
  actsPublication: 'CGCT L2131-1 (par L5211-3)',
};

export const bodyArticlesByKind: Record<BodyKind, BodyArticles> = {
  COMMUNE: { secretaries: 'CGCT L2121-15', closedSession: 'CGCT L2121-18', interest: 'CGCT L2131-11', deliberationList: 'CGCT L2121-25', actsPublication: 'CGCT L2131-1' },
  EPCI: intercommunal,
  SYNDICAT: intercommunal,
  DEPARTEMENT: { secretaries: 'CGCT L3121-13', closedSession: 'CGCT L3121-11', interest: null, deliberationList: null, actsPublication: 'CGCT L3131-1' },
  REGION: { secretaries: null, closedSession: 'CGCT L4132-10', interest: null, deliberationList: null, actsPublication: 'CGCT L4141-1' },
};

export function bodyArticles(bodyKind: BodyKind): BodyArticles {
  return bodyArticlesByKind[bodyKind];
}

/** « (CGCT …) » after a sentence, or nothing where no article applies. */
export function cited(article: string | null): string {
  return article ? ` (${article})` : '';
}
