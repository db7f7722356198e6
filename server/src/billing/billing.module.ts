import type { FeatureModule } from '../module/feature-module.js';
import { billingTasks } from './billing-services.js';
import type { BillingServices } from './billing.port.js';
import { BillingAccount, CostStatement, Invoice, IssuedInvoice } from './billing.entity.js';
import { BillingResolver, BodyBillingResolver, IssuedInvoiceResolver } from './billing.resolver.js';
import { createInvoiceDownloadRouter, invoicePath } from './invoice-download.js';
import { createStripeWebhookRouter } from './stripe-webhook.js';

declare module '../module/feature-module.js' {
  interface ModuleServices {
    /** Stripe (when configured), Chorus Pro and the sync of each body's billing. */
    billing: BillingServices;
  }
}
declare module '../tenancy/body-context.js' {
  interface BodyServices {
    /** Stripe (when configured), Chorus Pro and the sync of each body's billing. */
    billing: BillingServices;
  }
}
declare module '../graphql/context.js' {
  interface FeatureServices {
    /** Stripe (when configured) and the sync of each body's billing. */
    billing: BillingServices;
  }
}

export const billingModule: FeatureModule = {
  entities: [BillingAccount, Invoice, CostStatement, IssuedInvoice],
  resolvers: [BodyBillingResolver, BillingResolver, IssuedInvoiceResolver],
  tasks: ({ orm, billing, publicUrl }) => billingTasks(orm.em, billing.gateway, publicUrl),
  routers: ({ orm, links, billing, logger }) => [
    { path: '/', router: createStripeWebhookRouter({ em: orm.em, webhookSecret: billing.webhookSecret, logger }) },
    { path: invoicePath, router: createInvoiceDownloadRouter({ orm, links }) },
  ],
};
