import type { ChannelOff } from '../../notify/channels.js';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { zonedDate } from '../../common/time.js';
import { insertRows } from '../../db/bulk-insert.js';
import { appendToLedger, type NewLedgerEntry } from '../../evidence/ledger.js';
import { enqueueJobs, type JobSpec } from '../../jobs/job-queue.js';
import { isoWithOffset, type ConvocationDeadline } from '../../legal/convocation-deadline.js';
import { synthesisRequirement, type SynthesisRequirement } from '../../legal/convocation-rules.js';
import { meetingDeadline } from '../meetings/meeting-deadline.js';
import type { Body } from '../../platform/bodies/body.entity.js';
import { Person } from '../../platform/people/person.entity.js';
import type { AgendaItem } from '../agenda/agenda-item.entity.js';
import { agendaOf } from '../agenda/agenda.service.js';
import { numberAgenda } from '../agenda/agenda-numbering.js';
import { documentsOf } from '../documents/document.service.js';
import type { Meeting } from '../meetings/meeting.entity.js';
import { convenedAgainUnder, meetingRules } from '../meetings/meeting-rules.js';
import { findDraftMeeting, findMeeting } from '../meetings/meeting.service.js';
import { Convocation, type ConvocationKind, type Delivery } from './convocation.entity.js';
import { manifestBytes, sha256Hex, type ConvocationManifest, type ManifestDocument } from './manifest.js';
import { deliveryJob } from './later-messages.js';
import { plannedRecipients, type PlannedRecipient } from './recipients.js';
import { convocationTaskNames } from './task-names.js';
import { circuitNotEndedMessage, itemsAwaitingCircuit } from '../../acts/circuits/circuit.service.js';
import { cited } from '../../legal/body-articles.js';

export interface SendServices {
  platformEm: EntityManager;
  /** Hours before the meeting when officials who have not acknowledged get a reminder. */
  reminderLeadHours: number;
  /** Channels without a transport on this server: nobody is convened through them. */
  channelsOff: readonly ChannelOff[];
  now?: () => Date;
}

export interface SendInput {
  meetingId: string;
  /** Urgency declared at the time of sending (L2121-11/12: at least one jour franc, justified). */
  urgent?: boolean | null;
  urgencyJustification?: string | null;
}

function precondition(reason: string, message: string, details: Record<string, unknown> = {}): never {
  throw new CartableError(ErrorCode.PreconditionFailed, message, { reason, ...details });
}

type NumberedItem = AgendaItem & { number: string };

export function numberedItems(items: AgendaItem[]): NumberedItem[] {
  return numberAgenda(items).flatMap((node) => [node, ...node.children]) as unknown as NumberedItem[];
}

/** Items lacking the explanatory document the law requires (a meeting-wide note covers them all, an item's note its sub-items). */
export function itemsMissingSynthesis(
  requirement: SynthesisRequirement,
  items: readonly { id: string; parentId?: string | null; number: string; kind: string; icpe: boolean }[],
  documents: readonly { agendaItemId: string | null; kind: string }[],
): string[] {
  if (requirement === 'NONE') return [];
  const explanatory = (kind: string) => kind === 'NOTE_SYNTHESE' || kind === 'RAPPORT';
  if (documents.some((document) => document.agendaItemId === null && document.kind === 'NOTE_SYNTHESE')) return [];
  const covered = new Set(documents.filter((document) => explanatory(document.kind)).map((document) => document.agendaItemId));
  return items
    .filter((item) => item.kind === 'DELIBERATION' && (requirement === 'EVERY_DELIBERATION' || item.icpe))
    // A sub-item is covered by its parent's note.
    .filter((item) => !covered.has(item.id) && !(item.parentId && covered.has(item.parentId)))
    .map((item) => item.number);
}

/** `itemsMissingSynthesis` under the requirement of the meeting's body and assembly (none for commissions). */
export function missingSynthesis(body: Body, meeting: Meeting, items: readonly NumberedItem[], documents: Awaited<ReturnType<typeof documentsOf>>): string[] {
  const requirement = meeting.assembly.kind === 'COMMISSION' ? 'NONE' : synthesisRequirement(body.kind, body.population ?? null, zonedDate(meeting.startsAt, body.timeZone));
  return itemsMissingSynthesis(
    requirement,
    items,
    documents.map(({ document }) => ({ agendaItemId: document.agendaItemId ?? null, kind: document.kind })),
  );
}

