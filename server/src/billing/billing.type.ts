import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Access } from '../graphql/access.js';
import { graphqlEnum } from '../graphql/enums.js';
import { LocalDateScalar, MonthScalar } from '../graphql/scalars.js';
import { BodyType } from '../platform/bodies/body.type.js';
import {
  chorusStatuses,
  invoiceStatuses,
  issuedInvoiceKinds,
  type ChorusStatus,
  type Invoice,
  type InvoiceStatus,
  type IssuedInvoice,
  type IssuedInvoiceKind,
} from './billing.entity.js';
import { statementLineKinds, type StatementLineKind } from './cost-sharing.js';
import type { Statement } from './statements.js';

export const StatementLineKindEnum = graphqlEnum(
  statementLineKinds,
  'StatementLineKind',
  'A seat per month, a tablet in service per month, or the set-up of a tablet handed over.',
);
export const InvoiceStatusEnum = graphqlEnum(invoiceStatuses, 'InvoiceStatus', "Stripe's status of an invoice.");

@ObjectType('CostStatementLine', { description: "A body's share of one item held by one person; amounts in euro cents." })
@Access('authenticated')
export class CostStatementLineType {
  @Field(() => StatementLineKindEnum)
  kind!: StatementLineKind;

  @Field(() => ID, { nullable: true, description: 'Who holds the item; null on a SUPPORT line.' })
  personId!: string | null;

  @Field(() => String, { nullable: true })
  personName!: string | null;

  @Field(() => ID, { nullable: true })
  deviceId!: string | null;

  @Field(() => String, { nullable: true })
  serialNumber!: string | null;

  @Field(() => Int, { description: 'Full cost of the item.' })
  fullCents!: number;

  @Field(() => Int, { description: "This body's share." })
  shareCents!: number;

  @Field(() => Int, { description: 'Number of bodies sharing the item.' })
  sharedBetween!: number;
}

@ObjectType('CostStatement', {
  description: "What a body owes for a month under the groupement's contract; amounts in euro cents, excluding tax.",
})
@Access('authenticated')
export class CostStatementType {
  @Field(() => BodyType)
  body!: BodyType;

  @Field(() => MonthScalar)
  month!: string;

  @Field({ description: "Frozen by the closing of the month; otherwise computed from today's data." })
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

  @Field(() => Int, { description: "The contract's monthly support, when priced." })
  supportCents!: number;

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
  @Field(() => ID, { description: "Stripe's invoice id." })
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

  @Field(() => String, { nullable: true, description: "Stripe's page of the invoice." })
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
  @Field({ description: 'False without a Stripe key: no customer and no Stripe invoice is made (the Factur-X invoices still are).' })
  enabled!: boolean;

  @Field(() => String, { nullable: true, description: 'Why billing is disabled.' })
  disabledReason!: string | null;
}

@ObjectType('BodyBilling', { description: "A body's Stripe side: its customer and the Stripe invoices mirroring its issued invoices." })
@Access('authenticated')
export class BodyBillingType extends BillingStatusType {
  @Field(() => BodyType)
  body!: BodyType;

  @Field(() => String, { nullable: true })
  stripeCustomerId!: string | null;

  @Field(() => Int, { description: 'Seats of the body now (its memberships; none once archived).' })
  seats!: number;

  @Field(() => [InvoiceType], { description: 'Latest first.' })
  invoices!: InvoiceType[];
}

export const IssuedInvoiceKindEnum = graphqlEnum(
  issuedInvoiceKinds,
  'IssuedInvoiceKind',
  'An invoice, or a credit note (avoir) correcting one.',
);
export const ChorusStatusEnum = graphqlEnum(
  chorusStatuses,
  'ChorusStatus',
  'Where the invoice is on Chorus Pro: A_DEPOSER (to deposit), DEPOSEE, MISE_A_DISPOSITION (to the buyer), MANDATEE, PAYEE.',
);

@ObjectType('IssuedInvoiceLine', {
  description: 'A line of an invoice: quantity × unit price (excluding tax) = amount; VAT rate in percent.',
})
@Access('authenticated')
export class IssuedInvoiceLineType {
  @Field(() => StatementLineKindEnum)
  kind!: StatementLineKind;

  @Field()
  description!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Int)
  unitPriceCents!: number;

  @Field(() => Int)
  amountCents!: number;

  @Field(() => Float)
  vatRatePercent!: number;
}

@ObjectType('IssuedInvoice', {
  description: 'An invoice (Factur-X, for Chorus Pro) issued to a body for a closed month, or a credit note.',
})
@Access('authenticated')
export class IssuedInvoiceType {
  @Field(() => ID)
  id!: string;

  @Field(() => IssuedInvoiceKindEnum)
  kind!: IssuedInvoiceKind;

