import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type NodemailerError, type SendMailOptions } from 'nodemailer';
import { isPermanentResponseCode } from 'nodemailer/lib/errors';
import { removeStalePartials, writeFileAtomically } from '../common/atomic-file.js';
import { isEmailAddress, mailboxAddress } from '../common/mailbox.js';
import { PermanentDeliveryError } from './delivery-error.js';

export interface EmailMessage {
  to: string;
  toName?: string;
  subject: string;
  text: string;
  html: string;
  /**
   * Deterministic Message-ID (from the send key), so a retried send is recognisable; no angle brackets.
   * `left@domain`; without a domain part, the domain of the sender address is appended.
   */
  messageId: string;
  /** Extra header fields, e.g. `Auto-Submitted: auto-generated`. */
  headers?: Record<string, string>;
  /** The display name of the From (e.g. the body's); the address stays the platform's sender address. */
  senderName?: string;
  /** Where answers go (the body's secretariat), when it is not the sender address. */
  replyTo?: string;
  /** An iCalendar object (RFC 5545), sent as the `text/calendar` alternative and as `invitation.ics`. */
  calendar?: { method: 'PUBLISH'; content: string };
}

export interface EmailDelivery {
  /** The server's reply line to the message (`250 …`), or where the demo outbox wrote it. */
  response: string;
  /** The Message-ID the message carries, without angle brackets. */
  messageId: string;
  acceptedAt: Date;
}

export interface EmailSender {
  /** Resolves once the SMTP server accepted the message (250). */
  send(message: EmailMessage): Promise<EmailDelivery>;
  close(): Promise<void>;
}

const smtpTimeouts = {
  // nodemailer's defaults (2 min to connect, 10 min of socket silence) would hold a worker far too long;
  // a timeout is transient, so the job is retried later anyway.
  connectionTimeout: 15_000,
  greetingTimeout: 15_000,
  socketTimeout: 60_000,
};

/**
 * Sends through an SMTP server (`smtp://user:pass@host:587`, STARTTLS when offered, or `smtps://…:465`).
 * A 5xx reply, an address nodemailer refuses or a configuration error becomes a PermanentDeliveryError;
 * 4xx replies, refused or reset connections and timeouts are thrown as they are (transient).
 */
export function createSmtpEmailSender(options: { url: string; from: string; pool?: boolean }): EmailSender {
  const transport = nodemailer.createTransport({
    url: options.url,
    pool: options.pool ?? false,
    ...smtpTimeouts,
    // The message is built from our own strings: it may never pull in a local file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const compose = composer(options.from);
  return {
    async send(message) {
      const mail = compose(message);
      try {
        const info = await transport.sendMail(mail.options);
        return { response: info.response, messageId: mail.messageId, acceptedAt: new Date() };
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    async close() {
      transport.close();
    },
  };
}

/**
 * The demo without an SMTP server: each message is written, exactly as it would be sent, to
 * `<directory>/<Message-ID>.eml` (readable by any mail client), whole or not at all (see
 * `writeFileAtomically`); the partial files of a process killed mid-write are deleted here, at start-up.
 * A retried send rewrites the same file.
 */
export async function createOutboxEmailSender(options: { directory: string; from: string }): Promise<EmailSender> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const compose = composer(options.from);
  await removeStalePartials(options.directory, { ownProcess: true });
  return {
    async send(message) {
      const mail = compose(message);
      const info = await transport.sendMail(mail.options);
      await mkdir(options.directory, { recursive: true, mode: 0o700 });
      const file = path.join(options.directory, `${mail.messageId.replace(/[^\w.@+=-]/g, '_')}.eml`);
      await writeFileAtomically(file, info.message as Buffer, { mode: 0o600 });
      return { response: `saved to ${file}`, messageId: mail.messageId, acceptedAt: new Date() };
    },
    async close() {},
  };
}

/** Checks a message before any connection (a malformed one is permanent) and builds nodemailer's options. */
function composer(from: string) {
  const senderAddress = mailboxAddress(from);
  const senderDomain = senderAddress?.split('@')[1];
  if (!senderAddress || !senderDomain) throw new TypeError(`Not a sender address: ${from}`);
  return (message: EmailMessage): { options: SendMailOptions; messageId: string } => {
    if (!isEmailAddress(message.to)) {
      throw new PermanentDeliveryError('INVALID_ADDRESS', `Not an email address: ${JSON.stringify(message.to)}`);
    }
    const messageId = message.messageId.includes('@') ? message.messageId : `${message.messageId}@${senderDomain}`;
    if (!/^[\w!#$%&'*+/=?^`{|}~.-]+@[\w.-]+$/.test(messageId)) {
      throw new PermanentDeliveryError('INVALID_MESSAGE', `Not a Message-ID: ${JSON.stringify(message.messageId)}`);
    }
    if (message.replyTo !== undefined && !isEmailAddress(message.replyTo)) {
      throw new PermanentDeliveryError('INVALID_MESSAGE', `Not a Reply-To address: ${JSON.stringify(message.replyTo)}`);
    }
    if (message.senderName !== undefined && /[\r\n]/.test(message.senderName)) {
      throw new PermanentDeliveryError('INVALID_MESSAGE', `Invalid sender name: ${JSON.stringify(message.senderName)}`);
    }
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      if (!/^[A-Za-z0-9-]+$/.test(name) || /[\r\n]/.test(value)) {
        throw new PermanentDeliveryError('INVALID_MESSAGE', `Invalid header field: ${JSON.stringify(name)}`);
      }
    }
    return {
      messageId,
      options: {
        // nodemailer quotes and encodes the display name (RFC 2047) itself.
        from: message.senderName ? { name: message.senderName, address: senderAddress } : from,
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        to: message.toName ? { name: message.toName, address: message.to } : message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `<${messageId}>`,
        headers: message.headers ?? {},
        ...(message.calendar
          ? { icalEvent: { method: message.calendar.method, filename: 'invitation.ics', content: message.calendar.content } }
          : {}),
      },
    };
  };
}

/** RFC 5321: a 5yz reply is final (nodemailer's rule, which spares 503, a session out of step). */
function classifySmtpError(error: unknown): unknown {
  const { code, responseCode, response, message } = error as NodemailerError;
  if (typeof responseCode === 'number' && isPermanentResponseCode(responseCode)) {
    return new PermanentDeliveryError(
      code === 'EAUTH' ? 'SMTP_AUTH_REJECTED' : 'SMTP_REJECTED',
      `SMTP server refused: ${response ?? message}`,
      { cause: error },
    );
  }
  // Refused by nodemailer itself before the server had a say: an envelope it cannot send.
  if (code === 'EENVELOPE' && responseCode === undefined) {
    return new PermanentDeliveryError('INVALID_ADDRESS', message, { cause: error });
  }
  if (code === 'ECONFIG' || code === 'ENOAUTH') {
    return new PermanentDeliveryError('SMTP_CONFIGURATION', message, { cause: error });
  }
  return error;
}
