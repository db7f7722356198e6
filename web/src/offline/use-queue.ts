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
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;
    const trySync = async () => {
      clearTimeout(timer);
      await syncPending(client, owner).catch(() => undefined);
      if (stopped) return;
      // A change that could not leave (the network still settling after the 'online' event, the server
      // unreachable) is tried again, later each time (1 s, 2 s, 4 s … 30 s), not left until the next change.
      if ((await pendingOperations(owner)).length > 0) timer = setTimeout(() => void trySync(), Math.min(30_000, 1_000 * 2 ** attempt++));
      else attempt = 0;
    };
    void trySync();
    const onChange = () => void trySync();
    queueEvents.addEventListener('change', onChange);
    return () => {
      stopped = true;
      clearTimeout(timer);
      queueEvents.removeEventListener('change', onChange);
    };
  }, [online, client, owner]);

  return { pending, rejected };
}