  @Field({ description: "In the issuer's gap-free yearly series, e.g. 2026-000012." })
  number!: string;

  @Field(() => LocalDateScalar)
  issuedOn!: string;

  @Field(() => LocalDateScalar)
  dueOn!: string;

  @Field(() => MonthScalar)
  month!: string;

  /** The body invoiced (resolved by the resolver). */
  bodyId!: string;

  @Field(() => Int, { description: 'Total including tax, in cents; negative for a credit note.' })
  totalCents!: number;

  @Field(() => Int, { description: 'Total excluding tax (positive, as printed).' })
  totalHtCents!: number;

  @Field(() => Int, { description: 'VAT (positive, as printed).' })
  totalVatCents!: number;

  @Field(() => ChorusStatusEnum)
  chorusStatus!: ChorusStatus;

  @Field(() => Date, { nullable: true })
  chorusStatusAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The invoice a credit note corrects.' })
  creditsInvoiceId!: string | null;

  @Field(() => String, { nullable: true })
  creditReason!: string | null;

  @Field(() => String, { nullable: true, description: 'The Stripe invoice mirroring it (send_invoice), once pushed.' })
  stripeInvoiceId!: string | null;

  @Field(() => InvoiceStatusEnum, {
    nullable: true,
    description: 'Payment status of the Stripe invoice (`paid` once the transfer is received), from the webhooks.',
  })
  paymentStatus!: InvoiceStatus | null;

  @Field(() => Date, { nullable: true, description: 'When Stripe reported that payment status.' })
  paymentStatusAt!: Date | null;

  @Field(() => [IssuedInvoiceLineType])
  lines!: IssuedInvoiceLineType[];

  static from(invoice: IssuedInvoice): IssuedInvoiceType {
    const sign = invoice.kind === 'CREDIT_NOTE' ? -1 : 1;
    return Object.assign(new IssuedInvoiceType(), {
      id: invoice.id,
      kind: invoice.kind,
      number: invoice.number,
      issuedOn: invoice.issuedOn,
      dueOn: invoice.dueOn,
      month: invoice.month.slice(0, 7),
      bodyId: invoice.bodyId,
      totalCents: sign * invoice.totalTtcCents,
      totalHtCents: invoice.totalHtCents,
      totalVatCents: invoice.totalVatCents,
      chorusStatus: invoice.chorusStatus,
      chorusStatusAt: invoice.chorusStatusAt ?? null,
      creditsInvoiceId: invoice.creditsInvoiceId ?? null,
      creditReason: invoice.creditReason ?? null,
      stripeInvoiceId: invoice.stripeInvoiceId ?? null,
      paymentStatus: invoice.paymentStatus ?? null,
      paymentStatusAt: invoice.paymentStatusAt ?? null,
      lines: invoice.lines.map(({ vatRateBasisPoints, kind, description, quantity, unitPriceCents, amountCents }) =>
        Object.assign(new IssuedInvoiceLineType(), {
          kind,
          description,
          quantity,
          unitPriceCents,
          amountCents,
          vatRatePercent: vatRateBasisPoints / 100,
        }),
      ),
    });
  }
}

@ObjectType('BodyBillingSettings', { description: 'What Chorus Pro needs of the body as a buyer.' })
@Access('authenticated')
export class BodyBillingSettingsType {
  @Field(() => String, { nullable: true })
  siret!: string | null;

  @Field(() => String, { nullable: true, description: 'Chorus Pro service code (code service).' })
  chorusServiceCode!: string | null;

  @Field({ description: 'The body requires an engagement number on its invoices.' })
  engagementRequired!: boolean;

  @Field(() => String, { nullable: true })
  engagementNumber!: string | null;
}

@InputType('BodyBillingSettingsInput')
export class BodyBillingSettingsInput {
  @Field(() => String, { nullable: true, description: '14 digits with a valid Luhn key.' })
  @IsOptional()
  @MaxLength(20, { message: 'SIRET invalide : 14 chiffres.' })
  siret?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100, { message: 'Le code service compte de 1 à 100 caractères.' })
  chorusServiceCode?: string | null;

  @Field()
  engagementRequired!: boolean;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 50, { message: 'Le numéro d’engagement compte de 1 à 50 caractères.' })
  engagementNumber?: string | null;
}

@ObjectType('VatRate', { description: 'The VAT rate of a kind of line from a date on.' })
@Access('coordinator')
export class VatRateType {
  @Field(() => StatementLineKindEnum)
  kind!: StatementLineKind;

  @Field(() => LocalDateScalar)
  validFrom!: string;

  @Field(() => Float)
  ratePercent!: number;
}

@ObjectType('StatementsExport', { description: "Download links of a month's statements." })
@Access('coordinator')
export class StatementsExportType {
  @Field()
  csvUrl!: string;

  @Field()
  pdfUrl!: string;
}
