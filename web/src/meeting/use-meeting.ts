import { useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useState } from 'react';
import { useApp } from '../app/app-context.ts';
import type { MeetingQuery as MeetingData } from '../graphql/generated/graphql.ts';
import { MeetingQuery } from '../graphql/operations.ts';
import type { OfflineMeeting } from '../offline/db.ts';
import { readOfflineMeeting, refreshOfflineCopy } from '../offline/meeting-cache.ts';

export type MeetingBody = MeetingData['body'];
export type MeetingDocument = MeetingBody['meeting']['documents'][number];
export type MeetingAnnotation = MeetingDocument['annotations'][number];

export interface MeetingState {
  data: MeetingData | undefined;
  /** The offline copy, when there is one. */
  offlineCopy: OfflineMeeting | undefined;
  /** The data shown comes from the offline copy (the network failed). */
  fromOfflineCopy: boolean;
  error: unknown;
  loading: boolean;
  refetch: () => Promise<unknown>;
  setOfflineCopy: (copy: OfflineMeeting | undefined) => void;
}

/**
 * A meeting from the API, or from the copy kept on this device when the network fails. A fresh answer
 * refreshes an existing copy (new document versions included), so the copy follows the secretariat.
 */
export function useMeeting(slug: string, meetingId: string): MeetingState {
  const { owner } = useApp();
  const { data, error, loading, refetch } = useQuery(MeetingQuery, { variables: { slug, meetingId }, fetchPolicy: 'cache-and-network' });
  const [offlineCopy, setOfflineCopy] = useState<OfflineMeeting | undefined>();
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    void readOfflineMeeting(owner, slug, meetingId).then((copy) => {
      setOfflineCopy(copy);
      setChecked(true);
    });
  }, [owner, slug, meetingId]);

  useEffect(() => {
    if (data && checked && offlineCopy)
      void refreshOfflineCopy(owner, data)
        .then((copy) => copy && setOfflineCopy(copy))
        .catch(() => undefined);
    // Once per fresh answer: the copy it writes is not a reason to run again.
  }, [data, checked, owner]);

  const fromOfflineCopy = !data && Boolean(error) && Boolean(offlineCopy);
  // Back online, the server's meeting again (it replaces the offline copy; receipts and answers included).
  useEffect(() => {
    const refresh = () => void refetch().catch(() => undefined);
    window.addEventListener('online', refresh);
    return () => window.removeEventListener('online', refresh);
  }, [refetch]);

  return {
    data: data ?? (fromOfflineCopy ? offlineCopy!.data : undefined),
    offlineCopy,
    fromOfflineCopy,
    error: fromOfflineCopy ? undefined : error,
    loading: loading || !checked,
    refetch: useCallback(() => refetch(), [refetch]),
    setOfflineCopy,
  };
}
