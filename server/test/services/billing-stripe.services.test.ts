import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BillingAccount } from '../../src/billing/billing.entity.js';
import { syncBodyBilling } from '../../src/billing/billing-sync.js';
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
        { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: target.host } },
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
let proxy: Server;
let harness: TestHarness;

beforeAll(async () => {
  proxy = await recordingProxy(new URL(STRIPE_API_URL), recorded);
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  harness = await startHarness({ environment: { STRIPE_API_URL: proxyUrl, STRIPE_SECRET_KEY } });
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
const seatsSynced = (bodyId: string, quantity: number) =>
  until(`${quantity} seats synced`, async () => {
    const account = await accountOf(bodyId);
    return account?.seatQuantity === quantity && account.syncedSeatVersion === account.seatVersion ? account : undefined;
  });
const posts = (path: RegExp) => recorded.filter((request) => request.method === 'POST' && path.test(request.path));

describe('each body a Stripe customer with a seat subscription', () => {
  it('gives every body, once the contract exists, a customer and a subscription at its seat count', async () => {
    await graphqlAs(harness, 'coordination', contractMutation, { input: await contractInput(harness) });
    const ville = await bodyIdOf(harness, 'ville-besancon');
    const account = await seatsSynced(ville, 10);
    expect(account.stripeCustomerId).toMatch(/^cus_/);
    expect(account.stripeSubscriptionId).toMatch(/^sub_/);
    for (const [slug, seats] of [['departement-doubs', 6], ['grand-besancon-metropole', 6], ['region-bfc', 4]] as const) {
      await seatsSynced(await bodyIdOf(harness, slug), seats);
    }
    // stripe-mock accepted every request as Stripe would (its validator answers 400 otherwise).
    expect(recorded.filter((request) => request.status !== 200)).toEqual([]);
    const customer = posts(/^\/v1\/customers$/).find((request) => request.idempotencyKey === `cartable:customer:${ville}`)!;
    expect(customer.form.get('metadata[bodyId]')).toBe(ville);
    expect(customer.form.get('name')).toBe('Ville de Besançon');
    const seats = posts(new RegExp(`^/v1/subscriptions/${account.stripeSubscriptionId}$`));
    expect(seats.map((request) => [request.form.get('items[0][quantity]'), request.form.get('proration_behavior')])).toEqual([['10', 'none']]);
    expect(seats[0]!.idempotencyKey).toBe(`cartable:seats:${ville}:${account.seatVersion}:${account.stripePriceId}`);
    // Every write carries an idempotency key of ours.
    expect(recorded.filter((request) => request.method === 'POST' && !request.idempotencyKey?.startsWith('cartable:'))).toEqual([]);
  });

  it('follows the seats when memberships change, from a job queued with the change', async () => {
    const ville = await bodyIdOf(harness, 'ville-besancon');
    const { stripeSubscriptionId } = (await accountOf(ville))!;
    const added = await graphqlAs<{ addMember: { membership: { id: string } } }>(
      harness,
      'secretariat.ville',
      'mutation ($bodyId: ID!) { addMember(bodyId: $bodyId, input: { email: "nouvelle.elue@demo.cartable.fr", displayName: "Nouvelle Élue", roles: [OFFICIAL] }) { membership { id } } }',
      { bodyId: ville },
    );
    await seatsSynced(ville, 11);
    await graphqlAs(harness, 'secretariat.ville', 'mutation ($bodyId: ID!, $id: ID!) { removeMember(bodyId: $bodyId, membershipId: $id) }', {
      bodyId: ville,
      id: added.addMember.membership.id,
    });
    await seatsSynced(ville, 10);
    const updates = posts(new RegExp(`^/v1/subscriptions/${stripeSubscriptionId}$`));
    expect(updates.map((request) => request.form.get('items[0][quantity]'))).toEqual(['10', '11', '10']);
    // Back to 10 seats is a new version, hence a new key: Stripe must apply it, not replay the first answer.
    expect(new Set(updates.map((request) => request.idempotencyKey)).size).toBe(3);
  });

  it('repeats exactly the same request, with the same key, when a sync is retried', async () => {
    const doubs = await bodyIdOf(harness, 'departement-doubs');
    const em = harness.runtime.orm.em.fork();
    const before = posts(/^\/v1\/subscriptions\/sub_/).filter((request) => request.idempotencyKey?.startsWith(`cartable:seats:${doubs}:`));
    // Nothing to do when Stripe is in step.
    await syncBodyBilling(em, harness.runtime.billing.gateway!, doubs);
    expect(posts(/^\/v1\/subscriptions\/sub_/).filter((request) => request.idempotencyKey?.startsWith(`cartable:seats:${doubs}:`))).toHaveLength(before.length);
    // A job that died after Stripe answered but before we wrote the answer down (the account as it was
    // just after its subscription was created, with no seat) runs again.
    await em.execute('update billing_account set seat_quantity = 0 where body_id = ?', [doubs]);
    await syncBodyBilling(em.fork(), harness.runtime.billing.gateway!, doubs);
    const after = posts(/^\/v1\/subscriptions\/sub_/).filter((request) => request.idempotencyKey?.startsWith(`cartable:seats:${doubs}:`));
    expect(after).toHaveLength(before.length + 1);
    expect([after.at(-1)!.idempotencyKey, after.at(-1)!.form.toString()]).toEqual([before.at(-1)!.idempotencyKey, before.at(-1)!.form.toString()]);
  });

  it('creates the customer of a new body, and bills no seat of an archived one', async () => {
    const created = await graphqlAs<{ createMemberBody: { body: { id: string } } }>(
      harness,
      'coordination',
      'mutation { createMemberBody(input: { slug: "ville-pontarlier", name: "Ville de Pontarlier", kind: COMMUNE, adminEmail: "secretariat@pontarlier.example.fr", adminDisplayName: "Secrétariat" }) { body { id } } }',
    );
    const bodyId = created.createMemberBody.body.id;
    await seatsSynced(bodyId, 1);
    expect(posts(/^\/v1\/customers$/).filter((request) => request.idempotencyKey === `cartable:customer:${bodyId}`)).toHaveLength(1);
    await graphqlAs(harness, 'coordination', 'mutation ($id: ID!) { changeBodyStatus(bodyId: $id, action: ARCHIVE) { status } }', { id: bodyId });
    await seatsSynced(bodyId, 0);
    const billing = await graphqlAs<{ billingAccounts: { body: { slug: string }; enabled: boolean; seats: number; syncedSeats: number }[] }>(
      harness,
      'coordination',
      '{ billingAccounts { body { slug } enabled seats syncedSeats } }',
    );
    expect(billing.billingAccounts.find((account) => account.body.slug === 'ville-pontarlier')).toEqual({ body: { slug: 'ville-pontarlier' }, enabled: true, seats: 0, syncedSeats: 0 });
  });

  it('sends each issued invoice through Stripe (send_invoice, paid by transfer), linked to its Factur-X, once', async () => {
    const em = harness.runtime.orm.em.fork();
    const claire = await em.execute<{ id: string }[]>("select id from person where email = 'claire.martin@demo.cartable.fr'");
    const device = await graphqlAs<{ addDevice: { id: string } }>(harness, 'coordination', 'mutation { addDevice(input: { serialNumber: "R52W70STRIPE", model: "Galaxy Tab S9" }) { id } }');
    await graphqlAs(harness, 'coordination', 'mutation ($d: ID!, $p: ID!) { allocateDevice(deviceId: $d, personId: $p) { id } }', { d: device.addDevice.id, p: claire[0]!.id });
    // The groupement's history one month back, so that last month can be closed and invoiced.
    await em.execute(`update membership set created_at = created_at - interval '1 month'`);
    await em.execute(`update device_allocation set allocated_at = allocated_at - interval '1 month'`);
    await em.execute(`update body set created_at = created_at - interval '1 month'`);
    await em.execute(`update groupement_contract set supplier_siret = '85123456700010', supplier_vat_number = 'FR39851234567'`);
    await em.execute(`update body set siret = '21250056500016'`);
    const [{ month }] = await em.execute<[{ month: string }]>("select to_char((now() at time zone 'Europe/Paris') - interval '1 month', 'YYYY-MM') as month");
    await graphqlAs(harness, 'coordination', 'mutation ($month: Month!) { closeCostMonth(month: $month) { totalCents } }', { month });
    const ville = await bodyIdOf(harness, 'ville-besancon');
    const issued = await graphqlAs<{ issueInvoices: { id: string; number: string; totalCents: number }[] }>(
      harness,
      'coordination',
      'mutation ($month: Month!, $ids: [ID!]) { issueInvoices(month: $month, bodyIds: $ids) { id number totalCents } }',
      { month, ids: [ville] },
    );
    const invoice = issued.issueInvoices[0]!;
    const stripeId = await until('the Stripe invoice', async () => {
      const rows = await em.fork().execute<{ stripe_invoice_id: string | null }[]>('select stripe_invoice_id from issued_invoice where id = ?', [invoice.id]);
      return rows[0]?.stripe_invoice_id ?? undefined;
    });
    expect(stripeId).toMatch(/^in_/);
    await until('the invoice sent', async () => (posts(/^\/v1\/invoices\/[^/]+\/send$/).length > 0 ? true : undefined));
    expect(recorded.filter((request) => request.status !== 200)).toEqual([]);
    const created = posts(/^\/v1\/invoices$/).find((request) => request.idempotencyKey === `cartable:invoice:${invoice.id}`)!;
    expect([created.form.get('collection_method'), created.form.get('days_until_due'), created.form.get('custom_fields[0][value]'), created.form.get('metadata[number]')]).toEqual([
      'send_invoice',
      '30',
      invoice.number,
      invoice.number,
    ]);
    expect(created.form.get('footer')).toContain(`Factur-X n° ${invoice.number}`);
    expect(created.form.get('metadata[facturXSha256]')).toMatch(/^[0-9a-f]{64}$/);
    // Its lines (excluding tax) and the VAT add up to our total including tax.
    const items = posts(/^\/v1\/invoiceitems$/).filter((request) => request.idempotencyKey?.startsWith(`cartable:invoice:${invoice.id}:line:`));
    expect(items.reduce((sum, request) => sum + Number(request.form.get('amount')), 0)).toBe(invoice.totalCents);
    expect(items.at(-1)!.form.get('description')).toBe('TVA 20 %');
    expect(posts(/^\/v1\/invoices\/[^/]+\/finalize$/)).toHaveLength(1);
    expect(posts(/^\/v1\/invoices\/[^/]+\/send$/)).toHaveLength(1);
  });
});
