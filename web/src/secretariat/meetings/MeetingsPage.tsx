import { Button } from '@codegouvfr/react-dsfr/Button';
import { StackedTable } from '../../ui/StackedTable.tsx';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ConsoleMeetingSummaryFragment } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import { formatDateTime } from '../../ui/format.ts';
import { MeetingStatusBadge } from '../../ui/MeetingStatusBadge.tsx';
import { useBodyConsole } from '../console-context.ts';
import { MeetingForm } from './MeetingForm.tsx';

const m = messages.secretariat.meetings;

/** A body's meetings, drafts included, and the creation of a new one. */
export function MeetingsPage() {
  const { body, refetch } = useBodyConsole();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const now = Date.now();
  const upcoming = body.meetings.filter((meeting) => Date.parse(meeting.startsAt) >= now);
  const past = body.meetings.filter((meeting) => Date.parse(meeting.startsAt) < now).reverse();

  const table = (caption: string, meetings: ConsoleMeetingSummaryFragment[]) =>
    meetings.length === 0 ? (
      <>
        <h2>{caption}</h2>
        <p>{m.none}</p>
      </>
    ) : (
      <StackedTable
        caption={caption}
        headers={[m.columns.date, m.columns.meeting, m.columns.assembly, m.columns.status]}
        data={meetings.map((meeting) => {
          const when = formatDateTime(meeting.startsAt, body.timeZone);
          return [
            when,
            <Link
              key="open"
              className="fr-link"
              to={`/secretariat/${body.slug}/seances/${meeting.id}`}
              aria-label={m.open(meeting.title, when)}
            >
              {meeting.title}
            </Link>,
            meeting.assembly.name,
            <MeetingStatusBadge key="status" status={meeting.status} />,
          ];
        })}
      />
    );

  return (
    <>
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      {creating ? (
        <MeetingForm
          body={body}
          onCancel={() => setCreating(false)}
          onDone={(meeting) => {
            void refetch();
            void navigate(`/secretariat/${body.slug}/seances/${meeting.id}`);
          }}
        />
      ) : (
        <Button iconId="fr-icon-add-line" onClick={() => setCreating(true)} className="fr-mb-3w">
          {m.create}
        </Button>
      )}
      {table(m.upcoming, upcoming)}
      {table(m.past, past)}
    </>
  );
}
