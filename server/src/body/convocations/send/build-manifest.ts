import type { EntityManager } from '@mikro-orm/postgresql';
import { isoWithOffset, type ConvocationDeadline } from '../../../legal/convocation-deadline.js';
import type { Body } from '../../../platform/bodies/body.entity.js';
import type { Meeting } from '../../meetings/meeting.entity.js';
import { convenedAgainUnder } from '../../meetings/meeting-rules.js';
import { findMeeting } from '../../meetings/meeting.service.js';
import type { ConvocationKind } from '../convocation.entity.js';
import type { PlannedRecipient } from '../contacts/recipients.js';
import type { ConvocationManifest, ManifestDocument } from './manifest.js';
import type { MeetingDocuments, NumberedItem, Urgency } from './preconditions.js';

/** Who sends, as the manifest names them. */
export interface Sender {
  id: string;
  displayName: string;
}

/** The facts of a send that its manifest states: who sends, when, with which urgency, against which deadline. */
export interface SendFacts {
  body: Body;
  meeting: Meeting;
  sender: Sender;
  urgency: Urgency;
  now: Date;
  deadline: ConvocationDeadline;
  onTime: boolean;
}

/** What one send binds besides its facts. */
export interface ManifestContents {
  convocationId: string;
  kind: ConvocationKind;
  sequence: number;
  items: readonly NumberedItem[];
  documents: ManifestDocument[];
  recipients: readonly PlannedRecipient[];
  /** For a séance convened again after a failed quorum: what its convocation states (`secondConvocationStated`). */
  stated: Pick<ConvocationManifest['meeting'], 'secondConvocation'>;
}

/** The manifest of a send: what it binds, as a third party reads it. */
export function convocationManifest(
  { body, meeting, sender, urgency, now, deadline, onTime }: SendFacts,
  contents: ManifestContents,
): ConvocationManifest {
  const { convocationId, kind, sequence, items, documents, recipients, stated } = contents;
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
      urgent: urgency.urgent,
      urgencyJustification: urgency.urgencyJustification,
      ...stated,
    },
    convocation: {
      id: convocationId,
      sequence,
      kind,
      sentAt: now.toISOString(),
      sentAtLocal: isoWithOffset(now, body.timeZone),
      sentBy: { id: sender.id, name: sender.displayName },
    },
    deadline: {
      latestSendAt: deadline.latestSendAt,
      clearDays: deadline.clearDays,
      article: deadline.article,
      rulesValidFrom: deadline.rulesValidFrom,
      met: onTime,
    },
    agenda: items.map((item) => ({
      number: item.number,
      title: item.title,
      kind: item.kind,
      icpe: item.icpe,
      closedSession: item.closedSession,
    })),
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

export function manifestDocument(
  entry: {
    document: { id: string; title: string; kind: string };
    version: { id: string; version: number; fileName: string; sizeBytes: number; pageCount: number; sha256: string };
    number: string | null;
  },
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

/** The number of the agenda item a document belongs to; null for a meeting-wide document. */
export function itemNumber(items: readonly NumberedItem[], agendaItemId: string | null | undefined): string | null {
  return items.find((item) => item.id === agendaItemId)?.number ?? null;
}

/** What the convocation itself carries: the latest version of every document of the meeting. */
export function initialDocuments(items: readonly NumberedItem[], documents: MeetingDocuments): ManifestDocument[] {
  return documents.flatMap(({ document, versions }) => {
    const latest = versions[0];
    if (!latest) return [];
    return [manifestDocument({ document, version: latest, number: itemNumber(items, document.agendaItemId) })];
  });
}

/** For a séance convened again after a failed quorum, what its convocation states (and the manifest binds). */
export async function secondConvocationStated(
  em: EntityManager,
  body: Body,
  meeting: Meeting,
): Promise<Pick<ConvocationManifest['meeting'], 'secondConvocation'>> {
  const rule = convenedAgainUnder(body, meeting);
  if (!rule || !meeting.firstConvocationMeetingId) return {};
  const first = await findMeeting(em, meeting.firstConvocationMeetingId);
  return {
    secondConvocation: {
      firstMeetingId: first.id,
      firstStartsAtLocal: isoWithOffset(first.startsAt, body.timeZone),
      article: rule.article,
      text: rule.text,
    },
  };
}
