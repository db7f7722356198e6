import { useMutation, useQuery } from '@apollo/client/react';
import { ButtonsGroup } from '@codegouvfr/react-dsfr/ButtonsGroup';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { CircuitDecision, ProjetsToVisaQuery as ToVisaData } from '../graphql/generated/graphql.ts';
import { DecideOnProjetMutation, ProjetsToVisaQuery, ProjetToVisaQuery } from '../graphql/operations.ts';
import { messages } from '../i18n/messages.ts';
import { useOnline } from '../offline/use-online.ts';
import { userError } from '../ui/error-message.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { OutcomeMessage, type Outcome } from '../ui/OutcomeMessage.tsx';
import { PerBodyPage } from './PerBodyPage.tsx';
import { ProjetReading, ProjetStatusBadge } from './ProjetReading.tsx';

const m = messages.visa;
type Listed = ToVisaData['projetsToVisa'][number];

function ProjetLink({ bodyId, projet }: { bodyId: string; projet: Listed }) {
  return (
    <li className="fr-mb-2w">
      <Link className="fr-link" to={`/a-viser/${bodyId}/${projet.id}`} aria-label={m.open(projet.title)}>
        {projet.title}
      </Link>{' '}
      <ProjetStatusBadge status={projet.status} />{' '}
      <span className="fr-text--sm">
        {m.kind[projet.kind]}, {m.version(projet.version)}
      </span>
    </li>
  );
}

function BodyToVisa({ bodyId, name }: { bodyId: string; name: string }) {
  const { data, error, refetch } = useQuery(ProjetsToVisaQuery, { variables: { bodyId }, fetchPolicy: 'cache-and-network' });
  if (error) return <GraphqlError error={error} onRetry={() => void refetch()} offline={messages.app.offline} />;
  const projets = data?.projetsToVisa ?? [];
  if (projets.length === 0) return null;
  const waiting = projets.filter((projet) => projet.waitingForMe);
  const done = projets.filter((projet) => !projet.waitingForMe);
  return (
    <section aria-labelledby={`visa-body-${bodyId}`} className="fr-mb-4w">
      <h2 id={`visa-body-${bodyId}`}>{name}</h2>
      <h3 className="fr-h6">{m.waiting}</h3>
      {waiting.length === 0 ? (
        <p className="fr-text--sm">{m.noneWaiting}</p>
      ) : (
        <ul className="fr-raw-list">
          {waiting.map((projet) => (
            <ProjetLink key={projet.id} bodyId={bodyId} projet={projet} />
          ))}
        </ul>
      )}
      {done.length > 0 && (
        <>
          <h3 className="fr-h6">{m.done}</h3>
          <ul className="fr-raw-list">
            {done.map((projet) => (
              <ProjetLink key={projet.id} bodyId={bodyId} projet={projet} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** « À viser » (`/a-viser`): the projets waiting for the official's visa, body by body, then those already acted on. */
export function ToVisaPage() {
  return <PerBodyPage title={m.title} intro={m.intro} section={(body) => <BodyToVisa key={body.id} bodyId={body.id} name={body.name} />} />;
}

/**
 * One projet (`/a-viser/:bodyId/:projetId`): read it, then approve it with a visa, send it back to its
 * author (a comment is required), or — its step's delegate — skip the step. The decision names the
 * version and step read: the server refuses it if the projet moved meanwhile.
 */
export function ProjetToVisaPage() {
  const { bodyId = '', projetId = '' } = useParams();
  const online = useOnline();
  const { data, error, refetch } = useQuery(ProjetToVisaQuery, { variables: { bodyId, id: projetId }, fetchPolicy: 'cache-and-network' });
  const [decide, { loading }] = useMutation(DecideOnProjetMutation);
  const [comment, setComment] = useState('');
  const [missingComment, setMissingComment] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  if (!data)
    return error ? (
      <GraphqlError error={error} onRetry={() => void refetch()} offline={messages.app.offline} />
    ) : (
      <p>{messages.app.loading}</p>
    );
  const projet = data.projet;

  const onDecide = async (decision: CircuitDecision) => {
    setOutcome(null);
    if (decision === 'SEND_BACK' && !comment.trim()) {
      setMissingComment(true);
      return;
    }
    try {
      await decide({
        variables: {
          bodyId,
          id: projet.id,
          input: { decision, version: projet.version, step: projet.currentStep ?? 0, comment: comment.trim() || null },
        },
      });
      setComment('');
      setMissingComment(false);
      setOutcome({
        ok:
          decision === 'APPROVE' ? m.approved(projet.title) : decision === 'SEND_BACK' ? m.sentBack(projet.title) : m.skipped(projet.title),
      });
      await refetch();
    } catch (failure) {
      setOutcome({ error: userError(failure).message });
    }
  };

  return (
    <>
      <p>
        <Link className="fr-link fr-icon-arrow-left-line fr-link--icon-left" to="/a-viser">
          {m.back}
        </Link>
      </p>
      <h1>{projet.title}</h1>
      <OutcomeMessage outcome={outcome} errorTitle={m.refused} />
      <ProjetReading projet={projet} />
      {projet.waitingForMe && (
        <section aria-labelledby="decision-heading" className="fr-mt-4w">
          <h2 id="decision-heading" className="fr-h5">
            {projet.currentStep != null && projet.steps[projet.currentStep]
              ? m.step(projet.currentStep + 1, projet.steps[projet.currentStep]!.label)
              : m.title}
          </h2>
          <Input
            label={m.comment}
            hintText={m.commentHint}
            textArea
            state={missingComment ? 'error' : 'default'}
            stateRelatedMessage={m.commentRequired}
            nativeTextAreaProps={{
              value: comment,
              rows: 4,
              maxLength: 5000,
              onChange: (event) => {
                setComment(event.target.value);
                setMissingComment(false);
              },
            }}
          />
          {!online && <p className="fr-hint-text">{m.offline}</p>}
          <ButtonsGroup
            inlineLayoutWhen="md and up"
            buttons={
              projet.delegateOfCurrentStep
                ? [
                    {
                      children: loading ? m.busy : m.skip,
                      iconId: 'fr-icon-arrow-right-line',
                      disabled: !online || loading,
                      onClick: () => void onDecide('SKIP'),
                    },
                  ]
                : [
                    {
                      children: loading ? m.busy : m.approve,
                      iconId: 'fr-icon-check-line',
                      disabled: !online || loading,
                      onClick: () => void onDecide('APPROVE'),
                    },
                    {
                      children: m.sendBack,
                      priority: 'secondary',
                      iconId: 'fr-icon-arrow-go-back-line',
                      disabled: !online || loading,
                      onClick: () => void onDecide('SEND_BACK'),
                    },
                  ]
            }
          />
        </section>
      )}
    </>
  );
}
