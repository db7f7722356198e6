import { ruleSetOn } from './dated.js';
import type { AssemblyKind, BodyKind } from './kinds.js';

/**
 * The rules of the CGCT for one assembly of one kind of body, as dated data: who counts for the quorum,
 * the pouvoir limits, and the articles every legal sentence cites (urgency, agenda, explanatory
 * documents). The convocation delays are dated the same way in `convocation-rules.ts`. A change of the
 * law is a new rule set with its `validFrom`, never an edit of an old one. Every table is a `Record` over
 * `BodyKind` and the assembly's role: a new kind does not compile without its rules. No database, no
 * clock here: callers pass the meeting's local date. The rules and the readings: docs/legal-rules.md.
 */

/** What an assembly is to its body: the deliberative council, or one of its emanations. */
export type AssemblyRole = 'COUNCIL' | 'COMMISSION_PERMANENTE' | 'BUREAU' | 'COMMISSION';

const roleOfAssembly = {
  CONSEIL_MUNICIPAL: 'COUNCIL',
  CONSEIL_COMMUNAUTAIRE: 'COUNCIL',
  CONSEIL_DEPARTEMENTAL: 'COUNCIL',
  CONSEIL_REGIONAL: 'COUNCIL',
  COMMISSION_PERMANENTE: 'COMMISSION_PERMANENTE',
  BUREAU: 'BUREAU',
  COMMISSION: 'COMMISSION',
} as const satisfies Record<AssemblyKind, AssemblyRole>;

export function assemblyRole(kind: AssemblyKind): AssemblyRole {
  return roleOfAssembly[kind];
}

/**
 * The quorum: more than half of the members in office **with a vote** (a seat without voting right never
 * counts), judged on those present, plus those represented where the text says « présents ou
 * représentés ». A commission has no statutory quorum (its règlement intérieur may set one).
 */
export type QuorumRule =
  | { statutory: true; countsProxies: boolean; article: string; description: string }
  /** No quorum: a commission (no article), or the séance convened again after a failed quorum (its article). */
  | { statutory: false; countsProxies: false; article: string | null; description: string };

/**
 * When the quorum is not reached, the assembly is convened again (communes, EPCI, syndicats: L2121-17
 * al. 2, « à trois jours au moins d'intervalle ») or meets again by law (départements and régions:
 * « la réunion se tient de plein droit trois jours plus tard », L3121-14, L3121-14-1, L4132-13,
 * L4132-13-1), with the same agenda, and then deliberates without any quorum.
 */
export interface SecondConvocationRule {
  article: string;
  /** Calendar days from the failed séance's local date to the new one's. */
  intervalDays: number;
  /** True: exactly `intervalDays` later, by law (no convocation delay); false: at least, with the ordinary delay. */
  dePleinDroit: boolean;
  /** The sentence the new convocation states. */
  text: string;
}

export interface ProxyRules {
  article: string;
  /** Pouvoirs one member may hold at one séance. */
  perHolder: number;
  /** Consecutive séances a member may be represented without a certified illness; null: a délégation is for one réunion. */
  maxConsecutiveSeances: number | null;
}

export interface AssemblyRules {
  quorum: QuorumRule;
  proxy: ProxyRules;
  /** What urgency does, who reports it, and the article: shown beside « Déclarer l’urgence ». */
  urgency: { text: string; article: string | null };
  /** The article requiring the convocation to state the questions on the agenda; null: no statutory text. */
  agendaArticle: string | null;
  /** The article requiring an explanatory document with the convocation (note de synthèse, rapports); null: none. */
  synthesisArticle: string | null;
  /** Null where there is no statutory quorum (commissions): nothing to convene again. */
  secondConvocation: SecondConvocationRule | null;
  /** Whether a seat may have a suppléant who sits in its titulaire's place, and the text; null: no suppléant. */
  suppleants: SuppleantRule | null;
  /** Whether members may take part « à distance » (visioconférence), and for which items not; null: never. */
  remoteParticipation: RemoteParticipationRule | null;
}

/**
 * Remote participation: the council of an EPCI or syndicat may be held in several places by
 * visioconférence (L5211-11-1, since the loi 3DS); the quorum is judged on those present in the linked
 * places, votes are public only. L5211-11-1 excludes « l'élection du président et du bureau, l'adoption du
 * budget primitif, l'élection des délégués aux établissements publics de coopération intercommunale et
 * l'application de l'article L. 2121-33 ». Verified: that list (the article's wording as reproduced in the
 * project's legal notes, marked verified). Not in it, so not excluded: the compte administratif (and the
 * compte financier unique). Not verified here: the départements' and régions' equivalents.
 */
