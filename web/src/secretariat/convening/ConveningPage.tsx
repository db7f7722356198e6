import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ConvocationFieldsFragment, DeadlineFieldsFragment, DeliveryChannel } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import { StackedTable } from '../../ui/StackedTable.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { useMeetingConsole } from '../console-context.ts';
import { formatRemaining, remaining, useHasPassed, useNow } from './countdown.ts';
import { flatAgenda } from '../documents/DocumentsPage.tsx';
import { apiFailure } from '../../ui/api-failure.ts';
import { ConveningQuery, SendConvocationMutation } from '../operations.ts';
import { ScheduledSendPanel } from '../meetings/ScheduledSendPanel.tsx';
import { SendConfirmation } from './SendConfirmation.tsx';

const m = messages.secretariat.convening;
/** The channels in the order of their names in the catalogue: a channel added there is counted here. */
const channelOrder = Object.keys(m.channel) as DeliveryChannel[];

/** The legal deadline and the time left before it, to the second. */
function Deadline({ deadline, timeZone }: { deadline: DeadlineFieldsFragment; timeZone: string }) {
  const left = remaining(deadline.latestSendAt, useNow());
  return (
    <div className={`fr-callout ${left.passed ? 'fr-callout--orange-terre-battue' : 'fr-callout--blue-ecume'} fr-mb-3w`}>
      <h3 className="fr-callout__title">{deadline.urgent ? m.urgentDeadlineTitle : m.deadlineTitle}</h3>
      <p className="fr-callout__text">
        {m.deadline(deadline.clearDays, deadline.article, formatDateTime(deadline.latestSendAt, timeZone))}
      </p>
      <p className="fr-text--lead fr-mb-0" role="timer" aria-atomic="true">
        {left.passed ? m.passedSince(formatRemaining(left)) : m.timeLeft(formatRemaining(left))}
      </p>
    </div>
  );
}

/** The sends made so far: the convocation, then the supplements. */
export function SentConvocations({ convocations, timeZone }: { convocations: readonly ConvocationFieldsFragment[]; timeZone: string }) {
  return (
    <StackedTable
      caption={m.sentTitle}
      headers={[m.columns.send, m.columns.sentAt, m.columns.deadline, m.columns.recipients, m.columns.documents, m.columns.manifest]}
      data={convocations.map((convocation) => [
        convocation.kind === 'INITIAL' ? m.initial : m.supplement(convocation.sequence - 1),
        formatDateTime(convocation.sentAt, timeZone),
        <span key="deadline">
          {convocation.onTime ? m.onTime : m.late} — {m.clearDays(convocation.clearDays, convocation.article)}
          {convocation.urgent && (
            <>
              <br />
              {m.urgentWith(convocation.urgencyJustification ?? '')}
            </>
          )}
        </span>,
        String(convocation.recipientCount),
        String(convocation.documentCount),
        <code key="sha" className="cartable-hash">
          {convocation.manifestSha256.slice(0, 16)}…
        </code>,
      ])}
    />
  );
}

/**
 * Convening: the legal deadline with its countdown, then the summary of exactly what leaves (agenda,
 * documents) for whom and through which channel, then "Envoyer la convocation". A late send is refused
 * by the server (its message is shown as it is) unless urgency is declared with its justification.
 */
