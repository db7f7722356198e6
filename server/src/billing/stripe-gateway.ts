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
      ? {
          host: origin.hostname,
          port: origin.port || (origin.protocol === 'https:' ? 443 : 80),
          protocol: origin.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}

/** The BillingGateway on Stripe: customers, and sent invoices (with their items) mirroring ours. */
export function createStripeGateway(options: StripeGatewayOptions): BillingGateway {
  const stripe = createStripeClient(options);
  return {
    async createCustomer({ bodyId, slug, name }, idempotencyKey) {
      const customer = await stripe.customers.create({ name, preferred_locales: ['fr'], metadata: { bodyId, slug } }, { idempotencyKey });
      return { id: customer.id };
    },

    async createSentInvoice({ invoiceId, customerId, number, dueDays, lines, facturXSha256, facturXLink }, idempotencyKey, created) {
      const invoice = await stripe.invoices.create(
        {
          customer: customerId,
          currency: billingCurrency,
          collection_method: 'send_invoice',
          days_until_due: dueDays,
          auto_advance: false,
          pending_invoice_items_behavior: 'exclude',
          custom_fields: [{ name: 'Facture Factur-X', value: number }],
          footer: `Facture électronique Factur-X n° ${number}, déposée sur Chorus Pro : ${facturXLink}`,
          metadata: { invoiceId, number, facturXSha256 },
        },
        { idempotencyKey },
      );
      await created(invoice.id);
      for (const [index, line] of lines.entries()) {
        await stripe.invoiceItems.create(
          {
            customer: customerId,
            invoice: invoice.id,
            amount: line.amountCents,
            currency: billingCurrency,
            description: line.description,
            metadata: { invoiceId },
          },
          { idempotencyKey: `${idempotencyKey}:line:${index + 1}` },
        );
      }
      await stripe.invoices.finalizeInvoice(invoice.id, { auto_advance: false }, { idempotencyKey: `${idempotencyKey}:finalize` });
      await stripe.invoices.sendInvoice(invoice.id, {}, { idempotencyKey: `${idempotencyKey}:send` });
      return { id: invoice.id };
    },
  };
}
