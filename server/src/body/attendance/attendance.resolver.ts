import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { NotFoundError } from '../../common/errors.js';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { meetingRecipients, recipientNames } from '../convocations/receipts/receipts.service.js';
import { answerConvocation } from './attendance.service.js';
import { AnswerConvocationInput, AttendanceAnswerType } from './attendance.type.js';

@Resolver()
export class AttendanceResolver {
  @Mutation(() => AttendanceAnswerType, {
    description:
      'Answers a convocation: present, absent, or proxy to a named member (the legal proxy rules apply). Changeable until the meeting starts; the secretariat may record an answer on an official’s behalf (`onBehalfOf`).',
  })
  @Access('authenticated')
  async answerConvocation(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('input', () => AnswerConvocationInput) input: AnswerConvocationInput,
    @Ctx() { bodies, viewer }: GraphqlContext,
  ): Promise<AttendanceAnswerType> {
    // The permission depends on the input (one's own answer: read; someone else's: prepare), so the
    // context is asked for here rather than declared with @InBody.
    const onBehalf = input.onBehalfOf != null && input.onBehalfOf !== viewer.personId;
    const ctx = await bodies.contextById(bodyId, onBehalf ? 'prepare' : 'read');
    const answer = await answerConvocation(ctx, {
      meetingId: input.meetingId,
      personId: onBehalf ? input.onBehalfOf! : ctx.actor.personId,
      response: input.response,
      proxyHolderId: input.proxyHolderId ?? null,
      illnessDeclared: input.illnessDeclared ?? false,
      illnessCertifiedOn: input.illnessCertifiedOn ?? null,
      remote: input.remote ?? false,
      alsoForMeetingIds: input.alsoForMeetingIds ?? [],
    });
    const recipients = await meetingRecipients(ctx.em, input.meetingId);
    if (recipients.size === 0) throw new NotFoundError('Séance introuvable.');
    return AttendanceAnswerType.from(answer, recipientNames(recipients));
  }
}
