import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { CartableError, ErrorCode, ForbiddenError, NotFoundError } from '../../common/errors.js';
import { isUuid } from '../../common/ids.js';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import type { ChannelOff } from '../../notify/channels.js';
import { LocalDateScalar } from '../../graphql/scalars.js';
import { AttendanceAnswerType, ColleagueType, QuorumForecastType } from '../attendance/attendance.type.js';
import { answerHistory, meetingQuorumForecast } from '../attendance/attendance.service.js';
import { MeetingType } from '../meetings/meeting.type.js';
import { MembershipType } from '../../platform/people/person.type.js';
import { findMeeting } from '../meetings/meeting.service.js';
import { zonedDate } from '../../common/time.js';
import { ConvocationDeadlineType } from '../meetings/convocation-deadline.type.js';
import { meetingDeadline } from '../meetings/meeting-deadline.js';
import { seatsInOfficeAt } from '../assemblies/members-in-office.js';
import { plannedRecipients, reachOf, type Reach } from './contacts/recipients.js';
import { BodyType } from '../../platform/bodies/body.type.js';
import { Convocation, Delivery, PaperConvocationRequest, type DeliveryChannel } from './convocation.entity.js';
import { followUpOf, type FollowUp } from './receipts/follow-up.js';
import { convenedInOffice, recordReceipt, meetingRecipients, recipientNames } from './receipts/receipts.service.js';
import { previewConvocation, sendConvocation, sendSupplement } from './send/send-convocation.js';
import { missingSynthesis, numberedItems } from './send/preconditions.js';
import { convocationEmail, convocationSms } from './delivery/convocation-messages.js';
import { convocationText, meetingLink } from './delivery/convocation-text.js';
import { agendaOf } from '../agenda/agenda.service.js';
import { documentsOf } from '../documents/document.service.js';
import { recordLetterPosted, renderConvocationLetter } from './delivery/letters.js';
import { paperRequestOf, setPaperConvocation } from './contacts/paper-requests.js';
import { memberContactsOf, setMemberContact } from './contacts/member-contacts.js';
import { sendReminders } from './delivery/reminders.js';
import { resendConvocation } from './delivery/resend.js';
import {
  ConvocationFollowUpType,
  ConvocationMessagesType,
  ConvocationPreviewType,
  ConvocationType,
  DeliveryChannelEnum,
  MemberContactType,
  DeliveryType,
  MyConvocationType,
  PaperConvocationType,
  PaperConvocationChoiceType,
  SendConvocationInput,
} from './convocation.type.js';

function deliveryType(delivery: Delivery, bodyId: string): DeliveryType {
  return Object.assign(new DeliveryType(), {
    bodyId,
    letterKey: delivery.letterKey ?? null,
    id: delivery.id,
    channel: delivery.channel,
    purpose: delivery.purpose,
    status: delivery.status,
    address: delivery.address,
    attempts: delivery.attempts,
    interruptedSends: delivery.interruptedSends,
    lastError: delivery.lastError ?? null,
    acceptedAt: delivery.acceptedAt ?? null,
    postedOn: delivery.postedOn ?? null,
    letterReady: delivery.letterKey != null,
  });
}

function followUpType(entry: FollowUp, names: ReadonlyMap<string, string>, bodyId: string, reach: Reach | undefined): ConvocationFollowUpType {
  return Object.assign(new ConvocationFollowUpType(), {
    personId: entry.recipient.personId,
    displayName: entry.recipient.displayName,
    mode: entry.recipient.channel,
    votingRight: entry.recipient.votingRight,
    deliveries: entry.deliveries.map((delivery) => deliveryType(delivery, bodyId)),
    firstOpenedAt: entry.receipt?.firstOpenedAt ?? null,
    acknowledgedAt: entry.receipt?.acknowledgedAt ?? null,
    documentsDownloaded: entry.documentsDownloaded,
    answer: entry.answer ? AttendanceAnswerType.from(entry.answer, names) : null,
    currentChannels: reach?.channels ?? [],
  });
}

/** The follow-up rows of `entries`, with each official's channels of today. */
async function followUpTypes(em: EntityManager, bodyId: string, meetingId: string, entries: FollowUp[], channelsOff: readonly ChannelOff[]): Promise<ConvocationFollowUpType[]> {
  const [recipients, reached] = await Promise.all([meetingRecipients(em, meetingId), reachOf(em, entries.map((entry) => entry.recipient.personId), channelsOff)]);
  const names = new Map([...recipients.values()].map((recipient) => [recipient.personId, recipient.displayName]));
  return entries.map((entry) => followUpType(entry, names, bodyId, reached.get(entry.recipient.personId)));
}

