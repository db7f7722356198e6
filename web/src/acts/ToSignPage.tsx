import { useMutation, useQuery } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { useState } from 'react';
import {
  DeliberationsToSignQuery,
  ProcesVerbauxToSignQuery,
  SignDeliberationMutation,
  SignProcesVerbalMutation,
} from '../graphql/operations.ts';
import { messages } from '../i18n/messages.ts';
import { useOnline } from '../offline/use-online.ts';
import { userError } from '../ui/error-message.ts';
import { formatDay } from '../ui/format.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { OutcomeMessage, type Outcome } from '../ui/OutcomeMessage.tsx';
import { PerBodyPage } from './PerBodyPage.tsx';

const m = messages.acts;

/** One document to sign: read it (PDF), say so, then sign the version read. */
function DocumentToSign({
  id,
  heading,
  pdfUrl,
  readLabel,
  haveReadLabel,
  sign,
  onSigned,
}: {
  id: string;
  heading: string;
  pdfUrl: string | null | undefined;
  readLabel: string;
  haveReadLabel: string;
  sign: () => Promise<unknown>;
  onSigned: () => void;
}) {
  const online = useOnline();
  const [read, setRead] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [loading, setLoading] = useState(false);
  const hintId = `sign-hint-${id}`;
  const onSign = async () => {
    setOutcome(null);
    setLoading(true);
    try {
      await sign();
      onSigned();
    } catch (error) {
      setOutcome({ error: userError(error).message });
    } finally {
      setLoading(false);
    }
  };
  return (
    <li className="fr-mb-3w">
      <h3 className="fr-h6 fr-mb-1w">{heading}</h3>
      {pdfUrl && (
        <p className="fr-mb-1w">
          <a
            className="fr-link fr-icon-file-pdf-line fr-link--icon-left"
            href={pdfUrl}
            target="_blank"
            rel="noopener noreferrer"
            title={`${readLabel} — ${messages.app.newWindow}`}
          >
            {readLabel}
          </a>
        </p>
      )}
      <Checkbox
        options={[{ label: haveReadLabel, nativeInputProps: { checked: read, onChange: (event) => setRead(event.target.checked) } }]}
      />
      <OutcomeMessage outcome={outcome} errorTitle={m.refused} />
      <p className="fr-hint-text" id={hintId}>
        {online ? m.signHint : m.offline}
      </p>
      <Button
        iconId="fr-icon-edit-line"
        disabled={!online || !read || loading}
        onClick={() => void onSign()}
        nativeButtonProps={{ 'aria-describedby': hintId }}
      >
        {loading ? m.signing : m.sign}
      </Button>
    </li>
  );
}

function BodyToSign({ bodyId, name }: { bodyId: string; name: string }) {
  const acts = useQuery(DeliberationsToSignQuery, { variables: { bodyId }, fetchPolicy: 'cache-and-network' });
  const procesVerbaux = useQuery(ProcesVerbauxToSignQuery, { variables: { bodyId }, fetchPolicy: 'cache-and-network' });
  const [signAct] = useMutation(SignDeliberationMutation);
  const [signPv] = useMutation(SignProcesVerbalMutation);
  const [signed, setSigned] = useState<string | null>(null);
  const error = acts.error ?? procesVerbaux.error;
  if (error)
    return (
      <GraphqlError
        error={error}
        onRetry={() => void Promise.all([acts.refetch(), procesVerbaux.refetch()])}
        offline={messages.app.offline}
      />
    );
  const toSign = acts.data?.deliberationsToSign ?? [];
  const pvs = procesVerbaux.data?.procesVerbauxToSign ?? [];
  if (toSign.length === 0 && pvs.length === 0 && !signed) return null;
  const done = (message: string, refetch: () => Promise<unknown>) => () => {
    setSigned(message);
    void refetch();
  };
  return (
    <section aria-labelledby={`body-${bodyId}`} className="fr-mb-4w">
      <h2 id={`body-${bodyId}`}>{name}</h2>
      <div role="status">{signed && <p className="fr-message fr-message--valid">{signed}</p>}</div>
      <ul className="fr-raw-list">
        {toSign.map((act) => (
          <DocumentToSign
            key={`${act.id}-${act.version}`}
            id={act.id}
            heading={m.actTitle(act.number ?? '', act.title)}
            pdfUrl={act.pdfUrl}
            readLabel={m.read(act.number ?? '')}
            haveReadLabel={m.haveRead(act.number ?? '', act.version)}
            sign={() => signAct({ variables: { bodyId, id: act.id, version: act.version } })}
            onSigned={done(m.signed(act.number ?? ''), acts.refetch)}
          />
        ))}
        {pvs.map((pv) => {
          const date = formatDay(pv.meetingStartsAt);
          return (
            <DocumentToSign
              key={pv.id}
              id={pv.id}
              heading={m.pvTitle(date)}
              pdfUrl={pv.pdfUrl}
              readLabel={m.readPv(date)}
              haveReadLabel={m.haveReadPv(date)}
              sign={() => signPv({ variables: { bodyId, id: pv.id } })}
              onSigned={done(m.pvSigned(date), procesVerbaux.refetch)}
            />
          );
        })}
      </ul>
    </section>
  );
}

/**
 * « À signer » (`/a-signer`): the délibérations and the arrêtés procès-verbaux the official must sign as
 * président or secrétaire de séance, body by body. Each is read (its PDF), acknowledged as read, then
 * signed: a délibération's signature is for the version read, and the server refuses it if the act
 * changed meanwhile (a PV arrêté no longer changes).
 */
export function ToSignPage() {
  return (
    <PerBodyPage
      title={m.title}
      intro={m.intro}
      hint={m.noneHint}
      section={(body) => <BodyToSign key={body.id} bodyId={body.id} name={body.name} />}
    />
  );
}
