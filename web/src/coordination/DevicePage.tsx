import { useMutation, useQuery } from '@apollo/client/react';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { StackedTable } from '../ui/StackedTable.tsx';
import { useState } from 'react';
import { useParams } from 'react-router';
import type { AllocationEndReason, DeviceQuery as DeviceData } from '../graphql/generated/coordination/graphql.ts';
import { messages } from './messages.ts';
import { submitWith, succeeded } from '../ui/api-failure.ts';
import { ConfirmPanel } from '../ui/ConfirmPanel.tsx';
import { formatCalendarDate, formatShortDate } from '../ui/format.ts';
import { FormSection } from '../ui/FormSection.tsx';
import { useFieldErrors } from '../ui/form-errors.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { StatusLine, useAnnouncement } from '../ui/StatusLine.tsx';
import { DeviceStateBadge } from './DeviceStateBadge.tsx';
import {
  AllocateDeviceMutation,
  AllocationCandidatesQuery,
  DeviceQuery,
  RecordDeviceEventMutation,
  RecordDeviceRepairedMutation,
} from './operations.ts';
import { OpenTicketForm, TicketsTable } from './Tickets.tsx';

const m = messages.coordination.device;
type Device = DeviceData['device'];

/** The events a tablet in each state can go through (the server refuses the others). */
const eventsFor: Record<Device['state'], AllocationEndReason[]> = {
  ALLOCATED: ['RETURNED', 'REPAIR', 'LOST'],
  IN_STOCK: ['REPAIR', 'LOST'],
  IN_REPAIR: [],
  LOST: [],
};

/** `/coordination/tablettes/:deviceId`: a tablet, its holder and convention, its loans and tickets, what can happen to it. */
export function DevicePage() {
  const { deviceId = '' } = useParams();
  const { data, error, refetch } = useQuery(DeviceQuery, { variables: { id: deviceId }, fetchPolicy: 'cache-and-network' });
  const { announcement, done } = useAnnouncement(refetch);
  const [event, setEvent] = useState<{ reason: AllocationEndReason; note: string } | null>(null);
  const [record, recorded] = useMutation(RecordDeviceEventMutation);
  const [repaired, repairDone] = useMutation(RecordDeviceRepairedMutation);
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  const { device } = data;
  const activeLoan = device.loans.find((loan) => !loan.endedAt) ?? null;
  const confirmEvent = async (chosen: { reason: AllocationEndReason; note: string }) => {
    if (!(await succeeded(() => record({ variables: { deviceId: device.id, event: chosen.reason, note: chosen.note.trim() || null } }))))
      return;
    setEvent(null);
    await done(m.eventDone[chosen.reason]);
  };
  const markRepaired = async () => {
    if (await succeeded(() => repaired({ variables: { deviceId: device.id } }))) await done(m.repairedDone);
  };

  return (
    <>
      <Breadcrumb
        currentPageLabel={device.serialNumber}
        homeLinkProps={{ to: '/' }}
        segments={[{ label: m.back, linkProps: { to: '/coordination/tablettes' } }]}
      />
      <h1>{m.title(device.serialNumber)}</h1>
      <StatusLine text={announcement} />
      <dl className="cartable-terms">
        <dt>{m.state}</dt>
        <dd>
          <DeviceStateBadge state={device.state} />
        </dd>
        <dt>{m.model}</dt>
        <dd>{device.model}</dd>
        {device.purchasedOn && (
          <>
            <dt>{m.purchasedOn}</dt>
            <dd>{formatCalendarDate(device.purchasedOn)}</dd>
          </>
        )}
        {device.notes && (
          <>
            <dt>{m.notes}</dt>
            <dd>{device.notes}</dd>
          </>
        )}
      </dl>
      {activeLoan && (
        <p>
          {m.heldBy(activeLoan.person.displayName, formatShortDate(activeLoan.allocatedAt))}{' '}
          {activeLoan.acceptedAt
            ? messages.coordination.devices.accepted(formatShortDate(activeLoan.acceptedAt))
            : messages.coordination.devices.notAccepted}
          .{' '}
          <a
            className="fr-link"
            href={activeLoan.conventionUrl}
            target="_blank"
            rel="noopener noreferrer"
            title={`${m.convention} — ${messages.app.newWindow}`}
          >
            {m.convention}
          </a>
        </p>
      )}
      {(recorded.error ?? repairDone.error) && <GraphqlError error={recorded.error ?? repairDone.error} />}
      {device.state === 'IN_STOCK' && <AllocateForm deviceId={device.id} onDone={done} />}

      {(eventsFor[device.state].length > 0 || device.state === 'IN_REPAIR') && (
        <section aria-labelledby="events-heading" className="fr-mb-3w">
          <h2 id="events-heading" className="fr-h5">
            {m.events}
          </h2>
          {event ? (
            <ConfirmPanel
              title={m.eventLabel[event.reason]}
              text={m.eventConfirm[event.reason]}
              confirm={m.eventLabel[event.reason]}
              busy={recorded.loading}
              onConfirm={() => void confirmEvent(event)}
              onCancel={() => setEvent(null)}
            >
              <Input
                label={m.eventNote}
                textArea
                nativeTextAreaProps={{
                  value: event.note,
                  rows: 2,
                  onChange: (change) => setEvent({ ...event, note: change.target.value }),
                }}
              />
            </ConfirmPanel>
          ) : (
            <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
              {eventsFor[device.state].map((reason) => (
                <li key={reason}>
                  <Button priority="secondary" onClick={() => setEvent({ reason, note: '' })}>
                    {m.eventLabel[reason]}
                  </Button>
                </li>
              ))}
              {device.state === 'IN_REPAIR' && (
                <li>
                  <Button priority="secondary" disabled={repairDone.loading} onClick={() => void markRepaired()}>
                    {m.repaired}
                  </Button>
                </li>
              )}
            </ul>
          )}
        </section>
      )}

      <section aria-labelledby="loans-heading">
        <h2 id="loans-heading" className="fr-h5">
          {m.loans}
        </h2>
        {device.loans.length === 0 ? (
          <p>{m.noLoan}</p>
        ) : (
          <StackedTable
            caption={m.loansCaption(device.loans.length)}
            headers={[m.loanColumns.person, m.loanColumns.from, m.loanColumns.to, m.loanColumns.end, m.loanColumns.convention]}
            data={device.loans.map((loan) => [
              loan.person.displayName,
              formatShortDate(loan.allocatedAt),
              loan.endedAt ? formatShortDate(loan.endedAt) : m.ongoing,
              loan.endReason ? [messages.coordination.endReason[loan.endReason], loan.endNote].filter(Boolean).join(' — ') : '',
              <a key="convention" className="fr-link" href={loan.conventionUrl} target="_blank" rel="noopener noreferrer">
                {m.conventionLink(loan.person.displayName)}
              </a>,
            ])}
          />
        )}
      </section>

      <section aria-labelledby="tickets-heading">
        <h2 id="tickets-heading" className="fr-h5">
          {m.tickets}
        </h2>
        <TicketsTable tickets={device.tickets} caption={m.tickets} onDone={done} />
        <OpenTicketForm devices={[device]} onDone={done} />
      </section>
    </>
  );
}

