import { useMemo } from 'react';
import { useApp } from '../app/app-context.ts';
import type { AnnotationInput } from '../graphql/generated/graphql.ts';
import type { MeetingAnnotation } from '../meeting/use-meeting.ts';
import { enqueue } from '../offline/sync-queue.ts';
import { usePendingOperations } from '../offline/use-queue.ts';

export interface ShownAnnotation extends MeetingAnnotation {
  /** Made or changed on this device and not on the server yet. */
  pending: boolean;
}

/** What a queued save looks like before the server answers (same fields as the server's). */
function fromInput(input: AnnotationInput, previous: MeetingAnnotation | undefined): ShownAnnotation {
  const now = new Date().toISOString();
  const quote = input.quote ?? '';
  return {
    id: input.id,
    documentId: input.documentId,
    kind: input.kind,
    quote: previous?.quote ?? quote,
    prefix: previous?.prefix ?? input.prefix ?? '',
    suffix: previous?.suffix ?? input.suffix ?? '',
    createdOnVersionId: previous?.createdOnVersionId ?? input.versionId,
    versionId: previous?.versionId ?? input.versionId,
    pageNumber: previous ? previous.pageNumber : input.pageNumber,
    anchoredQuote: previous ? previous.anchoredQuote : quote,
    anchorStatus: previous?.anchorStatus ?? 'ANCHORED',
    note: input.note ?? null,
    sharedWithGroup: previous?.sharedWithGroup ?? false,
    rects: previous ? previous.rects : (input.rects ?? null),
    updatedAt: now,
    pending: true,
  };
}

/**
 * The annotations of one document as the author sees them: the server's (or the offline copy's), with
 * the changes still queued on this device applied on top. Every change goes through the queue, online
 * or not, so there is one path to the server and nothing is lost.
 */
export function useAnnotations(bodyId: string, documentId: string, saved: readonly MeetingAnnotation[]) {
  const { owner } = useApp();
  const pending = usePendingOperations();

  const annotations = useMemo(() => {
    const byId = new Map<string, ShownAnnotation>(saved.map((annotation) => [annotation.id, { ...annotation, pending: false }]));
    for (const { operation } of pending) {
      if (operation.kind === 'save' && operation.input.documentId === documentId) {
        byId.set(operation.input.id, fromInput(operation.input, byId.get(operation.input.id)));
      } else if (operation.kind === 'delete' && operation.documentId === documentId) {
        byId.delete(operation.annotationId);
      }
    }
    return [...byId.values()].sort((a, b) => (a.pageNumber ?? Infinity) - (b.pageNumber ?? Infinity));
  }, [saved, pending, documentId]);

  return {
    annotations,
    save: (input: AnnotationInput) => enqueue(owner, { kind: 'save', bodyId, input }),
    changeNote: (annotation: ShownAnnotation, note: string) =>
      enqueue(owner, {
        kind: 'save',
        bodyId,
        input: {
          id: annotation.id,
          documentId,
          versionId: annotation.versionId,
          pageNumber: annotation.pageNumber ?? 1,
          kind: annotation.kind,
          quote: annotation.quote,
          prefix: annotation.prefix,
          suffix: annotation.suffix,
          note: note.trim() || null,
        },
      }),
    remove: (annotation: ShownAnnotation) => enqueue(owner, { kind: 'delete', bodyId, annotationId: annotation.id, documentId }),
  };
}
