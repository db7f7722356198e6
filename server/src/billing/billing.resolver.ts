import { Arg, Ctx, FieldResolver, Float, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError, NotFoundError } from '../common/errors.js';
import { Access } from '../graphql/access.js';
import { LocalDateScalar, MonthScalar, UuidScalar } from '../graphql/scalars.js';
import type { GraphqlContext } from '../graphql/context.js';
import { Body } from '../platform/bodies/body.entity.js';
import { BodyType } from '../platform/bodies/body.type.js';
import { Membership } from '../platform/people/membership.entity.js';
import { bodyNotFoundMessage } from '../tenancy/body-scope.js';
import { BillingAccount, Invoice, IssuedInvoice, type ChorusStatus } from './billing.entity.js';
import { invalidSiretMessage, isSiret } from '../platform/bodies/siret.js';
import type { StatementLineKind } from './cost-sharing.js';
import { invoiceLink, statementsLinks } from './invoice-download.js';
import { issueCreditNote, issueMonthInvoices, setChorusStatus, setVatRate, type InvoicingDeps } from './invoicing.js';
import {
  BillingStatusType,
  BodyBillingSettingsInput,
  BodyBillingSettingsType,
  BodyBillingType,
  ChorusStatusEnum,
  CostStatementType,
  InvoiceType,
  IssuedInvoiceType,
  StatementLineKindEnum,
  StatementsExportType,
  VatRateType,
} from './billing.type.js';
import { closeMonth, parseMonth, statementOf, statementsOfMonth, type Statement } from './statements.js';

/** A body's statement and billing: its admins, and the coordinator (who sees every body's). */
async function billedBody(context: GraphqlContext, bodyId: string): Promise<Body> {
  const body = await context.bodies.bodyById(bodyId);
  if (!context.viewer.isCoordinator && !context.viewer.can(body.id, 'administer')) throw new NotFoundError(bodyNotFoundMessage);
  return body;
}

async function bodyBilling(context: GraphqlContext, body: Body): Promise<BodyBillingType> {
  const account = await context.platformEm.findOne(BillingAccount, { bodyId: body.id });
  const invoices = await context.platformEm.find(Invoice, { bodyId: body.id }, { orderBy: { stripeCreatedAt: 'desc' }, limit: 120 });
  return Object.assign(new BodyBillingType(), {
    enabled: context.billing.gateway !== null,
    disabledReason: context.billing.disabledReason,
    body: BodyType.from(body),
    stripeCustomerId: account?.stripeCustomerId ?? null,
    seats: body.status === 'ARCHIVED' ? 0 : await context.platformEm.count(Membership, { body: body.id }),
    invoices: invoices.map((invoice) => InvoiceType.from(invoice)),
  });
}

async function statementTypes(context: GraphqlContext, statements: Statement[]): Promise<CostStatementType[]> {
  const bodies = new Map(
    (await context.platformEm.find(Body, { id: { $in: statements.map((statement) => statement.bodyId) } })).map((body) => [body.id, body]),
  );
  return statements
    .map((statement) => CostStatementType.from(statement, BodyType.from(bodies.get(statement.bodyId)!)))
    .sort((a, b) => a.body.name.localeCompare(b.body.name, 'fr'));
}

const invoicingDeps = (context: GraphqlContext): InvoicingDeps => ({
  billing: context.billing,
  chorus: context.billing.chorus,
  logger: context.logger,
});

function billingSettings(body: Body): BodyBillingSettingsType {
  return Object.assign(new BodyBillingSettingsType(), {
    siret: body.siret ?? null,
    chorusServiceCode: body.chorusServiceCode ?? null,
    engagementRequired: body.engagementRequired,
    engagementNumber: body.engagementNumber ?? null,
  });
}

@Resolver(() => IssuedInvoiceType)
export class IssuedInvoiceResolver {
  @FieldResolver(() => String, { description: 'A link to the Factur-X PDF (PDF/A-3 with its CII XML), valid 10 minutes.' })
  facturXUrl(@Root() root: IssuedInvoiceType, @Ctx() context: GraphqlContext): string {
    // Whoever got the invoice was allowed to see it (body admins and the coordinator).
    return invoiceLink(context.links, root);
  }

  @FieldResolver(() => BodyType)
  async body(@Root() root: IssuedInvoiceType, @Ctx() context: GraphqlContext): Promise<BodyType> {
    return BodyType.from(await context.platformEm.findOneOrFail(Body, { id: root.bodyId }));
  }
}

