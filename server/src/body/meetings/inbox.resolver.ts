import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { BodyType } from '../../platform/bodies/body.type.js';
import { Meeting } from './meeting.entity.js';
import { draftsHiddenFrom } from './meeting.resolver.js';
import { MeetingType } from './meeting.type.js';

const maxInboxMeetings = 500;

/** The official's one inbox: the meetings of every body they sit in, read body by body. */
@Resolver(() => MeetingType)
export class InboxResolver {
  @Query(() => [MeetingType], {
    description:
      'Meetings of every body the caller belongs to, by date (between `from` and `to` when given); drafts only for their secretariat. Reads those bodies only.',
  })
  @Access('authenticated')
  async myMeetings(
    @Ctx() { bodies }: GraphqlContext,
    @Arg('from', () => Date, { nullable: true, validate: false }) from: Date | null,
    @Arg('to', () => Date, { nullable: true, validate: false }) to: Date | null,
    @Arg('limit', () => Int, { defaultValue: 200 }) limit: number,
  ): Promise<MeetingType[]> {
    const count = Math.min(Math.max(limit, 1), maxInboxMeetings);
    const startsAt = { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) };
    const perBody = await Promise.all(
      (await bodies.readableBodies()).map(async (body) => {
        const ctx = bodies.context(body, 'read');
        const meetings = await ctx.em.find(Meeting, { ...(from || to ? { startsAt } : {}), ...draftsHiddenFrom(ctx) }, {
          populate: ['assembly'],
          orderBy: { startsAt: 'asc' },
          limit: count,
        });
        return meetings.map((meeting) => MeetingType.from(meeting, body.id));
      }),
    );
    return perBody
      .flat()
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id))
      .slice(0, count);
  }

  @FieldResolver(() => BodyType, { description: 'The body that holds the meeting.' })
  @Access('authenticated')
  async body(@Root() root: MeetingType, @Ctx() { bodies }: GraphqlContext): Promise<BodyType> {
    return BodyType.from(await bodies.bodyById(root.bodyId));
  }
}
