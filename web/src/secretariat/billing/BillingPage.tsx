import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { StackedTable } from '../../ui/StackedTable.tsx';
import { useState } from 'react';
import type {
  BodyBillingQuery as BodyBillingData,
  BodyInvoicesQuery as BodyInvoicesData,
} from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import { currentMonth, formatMonth } from '../../ui/calendar.ts';
import { formatAmount, formatCalendarDate, formatDay, formatShortDate } from '../../ui/format.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { MonthPicker } from '../../ui/MonthPicker.tsx';
import { paymentStatusText } from '../../ui/payment-status.ts';
import { useBodyConsole } from '../console-context.ts';
import { submitWith } from '../../ui/api-failure.ts';
import { StatusLine } from '../../ui/StatusLine.tsx';
import { BodyBillingQuery, BodyCostStatementQuery, BodyInvoicesQuery, UpdateBodyBillingSettingsMutation } from './operations.ts';

const m = messages.secretariat.billing;
type Billing = BodyBillingData['body']['billing'];

/** The Stripe invoices (sent for payment by transfer), or why billing is off on this instance. */
function StripeSection({ billing, timeZone }: { billing: Billing; timeZone: string }) {
  if (!billing.enabled) return <Alert severity="info" title={m.disabled} description={m.disabledText} className="fr-mb-4w" />;
  return (
    <>
      <dl className="cartable-facts fr-mb-3w">
        <dt>{m.seats}</dt>
        <dd>{billing.seats}</dd>
      </dl>
      {billing.invoices.length === 0 ? (
        <p>{m.noInvoice}</p>
      ) : (
        <StackedTable
          caption={m.invoices(billing.invoices.length)}
          headers={[m.columns.number, m.columns.date, m.columns.period, m.columns.amount, m.columns.paid, m.columns.status, m.columns.link]}
          data={billing.invoices.map((invoice) => [
            invoice.number ?? '—',
            formatDay(invoice.createdAt, timeZone),
            invoice.periodStart && invoice.periodEnd
              ? m.period(formatDay(invoice.periodStart, timeZone), formatDay(invoice.periodEnd, timeZone))
              : '—',
            formatAmount(invoice.amountDueCents, invoice.currency),
            formatAmount(invoice.amountPaidCents, invoice.currency),
            m.invoiceStatus[invoice.status],
            invoice.hostedInvoiceUrl ? (
              <a
                className="fr-link"
                href={invoice.hostedInvoiceUrl}
                target="_blank"
                rel="noopener noreferrer"
                title={`${m.viewInvoice(invoice.number ?? '')} — ${messages.app.newWindow}`}
              >
                {m.viewInvoice(invoice.number ?? '')}
              </a>
            ) : (
              '—'
            ),
          ])}
        />
      )}
    </>
  );
}

type Settings = BodyInvoicesData['body']['billingSettings'];

/** The body's Factur-X invoices and credit notes, with the year's total, and a download of each. */
function FacturXSection({ invoices, timeZone }: { invoices: BodyInvoicesData['body']['invoices']; timeZone: string }) {
  const year = currentMonth(timeZone).slice(0, 4);
  const yearTotal = invoices.filter((invoice) => invoice.issuedOn.startsWith(year)).reduce((sum, invoice) => sum + invoice.totalCents, 0);
  return (
    <section aria-labelledby="factur-x" className="fr-mb-4w">
      <h2 id="factur-x">{m.facturX}</h2>
      <p>{m.facturXIntro}</p>
      {invoices.length === 0 ? (
        <p>{m.noFacturX}</p>
      ) : (
        <>
          <p className="fr-text--lg">
            <strong>{m.yearTotal(Number(year), formatAmount(yearTotal))}</strong>
          </p>
          <StackedTable
            caption={m.facturXCaption(invoices.length)}
            headers={[
              m.facturXColumns.number,
              m.facturXColumns.month,
              m.facturXColumns.issued,
              m.facturXColumns.total,
              m.facturXColumns.chorus,
              m.facturXColumns.payment,
              m.facturXColumns.pdf,
            ]}
            data={invoices.map((invoice) => [
              invoice.kind === 'CREDIT_NOTE' ? m.creditNote(invoice.number) : invoice.number,
              formatMonth(invoice.month),
              formatCalendarDate(invoice.issuedOn),
              formatAmount(invoice.totalCents),
              messages.chorusStatus[invoice.chorusStatus],
              paymentStatusText(invoice.paymentStatus, invoice.paymentStatusAt, timeZone),
              <a key="pdf" className="fr-link fr-link--download" href={invoice.facturXUrl} download>
                {m.pdf(invoice.number)}
              </a>,
            ])}
          />
        </>
      )}
    </section>
  );
}

