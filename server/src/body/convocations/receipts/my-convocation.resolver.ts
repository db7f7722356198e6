import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ForbiddenError } from '../../../common/errors.js';
import { Access } from '../../../graphql/access.js';
import type { GraphqlContext } from '../../../graphql/context.js';
import { answerHistory } from '../../attendance/attendance.service.js';
import { AttendanceAnswerType, ColleagueType } from '../../attendance/attendance.type.js';
import { findMeeting } from '../../meetings/meeting.service.js';
import { MyConvocationType } from '../convocation.type.js';
import { convenedInOffice, meetingRecipients, recipientNames } from './receipts.service.js';

/** The costly parts of the caller's convocation, read only when asked (the inbox does not). */
@Resolver(() => MyConvocationType)
export class MyConvocationResolver {
  @FieldResolver(() => [AttendanceAnswerType], { description: 'Every answer given, newest first.' })
  @Access('authenticated')
  async answerHistory(@Root() root: MyConvocationType, @Ctx() context: GraphqlContext): Promise<AttendanceAnswerType[]> {
    const em = await enterOwnConvocation(root, context);
    const answers = await answerHistory(em, root.meetingId, root.personId);
    const names = answers.some((answer) => answer.proxyHolderId) ? recipientNames(await meetingRecipients(em, root.meetingId)) : new Map<string, string>();
    return answers.map((answer) => AttendanceAnswerType.from(answer, names));
  }

  @FieldResolver(() => [ColleagueType], { description: 'Members of the assembly who may hold the caller’s proxy (voting right, convened, in office on the meeting’s day).' })
  @Access('authenticated')
  async proxyCandidates(@Root() root: MyConvocationType, @Ctx() context: GraphqlContext): Promise<ColleagueType[]> {
    const em = await enterOwnConvocation(root, context);
    const { body } = await context.bodies.enterById(root.bodyId, 'read');
    return [...(await convenedInOffice(em, body, await findMeeting(em, root.meetingId))).values()]
      .filter((recipient) => recipient.personId !== root.personId && recipient.votingRight)
      .map((recipient) => ({ personId: recipient.personId, displayName: recipient.displayName }))
      .sort((left, right) => left.displayName.localeCompare(right.displayName, 'fr'));
  }
}

/** The body of a `MyConvocation`, entered for its owner only (it is only ever built for the caller). */
async function enterOwnConvocation(root: MyConvocationType, { bodies, viewer }: GraphqlContext) {
  if (root.personId !== viewer.personId) throw new ForbiddenError();
  return (await bodies.enterById(root.bodyId, 'read')).em;
}
