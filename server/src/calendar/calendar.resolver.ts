import { Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Access } from '../graphql/access.js';
import type { GraphqlContext } from '../graphql/context.js';
import { MeType } from '../platform/people/person.type.js';
import { Person } from '../platform/people/person.entity.js';
import { calendarFeedUrl, calendarUrlOf, regenerateCalendarToken, revokeCalendarToken } from './calendar-feed.js';

/** The caller's personal calendar feed: its URL, a new one, or none. */
@Resolver(() => MeType)
export class CalendarResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The personal calendar feed (iCalendar) of every meeting of every body, `https://…/calendar/<token>.ics` (subscribe to it as `webcal://…`); null until created, or once revoked.',
  })
  @Access('authenticated')
  async calendarUrl(@Root() me: MeType, @Ctx() context: GraphqlContext): Promise<string | null> {
    const person = await context.platformEm.findOneOrFail(Person, { id: me.id });
    return calendarUrlOf(context.links, context.convocations.publicUrl, person);
  }

  @Mutation(() => String, { description: 'A new URL for the caller’s calendar feed; the previous one answers 404 from now on.' })
  @Access('authenticated')
  async regenerateCalendarUrl(@Ctx() context: GraphqlContext): Promise<string> {
    const person = await context.platformEm.findOneOrFail(Person, { id: context.viewer.personId! });
    return calendarFeedUrl(context.convocations.publicUrl, await regenerateCalendarToken(context.platformEm, context.links, person));
  }

  @Mutation(() => Boolean, { description: 'Revokes the caller’s calendar feed: its URL answers 404 from now on.' })
  @Access('authenticated')
  async revokeCalendarUrl(@Ctx() context: GraphqlContext): Promise<boolean> {
    const person = await context.platformEm.findOneOrFail(Person, { id: context.viewer.personId! });
    await revokeCalendarToken(context.platformEm, person);
    return true;
  }
}