@Resolver(() => BodyType)
export class BodyBillingResolver {
  @FieldResolver(() => [IssuedInvoiceType], {
    description: "The body's invoices and credit notes, latest first. Body admins and the coordinator.",
  })
  @Access('authenticated')
  async invoices(@Root() root: BodyType, @Ctx() context: GraphqlContext): Promise<IssuedInvoiceType[]> {
    const body = await billedBody(context, root.id);
    const invoices = await context.platformEm.find(IssuedInvoice, { bodyId: body.id }, { orderBy: { issuedOn: 'desc', number: 'desc' } });
    return invoices.map((invoice) => IssuedInvoiceType.from(invoice));
  }

  @FieldResolver(() => BodyBillingSettingsType, {
    description: 'SIRET, Chorus Pro service code, engagement number. Body admins and the coordinator.',
  })
  @Access('authenticated')
  async billingSettings(@Root() root: BodyType, @Ctx() context: GraphqlContext): Promise<BodyBillingSettingsType> {
    return billingSettings(await billedBody(context, root.id));
  }

  @FieldResolver(() => CostStatementType, {
    nullable: true,
    description: "The body's cost statement for a month (YYYY-MM); null when no contract covers it. Body admins and the coordinator.",
  })
  @Access('authenticated')
  async costStatement(
    @Root() root: BodyType,
    @Arg('month', () => MonthScalar) month: string,
    @Ctx() context: GraphqlContext,
  ): Promise<CostStatementType | null> {
    const body = await billedBody(context, root.id);
    const statement = await statementOf(context.platformEm, body.id, parseMonth(month));
    return statement ? CostStatementType.from(statement, BodyType.from(body)) : null;
  }

  @FieldResolver(() => BodyBillingType, { description: "The body's billing and invoices. Body admins and the coordinator." })
  @Access('authenticated')
  async billing(@Root() root: BodyType, @Ctx() context: GraphqlContext): Promise<BodyBillingType> {
    return bodyBilling(context, await billedBody(context, root.id));
  }
}

@Resolver()
export class BillingResolver {
  @Query(() => BillingStatusType, { description: 'Whether billing (Stripe) is enabled.' })
  @Access('authenticated')
  billingStatus(@Ctx() { billing }: GraphqlContext): BillingStatusType {
    return Object.assign(new BillingStatusType(), { enabled: billing.gateway !== null, disabledReason: billing.disabledReason });
  }

  @Query(() => [CostStatementType], { description: "Every member body's statement for a month (YYYY-MM), by body name." })
  @Access('coordinator')
  async costStatements(@Arg('month', () => MonthScalar) month: string, @Ctx() context: GraphqlContext): Promise<CostStatementType[]> {
    return statementTypes(context, await statementsOfMonth(context.platformEm, parseMonth(month)));
  }

  @Query(() => [BodyBillingType], { description: "Every member body's billing, by body name." })
  @Access('coordinator')
  async billingAccounts(@Ctx() context: GraphqlContext): Promise<BodyBillingType[]> {
    return Promise.all((await context.bodies.visibleBodies()).map((body) => bodyBilling(context, body)));
  }

  @Mutation(() => BodyBillingSettingsType, { description: 'Sets what Chorus Pro needs of the body. Body admins and the coordinator.' })
  @Access('authenticated')
  async updateBodyBillingSettings(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('input', () => BodyBillingSettingsInput) input: BodyBillingSettingsInput,
    @Ctx() context: GraphqlContext,
  ): Promise<BodyBillingSettingsType> {
    const body = await billedBody(context, bodyId);
    const siret = input.siret?.replace(/\s/g, '') || null;
    if (siret && !isSiret(siret)) throw new BadUserInputError(invalidSiretMessage, { field: 'siret' });
    const engagementNumber = input.engagementNumber?.trim() || null;
    if (input.engagementRequired && !engagementNumber) {
      throw new BadUserInputError('Cet organisme exige un numéro d’engagement : renseignez-le.', { field: 'engagementNumber' });
    }
    Object.assign(body, {
      siret,
      chorusServiceCode: input.chorusServiceCode?.trim() || null,
      engagementRequired: input.engagementRequired,
      engagementNumber,
    });
    await context.platformEm.flush();
    return billingSettings(body);
  }

  @Query(() => StatementsExportType, { description: "Links (valid 10 minutes) to a month's statements of every body, as CSV and as PDF." })
  @Access('coordinator')
  costStatementsExport(@Arg('month', () => MonthScalar) month: string, @Ctx() context: GraphqlContext): StatementsExportType {
    return Object.assign(new StatementsExportType(), statementsLinks(context.links, month));
  }

  @Query(() => [IssuedInvoiceType], { description: "Every body's invoices and credit notes of a year, latest first." })
  @Access('coordinator')
  async issuedInvoices(@Arg('year', () => Int) year: number, @Ctx() context: GraphqlContext): Promise<IssuedInvoiceType[]> {
    if (year < 2000 || year > 2999) throw new BadUserInputError('Année invalide : de 2000 à 2999.', { field: 'year' });
    const invoices = await context.platformEm.find(
      IssuedInvoice,
      { issuedOn: { $gte: `${year}-01-01`, $lt: `${year + 1}-01-01` } },
      { orderBy: { issuedOn: 'desc', number: 'desc' } },
    );
    return invoices.map((invoice) => IssuedInvoiceType.from(invoice));
  }