export function ConveningPage() {
  const { body, meeting, refetch: refetchMeeting } = useMeetingConsole();
  const { data, error, refetch } = useQuery(ConveningQuery, {
    variables: { slug: body.slug, meetingId: meeting.id },
    fetchPolicy: 'cache-and-network',
  });
  const [send, sending] = useMutation(SendConvocationMutation);
  const [urgent, setUrgent] = useState(false);
  const [justification, setJustification] = useState('');
  const [confirming, setConfirming] = useState(false);
  // Re-render when a deadline passes, not every second (the countdown ticks in `Deadline` alone).
  const deadlinePassed = useHasPassed(data?.body.meeting.convocationDeadline.latestSendAt);
  const sendDeadlinePassed = useHasPassed(
    urgent ? data?.body.meeting.convocationPreview.urgentDeadline.latestSendAt : data?.body.meeting.convocationDeadline.latestSendAt,
  );

  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  const detail = data.body.meeting;
  const preview = detail.convocationPreview;
  const draft = detail.status === 'DRAFT';
  const documents = meeting.documents;
  const pages = documents.reduce((sum, document) => sum + (document.versions[0]?.pageCount ?? 0), 0);
  const byChannel = channelOrder
    .map((channel) => ({
      channel,
      count: preview.recipients.filter((recipient) => recipient.channels.some((planned) => planned.channel === channel)).length,
    }))
    .filter(({ count }) => count > 0);
  const failure = apiFailure(sending.error);

  const agenda = flatAgenda(meeting);
  const deadline = urgent ? preview.urgentDeadline : detail.convocationDeadline;
  const latest = formatDateTime(deadline.latestSendAt, body.timeZone);
  // What the server would refuse, known before the click (it still checks everything at the send).
  const checks = [
    {
      key: 'agenda',
      ok: agenda.length > 0,
      text: agenda.length > 0 ? m.agendaOk(agenda.length) : m.agendaEmpty,
      fix: agenda.length > 0 ? null : { to: '..', label: m.toAgenda },
    },
    ...agenda
      .filter((item) => item.kind === 'DELIBERATION')
      .map((item) => {
        const missing = preview.missingSynthesis.includes(item.number);
        return {
          key: item.id,
          ok: !missing,
          text: `${m.checklistItem(item.number, item.title)} : ${missing ? m.synthesisMissing : m.synthesisOk}`,
          fix: missing ? { to: '../documents', label: m.toDocuments } : null,
        };
      }),
    ...agenda
      .filter((item) => preview.awaitingCircuit.includes(item.number))
      .map((item) => ({
        key: `circuit-${item.id}`,
        ok: false,
        text: `${m.checklistItem(item.number, item.title)} : ${m.circuitNotEnded}`,
        fix: { to: '../../../projets', label: m.toProjets },
      })),
    {
      key: 'deadline',
      ok: !sendDeadlinePassed,
      text: sendDeadlinePassed ? m.deadlineBlocked : m.deadlineOk(latest),
      fix: null,
    },
    ...(urgent
      ? [
          {
            key: 'urgency',
            ok: justification.trim() !== '',
            text: justification.trim() ? m.justificationOk : m.justificationBlocked,
            fix: null,
          },
        ]
      : []),
    {
      key: 'recipients',
      ok: preview.recipients.length > 0,
      text: preview.recipients.length > 0 ? m.recipientsOk(preview.recipients.length) : m.recipientsNone,
      fix: null,
    },
  ];
  const blockers = checks.filter((check) => !check.ok).length;

  const submit = async () => {
    try {
      await send({
        variables: {
          bodyId: body.id,
          input: { meetingId: meeting.id, urgent: urgent || null, urgencyJustification: urgent ? justification.trim() : null },
        },
      });
      setConfirming(false);
      await Promise.all([refetch(), refetchMeeting()]);
    } catch {
      setConfirming(false);
      // Shown from the mutation's state.
    }
  };

  return (
    <section aria-labelledby="convening-heading">
      <h2 id="convening-heading">{m.title}</h2>
      {!draft && (
        <>
          <Alert
            severity="success"
            small
            className="fr-mb-3w"
            description={
              <>
                {m.sent(detail.convocations[0]?.recipientCount ?? 0)}{' '}
                <Link to="../suivi" relative="path" className="fr-link">
                  {m.followLink}
                </Link>
              </>
            }
          />
          <SentConvocations convocations={detail.convocations} timeZone={body.timeZone} />
        </>
      )}
      {draft && (
        <>
          <Deadline deadline={deadline} timeZone={body.timeZone} />
          {deadlinePassed && !urgent && (
            <Alert
              severity="warning"
              small
              className="fr-mb-3w"
              description={m.lateWarning(formatDateTime(preview.urgentDeadline.latestSendAt, body.timeZone))}
            />
          )}

          <h3 id="checklist-heading">{m.checklistTitle}</h3>
          <p className="fr-text--sm">{m.checklistIntro}</p>
          <ul className="cartable-checklist" aria-labelledby="checklist-heading">
            {checks.map((check) => (
              <li
                key={check.key}
                className={
                  check.ok ? 'fr-icon-checkbox-circle-line cartable-checklist--ok' : 'fr-icon-close-circle-line cartable-checklist--missing'
                }
              >
                {check.text}
                {check.fix && (
                  <>
                    {' '}
                    <Link to={check.fix.to} relative="path" className="fr-link">
                      {check.fix.label}
                    </Link>
                  </>
                )}
              </li>
            ))}
          </ul>
          {preview.missingSynthesis.length > 0 && (
            <Alert severity="warning" small className="fr-mb-3w" description={m.synthesisWarning(preview.missingSynthesis)} />
          )}

          <h3>{m.summaryTitle}</h3>
          <p>{m.whatLeaves(agenda.length, documents.length, pages)}</p>
          <ul>
            {documents.map((document) => (
              <li key={document.id}>
                {document.title} — {messages.documentKind[document.kind]}, {messages.meeting.pages(document.versions[0]?.pageCount ?? 0)}
              </li>
            ))}
          </ul>
          {preview.channelsOff.map((off) => (
            <Alert key={off.channel} severity="info" small className="fr-mb-2w" description={off.reason} />
          ))}
          <p>{m.byChannel(preview.recipients.length, byChannel.map(({ channel, count }) => m.channelCount(count, channel)).join(', '))}</p>
          <StackedTable
            caption={m.recipientsTitle}
            headers={[m.columns.official, m.columns.vote, m.columns.mode, m.columns.channels]}
            data={preview.recipients.map((recipient) => [
              recipient.displayName,
              recipient.votingRight ? m.voting : m.notVoting,
              m.mode[recipient.mode],
              <ul key="channels" className="cartable-plain-list">
                {recipient.channels.map((planned) => (
                  <li key={planned.channel}>
                    <strong>{m.channel[planned.channel]}</strong> : {planned.address}
                  </li>
                ))}
              </ul>,
            ])}
          />

          <h3>{m.urgencyTitle}</h3>
          <Checkbox
            options={[
              {
                label: m.declareUrgency,
                hintText: detail.legalNotices.urgency,
                nativeInputProps: { checked: urgent, disabled: confirming, onChange: (event) => setUrgent(event.target.checked) },
              },
            ]}
          />
          {urgent && (
            <Input
              label={m.justification}
              hintText={m.justificationHint}
              textArea
              state={justification.trim() ? 'default' : 'error'}
              stateRelatedMessage={m.justificationMissing}
              nativeTextAreaProps={{
                value: justification,
                readOnly: confirming,
                onChange: (event) => setJustification(event.target.value),
                rows: 3,
                maxLength: 2000,
                'aria-required': true,
              }}
            />
          )}
          {failure?.reason === 'DEADLINE_PASSED' ? (
            <Alert severity="error" title={m.blocked} description={failure.message} className="fr-mb-3w" />
          ) : (
            sending.error && <GraphqlError error={sending.error} />
          )}
          {blockers > 0 && (
            <p className="fr-error-text fr-mb-2w" id="send-blocked">
              {m.blockedCount(blockers)}
            </p>
          )}
          {confirming ? (
            <SendConfirmation
              slug={body.slug}
              meetingId={meeting.id}
              urgent={urgent}
              justification={justification.trim()}
              recipients={preview.recipients.length}
              byChannel={byChannel}
              latest={latest}
              busy={sending.loading}
              onConfirm={() => void submit()}
              onCancel={() => setConfirming(false)}
            />
          ) : (
            <Button
              iconId="fr-icon-send-plane-fill"
              size="large"
              disabled={blockers > 0}
              nativeButtonProps={blockers > 0 ? { 'aria-describedby': 'send-blocked' } : {}}
              onClick={() => setConfirming(true)}
            >
              {m.review}
            </Button>
          )}
          <ScheduledSendPanel body={body} meetingId={meeting.id} />
        </>
      )}
    </section>
  );
}
