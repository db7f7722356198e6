import path from 'node:path';
import { createOutboxEmailSender, createSmtpEmailSender, type EmailSender } from '../email.js';
import type { DeliveryChannel, ChannelSender, Notice } from './channel.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Email, to every official not convened on paper: SMTP (SMTP_URL, pooled connections) or, without it,
 * the demo outbox folder `<dataDir>/outbox`. Each message carries a Message-ID drawn from its delivery,
 * so a retried send is recognisable.
 */
export interface EmailChannelSender extends ChannelSender {
  /** The transport itself, for the platform's own mails that are no delivery (invitations, password resets). */
  readonly transport: EmailSender;
}

export const emailChannel: DeliveryChannel<'EMAIL', RenderedEmail, EmailChannelSender> = {
  id: 'EMAIL',
  label: 'courriel',
  mode: 'ELECTRONIC',
  offReason: () => null,
  addressOf: (contact) => contact.email,
  render(notice: Notice): RenderedEmail {
    const paragraphs = (lines: string[]) => lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
    return {
      subject: notice.subject,
      text: [...notice.opening, '', `${notice.list.title} :`, ...notice.list.lines, '', ...notice.closing].join('\n'),
      html: `<!doctype html><html lang="fr"><body>
${paragraphs(notice.opening)}
<ol style="list-style:none;padding-left:0">${notice.list.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ol>
${paragraphs(notice.closing)}
</body></html>`,
    };
  },
  async open(config) {
    const outbox = path.join(config.dataDir, 'outbox');
    const transport = config.SMTP_URL
      ? createSmtpEmailSender({ url: config.SMTP_URL, from: config.MAIL_FROM, pool: true })
      : await createOutboxEmailSender({ directory: outbox, from: config.MAIL_FROM });
    return {
      description: config.SMTP_URL ? `smtp ${URL.parse(config.SMTP_URL)?.host}` : `outbox ${outbox}`,
      transport,
      async send(target, notice) {
        const sent = await transport.send({
          to: target.address,
          toName: target.name,
          ...emailChannel.render(notice, target),
          ...notice.sender,
          ...(notice.calendar ? { calendar: { method: 'PUBLISH' as const, content: notice.calendar } } : {}),
          messageId: `cartable.${target.deliveryId}`,
          headers: {
            'Auto-Submitted': 'auto-generated',
            ...(notice.manifestSha256 ? { 'X-Cartable-Manifest-SHA256': notice.manifestSha256 } : {}),
          },
        });
        return { reference: sent.messageId, response: sent.response };
      },
      close: () => transport.close(),
    };
  },
};
