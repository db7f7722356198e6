import { BadUserInputError } from '../../common/errors.js';
import { isTimeZone } from '../../common/time.js';
import { AgendaItem } from '../agenda/agenda-item.entity.js';
import type { Meeting } from './meeting.entity.js';
import type { BodyContext } from '../../tenancy/body-context.js';
import { convocationDeadline, type ConvocationDeadline } from '../../legal/convocation-deadline.js';
import { MissingPopulationError } from '../../legal/convocation-rules.js';
import { convenedAgainUnder } from './meeting-rules.js';

/** `convocationDeadline`, with bad input turned into French user errors. */
export function checkedDeadline(question: Parameters<typeof convocationDeadline>[0]): ConvocationDeadline {
  if (!isTimeZone(question.timeZone)) throw new BadUserInputError('Fuseau horaire inconnu.', { field: 'timeZone' });
  try {
    return convocationDeadline(question);
  } catch (error) {
    if (error instanceof MissingPopulationError) {
      throw new BadUserInputError(
        'La population est nécessaire pour une commune (3 ou 5 jours francs selon le seuil de 3 500 habitants).',
        {
          field: 'population',
        },
      );
    }
    throw error;
  }
}

/**
 * The deadline of one meeting: the body's kind, population and time zone, the meeting's urgency (or the
 * one given, to tell what declaring it would change), its ICPE items, and for a commission the delay of
 * the règlement intérieur, and a second convocation after a failed quorum. `meeting.assembly` is loaded. The ICPE items are counted in the database,
 * unless the caller passes the agenda it already holds.
 */
export async function meetingDeadline(
  { em, body }: Pick<BodyContext, 'em' | 'body'>,
  meeting: Meeting,
  urgent = meeting.urgent,
  agenda?: readonly Pick<AgendaItem, 'icpe'>[],
): Promise<ConvocationDeadline> {
  const assembly = meeting.assembly;
  const icpe = agenda ? agenda.some((item) => item.icpe) : (await em.count(AgendaItem, { meeting: meeting.id, icpe: true })) > 0;
  const commissionRule =
    assembly.kind === 'COMMISSION' && assembly.convocationClearDays != null
      ? { clearDays: assembly.convocationClearDays, article: assembly.convocationRuleReference ?? 'Règlement intérieur' }
      : null;
  return checkedDeadline({
    bodyKind: body.kind,
    population: body.population ?? null,
    meetingStartsAt: meeting.startsAt,
    urgent,
    icpe,
    commissionRule,
    secondConvocation: convenedAgainUnder(body, meeting),
    timeZone: body.timeZone,
  });
}
