import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { CartableError, ErrorCode, NotFoundError } from '../../../common/errors.js';
import { isUuid } from '../../../common/ids.js';
import { Access } from '../../../graphql/access.js';
import type { GraphqlContext } from '../../../graphql/context.js';
import { findMeeting } from '../../meetings/meeting.service.js';
import { MeetingType } from '../../meetings/meeting.type.js';
import { MyConvocationType } from '../convocation.type.js';
import { recordReceipt } from './receipts.service.js';

/** The caller's own convocation to a meeting, and their receipt of it. */
@Resolver(() => MeetingType)
export class MeetingReceiptResolver {
  @FieldResolver(() => MyConvocationType, { nullable: true, description: 'The caller’s own convocation; null when not convened.' })
  @Access('authenticated')
  async myConvocation(@Root() root: MeetingType, @Ctx() { bodies, viewer, convocationStatus }: GraphqlContext): Promise<MyConvocationType | null> {
    const { em } = await bodies.enterById(root.bodyId, 'read');
    // Batched with the other meetings of the body asked in the same request (the inbox).
    const status = await convocationStatus.load(root.bodyId, em, root.id);
    return status && MyConvocationType.from(status, root, viewer.personId!);
  }

  @Mutation(() => MyConvocationType, { description: 'Records that the caller opened their convocation (the first time only).' })
  @Access('authenticated')
  async recordConvocationOpened(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('meetingId', () => ID) meetingId: string,
    @Ctx() context: GraphqlContext,
  ): Promise<MyConvocationType> {
    return this.receipt(bodyId, meetingId, false, context);
  }

  @Mutation(() => MyConvocationType, { description: 'The caller acknowledges receipt of their convocation (accusé de réception).' })
  @Access('authenticated')
  async acknowledgeConvocation(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('meetingId', () => ID) meetingId: string,
    @Ctx() context: GraphqlContext,
  ): Promise<MyConvocationType> {
    return this.receipt(bodyId, meetingId, true, context);
  }

  private async receipt(bodyId: string, meetingId: string, acknowledge: boolean, context: GraphqlContext): Promise<MyConvocationType> {
    const { body, em } = await context.bodies.enterById(bodyId, 'read');
    if (!isUuid(meetingId)) throw new NotFoundError('Séance introuvable.');
    const meeting = await findMeeting(em, meetingId);
    if (meeting.status === 'DRAFT') throw new CartableError(ErrorCode.PreconditionFailed, 'Cette séance n’est pas encore convoquée.', { reason: 'NOT_CONVENED' });
    await recordReceipt(context.convocations, body.id, em, meetingId, context.viewer.personId!, acknowledge);
    const mine = await this.myConvocation(MeetingType.from(meeting, body.id), context);
    return mine!;
  }
}
