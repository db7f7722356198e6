import { useQuery } from '@apollo/client/react';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useApp } from '../app/app-context.ts';
import type { InboxQuery as InboxData } from '../graphql/generated/graphql.ts';
import { InboxQuery } from '../graphql/operations.ts';
import { messages } from '../i18n/messages.ts';
import { listOfflineMeetings } from '../offline/meeting-cache.ts';
import { usePendingOperations } from '../offline/use-queue.ts';
import { ConvocationStatusBadge } from '../ui/ConvocationStatusBadge.tsx';
import { formatDateTime } from '../ui/format.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { MeetingStatusBadge } from '../ui/MeetingStatusBadge.tsx';
import { convocationStatus, unreadCounts, withPendingReceipts } from './convocation-status.ts';
import { findOverlaps } from './overlaps.ts';

const m = messages.inbox;
type InboxMeeting = InboxData['myMeetings'][number];

/** Past meetings shown: the last twelve months. */
const historyMonths = 12;

function inboxStart(): string {
  const start = new Date();
  start.setMonth(start.getMonth() - historyMonths);
  return start.toISOString();
}

/** Meetings kept on this device, for the inbox when the network is gone. */
function useOfflineMeetings(enabled: boolean): { meetings: InboxMeeting[]; keys: Set<string> } {
  const { owner } = useApp();
  const [copies, setCopies] = useState<Awaited<ReturnType<typeof listOfflineMeetings>>>([]);
  useEffect(() => {
    void listOfflineMeetings(owner).then(setCopies);
  }, [owner, enabled]);
  return useMemo(
    () => ({
      meetings: copies.map(({ data: { body } }) => ({
        ...body.meeting,
        body: { id: body.id, slug: body.slug, name: body.name, timeZone: body.timeZone },
      })),
      keys: new Set(copies.map(({ data: { body } }) => `${body.slug}/${body.meeting.id}`)),
    }),
    [copies],
  );
}

/** The deadline to answer: the start of the meeting (answers close then). */
function AnswerDeadline({ meeting }: { meeting: InboxMeeting }) {
  const mine = meeting.myConvocation;
  if (!mine?.answersOpen) return null;
  const date = formatDateTime(meeting.startsAt, meeting.body.timeZone);
  return <p className="fr-card__detail fr-icon-time-line">{mine.answer ? m.answerChangeableUntil(date) : m.answerBefore(date)}</p>;
}

