import { useMutation, useQuery } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { ProfileQuery as ProfileData } from '../graphql/generated/graphql.ts';
import { ProfileQuery, SetPaperConvocationMutation } from '../graphql/operations.ts';
import { messages } from '../i18n/messages.ts';
import { useFieldErrors } from '../ui/form-errors.ts';
import { userError } from '../ui/error-message.ts';
import { formatShortDate } from '../ui/format.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { OutcomeMessage, type Outcome } from '../ui/OutcomeMessage.tsx';
import { AlertsSection } from './AlertsSection.tsx';
import { CalendarSection } from './CalendarSection.tsx';

const m = messages.profile;
type Seat = ProfileData['me']['memberships'][number];

/** Paper or electronic in one body: the address to write to, or back to electronic. */
function PaperConvocationForm({ seat }: { seat: Seat }) {
  const paper = seat.paperConvocation;
  const [address, setAddress] = useState(paper?.postalAddress ?? '');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [save, { loading }] = useMutation(SetPaperConvocationMutation, { refetchQueries: [ProfileQuery], awaitRefetchQueries: true });
  const fields = useFieldErrors();

  const submit = async (postalAddress: string | null) => {
    setOutcome(null);
    try {
      await save({ variables: { bodyId: seat.body.id, postalAddress } });
      if (postalAddress === null) setAddress('');
      setOutcome({ ok: m.paperSaved });
    } catch (error) {
      setOutcome({ error: userError(error).message });
    }
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    void submit(address);
  };

  return (
    <li className="cartable-paper">
      <h3 className="fr-h6">{seat.body.name}</h3>
      <p className="fr-hint-text">{m.paperRule(seat.body.legalArticles.convocationChannel)}</p>
      {paper ? (
        <>
          <p className="fr-mb-1w">{m.paperBy(formatShortDate(paper.requestedAt))}</p>
          <p className="cartable-address">{paper.postalAddress}</p>
        </>
      ) : (
        <p>{m.paperElectronic}</p>
      )}
      <form noValidate onSubmit={onSubmit} onInput={fields.onInput}>
        <Input
          textArea
          label={m.address(seat.body.name)}
          hintText={m.addressHint}
          {...fields.field('address')}
          nativeTextAreaProps={{
            name: 'address',
            value: address,
            rows: 3,
            required: true,
            minLength: 5,
            maxLength: 500,
            autoComplete: 'street-address',
            onChange: (event) => setAddress(event.target.value),
          }}
        />
        <OutcomeMessage outcome={outcome} />
        <ul className="fr-btns-group fr-btns-group--inline-md">
          <li>
            <Button type="submit" disabled={loading || address.trim() === (paper?.postalAddress ?? '')}>
              {paper ? m.updateAddress : m.requestPaper}
            </Button>
          </li>
          {paper && (
            <li>
              <Button type="button" priority="secondary" disabled={loading} onClick={() => void submit(null)}>
                {m.backToElectronic}
              </Button>
            </li>
          )}
        </ul>
      </form>
    </li>
  );
}

/** "Mon profil": the account's email, the alerts (SMS, push), and paper convocations per body. */
export function ProfilePage() {
  const { data, error, loading, refetch } = useQuery(ProfileQuery);
  if (error && !data) return <GraphqlError error={error} onRetry={() => void refetch()} offline={m.offline} />;
  if (!data) return <p>{loading ? messages.app.loading : m.offline}</p>;
  const { me } = data;
  const seats = me.memberships.filter((seat) => seat.roles.includes('OFFICIAL'));

  return (
    <>
      <h1>{m.title}</h1>
      <p className="fr-text--lead">{m.intro}</p>
      <Input
        label={m.email}
        hintText={m.emailHint}
        className="cartable-field fr-mb-4w"
        nativeInputProps={{ type: 'email', value: me.email, readOnly: true }}
      />
      <p>
        <Link className="fr-link fr-icon-tablet-line fr-link--icon-left" to="/ma-tablette">
          {m.tabletLink}
        </Link>
      </p>
      <CalendarSection calendarUrl={me.calendarUrl ?? null} />
      <AlertsSection meId={me.id} alerts={me.alerts} publicKey={data.pushPublicKey} />
      <section aria-labelledby="papier">
        <h2 id="papier">{m.paper}</h2>
        <p>{m.paperLaw}</p>
        <ul className="cartable-paper-list">
          {seats.map((seat) => (
            <PaperConvocationForm key={seat.id} seat={seat} />
          ))}
        </ul>
      </section>
    </>
  );
}
