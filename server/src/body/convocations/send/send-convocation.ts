import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { uuidv7 } from '../../../common/ids.js';
import { zonedDate } from '../../../common/time.js';
import type { ConvocationDeadline } from '../../../legal/convocation-deadline.js';
import { Person } from '../../../platform/people/person.entity.js';
import { agendaOf } from '../../agenda/agenda.service.js';
import { documentsOf } from '../../documents/document.service.js';
import type { Meeting } from '../../meetings/meeting.entity.js';
import { meetingDeadline } from '../../meetings/meeting-deadline.js';
import { findDraftMeeting, findMeeting } from '../../meetings/meeting.service.js';
import { plannedRecipients, type PlannedRecipient } from '../contacts/recipients.js';
import { Convocation } from '../convocation.entity.js';
import {
  convocationManifest,
  initialDocuments,
  itemNumber,
  manifestDocument,
  secondConvocationStated,
  type SendFacts,
} from './build-manifest.js';
import type { ConvocationManifest, ManifestDocument } from './manifest.js';
import { declareUrgency, numberedItems, precondition, requireContents, requireOnTime, type NumberedItem } from './preconditions.js';
import { recordSend } from './record-send.js';
import type { ActingContext } from '../convocation-context.js';
import type { ConvocationSettings } from '../convocation-settings.js';
import { refreshInboxEntries } from '../../inbox/inbox-index.js';

/** What a send reads of its context: who sends, the body and its data, the clock, and the two settings sending uses. */
export type SendContext = Omit<ActingContext, 'services'> & {
  services: { convocations: Pick<ConvocationSettings, 'reminderLeadHours' | 'channelsOff'> };
};

export interface SendInput {
  meetingId: string;
  /** Urgency declared at the time of sending (L2121-11/12: at least one jour franc, justified). */
  urgent?: boolean | null;
  urgencyJustification?: string | null;
}

/** Who sends (the context's actor), when, and the deadline the send is measured against. */
async function sendFacts(
  ctx: SendContext,
  meeting: Meeting,
  { now, deadline }: { now: Date; deadline: ConvocationDeadline },
): Promise<SendFacts> {
  const sender = await ctx.platformEm.findOneOrFail(Person, { id: ctx.actor.personId });
  return { body: ctx.body, meeting, sender, now, deadline, onTime: now.getTime() <= new Date(deadline.latestSendAt).getTime() };
}

/**
 * Sends the convocation of a meeting: checks the preconditions, then writes in ONE transaction the
 * convocation and its manifest, a recipient per member in office, a delivery per channel, the ledger
 * entries and the jobs (one per delivery, the timestamp, the reminder). A crash before the commit leaves
 * nothing; after it, the jobs deliver. The meeting row is locked, so a double click convenes once.
 */
export async function sendConvocation(ctx: SendContext, input: SendInput): Promise<Convocation> {
  const { body } = ctx;
  return ctx.em.transactional(async (tx) => {
    const now = ctx.now();
    const meeting = await findDraftMeeting(tx, input.meetingId, {
      refusal: 'Cette séance a déjà été convoquée (ou annulée) : pour de nouveaux documents, envoyez un complément.',
      lock: true,
    });
    await tx.populate(meeting, ['assembly']);
    declareUrgency(meeting, input);
    if (meeting.startsAt <= now) precondition('MEETING_PAST', 'La séance a déjà commencé : elle ne peut plus être convoquée.');
    const items = numberedItems(await agendaOf(tx, meeting.id));
    const documents = await documentsOf(tx, meeting.id);
    await requireContents(tx, body, meeting, items, documents);
    const deadline = await meetingDeadline({ em: tx, body }, meeting, meeting.urgent, items);
    requireOnTime(deadline, meeting.urgent, now);
    const facts = await sendFacts(ctx, meeting, { now, deadline });
    const convocation = await recordSend(tx, facts, ctx.services.convocations, {
      kind: 'INITIAL',
      sequence: 1,
      items,
      documents: initialDocuments(items, documents),
    });
    meeting.status = 'CONVENED';
    await tx.flush();
    await refreshInboxEntries(tx, body.id, meeting.id);
    return convocation;
  });
}

