import type { EntityManager } from '@mikro-orm/postgresql';
import express, { type Router } from 'express';
import Stripe from 'stripe';
import type { Logger } from '../common/logger.js';

export type EventOutcome = 'APPLIED' | 'STALE' | 'IGNORED' | 'DUPLICATE';

/** Where an invoice's status stands in its life; a later event may only move it forward, or later in time. */
const invoiceStatusOrder = ['draft', 'open', 'uncollectible', 'paid', 'void'];

const seconds = (unix: number | null | undefined) => (unix === null || unix === undefined ? null : new Date(unix * 1000));
const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : (value?.id ?? null));

async function bodyOfCustomer(tx: EntityManager, customerId: string | null): Promise<string | null> {
  if (!customerId) return null;
  const [row] = await tx.execute<{ body_id: string }[]>('select body_id from billing_account where stripe_customer_id = ?', [customerId]);
  return row?.body_id ?? null;
}

/**
 * An invoice as the event describes it, unless the stored one is newer: a state is applied only when its
 * event is more recent, or as recent and further along (draft → open → paid), so events delivered out of
 * order never move an invoice back.
 */
async function applyInvoice(tx: EntityManager, event: Stripe.Event, invoice: Stripe.Invoice): Promise<{ outcome: EventOutcome; bodyId: string | null }> {
  const bodyId = await bodyOfCustomer(tx, idOf(invoice.customer));
  if (!bodyId || !invoice.id || !invoice.status) return { outcome: 'IGNORED', bodyId };
  const applied = await tx.execute<unknown[]>(
    `insert into invoice (stripe_invoice_id, body_id, number, status, currency, amount_due_cents, amount_paid_cents,
                          period_start, period_end, hosted_invoice_url, stripe_created_at, last_event_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (stripe_invoice_id) do update set
       number = excluded.number, status = excluded.status, currency = excluded.currency,
       amount_due_cents = excluded.amount_due_cents, amount_paid_cents = excluded.amount_paid_cents,
       period_start = excluded.period_start, period_end = excluded.period_end,
       hosted_invoice_url = excluded.hosted_invoice_url, last_event_at = excluded.last_event_at, updated_at = now()
     where invoice.last_event_at < excluded.last_event_at
        or (invoice.last_event_at = excluded.last_event_at
            and array_position(array[?]::text[], invoice.status) < array_position(array[?]::text[], excluded.status))
     returning stripe_invoice_id`,
    [
      invoice.id,
      bodyId,
      invoice.number ?? null,
      invoice.status,
      invoice.currency,
      invoice.amount_due,
      invoice.amount_paid,
      seconds(invoice.period_start),
      seconds(invoice.period_end),
      invoice.hosted_invoice_url ?? null,
      seconds(invoice.created),
      seconds(event.created),
      invoiceStatusOrder,
      invoiceStatusOrder,
    ],
  );
  return { outcome: applied.length > 0 ? 'APPLIED' : 'STALE', bodyId };
}

/** The subscription's status, unless an event at least as recent already set it. */
async function applySubscription(tx: EntityManager, event: Stripe.Event, subscription: Stripe.Subscription): Promise<{ outcome: EventOutcome; bodyId: string | null }> {
  const bodyId = await bodyOfCustomer(tx, idOf(subscription.customer));
  if (!bodyId) return { outcome: 'IGNORED', bodyId };
  const updated = await tx.execute<unknown[]>(
    `update billing_account set subscription_status = ?, subscription_event_at = ?, updated_at = now()
      where body_id = ? and stripe_subscription_id = ? and (subscription_event_at is null or subscription_event_at < ?)
      returning body_id`,
    [subscription.status, seconds(event.created), bodyId, subscription.id, seconds(event.created)],
  );
  return { outcome: updated.length > 0 ? 'APPLIED' : 'STALE', bodyId };
}

/**
 * Processes one verified event exactly once: its id is inserted in the same transaction as the work it
 * does, so a redelivery (even concurrent: it waits on the first one's row) finds it and does nothing.
 * Events we do not handle are recorded as IGNORED and acknowledged.
 */
export async function processStripeEvent(em: EntityManager, event: Stripe.Event, logger: Logger): Promise<EventOutcome> {
  return em.fork().transactional(async (tx) => {
    const object = event.data.object as { id?: string; object?: string };
    const inserted = await tx.execute<unknown[]>(
      `insert into stripe_event (id, type, stripe_created_at, object_id, outcome) values (?, ?, ?, ?, 'IGNORED')
       on conflict (id) do nothing returning id`,
      [event.id, event.type, seconds(event.created), object.id ?? null],
    );
    if (inserted.length === 0) return 'DUPLICATE';
    let result: { outcome: EventOutcome; bodyId: string | null } = { outcome: 'IGNORED', bodyId: null };
    if (event.type.startsWith('invoice.') && object.object === 'invoice') {
      result = await applyInvoice(tx, event, event.data.object as Stripe.Invoice);
    } else if (event.type.startsWith('customer.subscription.')) {
      result = await applySubscription(tx, event, event.data.object as Stripe.Subscription);
    } else {
      logger.info({ eventId: event.id, type: event.type }, 'Stripe event not handled; acknowledged');
    }
    await tx.execute('update stripe_event set outcome = ?, body_id = ? where id = ?', [result.outcome, result.bodyId, event.id]);
    return result.outcome;
  });
}

/**
 * `POST /webhooks/stripe`: the raw body (the signature covers its exact bytes), verified with the
 * endpoint's signing secret; 400 for a bad signature, 503 when no secret is configured, 200 otherwise —
 * also for events that change nothing, so Stripe stops redelivering them.
 */
export function createStripeWebhookRouter(deps: { em: EntityManager; webhookSecret: string | null; logger: Logger }): Router {
  const router = express.Router();
  const log = deps.logger.child({ component: 'stripe-webhook' });
  router.post('/webhooks/stripe', express.raw({ type: () => true, limit: '1mb' }), async (request, response) => {
    if (!deps.webhookSecret) {
      response.status(503).json({ error: 'billing_disabled' });
      return;
    }
    let event: Stripe.Event;
    try {
      event = Stripe.webhooks.constructEvent(request.body as Buffer, request.headers['stripe-signature'] ?? '', deps.webhookSecret);
    } catch (error) {
      log.warn({ err: error }, 'Stripe webhook refused: bad signature');
      response.status(400).json({ error: 'invalid_signature' });
      return;
    }
    const outcome = await processStripeEvent(deps.em, event, log);
    log.info({ eventId: event.id, type: event.type, outcome }, 'Stripe event processed');
    response.json({ received: true, outcome });
  });
  return router;
}