export type RemoteExclusion = 'DESIGNATION' | 'BUDGET_PRIMITIF';

export interface RemoteParticipationRule {
  article: string;
  /** What no one may take part in from a distance: elections and designations (items of kind DESIGNATION), the budget primitif (items so marked). */
  excludedItems: readonly RemoteExclusion[];
}

/**
 * A suppléant is convened and receives the documents; they sit with a vote only when their titulaire is
 * absent (and has told the président: an answer « absent »), and then count for the quorum in the
 * titulaire's place. EPCI: a commune with a single conseiller communautaire (L5211-6); syndicats: the
 * délégués suppléants the statuts provide (L5212-7). Only in the deliberative council.
 */
export interface SuppleantRule {
  article: string;
}

export interface AssemblyRuleSet {
  validFrom: string;
  rules: Record<BodyKind, Record<AssemblyRole, AssemblyRules>>;
}

const presentOnly = 'Majorité des membres en exercice ayant voix délibérative présents ; les pouvoirs ne comptent pas.';
const presentOrRepresented = 'Majorité absolue des membres en exercice ayant voix délibérative présents ou représentés.';
const noStatutoryQuorum: QuorumRule = {
  statutory: false,
  countsProxies: false,
  article: null,
  description: 'Pas de quorum légal pour une commission : son règlement intérieur peut en fixer un.',
};

function urgency(who: string, assembly: string, article: string): AssemblyRules['urgency'] {
  return {
    text: `Le délai est alors réduit à un jour franc au moins ; ${who} en rend compte dès l’ouverture de la séance ${assembly}, qui se prononce sur l’urgence et peut renvoyer la discussion à une séance ultérieure (${article}).`,
    article,
  };
}

const commissionUrgency: AssemblyRules['urgency'] = {
  text: 'Le délai de la commission est celui de son règlement intérieur ; l’urgence le réduit à un jour franc au moins.',
  article: null,
};

/** A body's rules: its council's for the council (and, where the law has none of its own, the bureau), none for commissions. */
function bodyRules(council: AssemblyRules, commissionPermanente: AssemblyRules = council): Record<AssemblyRole, AssemblyRules> {
  return {
    COUNCIL: council,
    COMMISSION_PERMANENTE: commissionPermanente,
    BUREAU: { ...council, suppleants: null, remoteParticipation: null },
    COMMISSION: {
      ...council,
      quorum: noStatutoryQuorum,
      urgency: commissionUrgency,
      agendaArticle: null,
      synthesisArticle: null,
      secondConvocation: null,
      suppleants: null,
      remoteParticipation: null,
    },
  };
}

function convenedAgain(article: string): SecondConvocationRule {
  return {
    article,
    intervalDays: 3,
    dePleinDroit: false,
    text: `Le quorum n’ayant pas été atteint lors de la séance précédente, l’assemblée est à nouveau convoquée à trois jours au moins d’intervalle ; elle délibère alors valablement sans condition de quorum (${article}).`,
  };
}

function heldAgainByLaw(article: string): SecondConvocationRule {
  return {
    article,
    intervalDays: 3,
    dePleinDroit: true,
    text: `Le quorum n’ayant pas été atteint, la réunion se tient de plein droit trois jours plus tard ; les délibérations sont alors valables quel que soit le nombre des présents (${article}).`,
  };
}

const visioconference: RemoteParticipationRule = { article: 'CGCT L5211-11-1', excludedItems: ['DESIGNATION', 'BUDGET_PRIMITIF'] };

const communal = (article: string): ProxyRules => ({ article, perHolder: 1, maxConsecutiveSeances: 3 });
const perReunion = (article: string): ProxyRules => ({ article, perHolder: 1, maxConsecutiveSeances: null });

