import { useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { messages } from './messages.ts';
import { formatAmount, formatDay, formatShortDate } from '../ui/format.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { BillingQuery } from './operations.ts';

const m = messages.coordination.billing;

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
    </>
  );
}
