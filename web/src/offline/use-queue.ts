import { useApolloClient } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { useApp } from '../app/app-context.ts';
import type { PendingEntry, RejectedEntry } from './db.ts';
import { pendingOperations, queueEvents, rejectedOperations, syncPending } from './sync-queue.ts';
import { useOnline } from './use-online.ts';

/** One of the account's lists in the queue, read again whenever the queue changes. */
function useQueueList<Entry>(read: (owner: string) => Promise<Entry[]>): Entry[] {
  const { owner } = useApp();
  const [entries, setEntries] = useState<Entry[]>([]);
  useEffect(() => {
    const reload = () => void read(owner).then(setEntries);
    reload();
    queueEvents.addEventListener('change', reload);
    return () => queueEvents.removeEventListener('change', reload);
  }, [owner, read]);
  return entries;
}

/** The account's changes waiting on this device, as they change. */
export function usePendingOperations(): PendingEntry[] {
  return useQueueList(pendingOperations);
}

/** The queued changes of the account, kept in sync: sent as soon as the browser is online. */
export function useQueue(): { pending: PendingEntry[]; rejected: RejectedEntry[] } {
  const { owner } = useApp();
  const client = useApolloClient();
  const online = useOnline();
  const pending = usePendingOperations();
  const rejected = useQueueList(rejectedOperations);

  useEffect(() => {
    if (!online) return;
    const trySync = () => void syncPending(client, owner).catch(() => undefined);
    trySync();
    queueEvents.addEventListener('change', trySync);
    return () => queueEvents.removeEventListener('change', trySync);
  }, [online, client, owner]);

  return { pending, rejected };
}
