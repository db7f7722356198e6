import { useQuery } from '@apollo/client/react';
import { Tabs } from '@codegouvfr/react-dsfr/Tabs';
import { useEffect, useMemo } from 'react';
import type { DeliveryChannel } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import { ConfirmPanel } from '../../ui/ConfirmPanel.tsx';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { ConvocationMessagesQuery } from '../operations.ts';

const m = messages.secretariat.convening;

/** A `blob:` URL of the letter, revoked when the confirmation closes. */
function useLetterUrl(base64: string | undefined): string | undefined {
  const url = useMemo(
    () =>
      base64
        ? URL.createObjectURL(new Blob([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], { type: 'application/pdf' }))
        : undefined,
    [base64],
  );
  useEffect(
    () => () => {
      if (url) URL.revokeObjectURL(url);
    },
    [url],
  );
  return url;
}

/**
 * The last step before a convocation leaves: the count per channel and the deadline, then exactly what
 * each channel carries — the email as it will be rendered, the SMS, the letter's PDF — all drawn by the
 * server from the manifest the send will bind.
 */
export function SendConfirmation({
  slug,
  meetingId,
  urgent,
  justification,
  recipients,
  byChannel,
  latest,
  busy,
  onConfirm,
  onCancel,
}: {
  slug: string;
  meetingId: string;
  urgent: boolean;
  justification: string;
  recipients: number;
  byChannel: readonly { channel: DeliveryChannel; count: number }[];
  latest: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { data, error, refetch } = useQuery(ConvocationMessagesQuery, {
    variables: { slug, meetingId, urgent, urgencyJustification: urgent ? justification : null },
    fetchPolicy: 'network-only',
  });
  const preview = data?.body.meeting.convocationMessages;
  const letterUrl = useLetterUrl(preview?.letterPdfBase64);
  const count = (channel: DeliveryChannel) => byChannel.find((entry) => entry.channel === channel)?.count ?? 0;
  const summary = m.byChannel(recipients, byChannel.map(({ channel, count }) => m.channelCount(count, channel)).join(', '));

  return (
    <ConfirmPanel
      title={m.confirmTitle}
      text={m.confirmText(summary, latest)}
      confirm={m.confirmSend(recipients)}
      busy={busy || !preview}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {!preview && (error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p role="status">{m.loadingPreview}</p>)}
      {preview && (
        <Tabs
          label={m.previewTabs}
          className="cartable-send-preview fr-mb-2w"
          tabs={[
            ...(count('EMAIL') > 0
              ? [
                  {
                    label: m.emailTab(count('EMAIL')),
                    content: (
                      <>
                        <p>
                          <strong>{m.emailSubject} :</strong> {preview.emailSubject}
                        </p>
                        {/* No script, form, popup or navigation of the page runs in the preview (sandbox). It keeps the
                            page's origin, so Chromium draws it in the page's own process: a sandbox with an opaque
                            origin is a separate process, whose place the browser's hit-testing learns a frame late —
                            a click on the button just below, right after the preview appeared, went to the email
                            instead (seen under load in the e2e journey). Without scripts, the origin gives it nothing. */}
                        <iframe
                          className="cartable-send-preview__email"
                          title={m.emailFrame}
                          srcDoc={preview.emailHtml}
                          sandbox="allow-same-origin"
                        />
                      </>
                    ),
                  },
                ]
              : []),
            ...(count('SMS') > 0
              ? [
                  {
                    label: m.smsTab(count('SMS')),
                    content: (
                      <>
                        <blockquote className="cartable-send-preview__sms">{preview.smsText}</blockquote>
                        <p className="fr-text--sm">{m.smsLength(preview.smsText.length)}</p>
                      </>
                    ),
                  },
                ]
              : []),
            ...(count('LETTER') > 0
              ? [
                  {
                    label: m.letterTab(count('LETTER')),
                    content: (
                      <>
                        <p>{m.letterFor(preview.letterRecipient)}</p>
                        <a className="fr-link fr-icon-file-pdf-line fr-link--icon-left" href={letterUrl} download="convocation-apercu.pdf">
                          {m.openLetter}
                        </a>
                      </>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </ConfirmPanel>
  );
}
