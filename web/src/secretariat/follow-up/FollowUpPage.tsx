import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { ToggleSwitch } from '@codegouvfr/react-dsfr/ToggleSwitch';
import { Fragment, useMemo, useState } from 'react';
import type { FollowUpQuery as FollowUpData } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import { formatShortDate } from '../../ui/format.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { AnswerOnBehalfForm } from './AnswerOnBehalfForm.tsx';
import { useMeetingConsole } from '../console-context.ts';
import { SentConvocations } from '../convening/ConveningPage.tsx';
import { DeliveryStatus } from '../convening/DeliveryStatus.tsx';
import { NotConvenedYet } from '../convening/NotConvenedYet.tsx';
import { changedSinceLastSend, proxiesHeld } from './follow-up.ts';
import { FollowUpQuery, SendRemindersMutation, SendSupplementMutation } from '../operations.ts';
import { QuorumCallout } from './QuorumCallout.tsx';
import { ResendForm } from './ResendForm.tsx';

const m = messages.secretariat.followUp;
/** The follow-up refreshes itself: receipts and answers come in while the secretariat watches. */
const pollMilliseconds = 4_000;

type Meeting = FollowUpData['body']['meeting'];
type Row = Meeting['followUp'][number];

/**
 * The live follow-up of a convocation, per official: channel and delivery, opening, acknowledgement,
 * answer and proxy; the quorum it announces; reminders, resends to one official, paper postings, answers
 * recorded on an official's behalf, the supplement when documents changed, and the proof file.
 */
