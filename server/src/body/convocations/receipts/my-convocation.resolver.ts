import { FieldResolver, Resolver, Root } from 'type-graphql';
import { ForbiddenError } from '../../../common/errors.js';
import { Access } from '../../../graphql/access.js';
import { InBody } from '../../../graphql/in-body.js';
import type { PersonContext } from '../../../tenancy/body-context.js';
import { answerHistory } from '../../attendance/attendance.service.js';
import { AttendanceAnswerType, ColleagueType } from '../../attendance/attendance.type.js';
import { findMeeting } from '../../meetings/meeting.service.js';
import { MyConvocationType } from '../convocation.type.js';
import { convenedInOffice, meetingRecipients, recipientNames } from './receipts.service.js';

/** A `MyConvocation` is only ever built for the caller: anyone else's is refused. */
function requireOwn(root: MyConvocationType, ctx: PersonContext): void {
  if (root.personId !== ctx.actor.personId) throw new ForbiddenError();
}

/** The costly parts of the caller's convocation, read only when asked (the inbox does not). */
@Resolver(() => MyConvocationType)
export class MyConvocationResolver {
  @FieldResolver(() => [AttendanceAnswerType], { description: 'Every answer given, newest first.' })
  @Access('authenticated')
  async answerHistory(
    @Root() root: MyConvocationType,
    @InBody('read', { root: 'bodyId' }) ctx: PersonContext,
  ): Promise<AttendanceAnswerType[]> {
    requireOwn(root, ctx);
    const answers = await answerHistory(ctx.em, root.meetingId, root.personId);
    const names = answers.some((answer) => answer.proxyHolderId)
      ? recipientNames(await meetingRecipients(ctx.em, root.meetingId))
      : new Map<string, string>();
    return answers.map((answer) => AttendanceAnswerType.from(answer, names));
  }

  @FieldResolver(() => [ColleagueType], {
    description: 'Members of the assembly who may hold the caller’s proxy (voting right, convened, in office on the meeting’s day).',
  })
  @Access('authenticated')
  async proxyCandidates(@Root() root: MyConvocationType, @InBody('read', { root: 'bodyId' }) ctx: PersonContext): Promise<ColleagueType[]> {
    requireOwn(root, ctx);
    const { body, em } = ctx;
    return [...(await convenedInOffice(em, body, await findMeeting(em, root.meetingId))).values()]
      .filter((recipient) => recipient.personId !== root.personId && recipient.votingRight)
      .map((recipient) => ({ personId: recipient.personId, displayName: recipient.displayName }))
      .sort((left, right) => left.displayName.localeCompare(right.displayName, 'fr'));
  }
}
