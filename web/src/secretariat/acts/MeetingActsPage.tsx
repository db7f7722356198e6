import { useMutation, useQuery } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { OutcomeMessage } from '../../ui/OutcomeMessage.tsx';
import { useMeetingConsole } from '../console-context.ts';
import { messages } from '../messages.ts';
import { DeliberationCard } from './DeliberationCard.tsx';
import { DeliberationForm, deliberationInput, newDraft } from './DeliberationForm.tsx';
import { CreateDeliberationMutation, MeetingActsQuery } from './operations.ts';
import { ProcesVerbalSection } from './ProcesVerbalSection.tsx';
import { useActAction } from './use-act-action.ts';

const m = messages.secretariat.acts;

/**
 * `/secretariat/:slug/seances/:meetingId/actes`: after the séance, its délibérations (one per voted item,
 * written, finalised, signed, published, acknowledged by the préfecture) and its procès-verbal.
 */
export function MeetingActsPage() {
  const { body, meeting } = useMeetingConsole();
  const { data, error, refetch } = useQuery(MeetingActsQuery, {
    variables: { slug: body.slug, bodyId: body.id, meetingId: meeting.id },
    fetchPolicy: 'cache-and-network',
  });
  const [writing, setWriting] = useState<string | null>(null);
  const [create] = useMutation(CreateDeliberationMutation);
  const { outcome, busy, run } = useActAction(refetch);
  if (meeting.status !== 'HELD' && meeting.status !== 'CLOSED') return <p>{m.notHeld}</p>;
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  const seance = data.body.meeting.seance;
  // Without a séance held in Cartable, the members convened and every item of the agenda: the votes are typed.
  const members = (seance?.attendees ?? data.body.meeting.attendance?.entries ?? []).filter((member) => member.votingRight);
  const names = new Map(members.map((member) => [member.personId, member.displayName]));
  const items = seance?.items ?? meeting.agenda.flatMap((item) => [item, ...item.children]).map((item) => ({ ...item, status: null }));
  const written = new Set(data.deliberations.map((act) => act.agendaItemId));
  const voted = items.filter((item) => (!seance || item.status === 'VOTED') && !written.has(item.id));
  const secretaryIds = seance?.secretaries.map((secretary) => secretary.personId) ?? [];
  const acts = [...data.deliberations].sort((left, right) => (left.number ?? '~').localeCompare(right.number ?? '~'));
  return (
    <>
      <h2>{m.meetingTitle}</h2>
      <p>{m.intro}</p>
      <section aria-labelledby="acts-heading">
        <h3 id="acts-heading" className="fr-h4">
          {m.deliberations}
        </h3>
        {acts.length === 0 ? (
          <p>{m.noAct}</p>
        ) : (
          <ul className="fr-raw-list">
            {acts.map((act) => (
              <DeliberationCard
                key={`${act.id}-${act.version}`}
                bodyId={body.id}
                slug={body.slug}
                timeZone={body.timeZone}
                act={act}
                names={names}
                members={members}
                publicationArticle={body.legalArticles.publicationMentions}
                refetch={refetch}
              />
            ))}
          </ul>
        )}
        {acts.some((act) => act.number) && (
          <p>
            <a
              className="fr-link fr-icon-file-pdf-line fr-link--icon-left"
              href={`/public/${body.slug}/seances/${meeting.id}/liste-des-deliberations.pdf`}
              target="_blank"
              rel="noopener noreferrer"
            >
              {m.liste(body.legalArticles.deliberationList)}
            </a>
          </p>
        )}
        <h3 className="fr-h5">{seance ? m.votedItems : m.itemsWithoutAct}</h3>
        {!seance && <p className="fr-text--sm">{m.noSeance}</p>}
        <OutcomeMessage outcome={outcome} />
        {voted.length === 0 && <p className="fr-text--sm">{m.noVotedItem}</p>}
        {voted.map((item) =>
          writing === item.id ? (
            <DeliberationForm
              key={item.id}
              title={m.form.titleCreate(`${item.number}. ${item.title}`)}
              initial={newDraft(item, secretaryIds, data.actSettings)}
              members={members}
              busy={busy}
              onCancel={() => setWriting(null)}
              onSave={(draft) =>
                void run(
                  () =>
                    create({
                      variables: { bodyId: body.id, meetingId: meeting.id, agendaItemId: item.id, input: deliberationInput(draft) },
                    }),
                  m.created,
                ).then((ok) => ok && setWriting(null))
              }
            />
          ) : (
            <p key={item.id}>
              <Button priority="secondary" iconId="fr-icon-add-line" onClick={() => setWriting(item.id)}>
                {m.write(item.number)}
              </Button>{' '}
              <span className="fr-text--sm">{item.title}</span>
            </p>
          ),
        )}
      </section>
      <ProcesVerbalSection
        body={{ ...body, meetings: data.body.meetings }}
        meeting={meeting}
        pv={data.procesVerbal ?? null}
        items={items}
        refetch={refetch}
      />
    </>
  );
}
