import { useApolloClient, useMutation } from '@apollo/client/react';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState } from 'react';
import type { ConsoleDeliberationFieldsFragment } from '../../graphql/generated/secretariat/graphql.ts';
import { formatDay, formatShortDate } from '../../ui/format.ts';
import { OutcomeMessage } from '../../ui/OutcomeMessage.tsx';
import { messages } from '../messages.ts';
import { AuthorForm } from './AuthorForm.tsx';
import { DeliberationForm, deliberationInput, draftOf } from './DeliberationForm.tsx';
import {
  ActesArchiveUrlQuery,
  FinaliseDeliberationMutation,
  PublishDeliberationMutation,
  RecordActesAcknowledgmentMutation,
  RecordDeliberationVoteMutation,
  ReviseDeliberationMutation,
  UpdateDeliberationMutation,
} from './operations.ts';
import { useActAction } from './use-act-action.ts';
import { useFieldErrors } from '../../ui/form-errors.ts';

const m = messages.secretariat.acts;

/** One délibération of the séance: its state, its signatories, and the next step for the secretariat. */
export function DeliberationCard({
  bodyId,
  slug,
  timeZone,
  act,
  names,
  members,
  publicationArticle,
  refetch,
}: {
  bodyId: string;
  slug: string;
  timeZone: string;
  act: ConsoleDeliberationFieldsFragment;
  names: ReadonlyMap<string, string>;
  members: readonly { personId: string; displayName: string }[];
  publicationArticle: string | null;
  refetch: () => Promise<unknown>;
}) {
  const { outcome, busy, run } = useActAction(refetch);
  const [editing, setEditing] = useState(false);
  const [update] = useMutation(UpdateDeliberationMutation);
  const [finalise] = useMutation(FinaliseDeliberationMutation);
  const [revise] = useMutation(ReviseDeliberationMutation);
  const [publish] = useMutation(PublishDeliberationMutation);
  const [acknowledge] = useMutation(RecordActesAcknowledgmentMutation);
  const [recordVote] = useMutation(RecordDeliberationVoteMutation);
  const [figures, setFigures] = useState({ effectif: '', votants: '', pour: '', contre: '', abstention: '' });
  const client = useApolloClient();
  const [ack, setAck] = useState({ prefectureId: '', identifier: '', receivedAt: '' });
  const voteFields = useFieldErrors();
  const ackFields = useFieldErrors();
  const label = m.actHeading(act.number ?? null, act.title);
  const headingId = `act-${act.id}`;

  const downloadActes = () =>
    run(async () => {
      const { data } = await client.query({ query: ActesArchiveUrlQuery, variables: { bodyId, id: act.id }, fetchPolicy: 'network-only' });
      if (data?.actesArchiveUrl) window.location.assign(data.actesArchiveUrl);
    }, m.actesFilesHint);

  return (
    <li className="fr-card fr-card--no-arrow fr-p-2w fr-mb-2w" aria-labelledby={headingId}>
      <h4 id={headingId} className="fr-h6 fr-mb-1w">
        {label}
      </h4>
      <p className="fr-mb-1w">
        <Badge severity={act.status === 'SIGNED' ? 'success' : act.status === 'FINALISED' ? 'info' : 'new'} small>
          {m.status[act.status]}
        </Badge>{' '}
        {act.publishedAt && (
          <Badge severity="success" small>
            {m.publish.badge}
          </Badge>
        )}
      </p>
      <p className="fr-text--sm fr-mb-1w">{m.matiere(act.matiereCode, act.matiereName)}</p>
      <p className="fr-text--sm fr-mb-1w">
        {act.vote
          ? `${m.result[act.vote.result]} — ${m.vote(act.vote.pour, act.vote.contre, act.vote.abstention, act.vote.votants, act.vote.effectif)}`
          : m.noVote}
      </p>
      {act.pdfUrl && (
        <p className="fr-mb-1w">
          <a className="fr-link fr-icon-file-pdf-line fr-link--icon-left" href={act.pdfUrl} target="_blank" rel="noopener noreferrer">
            {m.pdf(label)}
          </a>
        </p>
      )}
      {act.status !== 'DRAFT' && (
        <>
          <p className="fr-text--sm fr-text--bold fr-mb-0">{m.signatories}</p>
          <ul className="fr-text--sm">
            {act.signatories.map((signatory) => (
              <li key={`${signatory.personId}-${signatory.role}`}>
                {names.get(signatory.personId) ?? signatory.personId}, {m.role[signatory.role]} — {signatory.signed ? m.signed : m.toSign}
              </li>
            ))}
          </ul>
        </>
      )}
      <OutcomeMessage outcome={outcome} />
      {act.status === 'DRAFT' && !act.vote && (
        <form
          noValidate
          onInput={voteFields.onInput}
          className="cartable-console-form fr-mb-2w"
          aria-label={`${m.voteForm.title} — ${label}`}
          onSubmit={(event) => {
            event.preventDefault();
            if (!voteFields.check(event.currentTarget)) return;
            const vote = Object.fromEntries(Object.entries(figures).map(([key, value]) => [key, Number(value)])) as Record<
              keyof typeof figures,
              number
            >;
            void run(() => recordVote({ variables: { bodyId, id: act.id, vote } }), m.voteForm.done);
          }}
        >
          <h5 className="fr-h6">{m.voteForm.title}</h5>
          <div className="cartable-inline-fields">
            {(Object.keys(figures) as (keyof typeof figures)[]).map((key) => (
              <Input
                key={key}
                label={m.voteForm[key]}
                {...voteFields.field(key)}
                nativeInputProps={{
                  name: key,
                  type: 'number',
                  min: 0,
                  max: 100_000,
                  required: true,
                  value: figures[key],
                  onChange: (event) => setFigures({ ...figures, [key]: event.target.value }),
                }}
              />
            ))}
          </div>
          <Button type="submit" size="small" priority="secondary" disabled={busy}>
            {m.voteForm.submit}
          </Button>
        </form>
      )}
      {act.status === 'DRAFT' &&
        (editing ? (
          <DeliberationForm
            title={m.form.titleEdit(label)}
            initial={draftOf(act)}
            members={members}
            busy={busy}
            onCancel={() => setEditing(false)}
            onSave={(draft) =>
              void run(() => update({ variables: { bodyId, id: act.id, input: deliberationInput(draft) } }), m.saved).then(
                (ok) => ok && setEditing(false),
              )
            }
          />
        ) : (
          <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
            <li>
              <Button
                priority="secondary"
                iconId="fr-icon-edit-line"
                onClick={() => setEditing(true)}
                nativeButtonProps={{ 'aria-describedby': headingId }}
              >
                {m.edit}
              </Button>
            </li>
            <li>
              <Button
                iconId="fr-icon-lock-line"
                disabled={busy}
                onClick={() =>
                  void run(
                    () => finalise({ variables: { bodyId, id: act.id } }),
                    ({ data }) => m.finalised(data?.finaliseDeliberation.number ?? ''),
                  )
                }
                nativeButtonProps={{ 'aria-describedby': headingId }}
              >
                {m.finalise}
              </Button>
            </li>
          </ul>
        ))}
      {act.status !== 'DRAFT' && !act.publishedAt && (
        <Button
          priority="tertiary"
          size="small"
          disabled={busy}
          onClick={() => void run(() => revise({ variables: { bodyId, id: act.id } }), m.revised)}
          nativeButtonProps={{ 'aria-describedby': headingId }}
        >
          {m.revise}
        </Button>
      )}
      {act.status === 'SIGNED' && !act.publishedAt && (
        <AuthorForm
          article={publicationArticle}
          busy={busy}
          onPublish={(author) => void run(() => publish({ variables: { bodyId, id: act.id, author } }), m.publish.done)}
        />
      )}
      {act.publishedAt && (
        <p className="fr-text--sm fr-mb-1w">
          {m.publish.published(formatShortDate(act.publishedAt, timeZone), act.publishedByName ?? '', act.publishedByQuality ?? '')}{' '}
          <a className="fr-link fr-link--sm" href={`/public/${slug}/actes`} target="_blank" rel="noopener noreferrer">
            {m.publish.publicPage}
          </a>
        </p>
      )}
      {act.status === 'SIGNED' && (
        <>
          <p className="fr-mb-1w">
            <Button priority="secondary" size="small" iconId="fr-icon-download-line" disabled={busy} onClick={() => void downloadActes()}>
              {m.actesFiles}
            </Button>
          </p>
          {act.acknowledgedAt ? (
            <p className="fr-text--sm">
              {m.acknowledgment.recorded(act.acknowledgmentId ?? '', act.prefectureId ?? '', formatDay(act.acknowledgedAt, timeZone))}
              {act.executoryAt && ` ${m.acknowledgment.executory(formatDay(act.executoryAt, timeZone))}`}
            </p>
          ) : (
            <form
              noValidate
              onInput={ackFields.onInput}
              className="cartable-console-form fr-mt-2w"
              aria-label={`${m.acknowledgment.title} — ${label}`}
              onSubmit={(event) => {
                event.preventDefault();
                if (!ackFields.check(event.currentTarget)) return;
                void run(
                  () =>
                    acknowledge({
                      variables: {
                        bodyId,
                        id: act.id,
                        acknowledgment: { ...ack, receivedAt: new Date(`${ack.receivedAt}T12:00:00`).toISOString() },
                      },
                    }),
                  m.acknowledgment.done,
                );
              }}
            >
              <h5 className="fr-h6">{m.acknowledgment.title}</h5>
              <p className="fr-hint-text">{m.acknowledgment.hint}</p>
              <div className="cartable-inline-fields">
                <Input
                  label={m.acknowledgment.prefectureId}
                  hintText={m.acknowledgment.prefectureHint}
                  {...ackFields.field('prefectureId')}
                  nativeInputProps={{
                    name: 'prefectureId',
                    required: true,
                    maxLength: 10,
                    value: ack.prefectureId,
                    onChange: (event) => setAck({ ...ack, prefectureId: event.target.value }),
                  }}
                />
                <Input
                  label={m.acknowledgment.identifier}
                  {...ackFields.field('identifier')}
                  nativeInputProps={{
                    name: 'identifier',
                    required: true,
                    maxLength: 100,
                    value: ack.identifier,
                    onChange: (event) => setAck({ ...ack, identifier: event.target.value }),
                  }}
                />
                <Input
                  label={m.acknowledgment.receivedAt}
                  {...ackFields.field('receivedAt')}
                  nativeInputProps={{
                    name: 'receivedAt',
                    type: 'date',
                    required: true,
                    value: ack.receivedAt,
                    onChange: (event) => setAck({ ...ack, receivedAt: event.target.value }),
                  }}
                />
              </div>
              <Button type="submit" size="small" priority="secondary" disabled={busy}>
                {m.acknowledgment.submit}
              </Button>
            </form>
          )}
        </>
      )}
    </li>
  );
}
