import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useState } from 'react';
import type { ChorusStatus } from '../graphql/generated/coordination/graphql.ts';
import { messages } from './messages.ts';
import { formatMonth } from '../ui/calendar.ts';
import { formatAmount, formatCalendarDate, formatDay, formatShortDate } from '../ui/format.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { StatusLine } from '../ui/StatusLine.tsx';
import { groupementTimeZone } from './money.ts';
import { BillingQuery, IssuedInvoicesQuery, SetInvoiceChorusStatusMutation } from './operations.ts';

const m = messages.coordination.billing;
const chorusStatuses: ChorusStatus[] = ['A_DEPOSER', 'DEPOSEE', 'MISE_A_DISPOSITION', 'MANDATEE', 'PAYEE'];

/** Every body's Factur-X invoices of a year, their PDF, and their Chorus Pro status recorded by hand. */
function FacturXSection() {
  const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: groupementTimeZone, year: 'numeric' }).format(new Date()));
  const [year, setYear] = useState(thisYear);
  const [announcement, setAnnouncement] = useState('');
  const { data, error, refetch } = useQuery(IssuedInvoicesQuery, { variables: { year }, fetchPolicy: 'cache-and-network' });
  const [setStatus, statusSet] = useMutation(SetInvoiceChorusStatusMutation);
  const invoices = data?.issuedInvoices ?? [];
  const change = async (invoice: { id: string; number: string }, status: ChorusStatus) => {
    const result = await setStatus({ variables: { invoiceId: invoice.id, status } }).catch(() => null);
    if (result?.data) setAnnouncement(m.chorusSaved(invoice.number));
  };
  return (
    <section aria-labelledby="facturx" className="fr-mt-4w">
      <h2 id="facturx">{m.facturX}</h2>
      <p>{m.facturXIntro}</p>
      <StatusLine text={announcement} />
      <Select label={m.year} nativeSelectProps={{ value: String(year), onChange: (event) => setYear(Number(event.target.value)) }}>
        {[thisYear, thisYear - 1, thisYear - 2].map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </Select>
      {error && <GraphqlError error={error} onRetry={() => void refetch()} />}
      {statusSet.error && <GraphqlError error={statusSet.error} />}
      {data && invoices.length === 0 && <p>{m.noFacturX}</p>}
      {invoices.length > 0 && (
        <Table
          caption={m.facturXCaption(year, invoices.length)}
          headers={[m.facturXColumns.body, m.facturXColumns.number, m.facturXColumns.month, m.facturXColumns.issued, m.facturXColumns.total, m.facturXColumns.chorus, m.facturXColumns.pdf]}
          data={invoices.map((invoice) => [
            invoice.body.name,
            invoice.kind === 'CREDIT_NOTE' ? m.creditNote(invoice.number) : invoice.number,
            formatMonth(invoice.month),
            formatCalendarDate(invoice.issuedOn),
            formatAmount(invoice.totalCents),
            <select
              key="chorus"
              className="fr-select"
              aria-label={m.chorusLabel(invoice.number)}
              value={invoice.chorusStatus}
              onChange={(event) => void change(invoice, event.target.value as ChorusStatus)}
            >
              {chorusStatuses.map((status) => (
                <option key={status} value={status} disabled={chorusStatuses.indexOf(status) < chorusStatuses.indexOf(invoice.chorusStatus)}>
                  {messages.chorusStatus[status]}
                </option>
              ))}
            </select>,
            <a key="pdf" className="fr-link fr-link--download" href={invoice.facturXUrl} download>
              {m.pdf(invoice.number)}
            </a>,
          ])}
        />
      )}
    </section>
  );
}

/** Whether billing is on, and each body's Stripe customer, seat subscription and invoices. */
export function BillingPage() {
  const { data, error, refetch } = useQuery(BillingQuery, { fetchPolicy: 'cache-and-network' });
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  const { billingStatus, billingAccounts } = data;
  const period = (start: string | null | undefined, end: string | null | undefined) => (start && end ? `${formatDay(start)} – ${formatDay(end)}` : '');
  return (
    <>
      <h1>{m.title}</h1>
      <p className="fr-text--lead">{m.intro}</p>
      {billingStatus.enabled ? (
        <Alert severity="success" small description={m.enabled} className="fr-mb-3w" />
      ) : (
        <Alert severity="warning" title={m.disabled} description={m.disabledText} className="fr-mb-3w" />
      )}
      <Table
        caption={m.caption}
        headers={[m.columns.body, m.columns.customer, m.columns.subscription, m.columns.seats, m.columns.synced, m.columns.invoices]}
        data={billingAccounts.map((account) => [
          account.body.name,
          account.stripeCustomerId ?? m.noCustomer,
          account.subscriptionStatus ?? m.noSubscription,
          String(account.seats),
          account.syncedSeats === null || account.syncedSeats === undefined ? '' : String(account.syncedSeats),
          String(account.invoices.length),
        ])}
      />
      {billingAccounts
        .filter((account) => account.invoices.length > 0)
        .map((account) => (
          <Table
            key={account.body.id}
            caption={m.invoicesOf(account.body.name)}
            headers={[m.invoiceColumns.number, m.invoiceColumns.created, m.invoiceColumns.period, m.invoiceColumns.due, m.invoiceColumns.paid, m.invoiceColumns.status]}
            data={account.invoices.map((invoice) => [
              invoice.hostedInvoiceUrl ? (
                <a key="number" className="fr-link" href={invoice.hostedInvoiceUrl} target="_blank" rel="noopener noreferrer">
                  {m.invoiceLink(invoice.number ?? invoice.id)}
                </a>
              ) : (
                (invoice.number ?? invoice.id)
              ),
              formatShortDate(invoice.createdAt),
              period(invoice.periodStart, invoice.periodEnd),
              formatAmount(invoice.amountDueCents, invoice.currency),
              formatAmount(invoice.amountPaidCents, invoice.currency),
              m.invoiceStatus[invoice.status],
            ])}
          />
        ))}
      {billingStatus.enabled && billingAccounts.every((account) => account.invoices.length === 0) && <p>{m.noInvoice}</p>}
      <FacturXSection />
    </>
  );
}
