import type { DocumentChange } from '../graphql/generated/graphql.ts';

interface Send {
  kind: 'INITIAL' | 'SUPPLEMENT';
  documents: readonly { documentId: string; versionId: string }[];
}

interface ShownDocument {
  id: string;
  /** Newest first. */
  versions: readonly { id: string }[];
}

/**
 * What is new since the convocation itself, per document: ADDED when the convocation did not have it,
 * REPLACED when its latest version is not the one the convocation sent. Nothing before the convocation.
 */
export function documentNovelties(sends: readonly Send[], documents: readonly ShownDocument[]): Map<string, DocumentChange> {
  const convocation = sends.find((send) => send.kind === 'INITIAL');
  const novelties = new Map<string, DocumentChange>();
  if (!convocation) return novelties;
  const sent = new Map(convocation.documents.map((document) => [document.documentId, document.versionId]));
  for (const document of documents) {
    const latest = document.versions[0];
    if (!latest) continue;
    if (!sent.has(document.id)) novelties.set(document.id, 'ADDED');
    else if (sent.get(document.id) !== latest.id) novelties.set(document.id, 'REPLACED');
  }
  return novelties;
}