/** Convocation fields of a meeting, and the send and receipt mutations. */
@Resolver(() => MeetingType)
export class MeetingConvocationResolver {
  @FieldResolver(() => [ConvocationType], { description: 'Every send of this meeting: the convocation, then supplements.' })
  @Access('authenticated')
  async convocations(@Root() root: MeetingType, @Ctx() { bodies }: GraphqlContext): Promise<ConvocationType[]> {
    const { em } = await bodies.enterById(root.bodyId, 'read');
    return (await em.find(Convocation, { meetingId: root.id }, { orderBy: { sequence: 'asc' } })).map((convocation) => ConvocationType.from(convocation, root.bodyId));
  }

  @FieldResolver(() => [ConvocationFollowUpType], { description: 'Secretariat: where each convened official stands.' })
  @Access('authenticated')
  async followUp(@Root() root: MeetingType, @Ctx() { bodies, convocations }: GraphqlContext): Promise<ConvocationFollowUpType[]> {
    const { body, em } = await bodies.enterById(root.bodyId, 'prepare');
    const inOffice = await seatsInOfficeAt(em, body, await findMeeting(em, root.id));
    return followUpTypes(em, root.bodyId, root.id, await followUpOf(em, root.id, { inOffice }), convocations.channelsOff);
  }

  @FieldResolver(() => ConvocationPreviewType, { description: 'Secretariat, before sending: who a convocation sent now would reach, through which channels, and what is still missing.' })
  @Access('authenticated')
  async convocationPreview(@Root() root: MeetingType, @Ctx() { bodies, convocations }: GraphqlContext): Promise<ConvocationPreviewType> {
    const { body, em } = await bodies.enterById(root.bodyId, 'prepare');
    const meeting = await findMeeting(em, root.id);
    const [recipients, items, documents] = await Promise.all([
      plannedRecipients(em, body.id, meeting.assembly.id, zonedDate(meeting.startsAt, body.timeZone), convocations.channelsOff),
      agendaOf(em, meeting.id),
      documentsOf(em, meeting.id),
    ]);
    return Object.assign(new ConvocationPreviewType(), {
      recipients: recipients.map(({ personId, displayName, votingRight, mode, channels }) => ({ personId, displayName, votingRight, mode, channels })),
      urgentDeadline: ConvocationDeadlineType.from(await meetingDeadline(em, body, meeting, true)),
      missingSynthesis: missingSynthesis(body, meeting, numberedItems(items), documents),
      channelsOff: convocations.channelsOff,
    });
  }

  @FieldResolver(() => ConvocationMessagesType, {
    description: 'Secretariat, before sending: the email, SMS and letter a convocation sent now would carry (urgency as declared in the arguments, else as stored).',
  })
  @Access('authenticated')
  async convocationMessages(
    @Root() root: MeetingType,
    @Ctx() { bodies, convocations, platformEm, viewer }: GraphqlContext,
    @Arg('urgent', () => Boolean, { nullable: true }) urgent?: boolean | null,
    @Arg('urgencyJustification', () => String, { nullable: true }) urgencyJustification?: string | null,
  ): Promise<ConvocationMessagesType> {
    const { body, em } = await bodies.enterById(root.bodyId, 'prepare');
    const { manifest, recipients } = await previewConvocation({ platformEm, channelsOff: convocations.channelsOff, now: () => convocations.clock.now() }, body, em, viewer.personId!, {
      meetingId: root.id,
      urgent,
      urgencyJustification,
    });
    const link = meetingLink(convocations.publicUrl, body.id, root.id);
    const email = convocationEmail(convocationText(manifest, { link }));
    const addressee = recipients.find((recipient) => recipient.mode === 'PAPER') ?? recipients[0];
    const letter = await renderConvocationLetter(manifest, addressee ?? { displayName: 'Madame, Monsieur' }, convocations.publicUrl);
    return Object.assign(new ConvocationMessagesType(), {
      emailSubject: email.subject,
      emailHtml: email.html,
      emailText: email.text,
      smsText: convocationSms(manifest, link, false),
      letterRecipient: addressee?.displayName ?? 'Madame, Monsieur',
      letterPdfBase64: Buffer.from(letter).toString('base64'),
    });
  }

  @FieldResolver(() => MyConvocationType, { nullable: true, description: 'The caller’s own convocation; null when not convened.' })
  @Access('authenticated')
  async myConvocation(@Root() root: MeetingType, @Ctx() { bodies, viewer, convocationStatus }: GraphqlContext): Promise<MyConvocationType | null> {
    const { em } = await bodies.enterById(root.bodyId, 'read');
    // Batched with the other meetings of the body asked in the same request (the inbox).
    const status = await convocationStatus.load(root.bodyId, em, root.id);
    return status && MyConvocationType.from(status, root, viewer.personId!);
  }

