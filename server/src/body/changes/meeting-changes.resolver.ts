import type { PersonContext } from '../../tenancy/body-context.js';
import { InBody } from '../../graphql/in-body.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { MeetingType } from '../meetings/meeting.type.js';
import { cancelMeeting, latestChanges, moveMeeting } from './meeting-changes.js';
import type { MeetingChange } from './meeting-change.entity.js';
import { MeetingChangeType, MoveMeetingInput } from './meeting-change.type.js';

type ChangeBatch = { meetingIds: Set<string>; changes: Promise<Map<string, MeetingChange>> };
const batchesOf = new WeakMap<GraphqlContext, Map<string, ChangeBatch>>();

/**
 * The latest change of a meeting, read for all the meetings of a body asked in the same tick (the inbox
 * lists hundreds) by one query, as ConvocationStatusLoader does for the convocation status.
 */
function loadLatestChange(context: GraphqlContext, bodyId: string, em: EntityManager, meetingId: string): Promise<MeetingChange | null> {
  const batches = batchesOf.get(context) ?? new Map<string, ChangeBatch>();
  batchesOf.set(context, batches);
  let batch = batches.get(bodyId);
  if (!batch) {
    const meetingIds = new Set<string>();
    const changes = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      batches.delete(bodyId);
      return latestChanges(em, [...meetingIds]);
    });
    batch = { meetingIds, changes };
    batches.set(bodyId, batch);
  }
  batch.meetingIds.add(meetingId);
  return batch.changes.then((changes) => changes.get(meetingId) ?? null);
}

@Resolver(() => MeetingType)
export class MeetingChangesResolver {
  @FieldResolver(() => MeetingChangeType, {
    nullable: true,
    description: 'The latest cancellation or move of the meeting once convened; null when none.',
  })
  @Access('authenticated')
  async lastChange(@Root() root: MeetingType, @Ctx() context: GraphqlContext): Promise<MeetingChangeType | null> {
    // A meeting of the caller's inbox carries it from the index: the body is not entered.
    if (root.indexed) return root.indexed.lastChange && MeetingChangeType.from(root.indexed.lastChange);
    const { em } = await context.bodies.contextById(root.bodyId, 'read');
    const change = await loadLatestChange(context, root.bodyId, em, root.id);
    return change ? MeetingChangeType.from(change) : null;
  }

  @Mutation(() => MeetingType, {
    description:
      'Cancels a meeting: a draft at once; a convened one with its reason, told to every official convened on the channels of their convocation, recorded in the ledger.',
  })
  @Access('authenticated')
  async cancelMeeting(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('reason') reason: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<MeetingType> {
    return MeetingType.from(await cancelMeeting(ctx, meetingId, reason), ctx.bodyId);
  }

  @Mutation(() => MeetingType, {
    description:
      'Moves a convened meeting (date, time, place), told to every official convened. Refused (DEADLINE_NOT_MET) when the convocation sent no longer meets the legal delay for the new date, unless `acceptLateConvocation`.',
  })
  @Access('authenticated')
  async moveMeeting(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('input', () => MoveMeetingInput) input: MoveMeetingInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<MeetingType> {
    const meeting = await moveMeeting(ctx, meetingId, input);
    await ctx.em.populate(meeting, ['assembly']);
    return MeetingType.from(meeting, ctx.bodyId);
  }
}
