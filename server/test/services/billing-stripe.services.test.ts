import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BillingAccount } from '../../src/billing/billing.entity.js';
import { bodyIdOf, contractInput, contractMutation, graphqlAs } from '../helpers/groupement.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

/**
 * Billing against stripe-mock, Stripe's official API mock, which validates every request against Stripe's
 * OpenAPI specification (it keeps no state, so what we sent is read on the way, by a recording proxy in
 * front of it). Run with `npm run test:services`, or start `scripts/services/stripe-mock.sh` and export its
 * `env` (STRIPE_* variables).
 */
const { STRIPE_API_URL, STRIPE_SECRET_KEY } = process.env;
if (!STRIPE_API_URL || !STRIPE_SECRET_KEY) {
  throw new Error(
    'STRIPE_API_URL and STRIPE_SECRET_KEY are not set: run `npm run test:services`, or `bash scripts/services/stripe-mock.sh start` ' +
      'then `set -a; eval "$(bash scripts/services/stripe-mock.sh env)"; set +a`.',
  );
}

interface Recorded {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  form: URLSearchParams;
  status: number;
}

/** Forwards every request to stripe-mock and records it, with stripe-mock's answer. */
function recordingProxy(target: URL, recorded: Recorded[]): Promise<Server> {
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const forwarded = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: target.host },
        },
        (answer) => {
          recorded.push({
            method: incoming.method!,
            path: incoming.url!.split('?')[0]!,
            idempotencyKey: incoming.headers['idempotency-key'] as string | undefined,
            form: new URLSearchParams(body.toString()),
            status: answer.statusCode!,
          });
          outgoing.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const recorded: Recorded[] = [];
const webhookSecret = 'whsec_test_cartable_services';
let proxy: Server;
let harness: TestHarness;

beforeAll(async () => {
  proxy = await recordingProxy(new URL(STRIPE_API_URL), recorded);
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  harness = await startHarness({ environment: { STRIPE_API_URL: proxyUrl, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: webhookSecret } });
});
afterAll(async () => {
  await harness?.close();
  await new Promise((resolve) => proxy?.close(resolve));
});

/** Waits for the job workers to reach a state (they run right after the transaction that queued them). */
async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`still waiting for ${what}`);
}
const accountOf = async (bodyId: string) => harness.runtime.orm.em.fork().findOne(BillingAccount, { bodyId });
const posts = (path: RegExp) => recorded.filter((request) => request.method === 'POST' && path.test(request.path));

/** Delivers a Stripe event to our webhook endpoint as Stripe does: the exact bytes, signed. */
async function deliver(event: object) {
  const payload = JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
  return harness.http.post('/webhooks/stripe').set('content-type', 'application/json').set('stripe-signature', header).send(payload);
}

