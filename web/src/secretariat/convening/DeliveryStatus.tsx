import { useMutation } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import type { FollowUpQuery } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import { formatShortDate } from '../../ui/format.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { today } from '../follow-up/follow-up.ts';
import { RecordLetterPostedMutation } from '../operations.ts';
import { useFieldErrors } from '../../ui/form-errors.ts';

const m = messages.secretariat.followUp;
type Delivery = FollowUpQuery['body']['meeting']['followUp'][number]['deliveries'][number];

/** A printed letter: the PDF to print, then the date it was posted (the legal date of a paper convocation). */
function LetterPosting({
  delivery,
  bodyId,
  timeZone,
  official,
}: {
  delivery: Delivery;
  bodyId: string;
  timeZone: string;
  official: string;
}) {
  const [postedOn, setPostedOn] = useState(() => today(timeZone));
  const fields = useFieldErrors();
  const error = fields.error('postedOn');
  const errorId = `posted-${delivery.id}-error`;
  const [record, recording] = useMutation(RecordLetterPostedMutation);
  return (
    <div className="cartable-letter">
      {delivery.letterUrl ? (
        <a className="fr-link fr-link--sm fr-icon-printer-line fr-link--icon-left" href={delivery.letterUrl} download>
          {m.letter(official)}
        </a>
      ) : (
        <span className="fr-text--xs">{m.letterPending}</span>
      )}
      {!delivery.postedOn && (
        <form
          noValidate
          className="cartable-letter__form"
          onInput={fields.onInput}
          onSubmit={(event) => {
            event.preventDefault();
            if (!fields.check(event.currentTarget)) return;
            void record({ variables: { bodyId, deliveryId: delivery.id, postedOn } }).catch(() => undefined);
          }}
        >
          <label className="fr-label fr-text--xs" htmlFor={`posted-${delivery.id}`}>
            {m.postedOnLabel(official)}
          </label>
          <input
            id={`posted-${delivery.id}`}
            name="postedOn"
            className={error ? 'fr-input fr-input--error' : 'fr-input'}
            type="date"
            value={postedOn}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => setPostedOn(event.target.value)}
          />
          {error && (
            <p id={errorId} className="fr-error-text">
              {error}
            </p>
          )}
          <Button size="small" type="submit" disabled={recording.loading}>
            {m.recordPosting}
          </Button>
          {recording.error && <GraphqlError error={recording.error} />}
        </form>
      )}
    </div>
  );
}

/** One message to one official: channel, address, and where it stands. */
export function DeliveryStatus({
  delivery,
  bodyId,
  timeZone,
  official,
}: {
  delivery: Delivery;
  bodyId: string;
  timeZone: string;
  official: string;
}) {
  const state =
    delivery.status === 'ACCEPTED' && delivery.acceptedAt
      ? m.accepted(formatShortDate(delivery.acceptedAt, timeZone))
      : delivery.status === 'POSTED' && delivery.postedOn
        ? m.posted(new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone: 'UTC' }).format(new Date(delivery.postedOn)))
        : delivery.status === 'FAILED'
          ? m.failed(delivery.lastError ?? '')
          : delivery.channel === 'LETTER'
            ? m.toPost
            : m.pending;
  const purpose = m.purposes[delivery.purpose];
  return (
    <li>
      <strong>
        {purpose && `${purpose} — `}
        {messages.secretariat.convening.channel[delivery.channel]}
      </strong>{' '}
      : <span className={delivery.status === 'FAILED' ? 'fr-error-text fr-mt-0 cartable-inline-hint' : undefined}>{state}</span>
      {delivery.interruptedSends > 0 && <span className="fr-text--xs"> — {m.interrupted(delivery.interruptedSends)}</span>}
      {delivery.channel === 'LETTER' && delivery.purpose === 'CONVOCATION' && (
        <LetterPosting delivery={delivery} bodyId={bodyId} timeZone={timeZone} official={official} />
      )}
    </li>
  );
}
