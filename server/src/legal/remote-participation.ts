import type { RemoteExclusion, RemoteParticipationRule } from './assembly-rules.js';

/**
 * Whether an official may take part « à distance » in a séance, on the rule data of the body and
 * assembly (`assemblyRules(…).remoteParticipation`) and the séance's agenda. CGCT L5211-11-1: allowed
 * for the council of an EPCI or syndicat, counted in the quorum as present, excluded for elections and
 * designations and for the budget primitif; not provided for a conseil municipal. A séance is one
 * meeting of members in the room or linked places, so an excluded item refuses the whole séance
 * « à distance »: a member present at a distance can then never vote on such an item. The rules:
 * docs/legal-rules.md §7.
 */
export type RemoteRule = 'REMOTE_NOT_ALLOWED' | 'REMOTE_EXCLUDED_ITEMS';

export interface RemoteRefusal {
  rule: RemoteRule;
  message: string;
  article: string | null;
}

export interface RemoteAgendaItem {
  number: string;
  kind: string;
  budgetPrimitif?: boolean;
}

export const exclusionLabels: Record<RemoteExclusion, string> = {
  DESIGNATION: 'élections et désignations',
  BUDGET_PRIMITIF: 'budget primitif',
};

function exclusionOf(item: RemoteAgendaItem, excluded: readonly RemoteExclusion[]): RemoteExclusion | null {
  if (item.kind === 'DESIGNATION' && excluded.includes('DESIGNATION')) return 'DESIGNATION';
  if (item.budgetPrimitif && excluded.includes('BUDGET_PRIMITIF')) return 'BUDGET_PRIMITIF';
  return null;
}

export function remoteRefusal(rule: RemoteParticipationRule | null, agenda: readonly RemoteAgendaItem[]): RemoteRefusal | null {
  if (!rule) {
    return {
      rule: 'REMOTE_NOT_ALLOWED',
      message: 'La participation à distance n’est pas prévue pour cette assemblée : la présence se constate dans la salle.',
      article: null,
    };
  }
  const excluded = agenda.flatMap((item) => {
    const exclusion = exclusionOf(item, rule.excludedItems);
    return exclusion ? [{ number: item.number, exclusion }] : [];
  });
  if (excluded.length === 0) return null;
  const reasons = [...new Set(excluded.map((item) => exclusionLabels[item.exclusion]))].join(', ');
  return {
    rule: 'REMOTE_EXCLUDED_ITEMS',
    message: `La séance ne peut pas se tenir à distance pour ${excluded.length > 1 ? 'les points' : 'le point'} ${excluded.map((item) => item.number).join(', ')} (${reasons}, ${rule.article}) : la présence se constate dans la salle.`,
    article: rule.article,
  };
}
