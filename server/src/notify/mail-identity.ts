import { BadUserInputError } from '../common/errors.js';
import { isEmailAddress } from '../common/mailbox.js';

/** What a body's emails need of it (a `Body` has these fields). */
export interface MailIdentitySource {
  name: string;
  mailSenderName?: string | null;
  mailReplyTo?: string | null;
}

/** What a body's emails say of their sender: the From's display name and, when set, the Reply-To. */
export interface MailIdentity {
  senderName: string;
  replyTo?: string;
}

const senderNameMaxLength = 120;

/** « Ville de Besançon — Secrétariat des assemblées »: the From of a body that chose no name of its own. */
export const defaultSenderName = (bodyName: string) => `${bodyName} — Secrétariat des assemblées`;

/**
 * The identity of every email sent for the body (convocations, reminders, alerts, invitations). The
 * address stays the platform's verified sender (SPF/DKIM are the platform's), only the name is the body's.
 */
export function mailIdentity(body: MailIdentitySource): MailIdentity {
  return { senderName: body.mailSenderName ?? defaultSenderName(body.name), ...(body.mailReplyTo ? { replyTo: body.mailReplyTo } : {}) };
}

/**
 * The settings as stored, checked: a blank field is the default (null). A name of control characters or
 * longer than 120 characters, or a Reply-To that is not an email address, is refused with a French message.
 */
export function checkMailSettings(input: { senderName?: string | null; replyTo?: string | null }): {
  mailSenderName: string | null;
  mailReplyTo: string | null;
} {
  const senderName = input.senderName?.trim() || null;
  const replyTo = input.replyTo?.trim() || null;
  if (senderName !== null && (senderName.length > senderNameMaxLength || /[\u0000-\u001f\u007f]/.test(senderName))) {
    throw new BadUserInputError(`Le nom d’expéditeur compte au plus ${senderNameMaxLength} caractères, sur une seule ligne.`, {
      field: 'senderName',
    });
  }
  if (replyTo !== null && (replyTo.length > 254 || !isEmailAddress(replyTo))) {
    throw new BadUserInputError('L’adresse de réponse n’est pas une adresse électronique valide (exemple : assemblees@ville.fr).', {
      field: 'replyTo',
    });
  }
  return { mailSenderName: senderName, mailReplyTo: replyTo };
}
