import type { BodyKind } from '../platform/bodies/body.entity.js';

/**
 * The proxy rules of the CGCT as pure functions. Communes and EPCI (L2121-20, by L5211-1): one proxy per
 * holder, at most three consecutive meetings unless illness is declared, never to oneself, the holder a
 * member with voting right of the same assembly. Départements (L3121-16) and régions (L4132-15): a
 * delegation is for one meeting only, one per holder. The rules: docs/legal-rules.md §3.
 */
export type ProxyRule =
  | 'PROXY_TO_SELF'
  | 'GIVER_WITHOUT_VOTE'
  | 'HOLDER_NOT_MEMBER'
  | 'HOLDER_WITHOUT_VOTE'
  | 'HOLDER_NOT_PRESENT'
  | 'HOLDER_ALREADY_HOLDS'
  | 'TOO_MANY_CONSECUTIVE'
  | 'HOLDS_A_PROXY';

export interface ProxyRefusal {
  rule: ProxyRule;
  message: string;
  article: string;
}

export function proxyArticle(bodyKind: BodyKind): string {
  switch (bodyKind) {
    case 'DEPARTEMENT':
      return 'CGCT L3121-16';
    case 'REGION':
      return 'CGCT L4132-15';
    case 'COMMUNE':
      return 'CGCT L2121-20';
    case 'EPCI':
    case 'SYNDICAT':
      return 'CGCT L2121-20 (par L5211-1)';
  }
}

/** Consecutive meetings a proxy may cover without declared illness; null: one meeting per delegation. */
export function consecutiveProxyLimit(bodyKind: BodyKind): number | null {
  return bodyKind === 'DEPARTEMENT' || bodyKind === 'REGION' ? null : 3;
}

export interface ProxyQuestion {
  bodyKind: BodyKind;
  giver: { personId: string; votingRight: boolean };
  /** The holder as convened to this meeting, or null when they are not a member in office of it. */
  holder: { personId: string; name: string; votingRight: boolean; currentResponse: 'PRESENT' | 'ABSENT' | 'PROXY' | null } | null;
  holderId: string;
  /** Whether someone other than the giver already gave the holder a proxy for this meeting. */
  holderAlreadyHolds: boolean;
  /** The giver's answers to the immediately preceding meetings of the assembly, most recent first. */
  previousResponses: readonly ('PRESENT' | 'ABSENT' | 'PROXY' | null)[];
  illnessDeclared: boolean;
}

export function proxyRefusal(question: ProxyQuestion): ProxyRefusal | null {
  const article = proxyArticle(question.bodyKind);
  const refuse = (rule: ProxyRule, message: string): ProxyRefusal => ({ rule, message, article });
  if (question.holderId === question.giver.personId) return refuse('PROXY_TO_SELF', 'On ne peut pas se donner pouvoir à soi-même.');
  if (!question.giver.votingRight) return refuse('GIVER_WITHOUT_VOTE', 'Vous n’avez pas voix délibérative dans cette assemblée : il n’y a pas de vote à déléguer.');
  const holder = question.holder;
  if (!holder) return refuse('HOLDER_NOT_MEMBER', `Le mandataire doit être un membre en exercice de la même assemblée, convoqué à cette séance (${article}).`);
  if (!holder.votingRight) return refuse('HOLDER_WITHOUT_VOTE', `${holder.name} n’a pas voix délibérative dans cette assemblée et ne peut pas recevoir de pouvoir (${article}).`);
  if (holder.currentResponse === 'ABSENT' || holder.currentResponse === 'PROXY') {
    return refuse('HOLDER_NOT_PRESENT', `${holder.name} a indiqué ne pas être présent(e) à cette séance et ne peut donc pas voter en votre nom.`);
  }
  if (question.holderAlreadyHolds) {
    return refuse('HOLDER_ALREADY_HOLDS', `${holder.name} détient déjà un pouvoir pour cette séance : un même élu ne peut être porteur que d’un seul pouvoir (${article}).`);
  }
  const limit = consecutiveProxyLimit(question.bodyKind);
  if (limit !== null && !question.illnessDeclared) {
    const streak = question.previousResponses.slice(0, limit);
    if (streak.length === limit && streak.every((response) => response === 'PROXY')) {
      return refuse(
        'TOO_MANY_CONSECUTIVE',
        `Un pouvoir ne peut être valable pour plus de ${limit} séances consécutives, sauf maladie dûment constatée (${article}). Vous avez donné pouvoir aux ${limit} séances précédentes.`,
      );
    }
  }
  return null;
}

/** A holder who withdraws would leave the giver unrepresented: the giver must choose again first. */
export function holderWithdrawalRefusal(bodyKind: BodyKind, giverName: string): ProxyRefusal {
  return {
    rule: 'HOLDS_A_PROXY',
    message: `Vous détenez le pouvoir de ${giverName} pour cette séance : ${giverName} doit d’abord choisir un autre mandataire ou changer sa réponse.`,
    article: proxyArticle(bodyKind),
  };
}

/** Proxies one member may hold at one meeting: one, for every kind of body (L2121-20, L3121-16, L4132-15). */
export const proxiesPerHolder = 1;

export interface RecordedProxyQuestion {
  bodyKind: BodyKind;
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
  const article = proxyArticle(question.bodyKind);
  const refuse = (rule: ProxyRule, message: string): ProxyRefusal => ({ rule, message, article });
  const giver = question.giver.name;
  if (question.holderId === question.giver.personId) return refuse('PROXY_TO_SELF', `${giver} ne peut pas être représenté(e) par lui-même ou elle-même.`);
  if (!question.giver.votingRight) return refuse('GIVER_WITHOUT_VOTE', `${giver} n’a pas voix délibérative dans cette assemblée : il n’y a pas de vote à déléguer.`);
  const holder = question.holder;
  if (!holder) return refuse('HOLDER_NOT_MEMBER', `Le mandataire de ${giver} doit être un membre en exercice de la même assemblée, convoqué à cette séance (${article}).`);
  if (!holder.votingRight) return refuse('HOLDER_WITHOUT_VOTE', `${holder.name} n’a pas voix délibérative dans cette assemblée et ne peut pas représenter ${giver} (${article}).`);
  if (holder.status !== 'PRESENT') return refuse('HOLDER_NOT_PRESENT', `${holder.name} doit être enregistré(e) présent(e) pour représenter ${giver}.`);
  if (question.otherGiversOfHolder.length >= proxiesPerHolder) {
    return refuse(
      'HOLDER_ALREADY_HOLDS',
      `${holder.name} représente déjà ${question.otherGiversOfHolder.join(', ')} : un même élu ne peut être porteur que d’un seul pouvoir (${article}).`,
    );
  }
  return null;
}