/**
 * Lends the tablet to an official: those without a tablet first, by body; those who hold one are listed
 * too — the database allows one active tablet per person, and its refusal is shown as the server words it.
 */
function AllocateForm({ deviceId, onDone }: { deviceId: string; onDone: (message: string) => Promise<void> }) {
  const { data, error } = useQuery(AllocationCandidatesQuery, { fetchPolicy: 'network-only' });
  const [personId, setPersonId] = useState('');
  const [allocate, allocated] = useMutation(AllocateDeviceMutation);
  const fields = useFieldErrors();
  if (!data) return error ? <GraphqlError error={error} /> : <p>{messages.app.loading}</p>;
  const equipped = data.devices.flatMap((device) =>
    device.currentLoan ? [{ person: device.currentLoan.person, serialNumber: device.serialNumber }] : [],
  );
  const submit = submitWith(async () => {
    const loan = (await allocate({ variables: { deviceId, personId } })).data!.allocateDevice;
    await onDone(m.allocated(loan.person.displayName));
  });
  return (
    <FormSection title={m.allocate} minor fields={fields} onSubmit={submit}>
      <Select
        label={m.official}
        {...fields.field('personId')}
        nativeSelectProps={{ name: 'personId', value: personId, required: true, onChange: (event) => setPersonId(event.target.value) }}
      >
        <option value="" disabled>
          {m.chooseOfficial}
        </option>
        {data.officialsWithoutDevice
          .filter(({ officials }) => officials.length > 0)
          .map(({ body, officials }) => (
            <optgroup key={body.id} label={m.withoutIn(body.name)}>
              {officials.map((official) => (
                <option key={official.id} value={official.id}>
                  {official.displayName}
                </option>
              ))}
            </optgroup>
          ))}
        {equipped.length > 0 && (
          <optgroup label={m.equipped}>
            {equipped.map(({ person, serialNumber }) => (
              <option key={person.id} value={person.id}>
                {m.equippedOption(person.displayName, serialNumber)}
              </option>
            ))}
          </optgroup>
        )}
      </Select>
      <div aria-live="polite" className="cartable-form-feedback">
        {allocated.error && <GraphqlError error={allocated.error} />}
      </div>
      <Button type="submit" disabled={allocated.loading || personId === ''}>
        {m.allocateSubmit}
      </Button>
    </FormSection>
  );
}
