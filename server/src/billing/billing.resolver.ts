import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../common/errors.js';
import { Access } from '../graphql/access.js';
import { MonthScalar } from '../graphql/scalars.js';
import type { GraphqlContext } from '../graphql/context.js';
import { Body } from '../platform/bodies/body.entity.js';
import { BodyType } from '../platform/bodies/body.type.js';
import { Membership } from '../platform/people/membership.entity.js';
import { bodyNotFoundMessage } from '../tenancy/body-scope.js';
import { BillingAccount, Invoice } from './billing.entity.js';
import { BillingStatusType, BodyBillingType, CostStatementType, InvoiceType } from './billing.type.js';
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
    subscriptionStatus: account?.subscriptionStatus ?? null,
    seats: body.status === 'ARCHIVED' ? 0 : await context.platformEm.count(Membership, { body: body.id }),
    syncedSeats: account?.seatQuantity ?? null,
    invoices: invoices.map((invoice) => InvoiceType.from(invoice)),
  });
}

async function statementTypes(context: GraphqlContext, statements: Statement[]): Promise<CostStatementType[]> {
  const bodies = new Map((await context.platformEm.find(Body, { id: { $in: statements.map((statement) => statement.bodyId) } })).map((body) => [body.id, body]));
  return statements
    .map((statement) => CostStatementType.from(statement, BodyType.from(bodies.get(statement.bodyId)!)))
    .sort((a, b) => a.body.name.localeCompare(b.body.name, 'fr'));
}

@Resolver(() => BodyType)
export class BodyBillingResolver {
  @FieldResolver(() => CostStatementType, {
    nullable: true,
    description: 'The body\'s cost statement for a month (YYYY-MM); null when no contract covers it. Body admins and the coordinator.',
  })
  @Access('authenticated')
  async costStatement(@Root() root: BodyType, @Arg('month', () => MonthScalar) month: string, @Ctx() context: GraphqlContext): Promise<CostStatementType | null> {
    const body = await billedBody(context, root.id);
    const statement = await statementOf(context.platformEm, body.id, parseMonth(month));
    return statement ? CostStatementType.from(statement, BodyType.from(body)) : null;
  }

  @FieldResolver(() => BodyBillingType, { description: 'The body\'s billing and invoices. Body admins and the coordinator.' })
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

  @Query(() => [CostStatementType], { description: 'Every member body\'s statement for a month (YYYY-MM), by body name.' })
  @Access('coordinator')
  async costStatements(@Arg('month', () => MonthScalar) month: string, @Ctx() context: GraphqlContext): Promise<CostStatementType[]> {
    return statementTypes(context, await statementsOfMonth(context.platformEm, parseMonth(month)));
  }

  @Query(() => [BodyBillingType], { description: 'Every member body\'s billing, by body name.' })
  @Access('coordinator')
  async billingAccounts(@Ctx() context: GraphqlContext): Promise<BodyBillingType[]> {
    return Promise.all((await context.bodies.visibleBodies()).map((body) => bodyBilling(context, body)));
  }

  @Mutation(() => [CostStatementType], {
    description: 'Closes a finished month: freezes every body\'s statement and, with billing on, adds its charges to the body\'s next invoice.',
  })
  @Access('coordinator')
  async closeCostMonth(@Arg('month', () => MonthScalar) month: string, @Ctx() context: GraphqlContext): Promise<CostStatementType[]> {
    const range = parseMonth(month);
    return statementTypes(context, await closeMonth(context.platformEm, context.billing, range, context.viewer.personId!));
  }
}
