import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../common/errors.js';
import { isTimeZone } from '../common/time.js';
import { Access } from '../graphql/access.js';
import type { GraphqlContext } from '../graphql/context.js';
import { AgendaItem } from '../body/agenda/agenda-item.entity.js';
import { findMeeting } from '../body/meetings/meeting.service.js';
import { MeetingType } from '../body/meetings/meeting.type.js';
import type { BodyKind } from '../platform/bodies/body.entity.js';
import { BodyKindEnum } from '../platform/bodies/body.type.js';
import { convocationDeadline } from './convocation-deadline.js';
import { ConvocationDeadlineType } from './convocation-deadline.type.js';
import { MissingPopulationError } from './convocation-rules.js';

function computeDeadline(question: Parameters<typeof convocationDeadline>[0]): ConvocationDeadlineType {
  if (!isTimeZone(question.timeZone)) throw new BadUserInputError('Fuseau horaire inconnu.', { field: 'timeZone' });
  try {
    return ConvocationDeadlineType.from(convocationDeadline(question));
  } catch (error) {
    if (error instanceof MissingPopulationError) {
      throw new BadUserInputError('La population est nécessaire pour une commune (3 ou 5 jours francs selon le seuil de 3 500 habitants).', {
        field: 'population',
      });
    }
    throw error;
  }
}

@Resolver()
export class ConvocationDeadlineResolver {
  @Query(() => ConvocationDeadlineType, { description: 'The legal deadline to send a convocation (public: no login needed).' })
  @Access('public')
  convocationDeadline(
    @Arg('bodyKind', () => BodyKindEnum) bodyKind: BodyKind,
    // A scalar: nothing for class-validator to check (and `forbidUnknownValues` would refuse a Date).
    @Arg('meetingStartsAt', () => Date, { validate: false }) meetingStartsAt: Date,
    @Arg('population', () => Int, { nullable: true }) population: number | null,
    @Arg('urgent', () => Boolean, { nullable: true }) urgent: boolean | null,
    @Arg('timeZone', () => String, { nullable: true }) timeZone: string | null,
  ): ConvocationDeadlineType {
    if (population != null && population < 0) throw new BadUserInputError('Population invalide.', { field: 'population' });
    return computeDeadline({ bodyKind, population: population ?? null, meetingStartsAt, urgent: urgent ?? false, timeZone: timeZone ?? 'Europe/Paris' });
  }
}

/** `Meeting.convocationDeadline`: the body's kind, population and time zone, the meeting's urgency and ICPE items. */
@Resolver(() => MeetingType)
export class MeetingDeadlineResolver {
  @FieldResolver(() => ConvocationDeadlineType)
  @Access('authenticated')
  async convocationDeadline(@Root() root: MeetingType, @Ctx() { bodies }: GraphqlContext): Promise<ConvocationDeadlineType> {
    const { body, em } = await bodies.enterById(root.bodyId, 'read');
    const meeting = await findMeeting(em, root.id);
    const icpe = (await em.count(AgendaItem, { meeting: meeting.id, icpe: true })) > 0;
    return computeDeadline({
      bodyKind: body.kind,
      population: body.population ?? null,
      meetingStartsAt: meeting.startsAt,
      urgent: meeting.urgent,
      icpe,
      timeZone: body.timeZone,
    });
  }
}
