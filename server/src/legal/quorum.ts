import type { AssemblyKind } from '../body/assemblies/assembly.entity.js';
import type { BodyKind } from '../platform/bodies/body.entity.js';

/**
 * Quorum: more than half of the members in office must be present. Proxies do not count (L2121-17,
 * L3121-14, L4132-13), except in the commissions permanentes of départements and régions, where the
 * majority is of members "présents ou représentés" (L3121-14-1, L4132-13-1). The rules: docs/legal-rules.md §4.
 */
export interface QuorumRule {
  countsProxies: boolean;
  article: string;
  description: string;
}

export function quorumRule(bodyKind: BodyKind, assemblyKind: AssemblyKind): QuorumRule {
  const permanent = assemblyKind === 'COMMISSION_PERMANENTE';
  switch (bodyKind) {
    case 'DEPARTEMENT':
      return permanent
        ? { countsProxies: true, article: 'CGCT L3121-14-1', description: 'Majorité absolue des membres en exercice présents ou représentés.' }
        : { countsProxies: false, article: 'CGCT L3121-14', description: 'Majorité absolue des membres en exercice présents ; les pouvoirs ne comptent pas.' };
    case 'REGION':
      return permanent
        ? { countsProxies: true, article: 'CGCT L4132-13-1', description: 'Majorité absolue des membres en exercice présents ou représentés.' }
        : { countsProxies: false, article: 'CGCT L4132-13', description: 'Majorité absolue des membres en exercice présents ; les pouvoirs ne comptent pas.' };
    case 'COMMUNE':
      return { countsProxies: false, article: 'CGCT L2121-17', description: 'Majorité des membres en exercice présents ; les pouvoirs ne comptent pas.' };
    case 'EPCI':
    case 'SYNDICAT':
      return { countsProxies: false, article: 'CGCT L2121-17 (par L5211-1)', description: 'Majorité des membres en exercice présents ; les pouvoirs ne comptent pas.' };
  }
}

export interface QuorumForecast {
  membersInOffice: number;
  required: number;
  present: number;
  represented: number;
  absent: number;
  unanswered: number;
  /** Present (plus represented where they count): what the quorum is judged on if answers hold. */
  counted: number;
  reached: boolean;
  rule: QuorumRule;
}

export function quorumForecast(rule: QuorumRule, answers: { membersInOffice: number; present: number; represented: number; absent: number }): QuorumForecast {
  const required = Math.floor(answers.membersInOffice / 2) + 1;
  const counted = answers.present + (rule.countsProxies ? answers.represented : 0);
  return {
    ...answers,
    required,
    unanswered: Math.max(0, answers.membersInOffice - answers.present - answers.represented - answers.absent),
    counted,
    reached: counted >= required,
    rule,
  };
}
