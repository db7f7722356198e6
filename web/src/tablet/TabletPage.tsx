import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useRef, useState } from 'react';
import type { MyTabletQuery as MyTabletData } from '../graphql/generated/graphql.ts';
import { AcceptLoanConventionMutation, MyTabletQuery } from '../graphql/operations.ts';
import { messages } from '../i18n/messages.ts';
import { useOnline } from '../offline/use-online.ts';
import { userError } from '../ui/error-message.ts';
import { formatShortDate } from '../ui/format.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { OutcomeMessage, type Outcome } from '../ui/OutcomeMessage.tsx';
import { SupportSection } from './SupportSection.tsx';

const m = messages.tablet;
type Loan = NonNullable<MyTabletData['myDevice']>;

/** The convention's link and fingerprint, and its acceptance: once, online, naming the fingerprint shown. */
function ConventionSection({ loan }: { loan: Loan }) {
  const online = useOnline();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [accept, { loading }] = useMutation(AcceptLoanConventionMutation);
  const acceptedRef = useRef<HTMLDivElement>(null);
  const [justAccepted, setJustAccepted] = useState(false);
  useEffect(() => {
    if (justAccepted) acceptedRef.current?.focus();
  }, [justAccepted]);

  const onAccept = async () => {
    setOutcome(null);
    try {
      // The answer (id, acceptedAt) updates the cached loan: the page shows the server's timestamp.
      await accept({ variables: { loanId: loan.id, conventionSha256: loan.conventionSha256 } });
      setJustAccepted(true);
    } catch (error) {
      setOutcome({ error: userError(error).message });
    }
  };

  return (
    <section aria-labelledby="convention" className="fr-mb-4w">
      <h2 id="convention">{m.convention}</h2>
      <p className="fr-mb-1w">
        <a
          className="fr-link fr-icon-file-pdf-line fr-link--icon-left"
          href={loan.conventionUrl}
          target="_blank"
          rel="noopener noreferrer"
          title={`${m.conventionLink} — ${messages.app.newWindow}`}
        >
          {m.conventionLink}
        </a>
      </p>
      <p className="fr-hint-text">{m.conventionHint}</p>
      <p className="fr-mb-0">{m.fingerprint}</p>
      <p className="fr-hint-text">{m.fingerprintHint}</p>
      <p>
        <code className="cartable-fingerprint">{loan.conventionSha256}</code>
      </p>
      {loan.acceptedAt ? (
        <div ref={acceptedRef} tabIndex={-1}>
          <Alert severity="success" small description={m.accepted(formatShortDate(loan.acceptedAt))} />
        </div>
      ) : (
        <>
          <OutcomeMessage outcome={outcome} errorTitle={m.acceptRefused} />
          <p className={online ? 'fr-hint-text' : 'fr-message fr-message--info'} id="accept-hint">
            {online ? m.acceptHint : m.acceptOffline}
          </p>
          <Button
            iconId="fr-icon-check-line"
            disabled={!online || loading}
            onClick={() => void onAccept()}
            nativeButtonProps={{ 'aria-describedby': 'accept-hint' }}
          >
            {loading ? m.accepting : m.accept}
          </Button>
        </>
      )}
    </section>
  );
}

/**
 * « Ma tablette » (`/ma-tablette`): the tablet the groupement lends the official, its loan convention to
 * read and accept, and support requests. Offline it shows what this session last loaded; accepting and
 * reporting need the network.
 */
export function TabletPage() {
  const online = useOnline();
  // The convention's link is valid 5 minutes: refreshed while the page stays open.
  const { data, error, loading, refetch } = useQuery(MyTabletQuery, {
    fetchPolicy: 'cache-and-network',
    pollInterval: online ? 240_000 : 0,
  });

  let content;
  if (!data) {
    if (!online) content = <p>{m.offline}</p>;
    else
      content = error ? (
        <GraphqlError error={error} onRetry={() => void refetch()} offline={m.offline} />
      ) : (
        <p>{loading ? messages.app.loading : null}</p>
      );
  } else if (!data.myDevice) {
    content = <p>{m.none}</p>;
  } else {
    const loan = data.myDevice;
    content = (
      <>
        {!online && <p className="fr-message fr-message--info fr-mb-2w">{m.cached}</p>}
        <dl className="cartable-facts fr-mb-4w">
          <dt>{m.model}</dt>
          <dd>{loan.device.model}</dd>
          <dt>{m.serialNumber}</dt>
          <dd>{loan.device.serialNumber}</dd>
          <dt>{m.since}</dt>
          <dd>{formatShortDate(loan.allocatedAt)}</dd>
        </dl>
        <ConventionSection loan={loan} />
        <SupportSection deviceId={loan.device.id} tickets={data.mySupportTickets} />
      </>
    );
  }

  return (
    <>
      <h1>{m.title}</h1>
      <p className="fr-text--lead">{m.intro}</p>
      {content}
    </>
  );
}