interface SendContext {
  services: SendServices;
  body: Body;
  meeting: Meeting;
  sender: Person;
  now: Date;
  deadline: ConvocationDeadline;
  onTime: boolean;
}

/**
 * Sends the convocation of a meeting: checks the preconditions, then writes in ONE transaction the
 * convocation and its manifest, a recipient per member in office, a delivery per channel, the ledger
 * entries and the jobs (email, SMS, push, letter, timestamp, reminder). A crash before the commit leaves
 * nothing; after it, the jobs deliver. The meeting row is locked, so a double click convenes once.
 */
export async function sendConvocation(services: SendServices, body: Body, em: EntityManager, senderId: string, input: SendInput): Promise<Convocation> {
  return em.transactional(async (tx) => {
    const now = services.now?.() ?? new Date();
    const meeting = await findDraftMeeting(tx, input.meetingId, {
      refusal: 'Cette séance a déjà été convoquée (ou annulée) : pour de nouveaux documents, envoyez un complément.',
      lock: true,
    });
    await tx.populate(meeting, ['assembly']);
    if (input.urgent != null) {
      const justification = input.urgencyJustification?.trim() || null;
      if (input.urgent && !justification) {
        throw new BadUserInputError('L’urgence doit être justifiée (elle sera soumise à l’assemblée à l’ouverture).', { field: 'urgencyJustification' });
      }
      meeting.urgent = input.urgent;
      meeting.urgencyJustification = input.urgent ? justification : null;
    }
    if (meeting.startsAt <= now) precondition('MEETING_PAST', 'La séance a déjà commencé : elle ne peut plus être convoquée.');

    const items = numberedItems(await agendaOf(tx, meeting.id));
    const rules = meetingRules(body, meeting);
    if (items.length === 0) precondition('AGENDA_EMPTY', `L’ordre du jour est vide : la convocation doit indiquer les questions portées à l’ordre du jour${cited(rules.agendaArticle)}.`);
    const awaitingCircuit = await itemsAwaitingCircuit(tx, items);
    if (awaitingCircuit.length > 0) precondition('CIRCUIT_NOT_ENDED', circuitNotEndedMessage(awaitingCircuit), { items: awaitingCircuit });

    const documents = await documentsOf(tx, meeting.id);
    const missing = missingSynthesis(body, meeting, items, documents);
    if (missing.length > 0) {
      precondition(
        'SYNTHESIS_NOTE_MISSING',
        `Note explicative de synthèse (ou rapport) manquante pour ${missing.length > 1 ? 'les points' : 'le point'} ${missing.join(', ')} : elle doit être adressée avec la convocation${cited(rules.synthesisArticle)}.`,
        { items: missing },
      );
    }

    const deadline = await meetingDeadline(tx, body, meeting, meeting.urgent, items);
    const onTime = now.getTime() <= new Date(deadline.latestSendAt).getTime();
    if (!onTime) {
      precondition(
        'DEADLINE_PASSED',
        meeting.urgent
          ? `Même en urgence, la convocation devait partir au plus tard le ${deadline.latestSendDate} (${deadline.clearDays} jour franc, ${deadline.article}).`
          : `Le délai légal est dépassé : la convocation devait partir au plus tard le ${deadline.latestSendDate} (${deadline.clearDays} jours francs, ${deadline.article}). Déclarez l’urgence en la justifiant, ou reportez la séance.`,
        { latestSendAt: deadline.latestSendAt, clearDays: deadline.clearDays, article: deadline.article },
      );
    }

    const sender = await services.platformEm.findOneOrFail(Person, { id: senderId });
    const context: SendContext = { services, body, meeting, sender, now, deadline, onTime };
    const convocation = await recordSend(tx, context, 'INITIAL', 1, items, initialDocuments(items, documents));
    meeting.status = 'CONVENED';
    await tx.flush();
    return convocation;
  });
}

/**
 * Sends what changed since the last send (new documents, new versions) as a supplement with its own
 * manifest, to the members in office. Refused when nothing changed.
 */
