import type { ProxyRules } from './assembly-rules.js';

/**
 * The proxy rules of the CGCT as pure functions, on the rule data of the body and assembly
 * (`assemblyRules(…).proxy`). Communes and EPCI (L2121-20, by L5211-1): one proxy per holder, at most
 * three consecutive séances unless illness is declared, never to oneself, the holder a member in office
 * with voting right of the same assembly. Départements (L3121-16) and régions (L4132-15): a delegation is
 * for one réunion, one per holder. The rules: docs/legal-rules.md §3.
 */
export type ProxyRule =
  | 'PROXY_TO_SELF'
  | 'GIVER_WITHOUT_VOTE'
  | 'HOLDER_NOT_MEMBER'
  | 'HOLDER_WITHOUT_VOTE'
  | 'HOLDER_NOT_PRESENT'
  | 'HOLDER_ALREADY_HOLDS'
  | 'TOO_MANY_CONSECUTIVE'
  | 'HOLDS_A_PROXY'
  | 'DELEGATION_FOR_THE_REUNION';

export interface ProxyRefusal {
  rule: ProxyRule;
  message: string;
  article: string;
}

/** The giver's answer at a neighbouring séance of the assembly: a proxy under declared illness is outside any limit. */
export interface NeighbourAnswer {
  response: 'PRESENT' | 'ABSENT' | 'PROXY' | null;
  illnessDeclared: boolean;
}

export interface ProxyQuestion {
  rules: ProxyRules;
  giver: { personId: string; votingRight: boolean };
  /** The holder as convened to this meeting, or null when they are not a member in office of it. */
  holder: { personId: string; name: string; votingRight: boolean; currentResponse: 'PRESENT' | 'ABSENT' | 'PROXY' | null } | null;
  holderId: string;
  /** Whether someone other than the giver already gave the holder a proxy for this meeting. */
  holderAlreadyHolds: boolean;
  /**
   * The giver's answers at the convened séances of the assembly around this one: `before` most recent
   * first, `after` nearest first. The series of consecutive proxies is counted on both sides, so the
   * order in which the answers arrive does not matter.
   */
  neighbours: { before: readonly NeighbourAnswer[]; after: readonly NeighbourAnswer[] };
  illnessDeclared: boolean;
}

/** Proxies without declared illness in a row, from the nearest séance outwards. */
function proxyRun(answers: readonly NeighbourAnswer[]): number {
  const broken = answers.findIndex((answer) => answer.response !== 'PROXY' || answer.illnessDeclared);
  return broken === -1 ? answers.length : broken;
}

export function proxyRefusal(question: ProxyQuestion): ProxyRefusal | null {
  const article = question.rules.article;
  const refuse = (rule: ProxyRule, message: string): ProxyRefusal => ({ rule, message, article });
  if (question.holderId === question.giver.personId) return refuse('PROXY_TO_SELF', 'On ne peut pas se donner pouvoir à soi-même.');
  if (!question.giver.votingRight)
    return refuse('GIVER_WITHOUT_VOTE', 'Vous n’avez pas voix délibérative dans cette assemblée : il n’y a pas de vote à déléguer.');
  const holder = question.holder;
  if (!holder)
    return refuse(
      'HOLDER_NOT_MEMBER',
      `Le mandataire doit être un membre en exercice de la même assemblée, convoqué à cette séance (${article}).`,
    );
  if (!holder.votingRight)
    return refuse(
      'HOLDER_WITHOUT_VOTE',
      `${holder.name} n’a pas voix délibérative dans cette assemblée et ne peut pas recevoir de pouvoir (${article}).`,
    );
  if (holder.currentResponse === 'ABSENT' || holder.currentResponse === 'PROXY') {
    return refuse(
      'HOLDER_NOT_PRESENT',
      `${holder.name} a indiqué ne pas être présent(e) à cette séance et ne peut donc pas voter en votre nom.`,
    );
  }
  if (question.holderAlreadyHolds) {
    return refuse(
      'HOLDER_ALREADY_HOLDS',
      `${holder.name} détient déjà un pouvoir pour cette séance : un même élu ne peut être porteur que d’un seul pouvoir (${article}).`,
    );
  }
  const limit = question.rules.maxConsecutiveSeances;
  if (limit !== null && !question.illnessDeclared) {
    const series = proxyRun(question.neighbours.before) + 1 + proxyRun(question.neighbours.after);
    if (series > limit) {
      return refuse(
        'TOO_MANY_CONSECUTIVE',
        `Un pouvoir ne peut être valable pour plus de ${limit} séances consécutives, sauf maladie dûment constatée (${article}). Avec celui-ci, vous seriez représenté(e) à ${series} séances consécutives.`,
      );
    }
  }
  return null;
}

