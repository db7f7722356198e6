import express from 'express';
import { pino } from 'pino';
import Stripe from 'stripe';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeWebhookRouter } from '../../src/billing/stripe-webhook.js';
import { bodyIdOf, graphqlAs } from '../helpers/groupement.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

const secret = 'whsec_test_cartable_webhooks';
let harness: TestHarness;
const t0 = 1_790_000_000;

beforeAll(async () => {
  harness = await startHarness({ environment: { STRIPE_WEBHOOK_SECRET: secret } });
  // The Ville and the Département as if an invoice had been pushed to each: Stripe customers of our own.
  const em = harness.runtime.orm.em.fork();
  for (const [slug, customer] of [
    ['ville-besancon', 'cus_ville'],
    ['departement-doubs', 'cus_doubs'],
  ] as const) {
    await em.execute('insert into billing_account (body_id, stripe_customer_id) values (?, ?)', [await bodyIdOf(harness, slug), customer]);
  }
});
afterAll(() => harness?.close());

let sequence = 0;
function invoiceEvent(type: string, created: number, invoice: { id: string; status: string; customer?: string; amountPaid?: number }) {
  sequence += 1;
  return {
    id: `evt_test_${sequence}`,
    object: 'event',
    type,
    created,
    api_version: Stripe.API_VERSION,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: {
      object: {
        id: invoice.id,
        object: 'invoice',
        customer: invoice.customer ?? 'cus_ville',
        status: invoice.status,
        number: `VILLE-${invoice.id}`,
        currency: 'eur',
        amount_due: 5832,
        amount_paid: invoice.amountPaid ?? (invoice.status === 'paid' ? 5832 : 0),
        period_start: t0 - 2_592_000,
        period_end: t0,
        created: t0,
        hosted_invoice_url: `https://invoice.stripe.test/${invoice.id}`,
      },
    },
  };
}

/** Delivers an event as Stripe does: the exact JSON bytes, signed with the endpoint's secret. */
async function deliver(event: object | string, options: { signWith?: string; tamper?: boolean; timestamp?: number } = {}) {
  const payload = typeof event === 'string' ? event : JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: options.signWith ?? secret, timestamp: options.timestamp });
  const body = options.tamper ? payload.replace('5832', '1') : payload;
  return harness.http.post('/webhooks/stripe').set('content-type', 'application/json').set('stripe-signature', header).send(body);
}

const invoicesOf = async (slug: string, username = 'coordination') =>
  (
    await graphqlAs<{ body: { billing: { invoices: { id: string; status: string; amountPaidCents: number; number: string }[] } } }>(
      harness,
      username,
      `{ body(slug: "${slug}") { billing { invoices { id status amountPaidCents number } } } }`,
    )
  ).body.billing.invoices;

describe('signature', () => {
  it('refuses a missing or wrong signature, and a body changed after signing', async () => {
    const event = invoiceEvent('invoice.finalized', t0, { id: 'in_sig', status: 'open' });
    const unsigned = await harness.http.post('/webhooks/stripe').set('content-type', 'application/json').send(JSON.stringify(event));
    expect([unsigned.status, unsigned.body]).toEqual([400, { error: 'invalid_signature' }]);
    expect((await deliver(event, { signWith: 'whsec_someone_else' })).status).toBe(400);
    expect((await deliver(event, { tamper: true })).status).toBe(400);
    expect(await invoicesOf('ville-besancon')).toEqual([]);
  });

  it('accepts a signature made within 5 minutes of our clock on either side, refuses one made 10 minutes off', async () => {
    const now = Math.floor(Date.now() / 1000);
    const at = async (offset: number) => {
      // A customer not ours: the event is acknowledged (IGNORED) and changes no invoice of the tests below.
      const event = invoiceEvent('invoice.finalized', t0, { id: `in_clock_${offset}`, status: 'open', customer: 'cus_not_ours' });
      const response = await deliver(event, { timestamp: now + offset });
      return [response.status, response.body.error ?? response.body.outcome];
    };
    expect(await at(600)).toEqual([400, 'invalid_signature']);
    expect(await at(-600)).toEqual([400, 'invalid_signature']);
    expect(await at(240)).toEqual([200, 'IGNORED']);
    expect(await at(-240)).toEqual([200, 'IGNORED']);
    const recorded = await harness.runtime.orm.em
      .fork()
      .execute<{ object_id: string }[]>("select object_id from stripe_event where object_id like 'in_clock_%' order by object_id");
    expect(recorded.map((row) => row.object_id)).toEqual(['in_clock_-240', 'in_clock_240']);
  });

  it('answers 400 to a signed body that is not an event it can read, and records nothing', async () => {
    const valid = invoiceEvent('invoice.finalized', t0, { id: 'in_malformed', status: 'open', customer: 'cus_not_ours' });
    const { data: _data, ...withoutData } = valid;
    const malformed: (object | string)[] = [
      withoutData,
      { ...valid, data: null },
      { ...valid, data: {} },
      { ...valid, id: 'not_an_event_id' },
      { ...valid, created: 'yesterday' },
      { ...valid, type: 42 },
      { ...valid, data: { object: { ...valid.data.object, amount_due: '58.32' } } },
      { ...valid, data: { object: { ...valid.data.object, status: 'lost' } } },
      { ...valid, data: { object: { ...valid.data.object, number: 'VILLE\u0000' } } },
      { ...valid, data: { object: { ...valid.data.object, metadata: 'in_malformed' } } },
      '[]',
      'null',
      '{"id": "evt_cut',
    ];
    for (const event of malformed) {
      const response = await deliver(event);
      expect([response.status, response.body], JSON.stringify(event)).toEqual([400, { error: 'malformed_event' }]);
    }
    const rows = await harness.runtime.orm.em
      .fork()
      .execute<{ count: string }[]>("select count(*) from stripe_event where object_id = 'in_malformed' or id = 'not_an_event_id'");
    expect(Number(rows[0]!.count)).toBe(0);
    expect((await deliver(valid)).body.outcome).toBe('IGNORED');
  });

  it('answers 503 when no signing secret is configured', async () => {
    const app = express().use(
      createStripeWebhookRouter({ em: harness.runtime.orm.em, webhookSecret: null, logger: pino({ level: 'silent' }) }),
    );
    const response = await supertest(app).post('/webhooks/stripe').set('content-type', 'application/json').send('{}');
    expect([response.status, response.body]).toEqual([503, { error: 'billing_disabled' }]);
  });
});