export async function sendSupplement(services: SendServices, body: Body, em: EntityManager, senderId: string, meetingId: string): Promise<Convocation> {
  return em.transactional(async (tx) => {
    const now = services.now?.() ?? new Date();
    const meeting = await findMeeting(tx, meetingId);
    await tx.lock(meeting, LockMode.PESSIMISTIC_WRITE);
    if (meeting.status !== 'CONVENED') precondition('NOT_CONVENED', 'Un complément ne s’envoie qu’après la convocation, et avant la séance.');
    if (meeting.startsAt <= now) precondition('MEETING_PAST', 'La séance a déjà commencé.');
    const previous = await tx.find(Convocation, { meetingId: meeting.id }, { orderBy: { sequence: 'asc' } });
    const sentVersions = new Set(previous.flatMap((convocation) => convocation.manifest.documents.map((document) => document.versionId)));
    const sentDocumentIds = new Set(previous.flatMap((convocation) => convocation.manifest.documents.map((document) => document.documentId)));
    const items = numberedItems(await agendaOf(tx, meeting.id));
    const changed = (await documentsOf(tx, meeting.id)).flatMap(({ document, versions }) => {
      const latest = versions[0];
      if (!latest || sentVersions.has(latest.id)) return [];
      const number = items.find((item) => item.id === document.agendaItemId)?.number ?? null;
      return [manifestDocument({ document, version: latest, number }, sentDocumentIds.has(document.id) ? 'REPLACED' : 'ADDED')];
    });
    if (changed.length === 0) precondition('NOTHING_TO_SEND', 'Aucun document nouveau ou remplacé depuis le dernier envoi.');
    const deadline = await meetingDeadline(tx, body, meeting, meeting.urgent, items);
    const onTime = now.getTime() <= new Date(deadline.latestSendAt).getTime();
    const sender = await services.platformEm.findOneOrFail(Person, { id: senderId });
    return recordSend(tx, { services, body, meeting, sender, now, deadline, onTime }, 'SUPPLEMENT', (previous.at(-1)?.sequence ?? 0) + 1, items, changed);
  });
}

/** What the convocation itself carries: the latest version of every document of the meeting. */
function initialDocuments(items: readonly NumberedItem[], documents: Awaited<ReturnType<typeof documentsOf>>): ManifestDocument[] {
  return documents.flatMap(({ document, versions }) => {
    const latest = versions[0];
    if (!latest) return [];
    return [manifestDocument({ document, version: latest, number: items.find((item) => item.id === document.agendaItemId)?.number ?? null })];
  });
}

/**
 * The convocation a send made now would carry, without writing anything: its manifest (the words of the
 * email, SMS and letter are all drawn from it) and its recipients. The secretariat reads it before sending.
 */
export async function previewConvocation(
  services: Pick<SendServices, 'platformEm' | 'channelsOff' | 'now'>,
  body: Body,
  em: EntityManager,
  senderId: string,
  input: SendInput,
): Promise<{ manifest: ConvocationManifest; recipients: PlannedRecipient[] }> {
  const now = services.now?.() ?? new Date();
  const meeting = await findMeeting(em, input.meetingId);
  await em.populate(meeting, ['assembly']);
  const urgent = input.urgent ?? meeting.urgent;
  const items = numberedItems(await agendaOf(em, meeting.id));
  const deadline = await meetingDeadline(em, body, meeting, urgent, items);
  const sender = await services.platformEm.findOneOrFail(Person, { id: senderId });
  const recipients = await plannedRecipients(em, body.id, meeting.assembly.id, zonedDate(meeting.startsAt, body.timeZone), services.channelsOff);
  const context = { body, meeting, sender, now, deadline, onTime: now.getTime() <= new Date(deadline.latestSendAt).getTime() };
  const manifest = convocationManifest(context, uuidv7(), 'INITIAL', 1, items, initialDocuments(items, await documentsOf(em, meeting.id)), recipients, await secondConvocationStated(em, body, meeting));
  // The urgency being declared in the form, not yet stored on the meeting.
  manifest.meeting.urgent = urgent;
  manifest.meeting.urgencyJustification = urgent ? (input.urgent == null ? manifest.meeting.urgencyJustification : input.urgencyJustification?.trim() || null) : null;
  return { manifest, recipients };
}

