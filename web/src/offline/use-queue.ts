import { useApolloClient } from '@apollo/client/react';
import { useCallback, useEffect, useState } from 'react';
import { useApp } from '../app/app-context.ts';
import type { PendingEntry, RejectedEntry } from './db.ts';
import { pendingOperations, queueEvents, rejectedOperations, syncPending } from './annotation-queue.ts';
import { useOnline } from './use-online.ts';

/** The queued annotation changes of the account, kept in sync: sent as soon as the browser is online. */
export function useQueue(): { pending: PendingEntry[]; rejected: RejectedEntry[] } {
  const { owner } = useApp();
  const client = useApolloClient();
  const online = useOnline();
  const [state, setState] = useState<{ pending: PendingEntry[]; rejected: RejectedEntry[] }>({ pending: [], rejected: [] });

  const reload = useCallback(async () => {
    const [pending, rejected] = await Promise.all([pendingOperations(owner), rejectedOperations(owner)]);
    setState({ pending, rejected });
    return pending.length;
  }, [owner]);

  useEffect(() => {
    const onChange = () => void reload();
    queueEvents.addEventListener('change', onChange);
    void reload();
    return () => queueEvents.removeEventListener('change', onChange);
  }, [reload]);

  useEffect(() => {
    if (!online) return;
    const trySync = () => void syncPending(client, owner).catch(() => undefined);
    trySync();
    queueEvents.addEventListener('change', trySync);
    return () => queueEvents.removeEventListener('change', trySync);
  }, [online, client, owner]);

  return state;
}
