import Stripe from 'stripe';
import type { BillingGateway } from './billing.port.js';
import { billingCurrency } from './billing.port.js';

export interface StripeGatewayOptions {
  secretKey: string;
  /** Another API origin (stripe-mock); Stripe's own when absent. */
  apiUrl?: string | undefined;
}

/** The Stripe client, pointed at `apiUrl` when given. */
export function createStripeClient(options: StripeGatewayOptions): Stripe {
  const origin = options.apiUrl ? new URL(options.apiUrl) : null;
  return new Stripe(options.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(origin
      ? { host: origin.hostname, port: origin.port || (origin.protocol === 'https:' ? 443 : 80), protocol: origin.protocol === 'https:' ? 'https' : 'http' }
      : {}),
  });
}

/** The BillingGateway on Stripe: customers, a monthly seat price, seat subscriptions, invoice items. */
export function createStripeGateway(options: StripeGatewayOptions): BillingGateway {
  const stripe = createStripeClient(options);
  return {
    async createCustomer({ bodyId, slug, name }, idempotencyKey) {
      const customer = await stripe.customers.create(
        { name, preferred_locales: ['fr'], metadata: { bodyId, slug } },
        { idempotencyKey },
      );
      return { id: customer.id };
    },

    async createSeatPrice({ contractId, reference, unitAmountCents }, idempotencyKey) {
      const price = await stripe.prices.create(
        {
          currency: billingCurrency,
          unit_amount: unitAmountCents,
          recurring: { interval: 'month' },
          product_data: { name: `Cartable — siège (marché ${reference})` },
          metadata: { contractId },
        },
        { idempotencyKey },
      );
      return { id: price.id };
    },

    async createSubscription({ bodyId, customerId, priceId, quantity }, idempotencyKey) {
      const subscription = await stripe.subscriptions.create(
        {
          customer: customerId,
          items: [{ price: priceId, quantity }],
          collection_method: 'send_invoice',
          days_until_due: 30,
          metadata: { bodyId },
        },
        { idempotencyKey },
      );
      const item = subscription.items.data[0];
      if (!item) throw new Error(`Stripe subscription ${subscription.id} has no item`);
      return { id: subscription.id, itemId: item.id, status: subscription.status };
    },

    async updateSeats({ subscriptionId, itemId, priceId, quantity }, idempotencyKey) {
      await stripe.subscriptions.update(
        subscriptionId,
        { items: [{ id: itemId, price: priceId, quantity }], proration_behavior: 'none' },
        { idempotencyKey },
      );
    },

    async createInvoiceItem({ bodyId, customerId, amountCents, description, period }, idempotencyKey) {
      const item = await stripe.invoiceItems.create(
        { customer: customerId, amount: amountCents, currency: billingCurrency, description, metadata: { bodyId, period } },
        { idempotencyKey },
      );
      return { id: item.id };
    },
  };
}
