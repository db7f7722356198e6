import { CombinedGraphQLErrors, type ApolloClient, type Reference } from '@apollo/client';
import { DeleteAnnotationMutation, SaveAnnotationMutation } from '../graphql/operations.ts';
import { offlineDb, type PendingEntry, type PendingOperation, type RejectedEntry } from './db.ts';

/** Tells the screens that the queue changed (an annotation queued, sent or refused). */
export const queueEvents = new EventTarget();
const changed = () => queueEvents.dispatchEvent(new Event('change'));

/** Codes with which the server refuses the change itself: retrying would not help. */
const refusals = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN']);

export async function enqueue(owner: string, operation: PendingOperation): Promise<void> {
  await (await offlineDb()).add('pending', { owner, createdAt: new Date().toISOString(), operation });
  changed();
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
 * Sends one change and writes its result into the cached document, so that the screens show the
 * server's version as the queued one disappears (no gap, no flicker, no form torn down).
 */
async function send(client: ApolloClient, operation: PendingOperation): Promise<void> {
  if (operation.kind === 'save') {
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
              existing.some((reference) => readField('id', reference) === operation.input.id) ? existing : [...existing, { __ref: saved }],
          },
        });
      },
    });
  } else {
    const document = client.cache.identify({ __typename: 'Document', id: operation.documentId });
    await client.mutate({
      mutation: DeleteAnnotationMutation,
      variables: { bodyId: operation.bodyId, annotationId: operation.annotationId },
      update(cache) {
        if (!document) return;
        cache.modify<{ annotations: Reference[] }>({
          id: document,
          fields: { annotations: (existing, { readField }) => existing.filter((reference) => readField('id', reference) !== operation.annotationId) },
        });
      },
    });
  }
}

let running: Promise<number> | null = null;

/**
 * Sends the queued changes in order, each removed once the server has it. Annotation ids come from the
 * device, so a change sent twice (the answer lost, the app closed) is applied once. Stops at the first
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
          await send(client, entry.operation);
        } catch (error) {
          const code = CombinedGraphQLErrors.is(error) ? String(error.errors[0]?.extensions?.code ?? '') : '';
          if (!refusals.has(code)) break;
          await db.add('rejected', { ...entry, seq: undefined, message: CombinedGraphQLErrors.is(error) ? (error.errors[0]?.message ?? '') : '' });
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
