import type { ApolloCache } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useEffect, useState, type FormEvent } from 'react';
import type { AlertPreferencesFieldsFragment } from '../graphql/generated/graphql.ts';
import { SubscribePushMutation, UnsubscribePushMutation, UpdateAlertPreferencesMutation } from '../graphql/operations.ts';
import { savedAppConfig } from '../app/config.ts';
import { messages } from '../i18n/messages.ts';
import { userError } from '../ui/error-message.ts';
import { OutcomeMessage, type Outcome } from '../ui/OutcomeMessage.tsx';
import { pushState, subscribeThisBrowser, unsubscribeThisBrowser, type PushState } from './web-push.ts';

const m = messages.profile;

/** Puts the server's answer in place of the cached preferences of the account. */
function writeAlerts(cache: ApolloCache, meId: string, alerts: AlertPreferencesFieldsFragment | undefined) {
  if (alerts) cache.modify({ id: cache.identify({ __typename: 'Me', id: meId }), fields: { alerts: () => alerts } });
}

function SmsAlerts({ meId, alerts }: { meId: string; alerts: AlertPreferencesFieldsFragment }) {
  const [smsAlerts, setSmsAlerts] = useState(alerts.smsAlerts);
  const [mobilePhone, setMobilePhone] = useState(alerts.mobilePhone ?? '');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [update, { loading }] = useMutation(UpdateAlertPreferencesMutation);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    try {
      const { data } = await update({
        variables: { smsAlerts, mobilePhone: mobilePhone.trim() || null },
        update: (cache, { data: saved }) => writeAlerts(cache, meId, saved?.updateAlertPreferences),
      });
      setMobilePhone(data?.updateAlertPreferences.mobilePhone ?? '');
      setOutcome({ ok: m.smsSaved });
    } catch (error) {
      setOutcome({ error: userError(error).message });
    }
  };

  return (
    <form noValidate onSubmit={(event) => void submit(event)} className="fr-mb-4w">
      <Checkbox
        options={[{ label: m.sms, nativeInputProps: { checked: smsAlerts, onChange: (event) => setSmsAlerts(event.target.checked) } }]}
      />
      <Input
        label={m.mobile}
        hintText={m.mobileHint}
        className="cartable-field fr-mt-2w"
        nativeInputProps={{ type: 'tel', autoComplete: 'tel', value: mobilePhone, onChange: (event) => setMobilePhone(event.target.value) }}
      />
      <OutcomeMessage outcome={outcome} />
      <Button type="submit" priority="secondary" disabled={loading}>
        {m.saveSms}
      </Button>
    </form>
  );
}

function PushAlerts({ meId, publicKey, devices }: { meId: string; publicKey: string; devices: number }) {
  const [state, setState] = useState<PushState | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const [subscribe] = useMutation(SubscribePushMutation);
  const [unsubscribe] = useMutation(UnsubscribePushMutation);

  useEffect(() => {
    void pushState().then(setState);
  }, []);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setOutcome(null);
    try {
      await action();
    } catch (error) {
      const failure = userError(error);
      setOutcome({ error: failure.kind === 'generic' ? m.pushFailed : failure.message });
    } finally {
      setState(await pushState());
      setBusy(false);
    }
  };
  const enable = () =>
    run(async () => {
      const input = await subscribeThisBrowser(publicKey);
      if (input === 'denied') return;
      try {
        await subscribe({ variables: { input }, update: (cache, { data }) => writeAlerts(cache, meId, data?.subscribePush) });
      } catch (error) {
        // The server refused it: the browser must not keep a subscription nobody sends to.
        await unsubscribeThisBrowser();
        throw error;
      }
    });
  const disable = () =>
    run(async () => {
      const endpoint = await unsubscribeThisBrowser();
      if (endpoint)
        await unsubscribe({ variables: { endpoint }, update: (cache, { data }) => writeAlerts(cache, meId, data?.unsubscribePush) });
    });

  return (
    <div className="fr-mb-4w">
      <h3 className="fr-h6">{m.push}</h3>
      <p className="fr-hint-text">{m.pushHint}</p>
      <div aria-live="polite">
        {state?.kind === 'unsupported' && <p>{m.pushUnsupported}</p>}
        {state?.kind === 'denied' && <p className="fr-message fr-message--warning">{m.pushDenied}</p>}
        {state?.kind === 'on' && <p className="fr-badge fr-badge--success">{m.pushOn}</p>}
        {state?.kind === 'off' && <p>{m.pushOff}</p>}
        <p>{m.pushDevices(devices)}</p>
      </div>
      <OutcomeMessage outcome={outcome} />
      {state?.kind === 'off' && (
        <Button iconId="fr-icon-notification-3-line" disabled={busy} onClick={() => void enable()}>
          {m.pushEnable}
        </Button>
      )}
      {state?.kind === 'on' && (
        <Button iconId="fr-icon-close-line" priority="secondary" disabled={busy} onClick={() => void disable()}>
          {m.pushDisable}
        </Button>
      )}
    </div>
  );
}

/** "Alertes": email always, SMS on request with the mobile number, web push per browser. */
export function AlertsSection({ meId, alerts, publicKey }: { meId: string; alerts: AlertPreferencesFieldsFragment; publicKey: string }) {
  return (
    <section aria-labelledby="alertes" className="fr-mb-4w">
      <h2 id="alertes">{m.alerts}</h2>
      {savedAppConfig()?.smsAvailable === false ? (
        <p className="fr-text--sm">{m.smsUnavailable}</p>
      ) : (
        <SmsAlerts meId={meId} alerts={alerts} />
      )}
      <PushAlerts meId={meId} publicKey={publicKey} devices={alerts.pushDevices} />
    </section>
  );
}