describe('Stripe mirrors the issued invoices; seats are billed on them only', () => {
  it('sends each issued invoice through Stripe (send_invoice, paid by transfer), linked to its Factur-X, once; its payment comes back by webhook', async () => {
    const em = harness.runtime.orm.em.fork();
    await graphqlAs(harness, 'coordination', contractMutation, { input: await contractInput(harness) });
    const ville = await bodyIdOf(harness, 'ville-besancon');
    // A seat change is billed on the next invoice: nothing goes to Stripe for it.
    await graphqlAs(
      harness,
      'secretariat.ville',
      'mutation ($bodyId: UUID!) { addMember(bodyId: $bodyId, input: { email: "nouvelle.elue@demo.cartable.fr", displayName: "Nouvelle Élue", roles: [OFFICIAL] }) { membership { id } } }',
      { bodyId: ville },
    );
    const claire = await em.execute<{ id: string }[]>("select id from person where email = 'claire.martin@demo.cartable.fr'");
    const device = await graphqlAs<{ addDevice: { id: string } }>(
      harness,
      'coordination',
      'mutation { addDevice(input: { serialNumber: "R52W70STRIPE", model: "Galaxy Tab S9" }) { id } }',
    );
    await graphqlAs(harness, 'coordination', 'mutation ($d: UUID!, $p: UUID!) { allocateDevice(deviceId: $d, personId: $p) { id } }', {
      d: device.addDevice.id,
      p: claire[0]!.id,
    });
    // The groupement's history one month back, so that last month can be closed and invoiced.
    await em.execute(`update membership set created_at = created_at - interval '1 month'`);
    await em.execute(`update device_allocation set allocated_at = allocated_at - interval '1 month'`);
    await em.execute(`update body set created_at = created_at - interval '1 month'`);
    await em.execute(`update groupement_contract set supplier_siret = '85123456700010', supplier_vat_number = 'FR39851234567'`);
    await em.execute(`update body set siret = '21250056500016'`);
    const [{ month }] = await em.execute<[{ month: string }]>(
      "select to_char((now() at time zone 'Europe/Paris') - interval '1 month', 'YYYY-MM') as month",
    );
    await graphqlAs(harness, 'coordination', 'mutation ($month: Month!) { closeCostMonth(month: $month) { totalCents } }', { month });
    const issued = await graphqlAs<{ issueInvoices: { id: string; number: string; totalCents: number }[] }>(
      harness,
      'coordination',
      'mutation ($month: Month!, $ids: [UUID!]) { issueInvoices(month: $month, bodyIds: $ids) { id number totalCents } }',
      { month, ids: [ville] },
    );
    const invoice = issued.issueInvoices[0]!;
    const stripeId = await until('the Stripe invoice', async () => {
      const rows = await em
        .fork()
        .execute<{ stripe_invoice_id: string | null }[]>('select stripe_invoice_id from issued_invoice where id = ?', [invoice.id]);
      return rows[0]?.stripe_invoice_id ?? undefined;
    });
    expect(stripeId).toMatch(/^in_/);
    await until('the invoice sent', async () => (posts(/^\/v1\/invoices\/[^/]+\/send$/).length > 0 ? true : undefined));
    expect(recorded.filter((request) => request.status !== 200)).toEqual([]);
    const created = posts(/^\/v1\/invoices$/).find((request) => request.idempotencyKey === `cartable:invoice:${invoice.id}`)!;
    expect([
      created.form.get('collection_method'),
      created.form.get('days_until_due'),
      created.form.get('custom_fields[0][value]'),
      created.form.get('metadata[number]'),
    ]).toEqual(['send_invoice', '30', invoice.number, invoice.number]);
    expect(created.form.get('footer')).toContain(`Factur-X n° ${invoice.number}`);
    expect(created.form.get('metadata[facturXSha256]')).toMatch(/^[0-9a-f]{64}$/);
    // Its lines (excluding tax) and the VAT add up to our total including tax.
    const items = posts(/^\/v1\/invoiceitems$/).filter((request) =>
      request.idempotencyKey?.startsWith(`cartable:invoice:${invoice.id}:line:`),
    );
    expect(items.reduce((sum, request) => sum + Number(request.form.get('amount')), 0)).toBe(invoice.totalCents);
    expect(items.at(-1)!.form.get('description')).toBe('TVA 20 %');
    expect(posts(/^\/v1\/invoices\/[^/]+\/finalize$/)).toHaveLength(1);
    expect(posts(/^\/v1\/invoices\/[^/]+\/send$/)).toHaveLength(1);
    // The body became a customer for its first invoice; no seat subscription nor price was ever made.
    const account = (await accountOf(ville))!;
    const customer = posts(/^\/v1\/customers$/).filter((request) => request.idempotencyKey === `cartable:customer:${ville}`);
    expect(customer.map((request) => [request.form.get('name'), request.form.get('metadata[bodyId]')])).toEqual([
      ['Ville de Besançon', ville],
    ]);
    expect(account.stripeCustomerId).toMatch(/^cus_/);
    expect(recorded.filter((request) => /^\/v1\/(subscriptions|subscription_items|prices)/.test(request.path))).toEqual([]);
    expect(recorded.filter((request) => request.method === 'POST' && !request.idempotencyKey?.startsWith('cartable:'))).toEqual([]);

    // The transfer arrives: Stripe's invoice.paid is recorded on our issued invoice, once.
    const paid = {
      id: 'evt_services_paid',
      object: 'event',
      type: 'invoice.paid',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: stripeId,
          object: 'invoice',
          customer: account.stripeCustomerId,
          status: 'paid',
          number: null,
          currency: 'eur',
          amount_due: invoice.totalCents,
          amount_paid: invoice.totalCents,
          created: Math.floor(Date.now() / 1000),
          metadata: { invoiceId: invoice.id, number: invoice.number },
        },
      },
    };
    expect((await deliver(paid)).body).toEqual({ received: true, outcome: 'APPLIED' });
    expect((await deliver(paid)).body).toEqual({ received: true, outcome: 'DUPLICATE' });
    const seen = await graphqlAs<{ body: { invoices: { number: string; paymentStatus: string | null }[] } }>(
      harness,
      'secretariat.ville',
      '{ body(slug: "ville-besancon") { invoices { number paymentStatus } } }',
    );
    expect(seen.body.invoices).toEqual([{ number: invoice.number, paymentStatus: 'paid' }]);
  });
});
