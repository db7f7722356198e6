import type { RemoteParticipationRule } from './assembly-rules.js';

/**
 * Whether an official may take part « à distance » in a séance, on the rule data of the body and
 * assembly (`assemblyRules(…).remoteParticipation`) and the séance's agenda. CGCT L5211-11-1: allowed
 * for the council of an EPCI or syndicat, counted in the quorum as present, excluded for elections and
 * designations; not provided for a conseil municipal. The rules: docs/legal-rules.md §7.
 */
export type RemoteRule = 'REMOTE_NOT_ALLOWED' | 'REMOTE_EXCLUDED_ITEMS';

export interface RemoteRefusal {
  rule: RemoteRule;
  message: string;
  article: string | null;
}

export function remoteRefusal(rule: RemoteParticipationRule | null, agenda: readonly { number: string; kind: string }[]): RemoteRefusal | null {
  if (!rule) {
    return { rule: 'REMOTE_NOT_ALLOWED', message: 'La participation à distance n’est pas prévue pour cette assemblée : la présence se constate dans la salle.', article: null };
  }
  const excluded = agenda.filter((item) => (rule.excludedItemKinds as readonly string[]).includes(item.kind)).map((item) => item.number);
  if (excluded.length === 0) return null;
  return {
    rule: 'REMOTE_EXCLUDED_ITEMS',
    message: `La séance ne peut pas se tenir à distance pour ${excluded.length > 1 ? 'les points' : 'le point'} ${excluded.join(', ')} (élections et désignations, ${rule.article}) : la présence se constate dans la salle.`,
    article: rule.article,
  };
}
