import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';
import { deliveryChannelIds, type DeliveryChannelId } from '../../notify/channels/registry.js';
import type { ConvocationManifest } from './send/manifest.js';

export const convocationKinds = ['INITIAL', 'SUPPLEMENT'] as const;
export type ConvocationKind = (typeof convocationKinds)[number];
export const recipientChannels = ['ELECTRONIC', 'PAPER'] as const;
export type RecipientChannel = (typeof recipientChannels)[number];
/** The channels of the registry (`notify/channels/registry.ts`); the table's check lists the same. */
export const deliveryChannels = deliveryChannelIds;
export type DeliveryChannel = DeliveryChannelId;
export const deliveryStatuses = ['PENDING', 'ACCEPTED', 'FAILED', 'POSTED'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
export const deliveryPurposes = ['CONVOCATION', 'REMINDER', 'RESEND', 'CHANGE'] as const;
export type DeliveryPurpose = (typeof deliveryPurposes)[number];

/** L2121-10: an official who asked for paper, and where to. */
const PaperConvocationRequestSchema = defineEntity({
  name: 'PaperConvocationRequest',
  schema: '*',
  tableName: 'paper_convocation_request',
  properties: {
    personId: p.uuid().primary(),
    postalAddress: p.string(),
    requestedAt: p.datetime(),
    recordedBy: p.uuid(),
    ...timestampProperties,
  },
});
export class PaperConvocationRequest extends PaperConvocationRequestSchema.class {}
PaperConvocationRequestSchema.setClass(PaperConvocationRequest);

/** Where this body's convocations reach an official, set by the secretariat; null columns: the account's. */
const MemberContactSchema = defineEntity({
  name: 'MemberContact',
  schema: '*',
  tableName: 'member_contact',
  properties: {
    personId: p.uuid().primary(),
    email: p.string().nullable(),
    mobilePhone: p.string().nullable(),
    updatedBy: p.uuid(),
    ...timestampProperties,
  },
});
export class MemberContact extends MemberContactSchema.class {}
MemberContactSchema.setClass(MemberContact);

/** One send (the convocation or a supplement), with the manifest it bound. Never changed once written. */
const ConvocationSchema = defineEntity({
  name: 'Convocation',
  schema: '*',
  tableName: 'convocation',
  properties: {
    id: p.uuid().primary(),
    meetingId: p.uuid(),
    sequence: p.integer(),
    kind: p.enum(convocationKinds),
    sentAt: p.datetime(),
    sentBy: p.uuid(),
    latestSendAt: p.datetime(),
    clearDays: p.integer(),
    article: p.string(),
    rulesValidFrom: p.string().columnType('date'),
    onTime: p.boolean(),
    urgent: p.boolean(),
    urgencyJustification: p.string().nullable(),
    manifest: p.json<ConvocationManifest>(),
    manifestSha256: p.string(),
    ...timestampProperties,
  },
});
export class Convocation extends ConvocationSchema.class {}
ConvocationSchema.setClass(Convocation);

/** A member in office on the day of the send, as convened: name, address and channel frozen. */
const ConvocationRecipientSchema = defineEntity({
  name: 'ConvocationRecipient',
  schema: '*',
  tableName: 'convocation_recipient',
  properties: {
    id: p.uuid().primary(),
    convocationId: p.uuid(),
    meetingId: p.uuid(),
    personId: p.uuid(),
    displayName: p.string(),
    email: p.string(),
    channel: p.enum(recipientChannels),
    postalAddress: p.string().nullable(),
    votingRight: p.boolean(),
    ...timestampProperties,
  },
});
export class ConvocationRecipient extends ConvocationRecipientSchema.class {}
ConvocationRecipientSchema.setClass(ConvocationRecipient);

/** One message through one channel; its worker finds it again by `sendKey` after any crash. */
const DeliverySchema = defineEntity({
  name: 'Delivery',
  schema: '*',
  tableName: 'delivery',
  properties: {
    id: p.uuid().primary(),
    recipientId: p.uuid(),
    channel: p.enum(deliveryChannels),
    purpose: p.enum(deliveryPurposes),
    sendKey: p.string().unique(),
    address: p.string(),
    status: p.enum(deliveryStatuses),
    attempts: p.integer().default(0),
    /** Set (committed) just before the message is handed to its channel, cleared with the recorded outcome. */
    sendingSince: p.datetime().nullable(),
    /** Sends cut short after the hand-off, before their outcome was recorded: possible duplicates. */
    interruptedSends: p.integer().default(0),
    lastError: p.string().nullable(),
    providerReference: p.string().nullable(),
    acceptedAt: p.datetime().nullable(),
    letterKey: p.string().nullable(),
    postedOn: p.string().nullable(),
    /** A CHANGE delivery: the cancellation or move it announces (body/changes). */
    meetingChangeId: p.uuid().nullable(),
    ...timestampProperties,
  },
});
export class Delivery extends DeliverySchema.class {}
DeliverySchema.setClass(Delivery);

/** When an official first opened the meeting, and acknowledged receipt. */
const MeetingReceiptSchema = defineEntity({
  name: 'MeetingReceipt',
  schema: '*',
  tableName: 'meeting_receipt',
  properties: {
    meetingId: p.uuid().primary(),
    personId: p.uuid().primary(),
    firstOpenedAt: p.datetime().nullable(),
    acknowledgedAt: p.datetime().nullable(),
    ...timestampProperties,
  },
});
export class MeetingReceipt extends MeetingReceiptSchema.class {}
MeetingReceiptSchema.setClass(MeetingReceipt);

const DocumentDownloadSchema = defineEntity({
  name: 'DocumentDownload',
  schema: '*',
  tableName: 'document_download',
  properties: {
    documentVersionId: p.uuid().primary(),
    personId: p.uuid().primary(),
    meetingId: p.uuid(),
    firstDownloadedAt: p.datetime(),
  },
});
export class DocumentDownload extends DocumentDownloadSchema.class {}
DocumentDownloadSchema.setClass(DocumentDownload);