/**
 * Départements (L3121-16) and régions (L4132-15): a délégation is given « pour cette réunion », which may
 * span several séances. The giver's délégation at another séance of the same réunion, if any, binds the
 * others to the same holder. (That a holder receives one délégation per réunion is `holderAlreadyHolds`,
 * counted by the caller over every séance of the réunion.)
 */
export function reunionDelegationRefusal(
  rules: ProxyRules,
  holderId: string,
  givenInReunion: { holderId: string; holderName: string } | null,
): ProxyRefusal | null {
  if (rules.maxConsecutiveSeances !== null || !givenInReunion || givenInReunion.holderId === holderId) return null;
  return {
    rule: 'DELEGATION_FOR_THE_REUNION',
    message: `Une délégation de vote vaut pour toute la réunion : vous l’avez donnée à ${givenInReunion.holderName} pour une autre séance de cette réunion ; elle ne peut pas aller à un autre membre (${rules.article}).`,
    article: rules.article,
  };
}

/** A holder who withdraws would leave the giver unrepresented: the giver must choose again first. */
export function holderWithdrawalRefusal(rules: ProxyRules, giverName: string): ProxyRefusal {
  return {
    rule: 'HOLDS_A_PROXY',
    message: `Vous détenez le pouvoir de ${giverName} pour cette séance : ${giverName} doit d’abord choisir un autre mandataire ou changer sa réponse.`,
    article: rules.article,
  };
}

export interface RecordedProxyQuestion {
  rules: ProxyRules;
  giver: { personId: string; name: string; votingRight: boolean };
  holderId: string;
  /** The holder as convened, with the attendance recorded for them; null when not convened. */
  holder: { name: string; votingRight: boolean; status: 'PRESENT' | 'ABSENT' | 'REPRESENTED' | null } | null;
  /** The other members this holder represents at the meeting, as recorded. */
  otherGiversOfHolder: readonly string[];
}

/**
 * The proxy rules applied to the attendance recorded in session: the representative must be a member of
 * the assembly with a vote, recorded present, holding no more than the legal number of proxies. (The
 * limit of consecutive meetings is checked when the proxy is announced, see `proxyRefusal`.)
 */
export function recordedProxyRefusal(question: RecordedProxyQuestion): ProxyRefusal | null {
  const article = question.rules.article;
  const refuse = (rule: ProxyRule, message: string): ProxyRefusal => ({ rule, message, article });
  const giver = question.giver.name;
  if (question.holderId === question.giver.personId)
    return refuse('PROXY_TO_SELF', `${giver} ne peut pas être représenté(e) par lui-même ou elle-même.`);
  if (!question.giver.votingRight)
    return refuse('GIVER_WITHOUT_VOTE', `${giver} n’a pas voix délibérative dans cette assemblée : il n’y a pas de vote à déléguer.`);
  const holder = question.holder;
  if (!holder)
    return refuse(
      'HOLDER_NOT_MEMBER',
      `Le mandataire de ${giver} doit être un membre en exercice de la même assemblée, convoqué à cette séance (${article}).`,
    );
  if (!holder.votingRight)
    return refuse(
      'HOLDER_WITHOUT_VOTE',
      `${holder.name} n’a pas voix délibérative dans cette assemblée et ne peut pas représenter ${giver} (${article}).`,
    );
  if (holder.status !== 'PRESENT')
    return refuse('HOLDER_NOT_PRESENT', `${holder.name} doit être enregistré(e) présent(e) pour représenter ${giver}.`);
  if (question.otherGiversOfHolder.length >= question.rules.perHolder) {
    return refuse(
      'HOLDER_ALREADY_HOLDS',
      `${holder.name} représente déjà ${question.otherGiversOfHolder.join(', ')} : un même élu ne peut être porteur que d’un seul pouvoir (${article}).`,
    );
  }
  return null;
}

/** The sentence shown beside a proxy: how long it may last, and the article. */
export function proxyNotice(rules: ProxyRules): string {
  return rules.maxConsecutiveSeances === null
    ? `Une délégation de vote vaut pour une seule réunion ; un même élu ne peut en recevoir qu’une (${rules.article}).`
    : `Un pouvoir ne peut valoir pour plus de ${rules.maxConsecutiveSeances} séances consécutives, sauf maladie dûment constatée ; un même élu ne peut en détenir qu’un (${rules.article}).`;
}
