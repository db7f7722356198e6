import type { ApolloClient, Reference } from '@apollo/client';
import {
  AcknowledgeConvocationMutation,
  DeleteAnnotationMutation,
  RecordConvocationOpenedMutation,
  SaveAnnotationMutation,
} from '../graphql/operations.ts';
import { writeMyConvocation } from '../meeting/convocation-cache.ts';
import { userError } from '../ui/error-message.ts';
import { updateOfflineConvocation } from './meeting-cache.ts';
import { offlineDb, type PendingEntry, type PendingOperation, type ReceiptOperation, type RejectedEntry } from './db.ts';

/** Tells the screens that the queue changed (a change queued, sent or refused). */
export const queueEvents = new EventTarget();
const changed = () => queueEvents.dispatchEvent(new Event('change'));

/** Codes with which the server refuses the change itself: retrying would not help. */
const refusals = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'PRECONDITION_FAILED']);

export async function enqueue(owner: string, operation: PendingOperation): Promise<void> {
  await (await offlineDb()).add('pending', { owner, createdAt: new Date().toISOString(), operation });
  changed();
}

/**
 * Queues a receipt unless the same one is already waiting (one transaction: two screens asking at once
 * queue it once). The server keeps the first opening and the first acknowledgement only.
 */
export async function enqueueReceipt(owner: string, operation: ReceiptOperation): Promise<void> {
  const transaction = (await offlineDb()).transaction('pending', 'readwrite');
  const waiting = await transaction.store.index('owner').getAll(owner);
  const same = waiting.some(
    (entry) =>
      entry.operation.kind === operation.kind && 'meetingId' in entry.operation && entry.operation.meetingId === operation.meetingId,
  );
  if (!same) await transaction.store.add({ owner, createdAt: new Date().toISOString(), operation });
  await transaction.done;
  if (!same) changed();
}

/**
 * Whether a queued operation is a change the user made (an annotation, an acknowledgement) — what the
 * header counts as « en attente ». The « opened » receipt is recorded silently and is not one.
 */
export function isUserChange(entry: PendingEntry): boolean {
  return entry.operation.kind !== 'opened';
}

export async function pendingOperations(owner: string): Promise<PendingEntry[]> {
  return (await offlineDb()).getAllFromIndex('pending', 'owner', owner);
}

export async function rejectedOperations(owner: string): Promise<RejectedEntry[]> {
  return (await offlineDb()).getAllFromIndex('rejected', 'owner', owner);
}

export async function dismissRejected(owner: string): Promise<void> {
  const db = await offlineDb();
  for (const entry of await rejectedOperations(owner)) await db.delete('rejected', entry.seq!);
  changed();
}

/**
 * Sends one change and writes its result into the cache, so that the screens show the server's version
 * as the queued one disappears (no gap, no flicker, no form torn down).
 */
async function send(client: ApolloClient, owner: string, operation: PendingOperation): Promise<void> {
  switch (operation.kind) {
    case 'save': {
      const document = client.cache.identify({ __typename: 'Document', id: operation.input.documentId });
      await client.mutate({
        mutation: SaveAnnotationMutation,
        variables: { bodyId: operation.bodyId, input: operation.input },
        update(cache, { data }) {
          const saved = data && cache.identify(data.saveAnnotation);
          if (!document || !saved) return;
          cache.modify<{ annotations: Reference[] }>({
            id: document,
            fields: {
              annotations: (existing, { readField }) =>
                existing.some((reference) => readField('id', reference) === operation.input.id)
                  ? existing
                  : [...existing, { __ref: saved }],
            },
          });
        },
      });
      return;
    }
    case 'delete': {
      const document = client.cache.identify({ __typename: 'Document', id: operation.documentId });
      await client.mutate({
        mutation: DeleteAnnotationMutation,
        variables: { bodyId: operation.bodyId, annotationId: operation.annotationId },
        update(cache) {
          if (!document) return;
          cache.modify<{ annotations: Reference[] }>({
            id: document,
            fields: {
              annotations: (existing, { readField }) =>
                existing.filter((reference) => readField('id', reference) !== operation.annotationId),
            },
          });
        },
      });
      return;
    }
    case 'opened':
    case 'acknowledge': {
      const variables = { bodyId: operation.bodyId, meetingId: operation.meetingId };
      const result =
        operation.kind === 'opened'
          ? (await client.mutate({ mutation: RecordConvocationOpenedMutation, variables })).data?.recordConvocationOpened
          : (await client.mutate({ mutation: AcknowledgeConvocationMutation, variables })).data?.acknowledgeConvocation;
      if (result) {
        writeMyConvocation(client.cache, operation.meetingId, () => result);
        await updateOfflineConvocation(owner, operation.meetingId, result);
      }
      return;
    }
  }
}

let running: Promise<number> | null = null;

/**
 * Sends the queued changes in order, each removed once the server has it. Annotation ids come from the
 * device and the server keeps the first receipt, so a change sent twice (the answer lost, the app
 * closed) is applied once. Stops at the first
 * network failure (the rest waits for the next try); a change the server refuses moves to `rejected`.
 * Returns how many were sent.
 */
export function syncPending(client: ApolloClient, owner: string): Promise<number> {
  running ??= (async () => {
    const db = await offlineDb();
    let sent = 0;
    try {
      // One at a time, re-reading the queue: a change queued while this runs is sent too.
      for (let [entry] = await pendingOperations(owner); entry; [entry] = await pendingOperations(owner)) {
        try {
          await send(client, owner, entry.operation);
        } catch (error) {
          const { code, message } = userError(error);
          if (!code || !refusals.has(code)) break;
          await db.add('rejected', { ...entry, seq: undefined, message });
        }
        await db.delete('pending', entry.seq!);
        sent += 1;
        changed();
      }
      return sent;
    } finally {
      running = null;
    }
  })();
  return running;
}