function manifestDocument(
  entry: { document: { id: string; title: string; kind: string }; version: { id: string; version: number; fileName: string; sizeBytes: number; pageCount: number; sha256: string }; number: string | null },
  change?: ManifestDocument['change'],
): ManifestDocument {
  return {
    documentId: entry.document.id,
    versionId: entry.version.id,
    version: entry.version.version,
    title: entry.document.title,
    kind: entry.document.kind,
    agendaItemNumber: entry.number,
    fileName: entry.version.fileName,
    sizeBytes: Number(entry.version.sizeBytes),
    pageCount: entry.version.pageCount,
    sha256: entry.version.sha256,
    ...(change ? { change } : {}),
  };
}

/** For a séance convened again after a failed quorum, what its convocation states (and the manifest binds). */
async function secondConvocationStated(tx: EntityManager, body: Body, meeting: Meeting): Promise<Pick<ConvocationManifest['meeting'], 'secondConvocation'>> {
  const rule = convenedAgainUnder(body, meeting);
  if (!rule || !meeting.firstConvocationMeetingId) return {};
  const first = await findMeeting(tx, meeting.firstConvocationMeetingId);
  return { secondConvocation: { firstMeetingId: first.id, firstStartsAtLocal: isoWithOffset(first.startsAt, body.timeZone), article: rule.article, text: rule.text } };
}

/** The common part of a send: manifest, rows, ledger entries and jobs, in the caller's transaction. */
async function recordSend(
  tx: EntityManager,
  context: SendContext,
  kind: ConvocationKind,
  sequence: number,
  items: NumberedItem[],
  documents: ManifestDocument[],
): Promise<Convocation> {
  const { body, meeting, sender, now, deadline, onTime, services } = context;
  const recipients = await plannedRecipients(tx, body.id, meeting.assembly.id, zonedDate(meeting.startsAt, body.timeZone), services.channelsOff);
  if (recipients.length === 0) precondition('NO_RECIPIENT', 'Aucun membre en exercice dans cette assemblée : il n’y a personne à convoquer.');
  const convocationId = uuidv7();
  const manifest = convocationManifest(context, convocationId, kind, sequence, items, documents, recipients, await secondConvocationStated(tx, body, meeting));
  const manifestSha256 = sha256Hex(manifestBytes(manifest));
  // 500 recipients make ≈1,100 deliveries: the convocation, its recipients and deliveries are written as
  // rows in one statement, not as managed entities (the returned convocation is not managed either).
  const written = new Date();
  const convocation = tx.create(
    Convocation,
    {
      id: convocationId,
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
      urgent: meeting.urgent,
      urgencyJustification: meeting.urgencyJustification ?? null,
      manifest,
      manifestSha256,
      createdAt: written,
      updatedAt: written,
    },
    { persist: false },
  );
  const recipientRows = recipients.map((recipient) => ({ id: uuidv7(), recipient }));
  const deliveries = recipientRows.flatMap(({ id, recipient }) =>
    recipient.channels.map(({ channel, address }) => ({ id: uuidv7(), recipientId: id, channel, sendKey: `${convocationId}:${recipient.personId}:${channel}`, address })),
  );
  await insertRows(tx, [
    {
      table: 'convocation',
      columns: convocationColumns,
      rows: [
        {
          id: convocation.id,
          meeting_id: convocation.meetingId,
          sequence: convocation.sequence,
          kind: convocation.kind,
          sent_at: convocation.sentAt,
          sent_by: convocation.sentBy,
          latest_send_at: convocation.latestSendAt,
          clear_days: convocation.clearDays,
          article: convocation.article,
          rules_valid_from: convocation.rulesValidFrom,
          on_time: convocation.onTime,
          urgent: convocation.urgent,
          urgency_justification: convocation.urgencyJustification,
          manifest: convocation.manifest,
          manifest_sha256: convocation.manifestSha256,
          created_at: written,
          updated_at: written,
        },
      ],
    },
    {
      table: 'convocation_recipient',
      columns: recipientColumns,
      rows: recipientRows.map(({ id, recipient }) => ({
        id,
        convocation_id: convocationId,
        meeting_id: meeting.id,
        person_id: recipient.personId,
        display_name: recipient.displayName,
        email: recipient.email,
        channel: recipient.mode,
        postal_address: recipient.postalAddress,
        voting_right: recipient.votingRight,
        created_at: written,
        updated_at: written,
      })),
    },
    {
      table: 'delivery',
      columns: deliveryColumns,
      rows: deliveries.map((delivery) => ({
        id: delivery.id,
        recipient_id: delivery.recipientId,
        channel: delivery.channel,
        purpose: 'CONVOCATION',
        send_key: delivery.sendKey,
        address: delivery.address,
        status: 'PENDING',
        attempts: 0,
        created_at: written,
        updated_at: written,
      })),
    },
  ]);
  await appendToLedger(tx, body.id, sendLedgerEntries(convocation, recipients));
  await enqueueJobs(tx, sendJobs(body.id, convocation, meeting, deliveries, services.reminderLeadHours, now));
  return convocation;
}

