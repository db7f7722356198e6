import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { StackedTable } from '../ui/StackedTable.tsx';
import { useState, type FormEvent } from 'react';
import type { ChorusStatus, IssuedInvoicesQuery as IssuedInvoicesData } from '../graphql/generated/coordination/graphql.ts';
import { messages } from './messages.ts';
import { formatMonth } from '../ui/calendar.ts';
import { formatAmount, formatCalendarDate, formatDay, formatShortDate } from '../ui/format.ts';
import { succeeded } from '../ui/api-failure.ts';
import { useFieldErrors } from '../ui/form-errors.ts';
import { FormButtons } from '../ui/FormButtons.tsx';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { paymentStatusText } from '../ui/payment-status.ts';
import { StatusLine } from '../ui/StatusLine.tsx';
import { groupementTimeZone, parseEuros } from './money.ts';
import { BillingQuery, IssueCreditNoteMutation, IssuedInvoicesQuery, SetInvoiceChorusStatusMutation } from './operations.ts';

const m = messages.coordination.billing;
const chorusStatuses: ChorusStatus[] = ['A_DEPOSER', 'DEPOSEE', 'MISE_A_DISPOSITION', 'MANDATEE', 'PAYEE'];
type IssuedInvoice = IssuedInvoicesData['issuedInvoices'][number];

/**
 * A credit note for part of one line of an invoice: the line, the amount excluding tax, the reason. The
 * server refuses more than what is left of the line (credit notes already issued deducted), in French.
 */
function CreditNoteForm({
  invoice,
  onDone,
  onCancel,
}: {
  invoice: IssuedInvoice;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState({ line: '1', amount: '', reason: '' });
  const [amountError, setAmountError] = useState('');
  const fields = useFieldErrors();
  const [issue, issued] = useMutation(IssueCreditNoteMutation, { refetchQueries: [IssuedInvoicesQuery], awaitRefetchQueries: true });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    const amountCents = parseEuros(draft.amount);
    if (amountCents === null || amountCents < 1) return setAmountError(m.creditBadAmount);
    void succeeded(async () => {
      const result = await issue({
        variables: { invoiceId: invoice.id, lineNumber: Number(draft.line), amountCents, reason: draft.reason.trim() },
      });
      onDone(m.creditIssued(result.data!.issueCreditNote.number, invoice.number));
    });
  };
  const amountField = amountError ? { state: 'error' as const, stateRelatedMessage: amountError } : fields.field('amount');
  return (
    <section aria-labelledby={`credit-${invoice.id}`} className="cartable-console-form">
      <h3 id={`credit-${invoice.id}`} className="fr-h5">
        {m.creditTitle(invoice.number)}
      </h3>
      <form noValidate onSubmit={submit} onInput={fields.onInput}>
        <Select
          label={m.creditLine}
          {...fields.field('line')}
          nativeSelectProps={{
            name: 'line',
            required: true,
            value: draft.line,
            onChange: (event) => setDraft({ ...draft, line: event.target.value }),
          }}
        >
          {invoice.lines.map((line, index) => (
            <option key={index} value={index + 1}>
              {m.creditLineOption(index + 1, line.description, formatAmount(line.amountCents))}
            </option>
          ))}
        </Select>
        <div className="cartable-inline-fields">
          <Input
            label={m.creditAmount}
            hintText={m.creditAmountHint}
            {...amountField}
            nativeInputProps={{
              name: 'amount',
              inputMode: 'decimal',
              required: true,
              value: draft.amount,
              onChange: (event) => {
                setDraft({ ...draft, amount: event.target.value });
                setAmountError('');
              },
            }}
          />
          <Input
            label={m.creditReason}
            {...fields.field('reason')}
            nativeInputProps={{
              name: 'reason',
              required: true,
              maxLength: 500,
              value: draft.reason,
              onChange: (event) => setDraft({ ...draft, reason: event.target.value }),
            }}
          />
        </div>
        <div aria-live="polite" className="cartable-form-feedback">
          {issued.error && <GraphqlError error={issued.error} />}
        </div>
        <FormButtons busy={issued.loading} save={m.creditSave} onCancel={onCancel} />
      </form>
    </section>
  );
}

/** Every body's Factur-X invoices of a year, their PDF, and their Chorus Pro status recorded by hand. */
function FacturXSection() {
  const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: groupementTimeZone, year: 'numeric' }).format(new Date()));
  const [year, setYear] = useState(thisYear);
  const [announcement, setAnnouncement] = useState('');
  const [crediting, setCrediting] = useState<IssuedInvoice | null>(null);
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
        <StackedTable
          caption={m.facturXCaption(year, invoices.length)}
          headers={[
            m.facturXColumns.body,
            m.facturXColumns.number,
            m.facturXColumns.month,
            m.facturXColumns.issued,
            m.facturXColumns.total,
            m.facturXColumns.chorus,
            m.facturXColumns.payment,
            m.facturXColumns.pdf,
            m.facturXColumns.credit,
          ]}
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
                <option
                  key={status}
                  value={status}
                  disabled={chorusStatuses.indexOf(status) < chorusStatuses.indexOf(invoice.chorusStatus)}
                >
                  {messages.chorusStatus[status]}
                </option>
              ))}
            </select>,
            paymentStatusText(invoice.paymentStatus, invoice.paymentStatusAt, groupementTimeZone),
            <a key="pdf" className="fr-link fr-link--download" href={invoice.facturXUrl} download>
              {m.pdf(invoice.number)}
            </a>,
            invoice.kind === 'INVOICE' ? (
              <Button
                key="credit"
                size="small"
                priority="tertiary"
                aria-label={m.creditOpen(invoice.number)}
                onClick={() => setCrediting(invoice)}
              >
                {m.credit}
              </Button>
            ) : (
              ''
            ),
          ])}
        />
      )}
      {crediting && (
        <CreditNoteForm
          key={crediting.id}
          invoice={crediting}
          onDone={(message) => {
            setCrediting(null);
            setAnnouncement(message);
          }}
          onCancel={() => setCrediting(null)}
        />
      )}
    </section>
  );
}

/** Whether billing is on, and each body's Stripe customer and the Stripe invoices mirroring its issued invoices. */
export function BillingPage() {
  const { data, error, refetch } = useQuery(BillingQuery, { fetchPolicy: 'cache-and-network' });
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  const { billingStatus, billingAccounts } = data;
  const period = (start: string | null | undefined, end: string | null | undefined) =>
    start && end ? `${formatDay(start)} – ${formatDay(end)}` : '';
  return (
    <>
      <h1>{m.title}</h1>
      <p className="fr-text--lead">{m.intro}</p>
      {billingStatus.enabled ? (
        <Alert severity="success" small description={m.enabled} className="fr-mb-3w" />
      ) : (
        <Alert severity="warning" title={m.disabled} description={m.disabledText} className="fr-mb-3w" />
      )}
      <StackedTable
        caption={m.caption}
        headers={[m.columns.body, m.columns.customer, m.columns.seats, m.columns.invoices]}
        data={billingAccounts.map((account) => [
          account.body.name,
          account.stripeCustomerId ?? m.noCustomer,
          String(account.seats),
          String(account.invoices.length),
        ])}
      />
      {billingAccounts
        .filter((account) => account.invoices.length > 0)
        .map((account) => (
          <StackedTable
            key={account.body.id}
            caption={m.invoicesOf(account.body.name)}
            headers={[
              m.invoiceColumns.number,
              m.invoiceColumns.created,
              m.invoiceColumns.period,
              m.invoiceColumns.due,
              m.invoiceColumns.paid,
              m.invoiceColumns.status,
            ]}
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
