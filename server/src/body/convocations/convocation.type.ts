import { IsBoolean, IsOptional, Length } from 'class-validator';
import { AttendanceAnswerType } from '../attendance/attendance.type.js';
import type { MeetingType } from '../meetings/meeting.type.js';
import type { ConvocationStatus } from '../inbox/inbox-index.js';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import { ConvocationDeadlineType } from '../meetings/convocation-deadline.type.js';
import { graphqlEnum } from '../../graphql/enums.js';
import {
  convocationKinds,
  deliveryChannels,
  deliveryPurposes,
  deliveryStatuses,
  recipientChannels,
  type Convocation,
  type ConvocationKind,
  type DeliveryChannel,
  type DeliveryPurpose,
  type DeliveryStatus,
  type RecipientChannel,
} from './convocation.entity.js';
import { documentChanges, type DocumentChange, type ManifestDocument } from './send/manifest.js';
import type { Addressee } from '../../notify/channels/channel.js';
import type { RenderedEmail } from '../../notify/channels/email.js';

export const ConvocationKindEnum = graphqlEnum(
  convocationKinds,
  'ConvocationKind',
  'The convocation itself, or a supplement (documents added or replaced after it).',
);
export const RecipientModeEnum = graphqlEnum(
  recipientChannels,
  'ConvocationMode',
  'Electronic (default, CGCT L2121-10) or paper at the official’s request.',
);
export const DeliveryChannelEnum = graphqlEnum(deliveryChannels, 'DeliveryChannel', 'Email, SMS, web push, or a printed letter.');
export const DeliveryStatusEnum = graphqlEnum(
  deliveryStatuses,
  'DeliveryStatus',
  'PENDING, ACCEPTED by the provider (SMTP 250, push service 201…), FAILED for good, or POSTED (letters).',
);
export const DeliveryPurposeEnum = graphqlEnum(
  deliveryPurposes,
  'DeliveryPurpose',
  'The convocation, a reminder, the convocation sent again to one official (RESEND), or the notice of a cancellation or a move (CHANGE).',
);
export const DocumentChangeEnum = graphqlEnum(
  documentChanges,
  'DocumentChange',
  'In a supplement: a document added, or a new version of one sent before.',
);

@ObjectType('ConvocationDocument', { description: 'A document version a send bound, as its manifest lists it.' })
@Access('authenticated')
export class ConvocationDocumentType {
  @Field(() => ID)
  documentId!: string;

  @Field(() => ID)
  versionId!: string;

  @Field(() => Int)
  version!: number;

  @Field()
  title!: string;

  @Field(() => DocumentChangeEnum, { nullable: true, description: 'Supplements: ADDED or REPLACED; null in the convocation itself.' })
  change!: DocumentChange | null;

  static from(document: ManifestDocument): ConvocationDocumentType {
    return Object.assign(new ConvocationDocumentType(), {
      documentId: document.documentId,
      versionId: document.versionId,
      version: document.version,
      title: document.title,
      change: document.change ?? null,
    });
  }
}

@ObjectType('Convocation', { description: 'One send (the convocation or a supplement) and the manifest it bound.' })
@Access('authenticated')
export class ConvocationType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  sequence!: number;

  @Field(() => ConvocationKindEnum)
  kind!: ConvocationKind;

  @Field()
  sentAt!: Date;

  @Field({ description: 'Sent by the legal deadline.' })
  onTime!: boolean;

  @Field({ description: 'The deadline applied (last instant on time).' })
  latestSendAt!: Date;

  @Field(() => Int)
  clearDays!: number;

  @Field()
  article!: string;

  @Field()
  urgent!: boolean;

  @Field(() => String, { nullable: true })
  urgencyJustification!: string | null;

  @Field({ description: 'SHA-256 of the canonical manifest (hexadecimal).' })
  manifestSha256!: string;

  @Field(() => Int)
  documentCount!: number;

  @Field(() => [ConvocationDocumentType], {
    description: 'The documents it bound: all of them in the convocation, those added or replaced in a supplement.',
  })
  documents!: ConvocationDocumentType[];

  @Field(() => Int)
  recipientCount!: number;

  /** For the field resolvers. */
  bodyId!: string;

  static from(convocation: Convocation, bodyId: string): ConvocationType {
    return Object.assign(new ConvocationType(), {
      id: convocation.id,
      sequence: convocation.sequence,
      kind: convocation.kind,
      sentAt: convocation.sentAt,
      onTime: convocation.onTime,
      latestSendAt: convocation.latestSendAt,
      clearDays: convocation.clearDays,
      article: convocation.article,
      urgent: convocation.urgent,
      urgencyJustification: convocation.urgencyJustification ?? null,
      manifestSha256: convocation.manifestSha256,
      documentCount: convocation.manifest.documents.length,
      documents: convocation.manifest.documents.map((document) => ConvocationDocumentType.from(document)),
      recipientCount: convocation.manifest.recipients.length,
      bodyId,
    });
  }
}