/** The manifest of a send: what it binds, as a third party reads it. */
function convocationManifest(
  { body, meeting, sender, now, deadline, onTime }: Omit<SendContext, 'services'>,
  convocationId: string,
  kind: ConvocationKind,
  sequence: number,
  items: readonly NumberedItem[],
  documents: ManifestDocument[],
  recipients: readonly PlannedRecipient[],
  /** For a séance convened again after a failed quorum: what its convocation states (`secondConvocationStated`). */
  stated: Pick<ConvocationManifest['meeting'], 'secondConvocation'>,
): ConvocationManifest {
  return {
    format: 'cartable/convocation-manifest@1',
    body: { id: body.id, name: body.name, kind: body.kind, population: body.population ?? null, timeZone: body.timeZone },
    meeting: {
      id: meeting.id,
      title: meeting.title,
      assembly: { id: meeting.assembly.id, name: meeting.assembly.name, kind: meeting.assembly.kind },
      startsAt: meeting.startsAt.toISOString(),
      startsAtLocal: isoWithOffset(meeting.startsAt, body.timeZone),
      place: meeting.place ?? null,
      urgent: meeting.urgent,
      urgencyJustification: meeting.urgencyJustification ?? null,
      ...stated,
    },
    convocation: { id: convocationId, sequence, kind, sentAt: now.toISOString(), sentAtLocal: isoWithOffset(now, body.timeZone), sentBy: { id: sender.id, name: sender.displayName } },
    deadline: { latestSendAt: deadline.latestSendAt, clearDays: deadline.clearDays, article: deadline.article, rulesValidFrom: deadline.rulesValidFrom, met: onTime },
    agenda: items.map((item) => ({ number: item.number, title: item.title, kind: item.kind, icpe: item.icpe, closedSession: item.closedSession })),
    documents,
    recipients: recipients.map((recipient) => ({
      personId: recipient.personId,
      name: recipient.displayName,
      email: recipient.email,
      votingRight: recipient.votingRight,
      mode: recipient.mode,
      channels: recipient.channels.map((channel) => channel.channel),
      postalAddress: recipient.postalAddress,
    })),
  };
}

function sendLedgerEntries(convocation: Convocation, recipients: PlannedRecipient[]): NewLedgerEntry[] {
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
      payload: { convocationId: convocation.id, personId: recipient.personId, mode: recipient.mode, channels: recipient.channels.map((channel) => channel.channel) },
    })),
  ];
}

const convocationColumns = {
  id: 'uuid',
  meeting_id: 'uuid',
  sequence: 'integer',
  kind: 'text',
  sent_at: 'timestamptz',
  sent_by: 'uuid',
  latest_send_at: 'timestamptz',
  clear_days: 'integer',
  article: 'text',
  rules_valid_from: 'date',
  on_time: 'boolean',
  urgent: 'boolean',
  urgency_justification: 'text',
  manifest: 'jsonb',
  manifest_sha256: 'text',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
} as const;

const recipientColumns = {
  id: 'uuid',
  convocation_id: 'uuid',
  meeting_id: 'uuid',
  person_id: 'uuid',
  display_name: 'text',
  email: 'text',
  channel: 'text',
  postal_address: 'text',
  voting_right: 'boolean',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
} as const;

const deliveryColumns = {
  id: 'uuid',
  recipient_id: 'uuid',
  channel: 'text',
  purpose: 'text',
  send_key: 'text',
  address: 'text',
  status: 'text',
  attempts: 'integer',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
} as const;

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
    { task: convocationTaskNames.anchorManifest, payload: { bodyId, convocationId: convocation.id }, jobKey: `anchor-manifest:${convocation.id}`, priority: -10 },
    ...(convocation.kind === 'INITIAL' && reminderAt > now
      ? [{ task: convocationTaskNames.remind, payload: { bodyId, meetingId: meeting.id }, runAt: reminderAt, jobKey: `remind:${meeting.id}` }]
      : []),
  ];
}
