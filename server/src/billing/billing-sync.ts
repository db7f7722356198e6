import type { EntityManager } from '@mikro-orm/postgresql';
import { Body } from '../platform/bodies/body.entity.js';
import { BillingAccount, IssuedInvoice } from './billing.entity.js';
import type { BillingGateway } from './billing.port.js';
import { invoiceTotals, paymentDays } from './invoicing.js';

/** Runs `work` holding the body's billing lock (one push of a body at a time, across processes). */
async function withBillingLock<T>(em: EntityManager, bodyId: string, work: (store: EntityManager) => Promise<T>): Promise<T> {
  return em.fork().transactional(async (lock) => {
    await lock.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`cartable:billing:${bodyId}`]);
    // Results are written outside the lock's transaction, each as soon as Stripe answered: a later failure
    // must not forget a customer or an invoice that Stripe already created.
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
      ...invoiceTotals(invoice.lines).vat.map((group) => ({
        description: `TVA ${percent(group.rateBasisPoints)}`,
        amountCents: group.vatCents,
      })),
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
        await store.execute('update issued_invoice set stripe_invoice_id = ? where id = ? and stripe_invoice_id is null', [
          stripeInvoiceId,
          invoice.id,
        ]);
      },
    );
  });
}