  @FieldResolver(() => QuorumForecastType, { nullable: true, description: 'Secretariat: the quorum the answers announce; null before the convocation.' })
  @Access('authenticated')
  async quorumForecast(@Root() root: MeetingType, @Ctx() { bodies }: GraphqlContext): Promise<QuorumForecastType | null> {
    const { body, em } = await bodies.enterById(root.bodyId, 'prepare');
    if ((await em.count(Convocation, { meetingId: root.id })) === 0) return null;
    return QuorumForecastType.from(await meetingQuorumForecast(body, em, root.id));
  }

  @Mutation(() => ConvocationType, {
    description:
      'Sends the convocation: checks the agenda, the explanatory notes and the legal deadline (or a justified urgency), then convenes every member in office, in one transaction.',
  })
  @Access('authenticated')
  async sendConvocation(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('input', () => SendConvocationInput) input: SendConvocationInput,
    @Ctx() context: GraphqlContext,
  ): Promise<ConvocationType> {
    const { body, em } = await context.bodies.enterById(bodyId, 'prepare');
    const convocation = await sendConvocation(
      { platformEm: context.platformEm, reminderLeadHours: context.convocations.reminderLeadHours, channelsOff: context.convocations.channelsOff, now: () => context.convocations.clock.now() },
      body,
      em,
      context.viewer.personId!,
      input,
    );
    return ConvocationType.from(convocation, body.id);
  }

