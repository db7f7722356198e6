import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { Navigate, useParams } from 'react-router';
import { useApp } from '../app/app-context.ts';
import { BodiesQuery } from '../graphql/operations.ts';
import { messages } from '../i18n/messages.ts';
import { listOfflineMeetings } from '../offline/meeting-cache.ts';

/**
 * `/seances/<bodyId>/<meetingId>`, the link of convocation emails, SMS and notifications: to the meeting
 * page, found by the body's slug (from the API, or from the offline copies when the network is gone).
 */
export function MeetingLinkRedirect() {
  const { bodyId = '', meetingId = '' } = useParams();
  const { owner } = useApp();
  const { data, error } = useQuery(BodiesQuery);
  const [offlineSlug, setOfflineSlug] = useState<string | null | undefined>();

  useEffect(() => {
    if (!error) return;
    void listOfflineMeetings(owner).then((copies) =>
      setOfflineSlug(copies.find((copy) => copy.data.body.id === bodyId)?.data.body.slug ?? null),
    );
  }, [error, owner, bodyId]);

  const slug = data?.bodies.find((body) => body.id === bodyId)?.slug ?? offlineSlug;
  if (slug) return <Navigate replace to={`/organismes/${slug}/seances/${meetingId}`} />;
  const unknown = (data && !slug) || offlineSlug === null;
  return <p role={unknown ? 'alert' : undefined}>{unknown ? messages.meeting.notFound : messages.meeting.opening}</p>;
}
