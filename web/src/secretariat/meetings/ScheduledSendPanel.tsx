import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState } from 'react';
import { formatDateTime } from '../../ui/format.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { CancelScheduledConvocationMutation, MeetingChangesQuery, ScheduleConvocationMutation } from './changes-operations.ts';
import { messages } from '../messages.ts';
import { useZonedForm } from '../use-zoned-form.ts';

const m = messages.secretariat.scheduling;

/**
 * « Programmer l’envoi »: the convocation of a draft sent later by the server, with the checks of an
 * immediate send (refused now if it would be refused then, after the legal deadline in particular); the
 * send waiting, cancellable, or why the last one did not leave.
 */
export function ScheduledSendPanel({ body, meetingId }: { body: { id: string; slug: string; timeZone: string }; meetingId: string }) {
  const variables = { slug: body.slug, meetingId };
  const { data, refetch } = useQuery(MeetingChangesQuery, { variables, fetchPolicy: 'cache-and-network' });
  const [runAt, setRunAt] = useState('');
  const [schedule, scheduling] = useMutation(ScheduleConvocationMutation);
  const [cancel, cancelling] = useMutation(CancelScheduledConvocationMutation);
  const { fields, submitWith, dateField } = useZonedForm(body.timeZone, m.badDate);
  const scheduled = data?.body.meeting.scheduledSend;
  const waiting = scheduled?.status === 'SCHEDULED';

  const submit = submitWith(runAt, async (iso) => {
    await schedule({ variables: { bodyId: body.id, meetingId, runAt: iso } });
    await refetch();
  });
  const unschedule = async () => {
    try {
      await cancel({ variables: { bodyId: body.id, meetingId } });
      await refetch();
    } catch {
      // Shown from the mutation's state.
    }
  };

  return (
    <section aria-labelledby="scheduling-heading" className="fr-mt-4w">
      <h3 id="scheduling-heading">{m.title}</h3>
      <p className="fr-text--sm">{m.intro}</p>
      <div aria-live="polite">
        {waiting && (
          <Alert
            severity="info"
            small
            className="fr-mb-2w"
            description={m.scheduled(formatDateTime(scheduled.runAt, body.timeZone), scheduled.scheduledByName)}
          />
        )}
        {scheduled?.status === 'FAILED' && (
          <Alert severity="error" small className="fr-mb-2w" description={m.failed(scheduled.failure ?? '')} />
        )}
        {scheduled?.status === 'CANCELLED' && <Alert severity="info" small className="fr-mb-2w" description={m.cancelled} />}
      </div>
      {waiting ? (
        <>
          {cancelling.error && <GraphqlError error={cancelling.error} />}
          <Button priority="secondary" disabled={cancelling.loading} onClick={() => void unschedule()}>
            {m.cancel}
          </Button>
        </>
      ) : (
        <form noValidate onSubmit={(event) => void submit(event)} onInput={fields.onInput} className="cartable-console-form">
          {scheduling.error && <GraphqlError error={scheduling.error} />}
          <Input
            label={m.runAt(body.timeZone)}
            {...dateField('runAt')}
            nativeInputProps={{
              name: 'runAt',
              type: 'datetime-local',
              value: runAt,
              required: true,
              onChange: (event) => setRunAt(event.target.value),
            }}
          />
          <Button type="submit" priority="secondary" iconId="fr-icon-time-line" disabled={scheduling.loading}>
            {m.schedule}
          </Button>
        </form>
      )}
    </section>
  );
}
