import type { EntityData, EntityManager, RequiredEntityData } from '@mikro-orm/postgresql';
import { uuidv7 } from '../../../common/ids.js';
import { zonedDate } from '../../../common/time.js';
import { entityRows, insertsSql, oneStatement, type BoundSql } from '../../../db/bulk-insert.js';
import { chainEntries, ledgerRows, lockLedgerHead, type NewLedgerEntry } from '../../../evidence/ledger.js';
import { enqueueJobsSql, type JobSpec } from '../../../jobs/job-queue.js';
import type { Meeting } from '../../meetings/meeting.entity.js';
import { plannedRecipients, type PlannedRecipient } from '../contacts/recipients.js';
import type { ConvocationSettings } from '../convocation-settings.js';
import { Convocation, ConvocationRecipient, Delivery, type ConvocationKind } from '../convocation.entity.js';
import { deliveryJob } from '../delivery/delivery-queue.js';
import { convocationTaskNames } from '../task-names.js';
import { convocationManifest, secondConvocationStated, type SendFacts } from './build-manifest.js';
import { manifestBytes, sha256Hex, type ManifestDocument } from './manifest.js';
import { precondition, type NumberedItem } from './preconditions.js';

/** One send: the convocation or a supplement, its number, the agenda and the documents it binds. */
export interface SendContents {
  kind: ConvocationKind;
  sequence: number;
  items: NumberedItem[];
  documents: ManifestDocument[];
}

/**
 * The common part of a send: manifest, rows, ledger entries and jobs, in the caller's transaction.
 * 500 recipients make ≈1,100 deliveries: the convocation, its recipients and deliveries, the ledger
 * entries, the jobs and the caller's own writes (`alsoWrite`: the meeting marked convened) go in ONE
 * statement, as rows, not managed entities (the returned convocation is not managed either). Three round
 * trips whatever the number of recipients: who is convened, the ledger's head (locked), the write.
 */
export async function recordSend(
  tx: EntityManager,
  facts: SendFacts,
  settings: Pick<ConvocationSettings, 'reminderLeadHours' | 'channelsOff'>,
  contents: SendContents,
  alsoWrite: readonly BoundSql[] = [],
): Promise<Convocation> {
  const { body, meeting } = facts;
  const recipients = await plannedRecipients(
    tx,
    body.id,
    meeting.assembly.id,
    zonedDate(meeting.startsAt, body.timeZone),
    settings.channelsOff,
  );
  if (recipients.length === 0)
    precondition('NO_RECIPIENT', 'Aucun membre en exercice dans cette assemblée : il n’y a personne à convoquer.');
  const convocationId = uuidv7();
  const stated = await secondConvocationStated(tx, body, meeting);
  const manifest = convocationManifest(facts, { convocationId, ...contents, recipients, stated });
  const written = new Date();
  const convocation = tx.create(
    Convocation,
    convocationRow(facts, contents, { id: convocationId, manifest, manifestSha256: sha256Hex(manifestBytes(manifest)) }, written),
    { persist: false },
  );
  const rows = sendRows(convocation, recipients, written);
  const ledger = chainEntries(await lockLedgerHead(tx, body.id), sendLedgerEntries(convocation, recipients));
  await oneStatement(
    tx,
    [
      ...insertsSql(tx, [
        entityRows(tx, Convocation, [convocation]),
        entityRows(tx, ConvocationRecipient, rows.recipients),
        entityRows(tx, Delivery, rows.deliveries),
        ledgerRows(ledger),
      ]),
      ...alsoWrite,
    ],
    enqueueJobsSql(sendJobs(body.id, convocation, meeting, rows.deliveries, settings.reminderLeadHours, facts.now)) ?? undefined,
  );
  return convocation;
}

