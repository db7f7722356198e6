import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../evidence/canonical-json.js';

/**
 * What a send bound, as a third party reads it: the meeting, the deadline and whether it was met, the
 * agenda, every document with its SHA-256, and every recipient with their channels. Its canonical JSON
 * encoding is hashed, chained in the ledger and timestamped (RFC 3161); the proof bundle ships it.
 */
export interface ConvocationManifest {
  format: 'cartable/convocation-manifest@1';
  body: { id: string; name: string; kind: string; population: number | null; timeZone: string };
  meeting: {
    id: string;
    title: string;
    assembly: { id: string; name: string; kind: string };
    startsAt: string;
    startsAtLocal: string;
    place: string | null;
    urgent: boolean;
    urgencyJustification: string | null;
    /** Present only for a séance convened again after a failed quorum: which séance, the article, the sentence stated. */
    secondConvocation?: { firstMeetingId: string; firstStartsAtLocal: string; article: string; text: string };
  };
  convocation: {
    id: string;
    sequence: number;
    kind: 'INITIAL' | 'SUPPLEMENT';
    sentAt: string;
    sentAtLocal: string;
    sentBy: { id: string; name: string };
  };
  deadline: { latestSendAt: string; clearDays: number; article: string; rulesValidFrom: string; met: boolean };
  agenda: ManifestAgendaItem[];
  documents: ManifestDocument[];
  recipients: ManifestRecipient[];
}

export interface ManifestAgendaItem {
  number: string;
  title: string;
  kind: string;
  icpe: boolean;
  closedSession: boolean;
}

/** In a supplement: a document added, or a new version of one sent before. */
export const documentChanges = ['ADDED', 'REPLACED'] as const;
export type DocumentChange = (typeof documentChanges)[number];

export interface ManifestDocument {
  documentId: string;
  versionId: string;
  version: number;
  title: string;
  kind: string;
  agendaItemNumber: string | null;
  fileName: string;
  sizeBytes: number;
  pageCount: number;
  sha256: string;
  /** In a supplement: whether the document is new or replaces a version sent before. */
  change?: DocumentChange;
}

export interface ManifestRecipient {
  personId: string;
  name: string;
  email: string;
  votingRight: boolean;
  /** ELECTRONIC (email, plus SMS and push when opted in) or PAPER (letter to the address chosen). */
  mode: 'ELECTRONIC' | 'PAPER';
  channels: string[];
  postalAddress: string | null;
}

/** The exact bytes that are hashed and timestamped. */
export function manifestBytes(manifest: ConvocationManifest): Buffer {
  return Buffer.from(canonicalJson(manifest), 'utf8');
}

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
