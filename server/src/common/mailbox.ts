import addressparser from 'nodemailer/lib/addressparser';

/** The first address of an RFC 5322 mailbox (`Name <address>` or `address`), when there is one. */
export function mailboxAddress(mailbox: string): string | undefined {
  const [first, ...others] = addressparser(mailbox, { flatten: true });
  return first && others.length === 0 && isEmailAddress(first.address) ? first.address : undefined;
}

/** A syntactic check only (local part, one @, a dotted domain): deliverability is the server's to say. */
export function isEmailAddress(value: string): boolean {
  return /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(\.[^\s@<>()[\]\\,;:".]+)+$/u.test(value);
}