describe("each event once, in the order of Stripe's clock", () => {
  it('records an invoice and its payment; the body sees it', async () => {
    expect((await deliver(invoiceEvent('invoice.finalized', t0 + 10, { id: 'in_1', status: 'open' }))).body).toEqual({
      received: true,
      outcome: 'APPLIED',
    });
    expect((await deliver(invoiceEvent('invoice.paid', t0 + 20, { id: 'in_1', status: 'paid' }))).body.outcome).toBe('APPLIED');
    expect(await invoicesOf('ville-besancon', 'secretariat.ville')).toEqual([
      { id: 'in_1', status: 'paid', amountPaidCents: 5832, number: 'VILLE-in_1' },
    ]);
    expect(await invoicesOf('departement-doubs', 'secretariat.doubs')).toEqual([]);
  });

  it('processes a redelivered event once, also when both deliveries arrive together', async () => {
    const event = invoiceEvent('invoice.finalized', t0 + 30, { id: 'in_2', status: 'open' });
    expect((await deliver(event)).body.outcome).toBe('APPLIED');
    const again = await deliver(event);
    expect([again.status, again.body.outcome]).toEqual([200, 'DUPLICATE']);

    const paid = invoiceEvent('invoice.paid', t0 + 40, { id: 'in_2', status: 'paid' });
    const together = await Promise.all([deliver(paid), deliver(paid)]);
    expect(together.map((response) => response.status)).toEqual([200, 200]);
    expect(together.map((response) => response.body.outcome).sort()).toEqual(['APPLIED', 'DUPLICATE']);
    const rows = await harness.runtime.orm.em
      .fork()
      .execute<{ count: string }[]>('select count(*) from stripe_event where id = ?', [paid.id]);
    expect(Number(rows[0]!.count)).toBe(1);
  });

  it('never moves an invoice back when events arrive out of order', async () => {
    const finalized = invoiceEvent('invoice.finalized', t0 + 50, { id: 'in_3', status: 'open' });
    const paid = invoiceEvent('invoice.paid', t0 + 60, { id: 'in_3', status: 'paid' });
    expect((await deliver(paid)).body.outcome).toBe('APPLIED');
    expect((await deliver(finalized)).body.outcome).toBe('STALE');
    expect((await invoicesOf('ville-besancon')).find((invoice) => invoice.id === 'in_3')).toMatchObject({
      status: 'paid',
      amountPaidCents: 5832,
    });
    // Within the same second, the state further along wins whatever the arrival order.
    expect((await deliver(invoiceEvent('invoice.paid', t0 + 70, { id: 'in_4', status: 'paid' }))).body.outcome).toBe('APPLIED');
    expect((await deliver(invoiceEvent('invoice.finalized', t0 + 70, { id: 'in_4', status: 'open' }))).body.outcome).toBe('STALE');
    expect((await invoicesOf('ville-besancon')).find((invoice) => invoice.id === 'in_4')!.status).toBe('paid');
  });

  it('acknowledges a subscription event without applying it: seats are billed on the issued invoices, not by subscription', async () => {
    const event = {
      ...invoiceEvent('customer.subscription.updated', t0 + 200, { id: 'x', status: 'past_due' }),
      data: { object: { id: 'sub_legacy', object: 'subscription', customer: 'cus_ville', status: 'past_due' } },
    };
    expect(await deliver(event).then((response) => [response.status, response.body.outcome])).toEqual([200, 'IGNORED']);
  });

  it('acknowledges and logs the events it does not handle, and those of customers not ours', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const app = express().use(createStripeWebhookRouter({ em: harness.runtime.orm.em, webhookSecret: secret, logger }));
    const unknown = {
      ...invoiceEvent('charge.dispute.created', t0, { id: 'x', status: 'open' }),
      data: { object: { id: 'dp_1', object: 'dispute' } },
    };
    const payload = JSON.stringify(unknown);
    const response = await supertest(app)
      .post('/webhooks/stripe')
      .set('content-type', 'application/json')
      .set('stripe-signature', Stripe.webhooks.generateTestHeaderString({ payload, secret }))
      .send(payload);
    expect([response.status, response.body]).toEqual([200, { received: true, outcome: 'IGNORED' }]);
    expect(lines.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({ msg: 'Stripe event not handled; acknowledged', type: 'charge.dispute.created', eventId: unknown.id }),
    );

    const stranger = await deliver(invoiceEvent('invoice.paid', t0, { id: 'in_other', status: 'paid', customer: 'cus_not_ours' }));
    expect([stranger.status, stranger.body.outcome]).toEqual([200, 'IGNORED']);
  });
});
