import type { EntityManager } from '@mikro-orm/postgresql';
import { circuitNotEndedMessage, itemsAwaitingCircuit } from '../../../acts/circuits/circuit.service.js';
import { BadUserInputError, CartableError, ErrorCode } from '../../../common/errors.js';
import { zonedDate } from '../../../common/time.js';
import type { ConvocationDeadline } from '../../../legal/convocation-deadline.js';
import { cited } from '../../../legal/body-articles.js';
import { synthesisRequirement, type SynthesisRequirement } from '../../../legal/convocation-rules.js';
import type { Body } from '../../../platform/bodies/body.entity.js';
import type { AgendaItem } from '../../agenda/agenda-item.entity.js';
import { numberAgenda } from '../../agenda/agenda-numbering.js';
import type { documentsOf } from '../../documents/document.service.js';
import type { Meeting } from '../../meetings/meeting.entity.js';
import { meetingRules } from '../../meetings/meeting-rules.js';

/** A send refused: a typed PRECONDITION_FAILED with a stable `reason` and a French message. */
export function precondition(reason: string, message: string, details: Record<string, unknown> = {}): never {
  throw new CartableError(ErrorCode.PreconditionFailed, message, { reason, ...details });
}

export type NumberedItem = AgendaItem & { number: string };
export type MeetingDocuments = Awaited<ReturnType<typeof documentsOf>>;

export function numberedItems(items: AgendaItem[]): NumberedItem[] {
  return numberAgenda(items).flatMap((node) => [node, ...node.children]) as unknown as NumberedItem[];
}

/** Items lacking the explanatory document the law requires (a meeting-wide note covers them all, an item's note its sub-items). */
export function itemsMissingSynthesis(
  requirement: SynthesisRequirement,
  items: readonly { id: string; parentId?: string | null; number: string; kind: string; icpe: boolean }[],
  documents: readonly { agendaItemId: string | null; kind: string }[],
): string[] {
  if (requirement === 'NONE') return [];
  const explanatory = (kind: string) => kind === 'NOTE_SYNTHESE' || kind === 'RAPPORT';
  if (documents.some((document) => document.agendaItemId === null && document.kind === 'NOTE_SYNTHESE')) return [];
  const covered = new Set(documents.filter((document) => explanatory(document.kind)).map((document) => document.agendaItemId));
  return (
    items
      .filter((item) => item.kind === 'DELIBERATION' && (requirement === 'EVERY_DELIBERATION' || item.icpe))
      // A sub-item is covered by its parent's note.
      .filter((item) => !covered.has(item.id) && !(item.parentId && covered.has(item.parentId)))
      .map((item) => item.number)
  );
}

/** `itemsMissingSynthesis` under the requirement of the meeting's body and assembly (none for commissions). */
export function missingSynthesis(body: Body, meeting: Meeting, items: readonly NumberedItem[], documents: MeetingDocuments): string[] {
  const requirement =
    meeting.assembly.kind === 'COMMISSION'
      ? 'NONE'
      : synthesisRequirement(body.kind, body.population ?? null, zonedDate(meeting.startsAt, body.timeZone));
  return itemsMissingSynthesis(
    requirement,
    items,
    documents.map(({ document }) => ({ agendaItemId: document.agendaItemId ?? null, kind: document.kind })),
  );
}

/** The urgency a send goes with (L2121-11/12), as its manifest and its convocation row state it. */
export interface Urgency {
  urgent: boolean;
  urgencyJustification: string | null;
}

/** The urgency declared with a send or its preview, else the meeting's as stored. */
export function declaredUrgency(meeting: Meeting, input: { urgent?: boolean | null; urgencyJustification?: string | null }): Urgency {
  if (input.urgent == null) return { urgent: meeting.urgent, urgencyJustification: meeting.urgencyJustification ?? null };
  return { urgent: input.urgent, urgencyJustification: input.urgent ? input.urgencyJustification?.trim() || null : null };
}

/** `declaredUrgency` for a send: a declared urgency must be justified (it is stored on the meeting with the send). */
export function declareUrgency(meeting: Meeting, input: { urgent?: boolean | null; urgencyJustification?: string | null }): Urgency {
  const urgency = declaredUrgency(meeting, input);
  if (input.urgent && !urgency.urgencyJustification) {
    throw new BadUserInputError('L’urgence doit être justifiée (elle sera soumise à l’assemblée à l’ouverture).', {
      field: 'urgencyJustification',
    });
  }
  return urgency;
}

/**
 * What the convocation must carry (L2121-10, L2121-12…): an agenda, items whose validation circuit ended
 * (acts/circuits), and the explanatory notes the law requires.
 */
export async function requireContents(
  em: EntityManager,
  body: Body,
  meeting: Meeting,
  items: readonly NumberedItem[],
  documents: MeetingDocuments,
): Promise<void> {
  const rules = meetingRules(body, meeting);
  if (items.length === 0)
    precondition(
      'AGENDA_EMPTY',
      `L’ordre du jour est vide : la convocation doit indiquer les questions portées à l’ordre du jour${cited(rules.agendaArticle)}.`,
    );
  const awaitingCircuit = await itemsAwaitingCircuit(em, items);
  if (awaitingCircuit.length > 0) precondition('CIRCUIT_NOT_ENDED', circuitNotEndedMessage(awaitingCircuit), { items: awaitingCircuit });
  const missing = missingSynthesis(body, meeting, items, documents);
  if (missing.length > 0) {
    precondition(
      'SYNTHESIS_NOTE_MISSING',
      `Note explicative de synthèse (ou rapport) manquante pour ${missing.length > 1 ? 'les points' : 'le point'} ${missing.join(', ')} : elle doit être adressée avec la convocation${cited(rules.synthesisArticle)}.`,
      { items: missing },
    );
  }
}

/** The legal deadline, met or refused with the date it fell on (urgency only shortens it to one jour franc). */
export function requireOnTime(deadline: ConvocationDeadline, urgent: boolean, now: Date): void {
  if (now.getTime() <= new Date(deadline.latestSendAt).getTime()) return;
  precondition(
    'DEADLINE_PASSED',
    urgent
      ? `Même en urgence, la convocation devait partir au plus tard le ${deadline.latestSendDate} (${deadline.clearDays} jour franc, ${deadline.article}).`
      : `Le délai légal est dépassé : la convocation devait partir au plus tard le ${deadline.latestSendDate} (${deadline.clearDays} jours francs, ${deadline.article}). Déclarez l’urgence en la justifiant, ou reportez la séance.`,
    { latestSendAt: deadline.latestSendAt, clearDays: deadline.clearDays, article: deadline.article },
  );
}
