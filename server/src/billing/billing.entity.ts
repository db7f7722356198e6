import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../db/timestamps.js';
import type { StatementLine } from './cost-sharing.js';

/** A member body's Stripe side: customer, seat subscription, and the seat versions pushed to it. */
const BillingAccountSchema = defineEntity({
  name: 'BillingAccount',
  schema: 'platform',
  tableName: 'billing_account',
  properties: {
    bodyId: p.uuid().primary(),
    stripeCustomerId: p.string().nullable(),
    stripeSubscriptionId: p.string().nullable(),
    stripeSubscriptionItemId: p.string().nullable(),
    stripePriceId: p.string().nullable(),
    seatQuantity: p.integer().nullable(),
    seatVersion: p.integer(),
    syncedSeatVersion: p.integer(),
    subscriptionStatus: p.string().nullable(),
    subscriptionEventAt: p.datetime().nullable(),
    ...timestampProperties,
  },
});
export class BillingAccount extends BillingAccountSchema.class {}
BillingAccountSchema.setClass(BillingAccount);

export const invoiceStatuses = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

/** An invoice of a body as Stripe last described it (written by webhooks only). */
const InvoiceSchema = defineEntity({
  name: 'Invoice',
  schema: 'platform',
  tableName: 'invoice',
  properties: {
    stripeInvoiceId: p.string().primary(),
    bodyId: p.uuid(),
    number: p.string().nullable(),
    status: p.enum(invoiceStatuses),
    currency: p.string(),
    amountDueCents: p.bigint('number'),
    amountPaidCents: p.bigint('number'),
    periodStart: p.datetime().nullable(),
    periodEnd: p.datetime().nullable(),
    hostedInvoiceUrl: p.string().nullable(),
    stripeCreatedAt: p.datetime(),
    lastEventAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export class Invoice extends InvoiceSchema.class {}
InvoiceSchema.setClass(Invoice);

/** A body's statement for a month, frozen when the coordinator closed the month. */
const CostStatementSchema = defineEntity({
  name: 'CostStatement',
  schema: 'platform',
  tableName: 'cost_statement',
  properties: {
    bodyId: p.uuid().primary(),
    month: p.date().primary(),
    contractId: p.uuid(),
    lines: p.json<StatementLine[]>(),
    totalCents: p.bigint('number'),
    closedAt: p.datetime(),
    closedBy: p.uuid(),
  },
});
export class CostStatement extends CostStatementSchema.class {}
CostStatementSchema.setClass(CostStatement);
