import type { EntityManager } from '@mikro-orm/postgresql';
import { Body } from '../platform/bodies/body.entity.js';
import { contractInForce } from '../platform/groupement/contract.service.js';
import { GroupementContract } from '../platform/groupement/contract.entity.js';
import { BillingAccount, IssuedInvoice } from './billing.entity.js';
import type { BillingGateway } from './billing.port.js';
import { invoiceTotals, paymentDays } from './invoicing.js';

/**
 * Records, in the caller's transaction, that a body's seats changed: its seat version goes up, so the
 * next sync pushes the new quantity under a new idempotency key.
 */
export async function recordSeatChange(tx: EntityManager, bodyId: string): Promise<void> {
  await tx.execute(
    `insert into billing_account (body_id, seat_version) values (?, 1)
     on conflict (body_id) do update set seat_version = billing_account.seat_version + 1, updated_at = now()`,
    [bodyId],
  );
}

/** Runs `work` holding the body's billing lock (one sync of a body at a time, across processes). */
async function withBillingLock<T>(em: EntityManager, bodyId: string, work: (store: EntityManager) => Promise<T>): Promise<T> {
  return em.fork().transactional(async (lock) => {
    await lock.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`cartable:billing:${bodyId}`]);
    // Results are written outside the lock's transaction, each as soon as Stripe answered: a later failure
    // must not forget a customer or a subscription that Stripe already created.
    return work(em.fork());
  });
}

async function ensureCustomer(store: EntityManager, gateway: BillingGateway, body: Body): Promise<BillingAccount> {
  await store.execute('insert into billing_account (body_id) values (?) on conflict (body_id) do nothing', [body.id]);
  const account = await store.findOneOrFail(BillingAccount, { bodyId: body.id }, { refresh: true });
  if (!account.stripeCustomerId) {
    const customer = await gateway.createCustomer({ bodyId: body.id, slug: body.slug, name: body.name }, `cartable:customer:${body.id}`);
    account.stripeCustomerId = customer.id;
    await store.flush();
  }
  return account;
}

async function ensureSeatPrice(store: EntityManager, gateway: BillingGateway, contract: GroupementContract): Promise<string> {
  if (contract.stripeSeatPriceId) return contract.stripeSeatPriceId;
  const price = await gateway.createSeatPrice(
    { contractId: contract.id, reference: contract.reference, unitAmountCents: contract.seatPriceCents },
    `cartable:seat-price:${contract.id}:${contract.seatPriceCents}`,
  );
  await store.nativeUpdate(GroupementContract, { id: contract.id, stripeSeatPriceId: null }, { stripeSeatPriceId: price.id });
  return (await store.findOneOrFail(GroupementContract, { id: contract.id }, { refresh: true })).stripeSeatPriceId!;
}

/**
 * Brings a body's Stripe side up to date, idempotently: its customer, then (under the contract in force)
 * the seat price and its subscription, then the subscription's quantity = the body's seats (none once
 * archived). Every write carries a key derived from the state it pushes — the body, the seat version, the
 * price — so a retry repeats the same request and Stripe applies it once. Safe to run at any time.
 */
export async function syncBodyBilling(em: EntityManager, gateway: BillingGateway, bodyId: string, now = new Date()): Promise<BillingAccount> {
  return withBillingLock(em, bodyId, async (store) => {
    const body = await store.findOneOrFail(Body, { id: bodyId });
    const account = await ensureCustomer(store, gateway, body);
    const contract = await contractInForce(store, now);
    if (!contract) return account;
    const priceId = await ensureSeatPrice(store, gateway, contract);
    if (!account.stripeSubscriptionId) {
      const subscription = await gateway.createSubscription(
        { bodyId, customerId: account.stripeCustomerId!, priceId, quantity: 0 },
        `cartable:subscription:${bodyId}:${priceId}`,
      );
      Object.assign(account, {
        stripeSubscriptionId: subscription.id,
        stripeSubscriptionItemId: subscription.itemId,
        subscriptionStatus: subscription.status,
        stripePriceId: priceId,
        seatQuantity: 0,
      });
      await store.flush();
    }
    // The version and the count in one statement, so that a version always goes with the same quantity.
    const [{ seat_version: version, seats }] = await store.execute<[{ seat_version: number; seats: string }]>(
      `select a.seat_version,
              case when b.status = 'ARCHIVED' then 0 else (select count(*) from membership m where m.body_id = b.id) end as seats
         from billing_account a join body b on b.id = a.body_id where a.body_id = ?`,
      [bodyId],
    );
    const quantity = Number(seats);
    if (account.syncedSeatVersion !== version || account.seatQuantity !== quantity || account.stripePriceId !== priceId) {
      await gateway.updateSeats(
        { subscriptionId: account.stripeSubscriptionId!, itemId: account.stripeSubscriptionItemId!, priceId, quantity },
        `cartable:seats:${bodyId}:${version}:${priceId}`,
      );
      Object.assign(account, { syncedSeatVersion: version, seatQuantity: quantity, stripePriceId: priceId });
      await store.flush();
    }
    return account;
  });
}

/**
 * Mirrors an issued invoice on Stripe as a sent invoice (paid by bank transfer): its lines excluding
 * tax, then one line of VAT per rate, so Stripe's total is our TTC. Keyed by our invoice's id, the
 * Stripe invoice's id written as soon as Stripe answered; a retry repeats the same requests.
 */
export async function pushInvoice(em: EntityManager, gateway: BillingGateway, invoiceId: string, publicUrl: string): Promise<void> {
  const invoice = await em.findOneOrFail(IssuedInvoice, { id: invoiceId });
  if (invoice.kind !== 'INVOICE' || invoice.stripeInvoiceId) return;
  const body = await em.findOneOrFail(Body, { id: invoice.bodyId });
  await withBillingLock(em, invoice.bodyId, async (store) => {
    const account = await ensureCustomer(store, gateway, body);
    const percent = (basisPoints: number) => `${String(basisPoints / 100).replace('.', ',')} %`;
    const lines = [
      ...invoice.lines.map((line) => ({ description: `${line.description} (${line.quantity} × HT)`, amountCents: line.amountCents })),
      ...invoiceTotals(invoice.lines).vat.map((group) => ({ description: `TVA ${percent(group.rateBasisPoints)}`, amountCents: group.vatCents })),
    ].filter((line) => line.amountCents !== 0);
    await gateway.createSentInvoice(
      {
        invoiceId: invoice.id,
        customerId: account.stripeCustomerId!,
        number: invoice.number,
        dueDays: paymentDays,
        lines,
        facturXSha256: invoice.pdfSha256,
        facturXLink: `${publicUrl}/organismes/${body.slug}/facturation`,
      },
      `cartable:invoice:${invoice.id}`,
      async (stripeInvoiceId) => {
        await store.execute('update issued_invoice set stripe_invoice_id = ? where id = ? and stripe_invoice_id is null', [stripeInvoiceId, invoice.id]);
      },
    );
  });
}
