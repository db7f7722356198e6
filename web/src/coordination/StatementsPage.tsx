import { useMutation, useQuery } from '@apollo/client/react';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useState } from 'react';
import type { CostStatementFieldsFragment } from '../graphql/generated/coordination/graphql.ts';
import { messages } from './messages.ts';
import { succeeded } from '../ui/api-failure.ts';
import { ConfirmPanel } from '../ui/ConfirmPanel.tsx';
import { currentMonth, formatMonth } from '../ui/calendar.ts';
import { formatAmount, formatShortDate } from '../ui/format.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { StatusLine } from '../ui/StatusLine.tsx';
import { MonthPicker } from '../ui/MonthPicker.tsx';
import { groupementTimeZone } from './money.ts';
import {
  CloseCostMonthMutation,
  CostStatementsExportQuery,
  CostStatementsQuery,
  IssueInvoicesMutation,
  IssuedInvoicesQuery,
} from './operations.ts';

const m = messages.coordination.statements;

/** A month's statement of every member body: the lines of each, its totals, and the closing of a finished month. */
export function StatementsPage() {
  const current = currentMonth(groupementTimeZone);
  const [month, setMonth] = useState(current);
  const { data, error, refetch } = useQuery(CostStatementsQuery, { variables: { month }, fetchPolicy: 'cache-and-network' });
  const [closing, setClosing] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [close, closed] = useMutation(CloseCostMonthMutation);
  const [issue, issued] = useMutation(IssueInvoicesMutation, { refetchQueries: [IssuedInvoicesQuery] });
  const exports = useQuery(CostStatementsExportQuery, { variables: { month }, fetchPolicy: 'network-only' });
  const statements = data?.costStatements ?? [];
  const open = statements.length > 0 && !statements[0]!.closed;

  const issueInvoices = async () => {
    const result = await issue({ variables: { month } }).catch(() => null);
    if (result?.data) setAnnouncement(m.issued(result.data.issueInvoices.length, formatMonth(month)));
  };

  const confirmClose = async () => {
    if (!(await succeeded(() => close({ variables: { month } })))) return;
    setClosing(false);
    setAnnouncement(m.closed(formatMonth(month)));
    await refetch();
  };

  return (
    <>
      <h1>{m.title}</h1>
      <p className="fr-text--lead">{m.intro}</p>
      <StatusLine text={announcement} />
      <MonthPicker label={m.month} value={month} onChange={setMonth} latest={current} />
      {error && <GraphqlError error={error} onRetry={() => void refetch()} />}
      {closed.error && <GraphqlError error={closed.error} />}
      {issued.error && <GraphqlError error={issued.error} />}
      {data && statements.length === 0 && <p>{m.none}</p>}
      {statements.length > 0 && (
        <>
          <p className="fr-text--lg">
            <strong>{m.total(formatAmount(statements.reduce((sum, statement) => sum + statement.totalCents, 0)))}</strong>
          </p>
          {open &&
            month < current &&
            (closing ? (
              <ConfirmPanel
                title={m.close(formatMonth(month))}
                text={m.closeConfirm(formatMonth(month))}
                confirm={m.close(formatMonth(month))}
                busy={closed.loading}
                onConfirm={() => void confirmClose()}
                onCancel={() => setClosing(false)}
              />
            ) : (
              <Button priority="secondary" className="fr-mb-3w" onClick={() => setClosing(true)}>
                {m.close(formatMonth(month))}
              </Button>
            ))}
          {open && month >= current && <p className="fr-text--sm">{m.notOver}</p>}
          {!open && (
            <Button priority="secondary" className="fr-mb-3w" disabled={issued.loading} onClick={() => void issueInvoices()}>
              {m.issue(formatMonth(month))}
            </Button>
          )}
          {exports.data && (
            <ul className="fr-links-group fr-mb-3w">
              <li>
                <a className="fr-link fr-link--download" href={exports.data.costStatementsExport.csvUrl} download>
                  {m.exportCsv(formatMonth(month))}
                </a>
              </li>
              <li>
                <a className="fr-link fr-link--download" href={exports.data.costStatementsExport.pdfUrl} download>
                  {m.exportPdf(formatMonth(month))}
                </a>
              </li>
            </ul>
          )}
          {statements.map((statement) => (
            <StatementSection key={statement.body.id} statement={statement} />
          ))}
        </>
      )}
    </>
  );
}

function StatementSection({ statement }: { statement: CostStatementFieldsFragment }) {
  const headingId = `statement-${statement.body.id}`;
  return (
    <section aria-labelledby={headingId} className="fr-mb-4w">
      <h2 id={headingId} className="fr-h4">
        {statement.body.name}{' '}
        <Badge small noIcon severity={statement.closed ? 'success' : 'info'}>
          {statement.closed && statement.closedAt ? m.closedOn(formatShortDate(statement.closedAt)) : m.provisional}
        </Badge>
      </h2>
      <ul className="cartable-figures" aria-label={m.totals(statement.body.name)}>
        <li>
          <strong>{formatAmount(statement.seatsCents)}</strong>
          {m.figures.seatsAmount} ({m.seatCount(statement.seatCount)})
        </li>
        <li>
          <strong>{formatAmount(statement.devicesCents)}</strong>
          {m.figures.devices}
        </li>
        <li>
          <strong>{formatAmount(statement.setupCents)}</strong>
          {m.figures.setup}
        </li>
        <li>
          <strong>{formatAmount(statement.totalCents)}</strong>
          {m.figures.total}
        </li>
      </ul>
      <Table
        caption={m.caption(statement.body.name)}
        headers={[m.columns.person, m.columns.item, m.columns.full, m.columns.shared, m.columns.share]}
        data={statement.lines.map((line) => [
          line.personName ?? '—',
          line.kind === 'SEAT' || line.kind === 'SUPPORT' ? m.item[line.kind]() : m.item[line.kind](line.serialNumber ?? ''),
          formatAmount(line.fullCents),
          m.sharedBetween(line.sharedBetween),
          formatAmount(line.shareCents),
        ])}
      />
    </section>
  );
}
