import { frenchLocalDate } from '../common/french.js';
import { addDays, zonedDate } from '../common/time.js';
import type { QuorumForecast, QuorumRule } from './quorum.js';
import type { SecondConvocationRule } from './assembly-rules.js';
import type { Clock } from './clock.js';

/**
 * The second convocation after a failed quorum, as pure functions on the rule data
 * (`assemblyRules(…).secondConvocation`): L2121-17 al. 2 for communes (and EPCI, syndicats by L5211-1),
 * L3121-14 / L3121-14-1 for départements, L4132-13 / L4132-13-1 for régions. The rules:
 * docs/legal-rules.md §5.
 */

/** What a séance that failed its quorum recorded: the figures the second convocation states. */
export interface QuorumFailure {
  membersInOffice: number;
  present: number;
  represented: number;
  required: number;
  article: string;
}

/** The failure a quorum judged on a séance shows, or null when the quorum was reached or there is none. */
export function failureOf(quorum: QuorumForecast): QuorumFailure | null {
  if (quorum.reached !== false || quorum.required === null || !quorum.rule.statutory) return null;
  return {
    membersInOffice: quorum.membersInOffice,
    present: quorum.present,
    represented: quorum.represented,
    required: quorum.required,
    article: quorum.rule.article,
  };
}

/** The quorum rule of the séance convened again: none, and the article that says so. */
export function secondConvocationQuorum(rule: SecondConvocationRule): QuorumRule {
  return {
    statutory: false,
    countsProxies: false,
    article: rule.article,
    description: rule.dePleinDroit
      ? 'Réunion tenue de plein droit après un quorum non atteint : les délibérations sont valables quel que soit le nombre des présents.'
      : 'Seconde convocation après un quorum non atteint : l’assemblée délibère valablement sans condition de quorum.',
  };
}

/** The first local date (YYYY-MM-DD) the new séance may take; under `dePleinDroit`, the only one. */
export function earliestSecondDate(rule: SecondConvocationRule, failedDate: string): string {
  return addDays(failedDate, rule.intervalDays);
}

export interface SecondDateQuestion {
  rule: SecondConvocationRule;
  failedStartsAt: Date;
  startsAt: Date;
  timeZone: string;
  clock: Clock;
}

/** Why the new séance cannot be at `startsAt` (French, with the article), or null. Dates are local to the body. */
export function secondDateRefusal(question: SecondDateQuestion): string | null {
  const { rule, timeZone } = question;
  if (question.startsAt.getTime() <= question.clock.now().getTime()) return 'La nouvelle séance doit avoir lieu dans le futur.';
  const earliest = earliestSecondDate(rule, zonedDate(question.failedStartsAt, timeZone));
  const date = zonedDate(question.startsAt, timeZone);
  if (rule.dePleinDroit && date !== earliest) {
    return `La réunion se tient de plein droit trois jours plus tard, le ${frenchLocalDate(earliest)} (${rule.article}).`;
  }
  if (date < earliest) {
    return `La nouvelle séance doit avoir lieu à trois jours au moins d’intervalle, le ${frenchLocalDate(earliest)} au plus tôt (${rule.article}).`;
  }
  return null;
}