  @Mutation(() => ConvocationType, { description: 'Sends the documents added or replaced since the last send, with their own manifest.' })
  @Access('authenticated')
  async sendConvocationSupplement(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('meetingId', () => ID) meetingId: string,
    @Ctx() context: GraphqlContext,
  ): Promise<ConvocationType> {
    const { body, em } = await context.bodies.enterById(bodyId, 'prepare');
    const convocation = await sendSupplement(
      { platformEm: context.platformEm, reminderLeadHours: context.convocations.reminderLeadHours, channelsOff: context.convocations.channelsOff, now: () => context.convocations.clock.now() },
      body,
      em,
      context.viewer.personId!,
      meetingId,
    );
    return ConvocationType.from(convocation, body.id);
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

  @Mutation(() => DeliveryType, { description: 'Secretariat: records the date a paper convocation was posted.' })
  @Access('authenticated')
  async recordLetterPosted(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('deliveryId', () => ID) deliveryId: string,
    @Arg('postedOn', () => LocalDateScalar) postedOn: string,
    @Ctx() context: GraphqlContext,
  ): Promise<DeliveryType> {
    const { body, em } = await context.bodies.enterById(bodyId, 'prepare');
    if (!isUuid(deliveryId)) throw new NotFoundError('Envoi introuvable.');
    return deliveryType(await recordLetterPosted(context.convocations, body, em, deliveryId, postedOn, context.viewer.personId!), body.id);
  }

  @Mutation(() => Int, { description: 'Reminds the officials who have not acknowledged yet, each at most once a day (in the body’s time zone, scheduled reminder included; concurrent calls remind once); returns how many were reminded by this call.' })
  @Access('authenticated')
  async sendConvocationReminders(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('meetingId', () => ID) meetingId: string,
    @Ctx() context: GraphqlContext,
  ): Promise<number> {
    const { body, em } = await context.bodies.enterById(bodyId, 'prepare');
    if (!isUuid(meetingId)) throw new NotFoundError('Séance introuvable.');
    return sendReminders(em, body, meetingId);
  }

  @Mutation(() => ConvocationFollowUpType, {
    description:
      'Secretariat: sends the convocation again to one convened official — every send they received, same manifests and documents — through their channels of today, to today’s addresses (`channels` narrows them); refused before the convocation, once the meeting has started, and for paper (the letter is printed again). Returns their follow-up row.',
  })
  @Access('authenticated')
  async resendConvocation(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('personId', () => ID) personId: string,
    @Arg('channels', () => [DeliveryChannelEnum], { nullable: true, description: 'Some of their channels of today; all of them when absent.' }) channels: DeliveryChannel[] | null,
    @Ctx() context: GraphqlContext,
  ): Promise<ConvocationFollowUpType> {
    const { body, em } = await context.bodies.enterById(bodyId, 'prepare');
    if (!isUuid(meetingId)) throw new NotFoundError('Séance introuvable.');
    const entry = await resendConvocation({ platformEm: context.platformEm, settings: context.convocations }, body, em, context.viewer.personId!, { meetingId, personId, channels });
    const [row] = await followUpTypes(em, body.id, meetingId, [entry], context.convocations.channelsOff);
    return row!;
  }

  @Mutation(() => Boolean, {
    description:
      'Paper convocation at the official’s request (CGCT L2121-10), to the address given; null goes back to electronic. An official sets their own, the secretariat anyone’s (`personId`).',
  })
  @Access('authenticated')
  async setPaperConvocation(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('postalAddress', () => String, { nullable: true }) postalAddress: string | null,
    @Arg('personId', () => ID, { nullable: true }) personId: string | null,
    @Ctx() context: GraphqlContext,
  ): Promise<boolean> {
    const callerId = context.viewer.personId!;
    const forOther = personId != null && personId !== callerId;
    const { em } = await context.bodies.enterById(bodyId, forOther ? 'prepare' : 'read');
    await setPaperConvocation(context.platformEm, bodyId, em, forOther ? personId : callerId, postalAddress ?? null, callerId);
    return postalAddress != null;
  }

  @Mutation(() => MemberContactType, {
    description:
      'Secretariat: where this body’s convocations reach a member — an email and a mobile phone (E.164 after normalisation) replacing their account’s for this body; null or blank keeps the account’s. SMS still needs the official’s own consent.',
  })
  @Access('authenticated')
  async setMemberContact(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('personId', () => ID) personId: string,
    @Arg('email', () => String, { nullable: true }) email: string | null,
    @Arg('mobilePhone', () => String, { nullable: true }) mobilePhone: string | null,
    @Ctx() context: GraphqlContext,
  ): Promise<MemberContactType> {
    const { em } = await context.bodies.enterById(bodyId, 'prepare');
    const row = await setMemberContact(context.platformEm, bodyId, em, personId, { email: email ?? null, mobilePhone: mobilePhone ?? null }, context.viewer.personId!);
    return Object.assign(new MemberContactType(), row);
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

@Resolver(() => DeliveryType)
export class DeliveryResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Secretariat: the printable letter (PDF), a link valid 5 minutes.' })
  @Access('authenticated')
  async letterUrl(@Root() root: DeliveryType, @Ctx() { bodies, documents }: GraphqlContext): Promise<string | null> {
    await bodies.enterById(root.bodyId, 'prepare');
    if (!root.letterKey) return null;
    return documents.storage.createDownloadUrl(root.letterKey, { expiresInSeconds: 300, fileName: `convocation-${root.id}.pdf`, contentType: 'application/pdf' });
  }
}

/** `Membership.paperConvocation`: the person's own choice, or any member's for the body's secretariat. */
@Resolver(() => MembershipType)
export class MembershipConvocationResolver {
  @FieldResolver(() => PaperConvocationType, {
    nullable: true,
    description: 'Paper convocations requested in this body (CGCT L2121-10); null: electronic, the default. The person themselves or the body’s secretariat.',
  })
  @Access('authenticated')
  async paperConvocation(@Root() root: MembershipType, @Ctx() { bodies, viewer }: GraphqlContext): Promise<PaperConvocationType | null> {
    const own = root.person.id === viewer.personId;
    const { em } = await bodies.enterById(root.body.id, own ? 'read' : 'prepare');
    const request = await paperRequestOf(em, root.person.id);
    return request && Object.assign(new PaperConvocationType(), { postalAddress: request.postalAddress, requestedAt: request.requestedAt });
  }
}

@Resolver(() => BodyType)
export class BodyPaperConvocationsResolver {
  @FieldResolver(() => [PaperConvocationChoiceType], { description: 'Secretariat: the officials of the body convened on paper at their request, and their postal address.' })
  @Access('authenticated')
  async paperConvocations(@Root() root: BodyType, @Ctx() { bodies }: GraphqlContext): Promise<PaperConvocationChoiceType[]> {
    const { em } = await bodies.enterById(root.id, 'prepare');
    return (await em.find(PaperConvocationRequest, {}, { orderBy: { requestedAt: 'asc' } })).map(({ personId, postalAddress, requestedAt }) =>
      Object.assign(new PaperConvocationChoiceType(), { personId, postalAddress, requestedAt }),
    );
  }

  @FieldResolver(() => [MemberContactType], { description: 'Secretariat: where this body’s convocations reach each member.' })
  @Access('authenticated')
  async memberContacts(@Root() root: BodyType, @Ctx() { bodies }: GraphqlContext): Promise<MemberContactType[]> {
    const { em } = await bodies.enterById(root.id, 'prepare');
    return (await memberContactsOf(em, root.id)).map((row) => Object.assign(new MemberContactType(), row));
  }
}