@ObjectType('Timestamp', { description: 'An RFC 3161 timestamp token.' })
@Access('authenticated')
export class TimestampType {
  @Field({ description: 'Time certified by the timestamping authority.' })
  genTime!: Date;

  @Field({ description: 'The timestamping authority.' })
  authority!: string;
}

@ObjectType('Delivery', { description: 'One message of a send through one channel.' })
@Access('authenticated')
export class DeliveryType {
  @Field(() => ID)
  id!: string;

  @Field(() => DeliveryChannelEnum)
  channel!: DeliveryChannel;

  @Field(() => DeliveryPurposeEnum)
  purpose!: DeliveryPurpose;

  @Field(() => DeliveryStatusEnum)
  status!: DeliveryStatus;

  @Field({ description: 'Email, phone number, number of devices, or postal address.' })
  address!: string;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => Int, {
    description:
      'Sends cut short by a crash after the message was handed to its channel and before the outcome was recorded: each was sent again, so the official may have received it that many extra times (emails: the same Message-ID).',
  })
  interruptedSends!: number;

  @Field(() => Date, { nullable: true, description: 'When the provider accepted it (for email: the SMTP server’s 250).' })
  acceptedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Letters: the posting date recorded by the secretariat (YYYY-MM-DD).' })
  postedOn!: string | null;

  @Field({ description: 'Letters: a printable PDF is ready.' })
  letterReady!: boolean;

  /** For `letterUrl` (not exposed). */
  bodyId!: string;
  letterKey!: string | null;
}

@ObjectType('PlannedChannel', { description: 'A channel a convocation would go through, and to which address.' })
@Access('authenticated')
export class PlannedChannelType {
  @Field(() => DeliveryChannelEnum)
  channel!: DeliveryChannel;

  @Field({ description: 'Email, phone number, number of devices, or postal address.' })
  address!: string;
}

@ObjectType('ConvocationFollowUp', { description: 'Where one convened official stands: deliveries, reading, acknowledgement, answer.' })
@Access('authenticated')
export class ConvocationFollowUpType {
  @Field(() => ID)
  personId!: string;

  @Field()
  displayName!: string;

  @Field(() => RecipientModeEnum)
  mode!: RecipientChannel;

  @Field()
  votingRight!: boolean;

  @Field(() => [DeliveryType], { description: 'Every message sent to them for this meeting, oldest first.' })
  deliveries!: DeliveryType[];

  @Field(() => Date, { nullable: true })
  firstOpenedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Explicit acknowledgement (accusé de réception).' })
  acknowledgedAt!: Date | null;

  @Field(() => Int, { description: 'Documents of the meeting they downloaded at least once.' })
  documentsDownloaded!: number;

  @Field(() => AttendanceAnswerType, { nullable: true })
  answer!: AttendanceAnswerType | null;

  @Field(() => [PlannedChannelType], {
    description:
      'How they are reached today, with today’s addresses: what a resend would use (a LETTER alone when they asked for paper, which is printed again rather than resent).',
  })
  currentChannels!: PlannedChannelType[];
}

@ObjectType('MyConvocation', { description: 'The caller’s own convocation to a meeting.' })
@Access('authenticated')
export class MyConvocationType {
  @Field(() => RecipientModeEnum)
  mode!: RecipientChannel;

  @Field()
  votingRight!: boolean;

  @Field(() => Date, { nullable: true })
  firstOpenedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  acknowledgedAt!: Date | null;

  @Field(() => AttendanceAnswerType, { nullable: true })
  answer!: AttendanceAnswerType | null;

  @Field({ description: 'Answers may change until the meeting starts.' })
  answersOpen!: boolean;

  @Field(() => Date, {
    nullable: true,
    description: 'When the latest supplement (documents added or replaced) was sent to the official; null: none.',
  })
  lastSupplementAt!: Date | null;

  @Field(() => Int, {
    description: 'Documents the supplements added or replaced that the official has not opened yet (their latest version).',
  })
  changedDocumentsUnread!: number;

  // Not exposed: what the field resolvers of `answerHistory` and `proxyCandidates` read, when asked.
  bodyId!: string;
  meetingId!: string;
  personId!: string;

  static from(status: ConvocationStatus, meeting: MeetingType, personId: string): MyConvocationType {
    return Object.assign(new MyConvocationType(), {
      mode: status.mode,
      votingRight: status.votingRight,
      firstOpenedAt: status.firstOpenedAt,
      acknowledgedAt: status.acknowledgedAt,
      answer: status.answer ? AttendanceAnswerType.from(status.answer, status.names) : null,
      answersOpen: meeting.status === 'CONVENED' && meeting.startsAt > new Date(),
      lastSupplementAt: status.lastSupplementAt,
      changedDocumentsUnread: status.changedDocumentsUnread,
      bodyId: meeting.bodyId,
      meetingId: meeting.id,
      personId,
    });
  }
}

@ObjectType('PaperConvocation', { description: 'A request for paper convocations (CGCT L2121-10): where to, since when.' })
@Access('authenticated')
export class PaperConvocationType {
  @Field()
  postalAddress!: string;

