import { assemblyRules, type QuorumRule } from './assembly-rules.js';
import type { AssemblyKind, BodyKind } from './kinds.js';

export type { QuorumRule } from './assembly-rules.js';

/**
 * Quorum: more than half of the members in office with a vote must be present (L2121-17, L3121-14,
 * L4132-13, L5211-1); in the commissions permanentes of départements and régions, present or represented
 * (L3121-14-1, L4132-13-1). A commission has none. The rules: docs/legal-rules.md §4.
 */
export function quorumRule(bodyKind: BodyKind, assemblyKind: AssemblyKind, meetingDate: string): QuorumRule {
  return assemblyRules(bodyKind, assemblyKind, meetingDate).quorum;
}

export interface QuorumCount {
  /** Members in office on the meeting's date with a vote: the only ones the quorum counts. */
  membersInOffice: number;
  present: number;
  represented: number;
  absent: number;
}

export interface QuorumForecast extends QuorumCount {
  /** Null: no statutory quorum. */
  required: number | null;
  unanswered: number;
  /** Present (plus represented where they count): what the quorum is judged on if answers hold. */
  counted: number;
  /** Null: no statutory quorum. */
  reached: boolean | null;
  rule: QuorumRule;
}

export function quorumForecast(rule: QuorumRule, answers: QuorumCount): QuorumForecast {
  const required = rule.statutory ? Math.floor(answers.membersInOffice / 2) + 1 : null;
  const counted = answers.present + (rule.countsProxies ? answers.represented : 0);
  return {
    ...answers,
    required,
    unanswered: Math.max(0, answers.membersInOffice - answers.present - answers.represented - answers.absent),
    counted,
    reached: required === null ? null : counted >= required,
    rule,
  };
}

export type QuorumStatus = 'PRESENT' | 'REPRESENTED' | 'ABSENT';

/** A member in office on the meeting's day, as the quorum sees them. */
export interface QuorumMember {
  votingRight: boolean;
  /** Announced or recorded; null: not yet. */
  status: QuorumStatus | null;
  personId?: string;
  /** A suppléant's titulaire (L5211-6, L5212-7): the suppléant counts only in their place. */
  suppleantFor?: string | null;
}

/**
 * The titulaires a present suppléant sits for: those absent (not represented: a titulaire who gave a
 * pouvoir is represented, L5211-6 and L2121-20). CGCT L5211-6.
 */
export function titulairesReplaced(members: readonly QuorumMember[]): Set<string> {
  const statuses = new Map(members.flatMap((member) => (member.personId ? [[member.personId, member.status] as const] : [])));
  return new Set(
    members.flatMap((member) =>
      member.suppleantFor && member.status === 'PRESENT' && statuses.get(member.suppleantFor) === 'ABSENT' ? [member.suppleantFor] : [],
    ),
  );
}

/**
 * The quorum over the members in office on the meeting's day, each with their voting right and status
 * (announced or recorded; null: not yet). A member without a vote is neither in the base nor counted; a
 * suppléant is never in the base, and counts as present in place of an absent titulaire.
 */
export function quorumOf(rule: QuorumRule, members: readonly QuorumMember[]): QuorumForecast {
  const voting = members.filter((member) => member.votingRight && !member.suppleantFor);
  const replaced = titulairesReplaced(members);
  const statusOf = (member: QuorumMember) => (member.personId && replaced.has(member.personId) ? 'PRESENT' : member.status);
  const count = (status: QuorumStatus) => voting.filter((member) => statusOf(member) === status).length;
  return quorumForecast(rule, {
    membersInOffice: voting.length,
    present: count('PRESENT'),
    represented: count('REPRESENTED'),
    absent: count('ABSENT'),
  });
}
