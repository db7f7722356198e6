/**
 * What billing needs from the payment provider. Every write takes an idempotency key that the caller
 * derives from what it is doing (never random), so a retried job repeats exactly the same request and the
 * provider applies it once.
 */
export interface BillingGateway {
  createCustomer(customer: { bodyId: string; slug: string; name: string }, idempotencyKey: string): Promise<{ id: string }>;
  /** A monthly recurring price for one seat at `unitAmountCents` (a product is created for it). */
  createSeatPrice(price: { contractId: string; reference: string; unitAmountCents: number }, idempotencyKey: string): Promise<{ id: string }>;
  createSubscription(
    subscription: { bodyId: string; customerId: string; priceId: string; quantity: number },
    idempotencyKey: string,
  ): Promise<{ id: string; itemId: string; status: string }>;
  /** Sets the seat item's price and quantity, without proration (seats are billed per month). */
  updateSeats(seats: { subscriptionId: string; itemId: string; priceId: string; quantity: number }, idempotencyKey: string): Promise<void>;
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