  @Field()
  requestedAt!: Date;
}

@ObjectType('PaperConvocationChoice', { description: 'An official convened on paper at their request (CGCT L2121-10), and where to.' })
@Access('authenticated')
export class PaperConvocationChoiceType extends PaperConvocationType {
  @Field(() => ID)
  personId!: string;
}

@ObjectType('MemberContact', {
  description:
    'Where this body’s convocations reach a member: the details its secretariat set (null: the account’s), and the account’s own.',
})
@Access('authenticated')
export class MemberContactType {
  @Field(() => ID)
  personId!: string;

  @Field(() => String, { nullable: true, description: 'Set by the secretariat for this body; null: the account’s email is used.' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'E.164, set by the secretariat for this body; null: the account’s number is used.' })
  mobilePhone!: string | null;

  @Field()
  accountEmail!: string;

  @Field(() => String, { nullable: true })
  accountMobilePhone!: string | null;

  @Field({ description: 'The official’s own consent to SMS: without it, no SMS goes to either number.' })
  smsAlerts!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the secretariat last set them; null: never.' })
  updatedAt!: Date | null;
}

@ObjectType('PlannedRecipient', { description: 'An official a convocation sent now would convene, and how.' })
@Access('authenticated')
export class PlannedRecipientType {
  @Field(() => ID)
  personId!: string;

  @Field()
  displayName!: string;

  @Field()
  votingRight!: boolean;

  @Field(() => RecipientModeEnum)
  mode!: RecipientChannel;

  @Field(() => [PlannedChannelType])
  channels!: PlannedChannelType[];
}

@ObjectType('ChannelOff', { description: 'A channel this server has no transport for: nobody is convened through it.' })
@Access('authenticated')
export class ChannelOffType {
  @Field(() => DeliveryChannelEnum)
  channel!: DeliveryChannel;

  @Field({ description: 'Why, in French, for the secretariat.' })
  reason!: string;
}

@ObjectType('ConvocationPreview', {
  description: 'What a send would do now: who gets the convocation through which channels, and the deadline under urgency.',
})
@Access('authenticated')
export class ConvocationPreviewType {
  @Field(() => [PlannedRecipientType], { description: 'Every member of the assembly in office on the meeting’s date, by name.' })
  recipients!: PlannedRecipientType[];

  @Field(() => ConvocationDeadlineType, { description: 'The deadline if urgency is declared (at least one jour franc).' })
  urgentDeadline!: ConvocationDeadlineType;

  @Field(() => [String], {
    description:
      'Numbers of the items still lacking the note explicative de synthèse (or a rapport) the law requires: a send is refused until it is empty.',
  })
  missingSynthesis!: string[];

  @Field(() => [String], {
    description:
      'Numbers of the items of a kind the body subjects to a validation circuit that do not come from an approved projet: a send is refused until it is empty.',
  })
  awaitingCircuit!: string[];

  @Field(() => [ChannelOffType], {
    description: 'Channels off on this server, with the reason: the officials who chose them are reached by their other channels.',
  })
  channelsOff!: ChannelOffType[];
}

@ObjectType('ConvocationMessages', {
  description: 'Exactly what a convocation sent now would say, on each channel, drawn from the same manifest as the send.',
})
@Access('authenticated')
export class ConvocationMessagesType {
  @Field({ description: 'The email’s subject.' })
  emailSubject!: string;

  @Field({ description: 'The email’s HTML body, as sent.' })
  emailHtml!: string;

  @Field({ description: 'The email’s plain-text body, as sent.' })
  emailText!: string;

  @Field({ description: 'The SMS, as sent to the officials who accept SMS.' })
  smsText!: string;

  @Field({
    description: 'Whom the letter below is addressed to: the first official convened on paper, or, when there is none, the first official.',
  })
  letterRecipient!: string;

  @Field({ description: 'The printable letter (PDF), base64-encoded, as generated for that official.' })
  letterPdfBase64!: string;

  /** What the email, SMS and letter channels render of the notice, for the addressee of the letter. */
  static from(addressee: Addressee, rendered: { email: RenderedEmail; sms: string; letter: Uint8Array }): ConvocationMessagesType {
    return Object.assign(new ConvocationMessagesType(), {
      emailSubject: rendered.email.subject,
      emailHtml: rendered.email.html,
      emailText: rendered.email.text,
      smsText: rendered.sms,
      letterRecipient: addressee.name,
      letterPdfBase64: Buffer.from(rendered.letter).toString('base64'),
    });
  }
}

@InputType('SendConvocationInput')
export class SendConvocationInput {
  @Field(() => UuidScalar)
  meetingId!: string;

  @Field(() => Boolean, { nullable: true, description: 'Declare urgency now (shortened delay: at least one jour franc).' })
  @IsOptional()
  @IsBoolean()
  urgent?: boolean | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 2000, { message: 'La justification compte au plus 2 000 caractères.' })
  urgencyJustification?: string | null;
}
