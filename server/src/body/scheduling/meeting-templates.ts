import type { EntityManager } from '@mikro-orm/postgresql';
import { copyAgendaSkeleton } from '../agenda/agenda.service.js';
import type { Meeting } from '../meetings/meeting.entity.js';
import { createMeeting, findMeeting } from '../meetings/meeting.service.js';

export interface DuplicateInput {
  startsAt: Date;
  /** The copy's title; the model's when absent. */
  title?: string | null;
}

/**
 * A new draft meeting from another one, of any state, as a template: same assembly, place and title
 * (unless another is given), and the skeleton of its agenda (items and sub-items with their titles, kinds,
 * rapporteurs and flags, in order), not its documents, urgency, convocations or answers.
 */
export async function duplicateMeeting(em: EntityManager, meetingId: string, input: DuplicateInput, now: Date): Promise<Meeting> {
  return em.transactional(async (tx) => {
    const model = await findMeeting(tx, meetingId);
    const copy = await createMeeting(
      tx,
      { assemblyId: model.assembly.id, title: input.title?.trim() || model.title, startsAt: input.startsAt, place: model.place ?? null, urgent: false },
      now,
    );
    await copyAgendaSkeleton(tx, model.id, copy);
    return copy;
  });
}
