import type { Logger } from '../../common/logger.js';
import type { Config } from '../../config/env.js';
import type { MailIdentity } from '../mail-identity.js';
import type { PushSubscriptionKeys } from '../push.js';

/**
 * What is known of how to reach one person (in one body: the contact details its secretariat set take
 * the place of the account's). Each channel reads the facts it needs; a channel needing a new fact adds
 * it here and in the query that fills it (`body/convocations/contacts/recipients.ts`).
 */
export interface ContactSheet {
  email: string;
  /** E.164. */
  mobilePhone: string | null;
  /** The person's own consent to SMS alerts. */
  smsAlerts: boolean;
  /** Browsers and tablets subscribed to web push. */
  pushDevices: number;
  /** Set when the person asked for paper (CGCT L2121-10). */
  postalAddress: string | null;
}

/**
 * The words of one message, whatever the channel: each channel renders them its way (an email, a line
 * of SMS, a notification, a printed letter), so they never say different things.
 */
export interface Notice {
  /** Who writes (the letterhead's first line) and for which assembly or service (its second). */
  from: { name: string; unit: string };
  subject: string;
  /** Paragraphs before the list. */
  opening: string[];
  /** A titled list (the agenda), one line per entry. */
  list: { title: string; lines: string[] };
  /** Paragraphs after the list. */
  closing: string[];
  /** The message in one line, for the channels that carry little text. */
  short: string;
  /** Where the person opens what the message is about. */
  link: string;
  /** Messages with the same topic replace each other on a device. */
  topic: string;
  /** The date the message is written on, read in `timeZone`. */
  dated: Date;
  timeZone: string;
  /** Who signs a letter. */
  signature: string;
  /** Names the message in a letter's footer. */
  reference: string;
  /** SHA-256 of the manifest the words are drawn from, carried as a header where the channel has headers. */
  manifestSha256?: string;
  /** The line a notification shows, when it is not the opening's last. */
  headline?: string;
  /** An iCalendar object (RFC 5545, iTIP PUBLISH), for the channels that carry attachments (email). */
  calendar?: string;
  /** The body's mail identity (From name, Reply-To: notify/mail-identity.ts), where the channel has a sender. */
  sender?: MailIdentity;
}

/** To whom one message goes. */
export interface Addressee {
  name: string;
  /** The channel's address (email, E.164 number, postal address…); null when there is none (a preview). */
  address: string | null;
}

/** One message through one channel: the delivery row it comes from and where it goes. */
export interface DeliveryTarget {
  deliveryId: string;
  /** Deterministic for one message: the provider's idempotency key where it has one. */
  sendKey: string;
  address: string;
  personId: string;
  name: string;
}

/** What the channel's provider answered, for the record. */
export interface Accepted {
  reference: string;
  response: string;
}

/** An electronic channel ready to send with this server's configuration. */
export interface ChannelSender {
  /** For the start-up log: which transport, e.g. `smtp mail.example.fr` or `brevo`. */
  readonly description: string;
  /** Resolves once the provider accepted the message; a `PermanentDeliveryError` when retrying cannot help. */
  send(target: DeliveryTarget, notice: Notice): Promise<Accepted>;
  close?(): Promise<void>;
}

/** The web push subscriptions of a person, and forgetting those the push service says are gone. */
export interface PushDevices {
  of(personId: string): Promise<(PushSubscriptionKeys & { id: string })[]>;
  forget(ids: readonly string[]): Promise<void>;
}

/** What channels may need from the rest of the server to send, given when they are opened. */
export interface ChannelDependencies {
  /** The web push subscriptions of each person (platform/alerts). */
  pushDevices: PushDevices;
}

/**
 * A contact the person gives and a consent they grant, both needed before the channel reaches them (SMS:
 * a mobile number, and the official's own opt-in). Checked where the person sets their alerts.
 */
export interface OptIn {
  consent: 'smsAlerts';
  contact: 'mobilePhone';
  /** French, when the consent is given without the contact. */
  missingContact: string;
}

/**
 * One way to reach a person: which contact (and consent) it needs, whether this server can use it, how it
 * renders a notice, and how it sends. Electronic channels are sent by the delivery job; paper channels
 * are rendered by the letter job and posted by the secretariat (L2121-10).
 */
export interface DeliveryChannel<
  Id extends string = string,
  Rendered = unknown,
  Sender extends ChannelSender | null = ChannelSender | null,
> {
  /** Stored in `delivery.channel`, and the value of the GraphQL enum `DeliveryChannel`. */
  readonly id: Id;
  /** French, after « par » (`par courriel`): attestations, error messages. */
  readonly label: string;
  readonly mode: 'ELECTRONIC' | 'PAPER';
  readonly optIn?: OptIn;
  /** Null when this server can use the channel; otherwise why not, in French, for the secretariat. */
  offReason(config: Config): string | null;
  /** The address the person is reached at through this channel, or null (no such contact, no consent). */
  addressOf(contact: ContactSheet): string | null;
  /** The notice as this channel shows it (the preview shows exactly this). */
  render(notice: Notice, addressee: Addressee): Rendered;
  /** Its sender on this server, called only when `offReason` is null; null for paper. */
  open(config: Config, logger: Logger, dependencies: ChannelDependencies): Promise<Sender>;
}
