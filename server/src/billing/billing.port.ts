import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChorusPort } from './chorus.js';

/**
 * What billing needs from the payment provider. Every write takes an idempotency key that the caller
 * derives from what it is doing (never random), so a retried job repeats exactly the same request and the
 * provider applies it once.
 */
export interface BillingGateway {
  createCustomer(customer: { bodyId: string; slug: string; name: string }, idempotencyKey: string): Promise<{ id: string }>;
  /**
   * A Stripe invoice mirroring one of ours (the Factur-X is the legal document): sent to the customer,
   * paid by bank transfer (`collection_method: send_invoice`), with our number and a link to the Factur-X.
   * Each step keyed from `idempotencyKey`; `created` is called with Stripe's id as soon as it exists.
   */
  createSentInvoice(
    invoice: {
      invoiceId: string;
      customerId: string;
      number: string;
      dueDays: number;
      lines: { description: string; amountCents: number }[];
      facturXSha256: string;
      facturXLink: string;
    },
    idempotencyKey: string,
    created: (stripeInvoiceId: string) => Promise<void>,
  ): Promise<{ id: string }>;
}

export const billingCurrency = 'eur';

/**
 * Billing as the rest of the app sees it: on with a Stripe key, visibly off without one. Work for Stripe
 * is enqueued in the caller's transaction (graphile-worker): it exists if and only if the change committed,
 * and runs — with retries that repeat the same idempotency keys — after it.
 */
export interface BillingServices {
  /** Null when billing is disabled. */
  gateway: BillingGateway | null;
  /** Why billing is disabled (French, shown to users), or null. */
  disabledReason: string | null;
  /** Signing secret of the Stripe webhook endpoint, or null (the endpoint then answers 503). */
  webhookSecret: string | null;
  /** Where issued Factur-X invoices go for Chorus Pro. */
  chorus: ChorusPort;
  /** In the caller's transaction: queue the mirroring of issued invoices on Stripe. */
  requestInvoicePush(tx: EntityManager, invoiceIds: readonly string[]): Promise<void>;
  /** Queues the push of the issued invoices not on Stripe yet (at start-up). */
  syncPending(em: EntityManager): Promise<void>;
}
