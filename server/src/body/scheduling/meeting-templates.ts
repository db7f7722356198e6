import type { BodyContext } from '../../tenancy/body-context.js';
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
export async function duplicateMeeting(ctx: BodyContext, meetingId: string, input: DuplicateInput): Promise<Meeting> {
  return ctx.em.transactional(async (tx) => {
    const model = await findMeeting(tx, meetingId);
    const copy = await createMeeting(ctx.withEm(tx), {
      assemblyId: model.assembly.id,
      title: input.title?.trim() || model.title,
      startsAt: input.startsAt,
      place: model.place ?? null,
      urgent: false,
    });
    await copyAgendaSkeleton(tx, model.id, copy);
    return copy;
  });
}
