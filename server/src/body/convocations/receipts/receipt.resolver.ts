import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../../graphql/scalars.js';
import { CartableError, ErrorCode } from '../../../common/errors.js';
import { Access } from '../../../graphql/access.js';
import type { GraphqlContext } from '../../../graphql/context.js';
import { InBody } from '../../../graphql/in-body.js';
import type { PersonContext } from '../../../tenancy/body-context.js';
import { findMeeting } from '../../meetings/meeting.service.js';
import { MeetingType } from '../../meetings/meeting.type.js';
import { MyConvocationType } from '../convocation.type.js';
import { recordReceipt } from './receipts.service.js';

/** The caller's convocation to `meeting`, read with the request's batching loader; null when not convened. */
async function myConvocationOf(
  ctx: PersonContext,
  { convocationStatus }: GraphqlContext,
  meeting: MeetingType,
): Promise<MyConvocationType | null> {
  // Batched with the other meetings of the body asked in the same request (the inbox).
  const status = await convocationStatus.load(ctx.bodyId, ctx.em, meeting.id);
  return status && MyConvocationType.from(status, meeting, ctx.actor.personId);
}

/** The caller's own convocation to a meeting, and their receipt of it. */
@Resolver(() => MeetingType)
export class MeetingReceiptResolver {
  @FieldResolver(() => MyConvocationType, { nullable: true, description: 'The caller’s own convocation; null when not convened.' })
  @Access('authenticated')
  async myConvocation(@Root() root: MeetingType, @Ctx() context: GraphqlContext): Promise<MyConvocationType | null> {
    // A meeting of the caller's inbox carries the caller's row of the index: the body is not entered.
    if (root.indexed) return MyConvocationType.from(root.indexed.convocation, root, context.viewer.requirePersonId());
    return myConvocationOf(await context.bodies.contextById(root.bodyId, 'read'), context, root);
  }

  @Mutation(() => MyConvocationType, { description: 'Records that the caller opened their convocation (the first time only).' })
  @Access('authenticated')
  async recordConvocationOpened(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @InBody('read') ctx: PersonContext,
    @Ctx() context: GraphqlContext,
  ): Promise<MyConvocationType> {
    return receipt(ctx, context, meetingId, false);
  }

  @Mutation(() => MyConvocationType, { description: 'The caller acknowledges receipt of their convocation (accusé de réception).' })
  @Access('authenticated')
  async acknowledgeConvocation(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @InBody('read') ctx: PersonContext,
    @Ctx() context: GraphqlContext,
  ): Promise<MyConvocationType> {
    return receipt(ctx, context, meetingId, true);
  }
}

async function receipt(ctx: PersonContext, context: GraphqlContext, meetingId: string, acknowledge: boolean): Promise<MyConvocationType> {
  const meeting = await findMeeting(ctx.em, meetingId);
  if (meeting.status === 'DRAFT')
    throw new CartableError(ErrorCode.PreconditionFailed, 'Cette séance n’est pas encore convoquée.', { reason: 'NOT_CONVENED' });
  await recordReceipt(ctx, { meetingId, acknowledge });
  const mine = await myConvocationOf(ctx, context, MeetingType.from(meeting, ctx.bodyId));
  return mine!;
}