/** SIRET, Chorus Pro service code and engagement number, checked by the server (SIRET key included). */
function SettingsSection({ bodyId, settings }: { bodyId: string; settings: Settings }) {
  const [draft, setDraft] = useState({
    siret: settings.siret ?? '',
    chorusServiceCode: settings.chorusServiceCode ?? '',
    engagementRequired: settings.engagementRequired,
    engagementNumber: settings.engagementNumber ?? '',
  });
  const [announcement, setAnnouncement] = useState('');
  const [save, saved] = useMutation(UpdateBodyBillingSettingsMutation, { refetchQueries: [BodyInvoicesQuery] });
  const text = (name: 'siret' | 'chorusServiceCode' | 'engagementNumber') => ({
    value: draft[name],
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value }),
  });
  const submit = submitWith(async () => {
    setAnnouncement('');
    await save({
      variables: {
        bodyId,
        input: {
          siret: draft.siret || null,
          chorusServiceCode: draft.chorusServiceCode || null,
          engagementRequired: draft.engagementRequired,
          engagementNumber: draft.engagementNumber || null,
        },
      },
    });
    setAnnouncement(m.settingsSaved);
  });
  return (
    <section aria-labelledby="chorus-settings" className="fr-mb-4w">
      <h2 id="chorus-settings">{m.settings}</h2>
      <p>{m.settingsIntro}</p>
      <StatusLine text={announcement} />
      <form noValidate onSubmit={submit}>
        <div className="cartable-inline-fields">
          <Input
            label={m.siret}
            hintText={m.siretHint}
            nativeInputProps={{ ...text('siret'), inputMode: 'numeric', autoComplete: 'off' }}
          />
          <Input label={m.serviceCode} nativeInputProps={text('chorusServiceCode')} />
        </div>
        <Checkbox
          options={[
            {
              label: m.engagementRequired,
              nativeInputProps: {
                checked: draft.engagementRequired,
                onChange: (event) => setDraft({ ...draft, engagementRequired: event.target.checked }),
              },
            },
          ]}
        />
        <Input label={m.engagementNumber} nativeInputProps={text('engagementNumber')} />
        <div aria-live="polite" className="cartable-form-feedback">
          {saved.error && <GraphqlError error={saved.error} />}
        </div>
        <Button type="submit" disabled={saved.loading}>
          {m.saveSettings}
        </Button>
      </form>
    </section>
  );
}

/** The body's Factur-X invoices and its Chorus Pro settings. */
function InvoicesSections({ slug, timeZone }: { slug: string; timeZone: string }) {
  const { data, error, refetch } = useQuery(BodyInvoicesQuery, { variables: { slug }, fetchPolicy: 'cache-and-network' });
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  return (
    <>
      <FacturXSection invoices={data.body.invoices} timeZone={timeZone} />
      <SettingsSection key={data.body.id} bodyId={data.body.id} settings={data.body.billingSettings} />
    </>
  );
}

/** The body's share of the groupement's costs for the chosen month, line by line. */
function StatementSection({ slug, timeZone }: { slug: string; timeZone: string }) {
  const latest = currentMonth(timeZone);
  const [month, setMonth] = useState(latest);
  const { data, error, refetch } = useQuery(BodyCostStatementQuery, { variables: { slug, month }, fetchPolicy: 'cache-and-network' });
  const statement = data?.body.costStatement;

  let content;
  if (error) content = <GraphqlError error={error} onRetry={() => void refetch()} />;
  else if (!data) content = <p>{messages.app.loading}</p>;
  else if (!statement) content = <p>{m.noContract}</p>;
  else {
    content = (
      <>
        <p className={statement.closed ? undefined : 'fr-message fr-message--info fr-mb-2w'}>
          {statement.closed && statement.closedAt ? m.closed(formatShortDate(statement.closedAt, timeZone)) : m.provisional}
        </p>
        <h3 className="fr-h6">{m.totals}</h3>
        <dl className="cartable-facts fr-mb-3w">
          <dt>{m.seatsTotal(statement.seatCount)}</dt>
          <dd>{formatAmount(statement.seatsCents)}</dd>
          <dt>{m.devicesTotal}</dt>
          <dd>{formatAmount(statement.devicesCents)}</dd>
          <dt>{m.setupTotal}</dt>
          <dd>{formatAmount(statement.setupCents)}</dd>
          <dt>{m.total}</dt>
          <dd>
            <strong>{formatAmount(statement.totalCents)}</strong>
          </dd>
        </dl>
        {statement.lines.length === 0 ? (
          <p>{m.noLine}</p>
        ) : (
          <StackedTable
            caption={m.linesCaption(formatMonth(statement.month))}
            headers={[
              m.lineColumns.kind,
              m.lineColumns.person,
              m.lineColumns.device,
              m.lineColumns.full,
              m.lineColumns.sharedBetween,
              m.lineColumns.share,
            ]}
            data={statement.lines.map((line) => [
              m.kinds[line.kind],
              line.personName ?? '—',
              line.serialNumber ?? '—',
              formatAmount(line.fullCents),
              m.bodies(line.sharedBetween),
              formatAmount(line.shareCents),
            ])}
          />
        )}
      </>
    );
  }

  return (
    <section aria-labelledby="releve">
      <h2 id="releve">{m.statement}</h2>
      <p>{m.statementIntro}</p>
      <div className="cartable-field">
        <MonthPicker label={m.month} value={month} onChange={setMonth} latest={latest} />
      </div>
      {content}
    </section>
  );
}

/**
 * « Facturation » (`/secretariat/:slug/facturation`, body admins): the body's Factur-X invoices, their
 * Stripe mirrors (`Body.billing`) and its monthly share of the groupement's costs (`Body.costStatement`).
 */
export function BillingPage() {
  const { body } = useBodyConsole();
  const { data, error, refetch } = useQuery(BodyBillingQuery, { variables: { slug: body.slug }, fetchPolicy: 'cache-and-network' });
  return (
    <>
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      <InvoicesSections slug={body.slug} timeZone={body.timeZone} />
      <section aria-labelledby="virement" className="fr-mb-4w">
        <h2 id="virement">{m.stripeInvoices}</h2>
        {data ? (
          <StripeSection billing={data.body.billing} timeZone={body.timeZone} />
        ) : error ? (
          <GraphqlError error={error} onRetry={() => void refetch()} />
        ) : (
          <p>{messages.app.loading}</p>
        )}
      </section>
      <StatementSection slug={body.slug} timeZone={body.timeZone} />
    </>
  );
}
