import { useQuery } from '@apollo/client/react';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState } from 'react';
import type { TicketStatus } from '../graphql/generated/coordination/graphql.ts';
import { messages } from './messages.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { StatusLine, useAnnouncement } from '../ui/StatusLine.tsx';
import { SupportTicketsQuery } from './operations.ts';
import { OpenTicketForm, TicketsTable } from './Tickets.tsx';

const m = messages.coordination.support;
const statuses: TicketStatus[] = ['OPEN', 'RESOLVED'];

/** Every support ticket about the tablets, open or resolved; a new one about any tablet. */
export function SupportPage() {
  const [status, setStatus] = useState<TicketStatus | ''>('OPEN');
  const { data, error, refetch } = useQuery(SupportTicketsQuery, {
    variables: { status: status || null },
    fetchPolicy: 'cache-and-network',
  });
  const { announcement, done } = useAnnouncement(refetch);
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  return (
    <>
      <h1>{m.title}</h1>
      <p className="fr-text--lead">{m.intro}</p>
      <StatusLine text={announcement} />
      <Select
        label={m.filter}
        className="cartable-filter"
        nativeSelectProps={{ value: status, onChange: (event) => setStatus(event.target.value as TicketStatus | '') }}
      >
        {statuses.map((each) => (
          <option key={each} value={each}>
            {messages.coordination.ticketStatus[each]}
          </option>
        ))}
        <option value="">{m.all}</option>
      </Select>
      <TicketsTable tickets={data.supportTickets} caption={m.caption(data.supportTickets.length)} onDone={done} />
      <OpenTicketForm devices={data.devices} onDone={done} />
    </>
  );
}