export function FollowUpPage() {
  const { body, meeting: consoleMeeting } = useMeetingConsole();
  const { data, error, refetch } = useQuery(FollowUpQuery, {
    variables: { slug: body.slug, meetingId: consoleMeeting.id },
    pollInterval: pollMilliseconds,
    fetchPolicy: 'cache-and-network',
  });
  const [onlyUnacknowledged, setOnlyUnacknowledged] = useState(false);
  const [panel, setPanel] = useState<{ kind: 'answer' | 'resend'; row: Row } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [remind, reminding] = useMutation(SendRemindersMutation);
  const [supplement, supplementing] = useMutation(SendSupplementMutation);
  const rows = useMemo(() => data?.body.meeting.followUp ?? [], [data]);
  const held = useMemo(() => proxiesHeld(rows), [rows]);

  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  const meeting = data.body.meeting;
  if (meeting.convocations.length === 0) return <NotConvenedYet headingId="follow-up-heading" title={m.title} reason={m.notSent} />;
  const changed = changedSinceLastSend(consoleMeeting.documents, meeting.convocations);
  const acknowledged = rows.filter((row) => row.acknowledgedAt).length;
  const opened = rows.filter((row) => row.firstOpenedAt).length;
  const answered = rows.filter((row) => row.answer).length;
  const shown = onlyUnacknowledged ? rows.filter((row) => !row.acknowledgedAt) : rows;
  const open = meeting.status === 'CONVENED';
  const at = (iso: string | null | undefined) => (iso ? formatShortDate(iso, body.timeZone) : m.notYet);

  const sendReminders = async () => {
    try {
      const result = await remind({ variables: { bodyId: body.id, meetingId: meeting.id } });
      setAnnouncement(m.reminded(result.data?.sendConvocationReminders ?? 0));
      await refetch();
    } catch {
      // Shown from the mutation's state.
    }
  };

  const sendSupplement = async () => {
    try {
      const result = await supplement({ variables: { bodyId: body.id, meetingId: meeting.id } });
      setAnnouncement(m.supplementSent(result.data?.sendConvocationSupplement.documentCount ?? 0));
      await refetch();
    } catch {
      // Shown from the mutation's state.
    }
  };

  const panelDone = (message: string) => {
    setAnnouncement(message);
    setPanel(null);
    void refetch();
  };

  const answerCell = (row: Row) => {
    if (!row.answer) return m.noAnswer;
    const text = row.answer.response === 'PROXY' ? m.proxyTo(row.answer.proxyHolder?.displayName ?? '') : m.responses[row.answer.response];
    return `${text}${row.answer.recordedOnBehalf ? ` ${m.onBehalf}` : ''}`;
  };

  return (
    <section aria-labelledby="follow-up-heading">
      <h2 id="follow-up-heading">{m.title}</h2>
      <p className="fr-text--sm">{m.live}</p>
      <ul className="cartable-counters">
        <li>{m.acknowledgedCount(acknowledged, rows.length)}</li>
        <li>{m.openedCount(opened, rows.length)}</li>
        <li>{m.answeredCount(answered, rows.length)}</li>
      </ul>
      <p role="status" aria-live="polite" className="cartable-builder__status fr-text--sm">
        {announcement}
      </p>
      {meeting.quorumForecast && <QuorumCallout quorum={meeting.quorumForecast} texts={m} forecast />}

      {changed.length > 0 && open && (
        <Alert
          severity="info"
          small
          className="fr-mb-3w"
          description={
            <>
              {m.changed(changed.map((document) => document.title).join(', '))}{' '}
              <Button size="small" disabled={supplementing.loading} onClick={() => void sendSupplement()}>
                {m.sendSupplement}
              </Button>
            </>
          }
        />
      )}
      {supplementing.error && <GraphqlError error={supplementing.error} />}

      <div className="cartable-follow-up__tools">
        <ToggleSwitch label={m.filter} checked={onlyUnacknowledged} onChange={setOnlyUnacknowledged} showCheckedHint={false} />
        {open && (
          <Button priority="secondary" iconId="fr-icon-mail-send-line" disabled={reminding.loading} onClick={() => void sendReminders()}>
            {m.remind}
          </Button>
        )}
      </div>
      {reminding.error && <GraphqlError error={reminding.error} />}

      {/* The design system's table, with a row header per official (the Table component has none). */}
      <div className="fr-table cartable-follow-up cartable-stacked-table">
        <table>
          <caption>{m.caption(shown.length, rows.length)}</caption>
          <thead>
            <tr>
              <th scope="col">{m.columns.official}</th>
              <th scope="col">{m.columns.deliveries}</th>
              <th scope="col">{m.columns.opened}</th>
              <th scope="col">{m.columns.acknowledged}</th>
              <th scope="col">{m.columns.answer}</th>
              <th scope="col">{m.columns.proxy}</th>
              {open && <th scope="col">{m.columns.actions}</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <Fragment key={row.personId}>
                <tr>
                  <th scope="row">
                    {row.displayName}
                    <br />
                    <span className="fr-text--xs">{row.mode === 'PAPER' ? m.paper : m.electronic}</span>
                  </th>
                  <td data-label={m.columns.deliveries}>
                    <ul className="cartable-plain-list">
                      {row.deliveries.map((delivery) => (
                        <DeliveryStatus
                          key={delivery.id}
                          delivery={delivery}
                          bodyId={body.id}
                          timeZone={body.timeZone}
                          official={row.displayName}
                        />
                      ))}
                    </ul>
                  </td>
                  <td data-label={m.columns.opened}>
                    {at(row.firstOpenedAt)}
                    {row.documentsDownloaded > 0 && (
                      <>
                        <br />
                        <span className="fr-text--xs">{m.downloaded(row.documentsDownloaded)}</span>
                      </>
                    )}
                  </td>
                  <td data-label={m.columns.acknowledged}>{at(row.acknowledgedAt)}</td>
                  <td data-label={m.columns.answer}>{answerCell(row)}</td>
                  <td data-label={m.columns.proxy}>
                    {held
                      .get(row.personId)
                      ?.map((name) => m.holdsFor(name))
                      .join(', ') ?? ''}
                  </td>
                  {open && (
                    <td data-label={m.columns.actions}>
                      <ul className="fr-btns-group fr-btns-group--sm">
                        <li>
                          <Button
                            size="small"
                            priority="secondary"
                            aria-label={m.answerFor(row.displayName)}
                            onClick={() => setPanel({ kind: 'answer', row })}
                          >
                            {m.recordAnswer}
                          </Button>
                        </li>
                        <li>
                          {row.currentChannels.some((reach) => reach.channel === 'LETTER') ? (
                            <span className="fr-text--xs">{m.paperResend}</span>
                          ) : (
                            <Button
                              size="small"
                              priority="tertiary"
                              aria-label={m.resendLabel(row.displayName)}
                              onClick={() => setPanel({ kind: 'resend', row })}
                            >
                              {m.resend}
                            </Button>
                          )}
                        </li>
                      </ul>
                    </td>
                  )}
                </tr>
                {/* The form opens right under the row clicked. */}
                {panel?.row.personId === row.personId && (
                  <tr className="cartable-follow-up__panel">
                    <td colSpan={open ? 7 : 6}>
                      {panel.kind === 'answer' ? (
                        <AnswerOnBehalfForm
                          bodyId={body.id}
                          meetingId={meeting.id}
                          convened={rows}
                          official={panel.row}
                          proxyRules={meeting.legalNotices}
                          onCancel={() => setPanel(null)}
                          onDone={panelDone}
                        />
                      ) : (
                        <ResendForm
                          bodyId={body.id}
                          meetingId={meeting.id}
                          official={panel.row}
                          onCancel={() => setPanel(null)}
                          onDone={panelDone}
                        />
                      )}
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>

      <h3>{m.proofTitle}</h3>
      <p className="fr-text--sm">{m.proofIntro}</p>
      {meeting.proof && (
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <li>
            <a className="fr-btn fr-btn--secondary fr-icon-file-pdf-line" href={meeting.proof.attestationUrl} download>
              {m.attestation}
            </a>
          </li>
          <li>
            <a className="fr-btn fr-btn--secondary fr-icon-file-download-line" href={meeting.proof.bundleUrl} download>
              {m.bundle}
            </a>
          </li>
          <li>
            <a className="fr-btn fr-btn--secondary fr-icon-survey-line" href={meeting.proof.attendanceSheetUrl} download>
              {m.attendanceSheet}
            </a>
          </li>
        </ul>
      )}
      <SentConvocations convocations={meeting.convocations} timeZone={body.timeZone} />
    </section>
  );
}