export const assemblyRuleSets: readonly AssemblyRuleSet[] = [
  {
    validFrom: '2020-01-01',
    rules: {
      COMMUNE: bodyRules({
        quorum: { statutory: true, countsProxies: false, article: 'CGCT L2121-17', description: presentOnly },
        proxy: communal('CGCT L2121-20'),
        urgency: urgency('le maire', 'au conseil municipal', 'CGCT L2121-11, L2121-12'),
        agendaArticle: 'CGCT L2121-10',
        synthesisArticle: 'CGCT L2121-12',
        secondConvocation: convenedAgain('CGCT L2121-17'),
        suppleants: null,
        remoteParticipation: null,
      }),
      EPCI: bodyRules({
        quorum: { statutory: true, countsProxies: false, article: 'CGCT L2121-17 (par L5211-1)', description: presentOnly },
        proxy: communal('CGCT L2121-20 (par L5211-1)'),
        urgency: urgency('le président', 'à l’organe délibérant', 'CGCT L2121-12 (par L5211-1)'),
        agendaArticle: 'CGCT L2121-10 (par L5211-1)',
        synthesisArticle: 'CGCT L2121-12 (par L5211-1)',
        secondConvocation: convenedAgain('CGCT L2121-17 (par L5211-1)'),
        suppleants: { article: 'CGCT L5211-6' },
        remoteParticipation: visioconference,
      }),
      SYNDICAT: bodyRules({
        quorum: { statutory: true, countsProxies: false, article: 'CGCT L2121-17 (par L5211-1)', description: presentOnly },
        proxy: communal('CGCT L2121-20 (par L5211-1)'),
        urgency: urgency('le président', 'au comité syndical', 'CGCT L2121-12 (par L5211-1)'),
        agendaArticle: 'CGCT L2121-10 (par L5211-1)',
        synthesisArticle: 'CGCT L2121-12 (par L5211-1)',
        secondConvocation: convenedAgain('CGCT L2121-17 (par L5211-1)'),
        suppleants: { article: 'CGCT L5212-7 (statuts du syndicat)' },
        remoteParticipation: visioconference,
      }),
      DEPARTEMENT: bodyRules(
        {
          quorum: { statutory: true, countsProxies: false, article: 'CGCT L3121-14', description: presentOnly },
          proxy: perReunion('CGCT L3121-16'),
          urgency: urgency('le président', 'au conseil départemental', 'CGCT L3121-19'),
          agendaArticle: 'CGCT L3121-19',
          synthesisArticle: 'CGCT L3121-19',
          secondConvocation: heldAgainByLaw('CGCT L3121-14'),
          suppleants: null,
          remoteParticipation: null,
        },
        {
          quorum: { statutory: true, countsProxies: true, article: 'CGCT L3121-14-1', description: presentOrRepresented },
          proxy: perReunion('CGCT L3121-16'),
          urgency: urgency('le président', 'à la commission permanente', 'CGCT L3121-19'),
          agendaArticle: 'CGCT L3121-19',
          synthesisArticle: 'CGCT L3121-19',
          secondConvocation: heldAgainByLaw('CGCT L3121-14-1'),
          suppleants: null,
          remoteParticipation: null,
        },
      ),
      REGION: bodyRules(
        {
          quorum: { statutory: true, countsProxies: false, article: 'CGCT L4132-13', description: presentOnly },
          proxy: perReunion('CGCT L4132-15'),
          urgency: urgency('le président', 'au conseil régional', 'CGCT L4132-18'),
          agendaArticle: 'CGCT L4132-18',
          synthesisArticle: 'CGCT L4132-18',
          secondConvocation: heldAgainByLaw('CGCT L4132-13'),
          suppleants: null,
          remoteParticipation: null,
        },
        {
          quorum: { statutory: true, countsProxies: true, article: 'CGCT L4132-13-1', description: presentOrRepresented },
          proxy: perReunion('CGCT L4132-15'),
          urgency: urgency('le président', 'à la commission permanente', 'CGCT L4132-18'),
          agendaArticle: 'CGCT L4132-18',
          synthesisArticle: 'CGCT L4132-18',
          secondConvocation: heldAgainByLaw('CGCT L4132-13-1'),
          suppleants: null,
          remoteParticipation: null,
        },
      ),
    },
  },
];

/** The rules in force on a meeting's local date (the latest set whose validFrom is not after it). */
export function assemblyRules(
  bodyKind: BodyKind,
  assemblyKind: AssemblyKind,
  date: string,
  sets: readonly AssemblyRuleSet[] = assemblyRuleSets,
): AssemblyRules & { validFrom: string } {
  return roleRules(bodyKind, assemblyRole(assemblyKind), date, sets);
}

/** The rules of one role of assembly on a date — `COUNCIL` for what applies body-wide (the console's settings). */
export function roleRules(
  bodyKind: BodyKind,
  role: AssemblyRole,
  date: string,
  sets: readonly AssemblyRuleSet[] = assemblyRuleSets,
): AssemblyRules & { validFrom: string } {
  const set = ruleSetOn(date, sets);
  return { ...set.rules[bodyKind][role], validFrom: set.validFrom };
}
