import { useMutation } from '@apollo/client/react';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { StackedTable } from '../ui/StackedTable.tsx';
import { useState } from 'react';
import { Link } from 'react-router';
import type { TicketFieldsFragment } from '../graphql/generated/coordination/graphql.ts';
import { messages } from './messages.ts';
import { submitWith } from '../ui/api-failure.ts';
import { formatShortDate } from '../ui/format.ts';
import { CheckedForm } from '../ui/CheckedForm.tsx';
import { FormButtons } from '../ui/FormButtons.tsx';
import { FormSection } from '../ui/FormSection.tsx';
import { useFieldErrors } from '../ui/form-errors.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { OpenSupportTicketMutation, ResolveSupportTicketMutation } from './operations.ts';

const m = messages.coordination.support;

/** Support tickets with their status and, for open ones, the form that resolves them. */
export function TicketsTable({
  tickets,
  caption,
  onDone,
}: {
  tickets: TicketFieldsFragment[];
  caption: string;
  onDone: (message: string) => Promise<void>;
}) {
  const [resolving, setResolving] = useState<{ ticket: TicketFieldsFragment; text: string } | null>(null);
  const [resolve, resolved] = useMutation(ResolveSupportTicketMutation);
  const fields = useFieldErrors();
  if (tickets.length === 0) return <p>{m.none}</p>;
  const submit = submitWith(async () => {
    if (!resolving) return;
    await resolve({ variables: { ticketId: resolving.ticket.id, resolution: resolving.text.trim() } });
    setResolving(null);
    await onDone(m.resolved(resolving.ticket.subject));
  });
  return (
    <>
      {resolving && (
        <CheckedForm fields={fields} onValid={submit} className="cartable-console-form">
          <Input
            label={m.resolution(resolving.ticket.subject)}
            textArea
            {...fields.field('resolution')}
            nativeTextAreaProps={{
              name: 'resolution',
              value: resolving.text,
              rows: 3,
              required: true,
              autoFocus: true,
              onChange: (event) => setResolving({ ...resolving, text: event.target.value }),
            }}
          />
          <div aria-live="polite" className="cartable-form-feedback">
            {resolved.error && <GraphqlError error={resolved.error} />}
          </div>
          <FormButtons busy={resolved.loading} save={m.resolveSubmit} onCancel={() => setResolving(null)} />
        </CheckedForm>
      )}
      <StackedTable
        caption={caption}
        headers={[m.columns.openedAt, m.columns.device, m.columns.subject, m.columns.openedBy, m.columns.status, m.columns.resolution]}
        data={tickets.map((ticket) => [
          formatShortDate(ticket.openedAt),
          <Link key="device" className="fr-link" to={`/coordination/tablettes/${ticket.device.id}`}>
            {ticket.device.serialNumber}
          </Link>,
          <span key="subject">
            <strong>{ticket.subject}</strong>
            {ticket.description && (
              <>
                <br />
                <span className="fr-text--xs">{ticket.description}</span>
              </>
            )}
          </span>,
          ticket.openedBy.displayName,
          <Badge key="status" small noIcon severity={ticket.status === 'OPEN' ? 'new' : 'success'}>
            {messages.coordination.ticketStatus[ticket.status]}
          </Badge>,
          ticket.status === 'RESOLVED' ? (
            m.resolvedOn(formatShortDate(ticket.resolvedAt!), ticket.resolution ?? '')
          ) : (
            <Button
              key="resolve"
              size="small"
              priority="secondary"
              aria-label={m.resolveLabel(ticket.subject)}
              onClick={() => setResolving({ ticket, text: '' })}
            >
              {m.resolve}
            </Button>
          ),
        ])}
      />
    </>
  );
}

/** Opens a ticket about a tablet: the one given, or one chosen in the list. */
export function OpenTicketForm({
  devices,
  onDone,
}: {
  devices: { id: string; serialNumber: string }[];
  onDone: (message: string) => Promise<void>;
}) {
  const [draft, setDraft] = useState({ deviceId: devices.length === 1 ? devices[0]!.id : '', subject: '', description: '' });
  const [open, opened] = useMutation(OpenSupportTicketMutation);
  const fields = useFieldErrors();
  const submit = submitWith(async () => {
    const ticket = (
      await open({
        variables: { deviceId: draft.deviceId, input: { subject: draft.subject.trim(), description: draft.description.trim() } },
      })
    ).data!.openSupportTicket;
    setDraft({ ...draft, subject: '', description: '' });
    await onDone(m.opened(ticket.subject));
  });
  return (
    <FormSection title={m.open} minor fields={fields} onSubmit={submit}>
      {devices.length > 1 && (
        <Select
          label={m.device}
          {...fields.field('deviceId')}
          nativeSelectProps={{
            name: 'deviceId',
            value: draft.deviceId,
            required: true,
            onChange: (event) => setDraft({ ...draft, deviceId: event.target.value }),
          }}
        >
          <option value="" disabled>
            {m.chooseDevice}
          </option>
          {devices.map((device) => (
            <option key={device.id} value={device.id}>
              {device.serialNumber}
            </option>
          ))}
        </Select>
      )}
      <Input
        label={m.subject}
        {...fields.field('subject')}
        nativeInputProps={{
          name: 'subject',
          value: draft.subject,
          required: true,
          onChange: (event) => setDraft({ ...draft, subject: event.target.value }),
        }}
      />
      <Input
        label={m.description}
        textArea
        nativeTextAreaProps={{
          value: draft.description,
          rows: 3,
          onChange: (event) => setDraft({ ...draft, description: event.target.value }),
        }}
      />
      <div aria-live="polite" className="cartable-form-feedback">
        {opened.error && <GraphqlError error={opened.error} />}
      </div>
      <Button type="submit" disabled={opened.loading}>
        {m.openSubmit}
      </Button>
    </FormSection>
  );
}
