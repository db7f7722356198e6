import { useQuery } from '@apollo/client/react';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { Outlet, useParams } from 'react-router';
import { messages } from '../messages.ts';
import { formatDateTime } from '../../ui/format.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { MeetingBadges } from '../../ui/MeetingStatusBadge.tsx';
import type { MeetingConsoleContext } from '../console-context.ts';
import { ConsoleNav } from '../../ui/ConsoleNav.tsx';
import { MeetingForm } from './MeetingForm.tsx';
import { hasReunions } from '../settings/legal-settings.ts';
import { ReunionPanel } from './ReunionPanel.tsx';
import { ConsoleMeetingQuery } from '../operations.ts';
import { MeetingChangesPanel } from './MeetingChangesPanel.tsx';

const m = messages.secretariat;

/** `/secretariat/:slug/seances/:meetingId/…`: one meeting, from its agenda to the follow-up of its convocation. */
export function MeetingConsole() {
  const { slug = '', meetingId = '' } = useParams();
  const { data, error, loading, refetch } = useQuery(ConsoleMeetingQuery, {
    variables: { slug, meetingId },
    fetchPolicy: 'cache-and-network',
  });
  const [editing, setEditing] = useState(false);
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{loading ? messages.app.loading : null}</p>;
  const { body } = data;
  const meeting = body.meeting;
  const draft = meeting.status === 'DRAFT';
  const context: MeetingConsoleContext = { body, meeting, draft, refetch };
  const base = `/secretariat/${slug}/seances/${meetingId}`;
  return (
    <>
      <Breadcrumb
        currentPageLabel={meeting.title}
        homeLinkProps={{ to: '/' }}
        segments={[
          { label: m.nav.console, linkProps: { to: '/secretariat' } },
          { label: body.name, linkProps: { to: `/secretariat/${slug}` } },
        ]}
      />
      <h1>{meeting.title}</h1>
      <MeetingBadges status={meeting.status} urgent={meeting.urgent} />
      <p className="fr-text--lead fr-mb-1w">{formatDateTime(meeting.startsAt, body.timeZone)}</p>
      <p className="fr-mb-1w">
        {meeting.assembly.name} — {meeting.place ?? messages.meeting.noPlace}
      </p>
      <MeetingChangesPanel body={body} meeting={meeting} onChanged={() => void refetch()} />
      {draft && <p className="fr-badge fr-badge--new fr-mb-2w">{m.meeting.draftNotice}</p>}
      {draft &&
        (editing ? (
          <MeetingForm body={body} meeting={meeting} onCancel={() => setEditing(false)} onDone={() => setEditing(false)} />
        ) : (
          <p>
            <Button priority="tertiary" size="small" iconId="fr-icon-edit-line" onClick={() => setEditing(true)}>
              {m.meetingForm.edit}
            </Button>
          </p>
        ))}
      {draft && hasReunions(body.kind) && <ReunionPanel body={body} meeting={meeting} />}
      <ConsoleNav
        label={m.nav.meeting}
        links={[
          { to: base, text: m.nav.agenda, end: true },
          { to: `${base}/documents`, text: m.nav.documents },
          { to: `${base}/convocation`, text: m.nav.convening },
          { to: `${base}/suivi`, text: m.nav.followUp },
          { to: `${base}/presences`, text: m.nav.attendance },
          { to: `${base}/seance`, text: m.nav.seance },
          { to: `${base}/actes`, text: m.acts.nav },
        ]}
      />
      <Outlet context={context} />
    </>
  );
}
