import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Access } from '../graphql/access.js';
import { graphqlEnum } from '../graphql/enums.js';
import { MonthScalar } from '../graphql/scalars.js';
import { BodyType } from '../platform/bodies/body.type.js';
import { invoiceStatuses, type Invoice, type InvoiceStatus } from './billing.entity.js';
import { statementLineKinds, type StatementLineKind } from './cost-sharing.js';
import type { Statement } from './statements.js';

export const StatementLineKindEnum = graphqlEnum(statementLineKinds, 'StatementLineKind', 'A seat per month, a tablet in service per month, or the set-up of a tablet handed over.');
export const InvoiceStatusEnum = graphqlEnum(invoiceStatuses, 'InvoiceStatus', 'Stripe\'s status of an invoice.');

@ObjectType('CostStatementLine', { description: 'A body\'s share of one item held by one person; amounts in euro cents.' })
@Access('authenticated')
export class CostStatementLineType {
  @Field(() => StatementLineKindEnum)
  kind!: StatementLineKind;

  @Field(() => ID)
  personId!: string;

  @Field()
  personName!: string;

  @Field(() => ID, { nullable: true })
  deviceId!: string | null;

  @Field(() => String, { nullable: true })
  serialNumber!: string | null;

  @Field(() => Int, { description: 'Full cost of the item.' })
  fullCents!: number;

  @Field(() => Int, { description: 'This body\'s share.' })
  shareCents!: number;

  @Field(() => Int, { description: 'Number of bodies sharing the item.' })
  sharedBetween!: number;
}

@ObjectType('CostStatement', { description: 'What a body owes for a month under the groupement\'s contract; amounts in euro cents, excluding tax.' })
@Access('authenticated')
export class CostStatementType {
  @Field(() => BodyType)
  body!: BodyType;

  @Field(() => MonthScalar)
  month!: string;

  @Field({ description: 'Frozen by the closing of the month; otherwise computed from today\'s data.' })
  closed!: boolean;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Field(() => ID)
  contractId!: string;

  @Field(() => Int, { description: 'People seated in the body in the month.' })
  seatCount!: number;

  @Field(() => Int)
  seatsCents!: number;

  @Field(() => Int)
  devicesCents!: number;

  @Field(() => Int)
  setupCents!: number;

  @Field(() => Int)
  totalCents!: number;

  @Field(() => [CostStatementLineType])
  lines!: CostStatementLineType[];

  static from(statement: Statement, body: BodyType): CostStatementType {
    const { bodyId: _bodyId, lines, ...rest } = statement;
    return Object.assign(new CostStatementType(), {
      ...rest,
      body,
      lines: lines.map((line) => Object.assign(new CostStatementLineType(), line)),
    });
  }
}

@ObjectType('Invoice', { description: 'An invoice of a body, as Stripe last reported it; amounts in cents.' })
@Access('authenticated')
export class InvoiceType {
  @Field(() => ID, { description: 'Stripe\'s invoice id.' })
  id!: string;

  @Field(() => String, { nullable: true })
  number!: string | null;

  @Field(() => InvoiceStatusEnum)
  status!: InvoiceStatus;

  @Field()
  currency!: string;

  @Field(() => Int)
  amountDueCents!: number;

  @Field(() => Int)
  amountPaidCents!: number;

  @Field(() => Date, { nullable: true })
  periodStart!: Date | null;

  @Field(() => Date, { nullable: true })
  periodEnd!: Date | null;

  @Field(() => String, { nullable: true, description: 'Stripe\'s page of the invoice.' })
  hostedInvoiceUrl!: string | null;

  @Field()
  createdAt!: Date;

  static from(invoice: Invoice): InvoiceType {
    return Object.assign(new InvoiceType(), {
      id: invoice.stripeInvoiceId,
      number: invoice.number ?? null,
      status: invoice.status,
      currency: invoice.currency,
      amountDueCents: invoice.amountDueCents,
      amountPaidCents: invoice.amountPaidCents,
      periodStart: invoice.periodStart ?? null,
      periodEnd: invoice.periodEnd ?? null,
      hostedInvoiceUrl: invoice.hostedInvoiceUrl ?? null,
      createdAt: invoice.stripeCreatedAt,
    });
  }
}

@ObjectType('BillingStatus')
@Access('authenticated')
export class BillingStatusType {
  @Field({ description: 'False without a Stripe key: no customer, no subscription, no invoice is made.' })
  enabled!: boolean;

  @Field(() => String, { nullable: true, description: 'Why billing is disabled.' })
  disabledReason!: string | null;
}

@ObjectType('BodyBilling', { description: 'A body\'s billing: its Stripe customer, its seat subscription, its invoices.' })
@Access('authenticated')
export class BodyBillingType extends BillingStatusType {
  @Field(() => BodyType)
  body!: BodyType;

  @Field(() => String, { nullable: true })
  stripeCustomerId!: string | null;

  @Field(() => String, { nullable: true })
  subscriptionStatus!: string | null;

  @Field(() => Int, { description: 'Seats of the body now (its memberships; none once archived).' })
  seats!: number;

  @Field(() => Int, { nullable: true, description: 'The subscription quantity Stripe last accepted.' })
  syncedSeats!: number | null;

  @Field(() => [InvoiceType], { description: 'Latest first.' })
  invoices!: InvoiceType[];
}
