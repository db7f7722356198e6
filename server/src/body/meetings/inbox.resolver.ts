import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { BodyType } from '../../platform/bodies/body.type.js';
import { readInbox } from '../inbox/inbox-index.js';
import { MeetingType } from './meeting.type.js';

const maxInboxMeetings = 500;

/** The official's one inbox: the meetings they are convened to in every body they sit in, from the inbox index. */
@Resolver(() => MeetingType)
export class InboxResolver {
  @Query(() => [MeetingType], {
    description:
      'Meetings the caller is convened to in every body they belong to (with a role that reads it, a mandate not ended, the body not suspended), by date (between `from` and `to` when given), with their convocation status. Reads the platform inbox index: no body schema.',
  })
  @Access('authenticated')
  async myMeetings(
    @Ctx() { bodies, platformEm, viewer }: GraphqlContext,
    @Arg('from', () => Date, { nullable: true, validate: false }) from: Date | null,
    @Arg('to', () => Date, { nullable: true, validate: false }) to: Date | null,
    @Arg('limit', () => Int, { defaultValue: 200 }) limit: number,
  ): Promise<MeetingType[]> {
    // One statement: the rows carry their body (the `body` field reads no more).
    const entries = await readInbox(platformEm, {
      personId: viewer.requirePersonId(),
      bodyIds: bodies.readableBodyIds(),
      from,
      to,
      limit: Math.min(Math.max(limit, 1), maxInboxMeetings),
      latestBodyMigration: bodies.latestBodyMigration,
    });
    return entries.map((entry) => MeetingType.fromIndex(entry));
  }

  @FieldResolver(() => BodyType, { description: 'The body that holds the meeting.' })
  @Access('authenticated')
  async body(@Root() root: MeetingType, @Ctx() { bodies }: GraphqlContext): Promise<BodyType> {
    // An inbox row's body was read with it, among the caller's readable bodies.
    return BodyType.from(root.indexed?.body ?? (await bodies.bodyById(root.bodyId)));
  }
}
