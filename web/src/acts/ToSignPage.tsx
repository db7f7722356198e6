import { useMutation, useQuery } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { useState } from 'react';
import type { DeliberationsToSignQuery as ToSignData } from '../graphql/generated/graphql.ts';
import { DeliberationsToSignQuery, MyBodiesQuery, SignDeliberationMutation } from '../graphql/operations.ts';
import { messages } from '../i18n/messages.ts';
import { useOnline } from '../offline/use-online.ts';
import { userError } from '../ui/error-message.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { OutcomeMessage, type Outcome } from '../ui/OutcomeMessage.tsx';

const m = messages.acts;
type Act = ToSignData['deliberationsToSign'][number];

/** One act to sign: read it (PDF), say so, then sign the version read. */
function ActToSign({ bodyId, act, onSigned }: { bodyId: string; act: Act; onSigned: (number: string) => void }) {
  const online = useOnline();
  const [read, setRead] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [sign, { loading }] = useMutation(SignDeliberationMutation);
  const hintId = `sign-hint-${act.id}`;
  const onSign = async () => {
    setOutcome(null);
    try {
      await sign({ variables: { bodyId, id: act.id, version: act.version } });
      onSigned(act.number ?? '');
    } catch (error) {
      setOutcome({ error: userError(error).message });
    }
  };
  return (
    <li className="fr-mb-3w">
      <h3 className="fr-h6 fr-mb-1w">{m.actTitle(act.number ?? '', act.title)}</h3>
      {act.pdfUrl && (
        <p className="fr-mb-1w">
          <a className="fr-link fr-icon-file-pdf-line fr-link--icon-left" href={act.pdfUrl} target="_blank" rel="noopener noreferrer" title={`${m.read(act.number ?? '')} — ${messages.app.newWindow}`}>
            {m.read(act.number ?? '')}
          </a>
        </p>
      )}
      <Checkbox options={[{ label: m.haveRead(act.number ?? '', act.version), nativeInputProps: { checked: read, onChange: (event) => setRead(event.target.checked) } }]} />
      <OutcomeMessage outcome={outcome} errorTitle={m.refused} />
      <p className="fr-hint-text" id={hintId}>
        {online ? m.signHint : m.offline}
      </p>
      <Button iconId="fr-icon-edit-line" disabled={!online || !read || loading} onClick={() => void onSign()} nativeButtonProps={{ 'aria-describedby': hintId }}>
        {loading ? m.signing : m.sign}
      </Button>
    </li>
  );
}

function BodyToSign({ bodyId, name }: { bodyId: string; name: string }) {
  const { data, error, refetch } = useQuery(DeliberationsToSignQuery, { variables: { bodyId }, fetchPolicy: 'cache-and-network' });
  const [signed, setSigned] = useState<string | null>(null);
  if (error) return <GraphqlError error={error} onRetry={() => void refetch()} offline={messages.app.offline} />;
  const acts = data?.deliberationsToSign ?? [];
  if (acts.length === 0 && !signed) return null;
  return (
    <section aria-labelledby={`body-${bodyId}`} className="fr-mb-4w">
      <h2 id={`body-${bodyId}`}>{name}</h2>
      <div role="status">{signed && <p className="fr-message fr-message--valid">{m.signed(signed)}</p>}</div>
      <ul className="fr-raw-list">
        {acts.map((act) => (
          <ActToSign
            key={`${act.id}-${act.version}`}
            bodyId={bodyId}
            act={act}
            onSigned={(number) => {
              setSigned(number);
              void refetch();
            }}
          />
        ))}
      </ul>
    </section>
  );
}

/**
 * « À signer » (`/a-signer`): the délibérations the official must sign as président or secrétaire de
 * séance, body by body. Each is read (its PDF), acknowledged as read, then signed: the signature is for
 * the version read, and the server refuses it if the act changed meanwhile.
 */
export function ToSignPage() {
  const { data } = useQuery(MyBodiesQuery);
  const bodies = data?.me.memberships.map((membership) => membership.body) ?? [];
  return (
    <>
      <h1>{m.title}</h1>
      <p className="fr-text--lead">{m.intro}</p>
      {bodies.map((body) => (
        <BodyToSign key={body.id} bodyId={body.id} name={body.name} />
      ))}
      <p className="fr-hint-text">{m.noneHint}</p>
    </>
  );
}