  @Mutation(() => [IssuedInvoiceType], {
    description: 'Issues the Factur-X invoices of a closed month: every body not yet invoiced, or the bodies given. All or nothing.',
  })
  @Access('coordinator')
  async issueInvoices(
    @Arg('month', () => MonthScalar) month: string,
    @Arg('bodyIds', () => [UuidScalar], { nullable: true }) bodyIds: string[] | null,
    @Ctx() context: GraphqlContext,
  ): Promise<IssuedInvoiceType[]> {
    if (bodyIds?.length === 0)
      throw new BadUserInputError('Choisissez au moins un organisme, ou aucun pour les facturer tous.', { field: 'bodyIds' });
    const issued = await issueMonthInvoices(
      context.platformEm,
      invoicingDeps(context),
      parseMonth(month),
      context.viewer.requirePersonId(),
      bodyIds ?? null,
    );
    return issued.map((invoice) => IssuedInvoiceType.from(invoice));
  }

  @Mutation(() => IssuedInvoiceType, {
    description:
      'A credit note cancelling lines of an invoice (all of them when none is given) for what is left of them, or `amountCents` (HT) of one line.',
  })
  @Access('coordinator')
  async issueCreditNote(
    @Arg('invoiceId', () => UuidScalar) invoiceId: string,
    @Arg('reason') reason: string,
    @Arg('lineNumbers', () => [Int], { defaultValue: [] }) lineNumbers: number[],
    @Arg('amountCents', () => Int, { nullable: true, description: 'A part of the single line given, excluding tax, in cents.' })
    amountCents: number | null,
    @Ctx() context: GraphqlContext,
  ): Promise<IssuedInvoiceType> {
    return IssuedInvoiceType.from(
      await issueCreditNote(
        context.platformEm,
        invoicingDeps(context),
        invoiceId,
        lineNumbers,
        reason,
        context.viewer.requirePersonId(),
        new Date(),
        amountCents ?? null,
      ),
    );
  }

  @Mutation(() => IssuedInvoiceType, { description: 'Records by hand where an invoice is on Chorus Pro (forward only).' })
  @Access('coordinator')
  async setInvoiceChorusStatus(
    @Arg('invoiceId', () => UuidScalar) invoiceId: string,
    @Arg('status', () => ChorusStatusEnum) status: ChorusStatus,
    @Ctx() context: GraphqlContext,
  ): Promise<IssuedInvoiceType> {
    return IssuedInvoiceType.from(await setChorusStatus(context.platformEm, invoiceId, status));
  }

  @Query(() => [VatRateType], { description: 'The dated VAT rates set (20 % applies to a kind of line with none).' })
  @Access('coordinator')
  async vatRates(@Ctx() context: GraphqlContext): Promise<VatRateType[]> {
    const rows = await context.platformEm.execute<{ kind: StatementLineKind; valid_from: string; rate_basis_points: number }[]>(
      `select kind, to_char(valid_from, 'YYYY-MM-DD') as valid_from, rate_basis_points from vat_rate order by valid_from desc, kind`,
    );
    return rows.map((row) =>
      Object.assign(new VatRateType(), { kind: row.kind, validFrom: row.valid_from, ratePercent: row.rate_basis_points / 100 }),
    );
  }

  @Mutation(() => [VatRateType], {
    description: 'Sets the VAT rate of a kind of line from a date on; only the French rates (20, 10, 5.5, 2.1, 0).',
  })
  @Access('coordinator')
  async setVatRate(
    @Arg('kind', () => StatementLineKindEnum) kind: StatementLineKind,
    @Arg('validFrom', () => LocalDateScalar) validFrom: string,
    @Arg('ratePercent', () => Float) ratePercent: number,
    @Ctx() context: GraphqlContext,
  ): Promise<VatRateType[]> {
    await setVatRate(context.platformEm, kind, validFrom, ratePercent, context.viewer.requirePersonId());
    return this.vatRates(context);
  }

  @Mutation(() => [CostStatementType], {
    description: "Closes a finished month: freezes every body's statement, which its invoice (issueInvoices) then bills.",
  })
  @Access('coordinator')
  async closeCostMonth(@Arg('month', () => MonthScalar) month: string, @Ctx() context: GraphqlContext): Promise<CostStatementType[]> {
    const range = parseMonth(month);
    return statementTypes(context, await closeMonth(context.platformEm, range, context.viewer.requirePersonId()));
  }
}
