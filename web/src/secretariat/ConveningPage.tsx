import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { ConvocationFieldsFragment, DeadlineFieldsFragment, DeliveryChannel } from '../graphql/generated/secretariat/graphql.ts';
import { messages } from './messages.ts';
import { formatDateTime } from '../ui/format.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { useMeetingConsole } from './console-context.ts';
import { formatRemaining, remaining } from './countdown.ts';
import { flatAgenda } from './DocumentsPage.tsx';
import { apiFailure } from '../ui/api-failure.ts';
import { ConveningQuery, SendConvocationMutation } from './operations.ts';

const m = messages.secretariat.convening;
const channelOrder: DeliveryChannel[] = ['EMAIL', 'SMS', 'PUSH', 'LETTER'];

/** The current time, every second. */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The legal deadline and the time left before it, to the second. */
function Deadline({ deadline, timeZone, now }: { deadline: DeadlineFieldsFragment; timeZone: string; now: number }) {
  const left = remaining(deadline.latestSendAt, now);
  return (
    <div className={`fr-callout ${left.passed ? 'fr-callout--orange-terre-battue' : 'fr-callout--blue-ecume'} fr-mb-3w`}>
      <h3 className="fr-callout__title">{deadline.urgent ? m.urgentDeadlineTitle : m.deadlineTitle}</h3>
      <p className="fr-callout__text">{m.deadline(deadline.clearDays, deadline.article, formatDateTime(deadline.latestSendAt, timeZone))}</p>
      <p className="fr-text--lead fr-mb-0" role="timer" aria-atomic="true">
        {left.passed ? m.passedSince(formatRemaining(left)) : m.timeLeft(formatRemaining(left))}
      </p>
    </div>
  );
}

/** The sends made so far: the convocation, then the supplements. */
export function SentConvocations({ convocations, timeZone }: { convocations: readonly ConvocationFieldsFragment[]; timeZone: string }) {
  return (
    <Table
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
  const { data, error, refetch } = useQuery(ConveningQuery, { variables: { slug: body.slug, meetingId: meeting.id }, fetchPolicy: 'cache-and-network' });
  const [send, sending] = useMutation(SendConvocationMutation);
  const [urgent, setUrgent] = useState(false);
  const [justification, setJustification] = useState('');
  const [missingJustification, setMissingJustification] = useState(false);
  const now = useNow();

  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  const detail = data.body.meeting;
  const preview = detail.convocationPreview;
  const draft = detail.status === 'DRAFT';
  const documents = meeting.documents;
  const pages = documents.reduce((sum, document) => sum + (document.versions[0]?.pageCount ?? 0), 0);
  const byChannel = channelOrder
    .map((channel) => ({ channel, count: preview.recipients.filter((recipient) => recipient.channels.some((planned) => planned.channel === channel)).length }))
    .filter(({ count }) => count > 0);
  const failure = apiFailure(sending.error);
  const deadlinePassed = remaining(detail.convocationDeadline.latestSendAt, now).passed;

  const submit = async () => {
    setMissingJustification(urgent && !justification.trim());
    if (urgent && !justification.trim()) return;
    try {
      await send({ variables: { bodyId: body.id, input: { meetingId: meeting.id, urgent: urgent || null, urgencyJustification: urgent ? justification.trim() : null } } });
      await Promise.all([refetch(), refetchMeeting()]);
    } catch {
      // Shown from the mutation's state.
    }
  };

  return (
    <section aria-labelledby="convening-heading">
      <h2 id="convening-heading">{m.title}</h2>
      {!draft && (
        <>
          <Alert severity="success" small className="fr-mb-3w" description={<>{m.sent(detail.convocations[0]?.recipientCount ?? 0)} <Link to="../suivi" relative="path" className="fr-link">{m.followLink}</Link></>} />
          <SentConvocations convocations={detail.convocations} timeZone={body.timeZone} />
        </>
      )}
      {draft && (
        <>
          <Deadline deadline={urgent ? preview.urgentDeadline : detail.convocationDeadline} timeZone={body.timeZone} now={now} />
          {deadlinePassed && !urgent && <Alert severity="warning" small className="fr-mb-3w" description={m.lateWarning(formatDateTime(preview.urgentDeadline.latestSendAt, body.timeZone))} />}

          <h3>{m.checklistTitle}</h3>
          <ul className="cartable-checklist">
            {flatAgenda(meeting)
              .filter((item) => item.kind === 'DELIBERATION')
              .map((item) => {
                const missing = preview.missingSynthesis.includes(item.number);
                return (
                  <li key={item.id} className={missing ? 'fr-icon-close-circle-line cartable-checklist--missing' : 'fr-icon-checkbox-circle-line cartable-checklist--ok'}>
                    {m.checklistItem(item.number, item.title)} : {missing ? m.synthesisMissing : m.synthesisOk}
                  </li>
                );
              })}
          </ul>
          {preview.missingSynthesis.length > 0 && (
            <Alert severity="warning" small className="fr-mb-3w" description={<>{m.synthesisWarning(preview.missingSynthesis)} <Link to="../documents" relative="path" className="fr-link">{m.toDocuments}</Link></>} />
          )}

          <h3>{m.summaryTitle}</h3>
          <p>{m.whatLeaves(flatAgenda(meeting).length, documents.length, pages)}</p>
          <ul>
            {documents.map((document) => (
              <li key={document.id}>
                {document.title} — {messages.documentKind[document.kind]}, {messages.meeting.pages(document.versions[0]?.pageCount ?? 0)}
              </li>
            ))}
          </ul>
          {preview.channelsOff.map((off) => <Alert key={off.channel} severity="info" small className="fr-mb-2w" description={off.reason} />)}
          <p>{m.byChannel(preview.recipients.length, byChannel.map(({ channel, count }) => m.channelCount(count, channel)).join(', '))}</p>
          <Table
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
            options={[{ label: m.declareUrgency, hintText: detail.legalNotices.urgency, nativeInputProps: { checked: urgent, onChange: (event) => setUrgent(event.target.checked) } }]}
          />
          {urgent && (
            <Input
              label={m.justification}
              hintText={m.justificationHint}
              textArea
              state={missingJustification ? 'error' : 'default'}
              stateRelatedMessage={m.justificationMissing}
              nativeTextAreaProps={{ value: justification, onChange: (event) => setJustification(event.target.value), rows: 3, maxLength: 2000, required: true }}
            />
          )}
          {failure?.reason === 'DEADLINE_PASSED' ? (
            <Alert severity="error" title={m.blocked} description={failure.message} className="fr-mb-3w" />
          ) : (
            sending.error && <GraphqlError error={sending.error} />
          )}
          <Button iconId="fr-icon-send-plane-fill" size="large" disabled={sending.loading} onClick={() => void submit()}>
            {m.send}
          </Button>
        </>
      )}
    </section>
  );
}