/** One inbox for every assembly: the meetings of all the official's bodies, by date, with clashes. */
export function InboxPage() {
  const [from] = useState(inboxStart);
  const { data, error, loading, refetch } = useQuery(InboxQuery, { variables: { from } });
  const offline = useOfflineMeetings(Boolean(error));
  const [bodyFilter, setBodyFilter] = useState('');

  const usingOfflineCopies = !data && Boolean(error) && offline.meetings.length > 0;
  const pending = usePendingOperations();
  const meetings = useMemo(
    () => withPendingReceipts(data?.myMeetings ?? (usingOfflineCopies ? offline.meetings : []), pending),
    [data, usingOfflineCopies, offline.meetings, pending],
  );
  const bodies = useMemo(() => [...new Map(meetings.map((meeting) => [meeting.body.id, meeting.body])).values()], [meetings]);
  // A meeting cancelled clashes with nothing.
  const overlaps = useMemo(
    () =>
      findOverlaps(
        meetings.filter((meeting) => meeting.status !== 'CANCELLED').map((meeting) => ({ ...meeting, bodyId: meeting.body.id })),
      ),
    [meetings],
  );
  const unread = useMemo(() => unreadCounts(meetings), [meetings]);
  const shown = meetings
    .filter((meeting) => !bodyFilter || meeting.body.id === bodyFilter)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const now = Date.now();
  const upcoming = shown.filter((meeting) => Date.parse(meeting.startsAt) >= now);
  const past = shown.filter((meeting) => Date.parse(meeting.startsAt) < now).reverse();

  const list = (items: InboxMeeting[]) =>
    items.length === 0 ? (
      <p>{m.none}</p>
    ) : (
      <ul className="cartable-meeting-list">
        {items.map((meeting) => {
          const clashes = overlaps.get(meeting.id);
          const status = convocationStatus(meeting.myConvocation);
          return (
            <li key={meeting.id} className="fr-card fr-card--sm fr-enlarge-link">
              <div className="fr-card__body">
                <div className="fr-card__content">
                  <h3 className="fr-card__title">
                    <Link
                      to={`/organismes/${meeting.body.slug}/seances/${meeting.id}`}
                      aria-label={m.open(meeting.title, meeting.body.name)}
                    >
                      {meeting.title}
                    </Link>
                  </h3>
                  <p className="fr-card__desc">
                    <strong>{meeting.body.name}</strong> — {meeting.assembly.name}
                  </p>
                  <div className="fr-card__start">
                    <ul className="fr-badges-group">
                      <li>
                        <MeetingStatusBadge status={meeting.status} />
                      </li>
                      {meeting.lastChange?.kind === 'MOVED' && meeting.status !== 'CANCELLED' && (
                        <li>
                          <Badge severity="warning" small>
                            {messages.meetingChange.moved}
                          </Badge>
                        </li>
                      )}
                      {status && (
                        <li>
                          <ConvocationStatusBadge status={status} />
                        </li>
                      )}
                      {(meeting.myConvocation?.changedDocumentsUnread ?? 0) > 0 && (
                        <li>
                          <Badge severity="new" small>
                            {m.changedUnread(meeting.myConvocation!.changedDocumentsUnread)}
                          </Badge>
                        </li>
                      )}
                      {offline.keys.has(`${meeting.body.slug}/${meeting.id}`) && (
                        <li>
                          <Badge severity="success" small>
                            {m.offlineCopy}
                          </Badge>
                        </li>
                      )}
                    </ul>
                    <p className="fr-card__detail fr-icon-calendar-line">{formatDateTime(meeting.startsAt, meeting.body.timeZone)}</p>
                    {meeting.lastChange && (
                      <p className="fr-card__detail fr-icon-information-line">
                        {meeting.status === 'CANCELLED'
                          ? messages.meetingChange.cancelled(meeting.lastChange.reason)
                          : messages.meetingChange.movedFrom(
                              formatDateTime(meeting.lastChange.previousStartsAt, meeting.body.timeZone),
                              meeting.lastChange.reason,
                            )}
                      </p>
                    )}
                    {meeting.myConvocation?.lastSupplementAt && (
                      <p className="fr-card__detail fr-icon-file-add-line">
                        {m.documentsChanged(formatDateTime(meeting.myConvocation.lastSupplementAt, meeting.body.timeZone))}
                      </p>
                    )}
                    <AnswerDeadline meeting={meeting} />
                  </div>
                  {clashes && (
                    <p className="fr-card__end fr-message fr-message--warning">
                      {m.overlap(clashes.map((other) => `${other.title} (${other.body.name})`).join(', '))}
                    </p>
                  )}
                </div>
              </div>
            </li>
          );
        })}
      </ul>
    );

  return (
    <>
      <h1>{m.title}</h1>
      <p className="fr-text--lead">{m.intro}</p>
      {error && !usingOfflineCopies && <GraphqlError error={error} onRetry={() => void refetch()} />}
      {usingOfflineCopies && <p className="fr-badge fr-badge--warning">{m.offlineList}</p>}
      {loading && !data && <p>{messages.app.loading}</p>}
      {meetings.length > 0 && (
        <>
          <Select
            label={m.filterLabel}
            className="cartable-filter"
            nativeSelectProps={{ value: bodyFilter, onChange: (event) => setBodyFilter(event.target.value) }}
          >
            <option value="">{m.allBodies}</option>
            {bodies.map((body) => (
              <option key={body.id} value={body.id}>
                {m.bodyOption(body.name, unread.byBody.get(body.id) ?? 0)}
              </option>
            ))}
          </Select>
          <p aria-live="polite">
            {m.count(shown.length)} — {m.unread(bodyFilter ? (unread.byBody.get(bodyFilter) ?? 0) : unread.total)}
          </p>
          <h2>{m.upcoming}</h2>
          {list(upcoming)}
          <h2>{m.past}</h2>
          {list(past)}
        </>
      )}
    </>
  );
}
