import { ruleSetOn } from './dated.js';
import type { SecondConvocationRule } from './assembly-rules.js';
import type { BodyKind } from './kinds.js';

/**
 * The convocation delays of the CGCT, as data: one rule set per date from which it applies. A change of
 * the law is a new entry with its `validFrom`, never an edit of an old one, so a past meeting is always
 * judged by the rules of its day. The rules and the readings taken: docs/legal-rules.md §1.
 */
export interface DelayRule {
  /** Jours francs between the day of sending and the day of the meeting, both excluded. */
  clearDays: number;
  article: string;
}

export interface ConvocationRuleSet {
  validFrom: string;
  /** Communes under this population follow L2121-11, the others L2121-12. */
  communeThreshold: number;
  communeSmall: DelayRule;
  communeLarge: DelayRule;
  /** EPCI and syndicats follow the rules of communes of 3,500 inhabitants and more (L5211-1). */
  intercommunal: DelayRule;
  departement: DelayRule;
  region: DelayRule;
  /** Urgency shortens the delay, never below this: the urgency paragraph of each kind's own article. */
  urgency: Record<BodyKind, DelayRule>;
  /** A small commune deliberating on an installation classée (ICPE) follows L2121-12 (conservative reading). */
  communeIcpe: DelayRule;
  /** First meeting after the general renewal: 3 jours francs in every commune (L2121-7); EPCI keep theirs. */
  communeFirstMeeting: DelayRule;
}

export const convocationRuleSets: readonly ConvocationRuleSet[] = [
  {
    validFrom: '2020-01-01',
    communeThreshold: 3_500,
    communeSmall: { clearDays: 3, article: 'CGCT L2121-11' },
    communeLarge: { clearDays: 5, article: 'CGCT L2121-12' },
    intercommunal: { clearDays: 5, article: 'CGCT L5211-1 et L2121-12' },
    // "Douze jours au moins": counted as full days between sending and meeting (docs/legal-rules.md §1).
    departement: { clearDays: 12, article: 'CGCT L3121-19' },
    region: { clearDays: 12, article: 'CGCT L4132-18' },
    urgency: {
      COMMUNE: { clearDays: 1, article: 'urgence — CGCT L2121-11, L2121-12' },
      EPCI: { clearDays: 1, article: 'urgence — CGCT L2121-12 (par L5211-1)' },
      SYNDICAT: { clearDays: 1, article: 'urgence — CGCT L2121-12 (par L5211-1)' },
      DEPARTEMENT: { clearDays: 1, article: 'urgence — CGCT L3121-19' },
      REGION: { clearDays: 1, article: 'urgence — CGCT L4132-18' },
    },
    communeIcpe: { clearDays: 5, article: 'CGCT L2121-12 (ICPE, dernier alinéa)' },
    communeFirstMeeting: { clearDays: 3, article: 'CGCT L2121-7' },
  },
];

export interface DelayQuestion {
  bodyKind: BodyKind;
  population: number | null;
  /** The meeting's local calendar date (YYYY-MM-DD) selects the rule set. */
  meetingDate: string;
  urgent: boolean;
  /** An agenda item concerns an ICPE. */
  icpe?: boolean;
  /** First meeting after the general renewal of the council. */
  firstAfterRenewal?: boolean;
  /** A commission: its delay is the one of the body's règlement intérieur, not the CGCT's. */
  commissionRule?: DelayRule | null;
  /**
   * The séance convened again after a failed quorum: held by law three days later (départements,
   * régions) it has no convocation delay; otherwise the ordinary delay applies too (L2121-17 only sets
   * the interval; the conservative reading is to meet both).
   */
  secondConvocation?: SecondConvocationRule | null;
}

export class MissingPopulationError extends Error {
  override readonly name = 'MissingPopulationError';
}

/** Which delay applies: the ordinary one of the body, or the urgency floor. */
export function applicableDelay(
  question: DelayQuestion,
  sets: readonly ConvocationRuleSet[] = convocationRuleSets,
): DelayRule & { validFrom: string } {
  const set = ruleSetOn(question.meetingDate, sets);
  const withVersion = (rule: DelayRule) => ({ ...rule, validFrom: set.validFrom });
  if (question.secondConvocation?.dePleinDroit)
    return withVersion({ clearDays: 0, article: `${question.secondConvocation.article} (réunion de plein droit)` });
  if (question.commissionRule) {
    const urgency = set.urgency[question.bodyKind];
    const shortened = question.urgent && urgency.clearDays < question.commissionRule.clearDays;
    return withVersion(shortened ? urgency : question.commissionRule);
  }
  if (question.urgent) return withVersion(set.urgency[question.bodyKind]);
  switch (question.bodyKind) {
    case 'COMMUNE': {
      if (question.population == null) throw new MissingPopulationError('population is required for a commune');
      const large = question.population >= set.communeThreshold;
      if (question.firstAfterRenewal) return withVersion(set.communeFirstMeeting);
      if (!large && question.icpe) return withVersion(set.communeIcpe);
      return withVersion(large ? set.communeLarge : set.communeSmall);
    }
    case 'EPCI':
    case 'SYNDICAT':
      return withVersion(set.intercommunal);
    case 'DEPARTEMENT':
      return withVersion(set.departement);
    case 'REGION':
      return withVersion(set.region);
  }
}

/**
 * Which agenda items need an explanatory document sent with the convocation: the note explicative de
 * synthèse (L2121-12, communes of 3,500 and more, every EPCI by L5211-1, small communes for an ICPE item)
 * or the rapport on each affair (L3121-19, L4132-18). A note for the whole meeting covers every item.
 */
export type SynthesisRequirement = 'NONE' | 'ICPE_ITEMS' | 'EVERY_DELIBERATION';

export function synthesisRequirement(
  bodyKind: BodyKind,
  population: number | null,
  meetingDate: string,
  sets: readonly ConvocationRuleSet[] = convocationRuleSets,
): SynthesisRequirement {
  const set = ruleSetOn(meetingDate, sets);
  switch (bodyKind) {
    case 'COMMUNE':
      return population != null && population >= set.communeThreshold ? 'EVERY_DELIBERATION' : 'ICPE_ITEMS';
    case 'EPCI':
    case 'SYNDICAT':
    case 'DEPARTEMENT':
    case 'REGION':
      return 'EVERY_DELIBERATION';
  }
}