function convocationRow(
  { meeting, sender, urgency, now, deadline, onTime }: SendFacts,
  { kind, sequence }: SendContents,
  bound: Pick<Convocation, 'id' | 'manifest' | 'manifestSha256'>,
  written: Date,
): RequiredEntityData<Convocation> {
  return {
    ...bound,
    meetingId: meeting.id,
    sequence,
    kind,
    sentAt: now,
    sentBy: sender.id,
    latestSendAt: new Date(deadline.latestSendAt),
    clearDays: deadline.clearDays,
    article: deadline.article,
    rulesValidFrom: deadline.rulesValidFrom,
    onTime,
    urgent: urgency.urgent,
    urgencyJustification: urgency.urgencyJustification,
    createdAt: written,
    updatedAt: written,
  };
}

/** A recipient row per official convened, and a delivery per channel they are reached through. */
function sendRows(convocation: Convocation, recipients: readonly PlannedRecipient[], written: Date) {
  const timestamps = { createdAt: written, updatedAt: written };
  const convened = recipients.map((recipient) => ({ id: uuidv7(), recipient }));
  return {
    recipients: convened.map(({ id, recipient }): EntityData<ConvocationRecipient> => ({
      id,
      convocationId: convocation.id,
      meetingId: convocation.meetingId,
      personId: recipient.personId,
      displayName: recipient.displayName,
      email: recipient.email,
      channel: recipient.mode,
      postalAddress: recipient.postalAddress,
      votingRight: recipient.votingRight,
      ...timestamps,
    })),
    deliveries: convened.flatMap(({ id, recipient }) =>
      recipient.channels.map(({ channel, address }) => ({
        id: uuidv7(),
        recipientId: id,
        channel,
        purpose: 'CONVOCATION' as const,
        sendKey: `${convocation.id}:${recipient.personId}:${channel}`,
        address,
        status: 'PENDING' as const,
        attempts: 0,
        ...timestamps,
      })),
    ),
  };
}

function sendLedgerEntries(convocation: Convocation, recipients: readonly PlannedRecipient[]): NewLedgerEntry[] {
  return [
    {
      kind: convocation.kind === 'INITIAL' ? 'CONVOCATION_SENT' : 'SUPPLEMENT_SENT',
      subjectId: convocation.meetingId,
      payload: {
        convocationId: convocation.id,
        sequence: convocation.sequence,
        manifestSha256: convocation.manifestSha256,
        sentBy: convocation.sentBy,
        latestSendAt: convocation.manifest.deadline.latestSendAt,
        onTime: convocation.onTime,
        urgent: convocation.urgent,
        documents: convocation.manifest.documents.map((document) => ({ versionId: document.versionId, sha256: document.sha256 })),
      },
    },
    ...recipients.map((recipient) => ({
      kind: 'RECIPIENT_CONVENED',
      subjectId: convocation.meetingId,
      payload: {
        convocationId: convocation.id,
        personId: recipient.personId,
        mode: recipient.mode,
        channels: recipient.channels.map((channel) => channel.channel),
      },
    })),
  ];
}

function sendJobs(
  bodyId: string,
  convocation: Convocation,
  meeting: Meeting,
  deliveries: readonly Pick<Delivery, 'id' | 'channel'>[],
  reminderLeadHours: number,
  now: Date,
): JobSpec[] {
  const reminderAt = new Date(meeting.startsAt.getTime() - reminderLeadHours * 3_600_000);
  return [
    ...deliveries.map((delivery) => deliveryJob(bodyId, delivery)),
    // The manifest's timestamp first: it dates the send, whatever the number of messages queued behind.
    {
      task: convocationTaskNames.anchorManifest,
      payload: { bodyId, convocationId: convocation.id },
      jobKey: `anchor-manifest:${convocation.id}`,
      priority: -10,
    },
    ...(convocation.kind === 'INITIAL' && reminderAt > now
      ? [
          {
            task: convocationTaskNames.remind,
            payload: { bodyId, meetingId: meeting.id },
            runAt: reminderAt,
            jobKey: `remind:${meeting.id}`,
          },
        ]
      : []),
  ];
}
