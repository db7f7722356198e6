import { Button } from '@codegouvfr/react-dsfr/Button';
import { CallOut } from '@codegouvfr/react-dsfr/CallOut';
import { messages } from '../i18n/messages.ts';
import { formatDateTime, formatShortDate } from '../ui/format.ts';
import type { MeetingBody } from './use-meeting.ts';
import { useReceipts } from './use-receipts.ts';

const m = messages.convocation;

/**
 * The convocation as the official received it: urgency and its reason, how it reaches them, when they
 * opened it and acknowledged it (the button records it), and every send with what a supplement brought.
 */
export function ConvocationPanel({ body }: { body: MeetingBody }) {
  const meeting = body.meeting;
  const mine = meeting.myConvocation;
  const { acknowledge, acknowledgePending } = useReceipts(body.id, meeting.id, mine);
  if (meeting.convocations.length === 0) return null;
  const sentOn = (iso: string) => formatDateTime(iso, body.timeZone);

  return (
    <section className="fr-my-3w" aria-labelledby="convocation">
      <h2 id="convocation">{m.title}</h2>
      {meeting.urgent && (
        <CallOut title={m.urgency} iconId="fr-icon-warning-line" className="cartable-callout">
          {meeting.urgencyJustification && m.urgencyJustification(meeting.urgencyJustification)}
        </CallOut>
      )}
      {mine && (
        <>
          <p className="fr-mb-1w">{mine.mode === 'PAPER' ? m.modePaper : m.modeElectronic}</p>
          <ul className="cartable-receipts" aria-live="polite">
            {mine.firstOpenedAt && <li className="fr-icon-eye-line">{m.opened(formatShortDate(mine.firstOpenedAt))}</li>}
            {mine.acknowledgedAt && (
              <li className="fr-icon-checkbox-circle-line">{m.acknowledged(formatShortDate(mine.acknowledgedAt))}</li>
            )}
            {!mine.acknowledgedAt && acknowledgePending && <li className="fr-icon-time-line">{m.acknowledgePending}</li>}
          </ul>
          {!mine.acknowledgedAt && !acknowledgePending && (
            <>
              <Button
                iconId="fr-icon-mail-check-line"
                onClick={() => void acknowledge()}
                nativeButtonProps={{ 'aria-describedby': 'accuser-reception' }}
              >
                {m.acknowledge}
              </Button>
              <p id="accuser-reception" className="fr-hint-text fr-mt-1w">
                {m.acknowledgeHint}
              </p>
            </>
          )}
        </>
      )}
      <h3 className="fr-h6 fr-mt-3w">{m.sends}</h3>
      <ol className="cartable-sends">
        {meeting.convocations.map((send) =>
          send.kind === 'INITIAL' ? (
            <li key={send.id}>{m.initial(sentOn(send.sentAt), send.documentCount)}</li>
          ) : (
            <li key={send.id}>
              {m.supplement(send.sequence - 1, sentOn(send.sentAt))}
              <ul>
                {send.documents.map((document) => (
                  <li key={document.versionId}>{m.change(document.change ? m[document.change] : m.ADDED, document.title)}</li>
                ))}
              </ul>
            </li>
          ),
        )}
      </ol>
    </section>
  );
}
