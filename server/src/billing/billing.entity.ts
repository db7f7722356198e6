import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../db/timestamps.js';
import type { StatementLine, StatementLineKind } from './cost-sharing.js';

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

export const issuedInvoiceKinds = ['INVOICE', 'CREDIT_NOTE'] as const;
export type IssuedInvoiceKind = (typeof issuedInvoiceKinds)[number];
/** Chorus Pro's statuses of an invoice, in their order: to deposit, deposited, made available, mandated, paid. */
export const chorusStatuses = ['A_DEPOSER', 'DEPOSEE', 'MISE_A_DISPOSITION', 'MANDATEE', 'PAYEE'] as const;
export type ChorusStatus = (typeof chorusStatuses)[number];

/** A line of an issued invoice; amounts in cents excluding tax, the rate in basis points. */
export interface IssuedInvoiceLine {
  kind: StatementLineKind;
  description: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
  vatRateBasisPoints: number;
  /** On a credit note: the number (from 1) of the invoice's line it cancels. */
  creditedLine?: number;
}

export interface InvoiceParties {
  seller: { name: string; siret: string; vatNumber: string | null; address: string | null };
  buyer: { name: string; siret: string; serviceCode: string | null; engagementNumber: string | null };
  contractReference: string;
}

/** An invoice or credit note issued to a body (Factur-X); its contents never change once written. */
const IssuedInvoiceSchema = defineEntity({
  name: 'IssuedInvoice',
  schema: 'platform',
  tableName: 'issued_invoice',
  properties: {
    id: p.uuid().primary(),
    kind: p.enum(issuedInvoiceKinds),
    number: p.string(),
    issuerSiret: p.string(),
    bodyId: p.uuid(),
    month: p.date(),
    creditsInvoiceId: p.uuid().nullable(),
    creditReason: p.string().nullable(),
    issuedOn: p.date(),
    dueOn: p.date(),
    lines: p.json<IssuedInvoiceLine[]>(),
    parties: p.json<InvoiceParties>(),
    totalHtCents: p.bigint('number'),
    totalVatCents: p.bigint('number'),
    totalTtcCents: p.bigint('number'),
    pdf: p.blob().lazy(),
    pdfSha256: p.string(),
    chorusStatus: p.enum(chorusStatuses),
    chorusStatusAt: p.datetime().nullable(),
    stripeInvoiceId: p.string().nullable(),
    issuedBy: p.uuid(),
    createdAt: p.datetime(),
  },
});
export class IssuedInvoice extends IssuedInvoiceSchema.class {}
IssuedInvoiceSchema.setClass(IssuedInvoice);
