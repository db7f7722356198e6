import { useMutation } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState } from 'react';
import { graphql } from '../graphql/generated/gql.ts';
import { ProfileQuery } from '../graphql/operations.ts';
import { messages } from '../i18n/messages.ts';
import { userError } from '../ui/error-message.ts';
import { OutcomeMessage, type Outcome } from '../ui/OutcomeMessage.tsx';

const m = messages.calendar;

const RegenerateCalendarUrlMutation = graphql(`
  mutation RegenerateCalendarUrl {
    regenerateCalendarUrl
  }
`);

const RevokeCalendarUrlMutation = graphql(`
  mutation RevokeCalendarUrl {
    revokeCalendarUrl
  }
`);

/** The feed's address for calendar applications: the same URL under the `webcal:` scheme. */
export function webcalUrl(url: string): string {
  return url.replace(/^https?:/, 'webcal:');
}

/**
 * « Mon agenda »: the official's personal calendar feed (every meeting of every body, kept up to date by
 * their calendar application), « Ajouter à mon agenda » as a `webcal:` link and its address to copy; a new
 * link replaces the old one at once, and the link can be deleted.
 */
export function CalendarSection({ calendarUrl }: { calendarUrl: string | null }) {
  const [outcome, setOutcome] = useState<Outcome>(null);
  const options = { refetchQueries: [ProfileQuery], awaitRefetchQueries: true };
  const [regenerate, regenerating] = useMutation(RegenerateCalendarUrlMutation, options);
  const [revoke, revoking] = useMutation(RevokeCalendarUrlMutation, options);
  const busy = regenerating.loading || revoking.loading;

  const run = async (action: () => Promise<unknown>, done: string | null) => {
    setOutcome(null);
    try {
      await action();
      if (done) setOutcome({ ok: done });
    } catch (error) {
      setOutcome({ error: userError(error).message });
    }
  };
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setOutcome({ ok: m.copied });
    } catch {
      setOutcome({ error: m.copyFailed });
    }
  };

  return (
    <section aria-labelledby="agenda" className="fr-mb-4w">
      <h2 id="agenda">{m.title}</h2>
      <p>{m.intro}</p>
      {calendarUrl === null ? (
        <>
          <OutcomeMessage outcome={outcome} />
          <Button iconId="fr-icon-calendar-line" disabled={busy} onClick={() => void run(() => regenerate(), null)}>
            {m.create}
          </Button>
        </>
      ) : (
        <>
          <p>
            <a className="fr-btn fr-btn--icon-left fr-icon-calendar-line" href={webcalUrl(calendarUrl)} title={m.openHint}>
              {m.open}
            </a>
          </p>
          <Input
            label={m.link}
            hintText={m.linkHint}
            className="cartable-field"
            nativeInputProps={{ type: 'url', value: webcalUrl(calendarUrl), readOnly: true, onFocus: (event) => event.target.select() }}
          />
          <p className="fr-text--sm">{m.secret}</p>
          <OutcomeMessage outcome={outcome} />
          <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
            <li>
              <Button priority="secondary" onClick={() => void copy(webcalUrl(calendarUrl))}>
                {m.copy}
              </Button>
            </li>
            <li>
              <Button priority="secondary" disabled={busy} onClick={() => void run(() => regenerate(), m.regenerated)}>
                {m.regenerate}
              </Button>
            </li>
            <li>
              <Button priority="tertiary" disabled={busy} onClick={() => void run(() => revoke(), m.revoked)}>
                {m.revoke}
              </Button>
            </li>
          </ul>
        </>
      )}
    </section>
  );
}