/**
 * Sends what changed since the last send (new documents, new versions) as a supplement with its own
 * manifest, to the members in office. Refused when nothing changed.
 */
export async function sendSupplement(ctx: SendContext, meetingId: string): Promise<Convocation> {
  const { body } = ctx;
  return ctx.em.transactional(async (tx) => {
    const now = ctx.now();
    const meeting = await findMeeting(tx, meetingId);
    await tx.lock(meeting, LockMode.PESSIMISTIC_WRITE);
    if (meeting.status !== 'CONVENED')
      precondition('NOT_CONVENED', 'Un complément ne s’envoie qu’après la convocation, et avant la séance.');
    if (meeting.startsAt <= now) precondition('MEETING_PAST', 'La séance a déjà commencé.');
    const previous = await tx.find(Convocation, { meetingId: meeting.id }, { orderBy: { sequence: 'asc' } });
    const items = numberedItems(await agendaOf(tx, meeting.id));
    const changed = await changedDocuments(tx, meeting, items, previous);
    if (changed.length === 0) precondition('NOTHING_TO_SEND', 'Aucun document nouveau ou remplacé depuis le dernier envoi.');
    const deadline = await meetingDeadline({ em: tx, body }, meeting, meeting.urgent, items);
    const facts = await sendFacts(ctx, meeting, { now, deadline });
    const supplement = await recordSend(tx, facts, ctx.services.convocations, {
      kind: 'SUPPLEMENT',
      sequence: (previous.at(-1)?.sequence ?? 0) + 1,
      items,
      documents: changed,
    });
    await refreshInboxEntries(tx, body.id, meeting.id);
    return supplement;
  });
}

/** The documents whose latest version no previous send carried: ADDED when new, REPLACED otherwise. */
async function changedDocuments(
  tx: EntityManager,
  meeting: Meeting,
  items: readonly NumberedItem[],
  previous: readonly Convocation[],
): Promise<ManifestDocument[]> {
  const sent = previous.flatMap((convocation) => convocation.manifest.documents);
  const sentVersions = new Set(sent.map((document) => document.versionId));
  const sentDocumentIds = new Set(sent.map((document) => document.documentId));
  return (await documentsOf(tx, meeting.id)).flatMap(({ document, versions }) => {
    const latest = versions[0];
    if (!latest || sentVersions.has(latest.id)) return [];
    return [
      manifestDocument(
        { document, version: latest, number: itemNumber(items, document.agendaItemId) },
        sentDocumentIds.has(document.id) ? 'REPLACED' : 'ADDED',
      ),
    ];
  });
}

/**
 * The convocation a send made now would carry, without writing anything: its manifest (the words of
 * every channel's message are drawn from it) and its recipients. The secretariat reads it before sending.
 */
export async function previewConvocation(
  ctx: SendContext,
  input: SendInput,
): Promise<{ manifest: ConvocationManifest; recipients: PlannedRecipient[] }> {
  const { body, em } = ctx;
  const now = ctx.now();
  const meeting = await findMeeting(em, input.meetingId);
  await em.populate(meeting, ['assembly']);
  const urgent = input.urgent ?? meeting.urgent;
  const items = numberedItems(await agendaOf(em, meeting.id));
  const deadline = await meetingDeadline({ em, body }, meeting, urgent, items);
  const facts = await sendFacts(ctx, meeting, { now, deadline });
  const recipients = await plannedRecipients(
    em,
    body.id,
    meeting.assembly.id,
    zonedDate(meeting.startsAt, body.timeZone),
    ctx.services.convocations.channelsOff,
  );
  const documents = initialDocuments(items, await documentsOf(em, meeting.id));
  const manifest = convocationManifest(facts, {
    convocationId: uuidv7(),
    kind: 'INITIAL',
    sequence: 1,
    items,
    documents,
    recipients,
    stated: await secondConvocationStated(em, body, meeting),
  });
  // The urgency being declared in the form, not yet stored on the meeting.
  manifest.meeting.urgent = urgent;
  manifest.meeting.urgencyJustification = urgent
    ? input.urgent == null
      ? manifest.meeting.urgencyJustification
      : input.urgencyJustification?.trim() || null
    : null;
  return { manifest, recipients };
}
