import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { uuidv7 } from '../../../common/ids.js';
import { zonedDate } from '../../../common/time.js';
import type { BoundSql } from '../../../db/bulk-insert.js';
import type { ConvocationDeadline } from '../../../legal/convocation-deadline.js';
import { Person } from '../../../platform/people/person.entity.js';
import { quoteSchema } from '../../../tenancy/schema-name.js';
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
import {
  declaredUrgency,
  declareUrgency,
  numberedItems,
  precondition,
  requireContents,
  requireOnTime,
  type NumberedItem,
  type Urgency,
} from './preconditions.js';
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

/**
 * Who sends (the context's actor, named as their request's Viewer holds them; the platform read for an
 * actor without a profile), when, with which urgency, and the deadline the send is measured against.
 */
async function sendFacts(
  ctx: SendContext,
  meeting: Meeting,
  { now, urgency, deadline }: { now: Date; urgency: Urgency; deadline: ConvocationDeadline },
): Promise<SendFacts> {
  const { personId, displayName } = ctx.actor;
  const sender = displayName ? { id: personId, displayName } : await ctx.platformEm.findOneOrFail(Person, { id: personId });
  return {
    body: ctx.body,
    meeting,
    sender,
    urgency,
    now,
    deadline,
    onTime: now.getTime() <= new Date(deadline.latestSendAt).getTime(),
  };
}

/** The meeting marked convened with the urgency declared with its send, written in the send's statement. */
function convenedMeetingSql(tx: EntityManager, meetingId: string, convened: Urgency & { updatedAt: Date }): BoundSql {
  return {
    sql: `update ${quoteSchema(tx.schema!)}.meeting set status = 'CONVENED', urgent = $1, urgency_justification = $2, updated_at = $3 where id = $4`,
    parameters: [convened.urgent, convened.urgencyJustification, convened.updatedAt.toISOString(), meetingId],
  };
}

/**
 * Sends the convocation of a meeting: checks the preconditions, then writes in ONE transaction the
 * convocation and its manifest, a recipient per member in office, a delivery per channel, the ledger
 * entries, the jobs (one per delivery, the timestamp, the reminder), the meeting's new status and the
 * officials' inbox rows. A crash before the commit leaves nothing; after it, the jobs deliver. The meeting
 * row is locked, so a double click convenes once. Ten round trips, BEGIN and COMMIT included, whatever the
 * number of officials (docs/benchmarks.md, S6).
 */
export async function sendConvocation(ctx: SendContext, input: SendInput): Promise<Convocation> {
  const { body } = ctx;
  return ctx.em.transactional(async (tx) => {
    const now = ctx.now();
    const meeting = await findDraftMeeting(tx, input.meetingId, {
      refusal: 'Cette séance a déjà été convoquée (ou annulée) : pour de nouveaux documents, envoyez un complément.',
      lock: true,
      withAssembly: true,
    });
    const urgency = declareUrgency(meeting, input);
    if (meeting.startsAt <= now) precondition('MEETING_PAST', 'La séance a déjà commencé : elle ne peut plus être convoquée.');
    const items = numberedItems(await agendaOf(tx, meeting.id));
    const documents = await documentsOf(tx, meeting.id);
    await requireContents(tx, body, meeting, items, documents);
    const deadline = await meetingDeadline({ em: tx, body }, meeting, urgency.urgent, items);
    requireOnTime(deadline, urgency.urgent, now);
    const facts = await sendFacts(ctx, meeting, { now, urgency, deadline });
    const convened = { status: 'CONVENED' as const, ...urgency, updatedAt: new Date() };
    const convocation = await recordSend(
      tx,
      facts,
      ctx.services.convocations,
      { kind: 'INITIAL', sequence: 1, items, documents: initialDocuments(items, documents) },
      [convenedMeetingSql(tx, meeting.id, convened)],
    );
    // The loaded meeting as the write left it, its snapshot taken again: the flush has nothing to write.
    tx.getUnitOfWork().merge(Object.assign(meeting, convened));
    await refreshInboxEntries(tx, body.id, meeting.id, { meetingLocked: true });
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
    const urgency = declaredUrgency(meeting, {});
    const deadline = await meetingDeadline({ em: tx, body }, meeting, urgency.urgent, items);
    const facts = await sendFacts(ctx, meeting, { now, urgency, deadline });
    const supplement = await recordSend(tx, facts, ctx.services.convocations, {
      kind: 'SUPPLEMENT',
      sequence: (previous.at(-1)?.sequence ?? 0) + 1,
      items,
      documents: changed,
    });
    await refreshInboxEntries(tx, body.id, meeting.id, { meetingLocked: true });
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
  const urgency = declaredUrgency(meeting, input);
  const items = numberedItems(await agendaOf(em, meeting.id));
  const deadline = await meetingDeadline({ em, body }, meeting, urgency.urgent, items);
  const facts = await sendFacts(ctx, meeting, { now, urgency, deadline });
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
  return { manifest, recipients };
}
