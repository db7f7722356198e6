import type { EntityManager } from '@mikro-orm/postgresql';
import express, { type Router } from 'express';
import Stripe from 'stripe';
import { z } from 'zod';
import type { Logger } from '../common/logger.js';

export type EventOutcome = 'APPLIED' | 'STALE' | 'IGNORED' | 'DUPLICATE';

/**
 * How far the signed timestamp of a delivery may be from our clock, in either direction: older is a
 * replay, newer is a signature made ahead of time (or a clock gone wrong). Stripe's own check only looks
 * at the past; its default window is the same 5 minutes.
 */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** Where an invoice's status stands in its life; a later event may only move it forward, or later in time. */
const invoiceStatusOrder = ['draft', 'open', 'uncollectible', 'paid', 'void'] as const;

// The parts of an event we read, checked before any use: a signed event is Stripe's, but its shape is
// still input (an API version change, a test payload) and must not reach the database unchecked.
const text = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[^\u0000]*$/, 'no NUL character');
const stripeId = text(255).min(1);
const unixSeconds = z.int().min(0).max(253_402_300_799); // up to 9999-12-31
const customerRef = z.union([stripeId, z.looseObject({ id: stripeId })]).nullish();

const eventSchema = z.looseObject({
  id: text(255).regex(/^evt_\w+$/),
  type: text(255).min(1),
  created: unixSeconds,
  data: z.looseObject({ object: z.looseObject({ id: stripeId.optional(), object: text(255).optional() }) }),
});
const invoiceSchema = z.looseObject({
  id: stripeId.nullish(),
  customer: customerRef,
  status: z.enum(invoiceStatusOrder).nullish(),
  number: text(255).nullish(),
  currency: text(16).min(1),
  amount_due: z.int(),
  amount_paid: z.int(),
  period_start: unixSeconds.nullish(),
  period_end: unixSeconds.nullish(),
  hosted_invoice_url: text(2048).nullish(),
  created: unixSeconds,
  // Set on the invoices we push (see StripeGateway.createSentInvoice): the id of our issued invoice.
  metadata: z.looseObject({ invoiceId: z.uuid().optional().catch(undefined) }).nullish(),
});

export type StripeEvent = z.infer<typeof eventSchema>;
type Invoice = z.infer<typeof invoiceSchema>;

/** What an event is to us: its envelope, and the invoice it carries when we handle it. */
type ParsedEvent = { event: StripeEvent; invoice?: Invoice };

/** The event's shape checked, or null when it is not one we can read (then nothing is recorded). */
export function parseStripeEvent(json: unknown): ParsedEvent | null {
  const envelope = eventSchema.safeParse(json);
  if (!envelope.success) return null;
  const event = envelope.data;
  if (event.type.startsWith('invoice.') && event.data.object.object === 'invoice') {
    const invoice = invoiceSchema.safeParse(event.data.object);
    return invoice.success ? { event, invoice: invoice.data } : null;
  }
  return { event };
}

/** The `t=` timestamp of a `stripe-signature` header, when it has exactly one. */
function signedTimestamp(header: string): number | null {
  const stamps = header.split(',').filter((item) => item.startsWith('t='));
  return stamps.length === 1 && /^t=\d{1,12}$/.test(stamps[0]!) ? Number(stamps[0]!.slice(2)) : null;
}

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
async function applyInvoice(
  tx: EntityManager,
  event: StripeEvent,
  invoice: Invoice,
): Promise<{ outcome: EventOutcome; bodyId: string | null }> {
  const bodyId = await bodyOfCustomer(tx, idOf(invoice.customer));
  if (!bodyId || !invoice.id || !invoice.status) return { outcome: 'IGNORED', bodyId };
  const applied = await tx.execute<unknown[]>(
    `insert into invoice (stripe_invoice_id, body_id, number, status, currency, amount_due_cents, amount_paid_cents,
                          period_start, period_end, hosted_invoice_url, stripe_created_at, last_event_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
     on conflict (stripe_invoice_id) do update set
       number = excluded.number, status = excluded.status, currency = excluded.currency,
       amount_due_cents = excluded.amount_due_cents, amount_paid_cents = excluded.amount_paid_cents,
       period_start = excluded.period_start, period_end = excluded.period_end,
       hosted_invoice_url = excluded.hosted_invoice_url, last_event_at = excluded.last_event_at, updated_at = excluded.updated_at
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
  if (applied.length === 0) return { outcome: 'STALE', bodyId };
  // The newest state of a Stripe invoice mirroring one of ours is that issued invoice's payment status: found
  // by the Stripe id written after the push, or by our id in the metadata when the webhook came first.
  await tx.execute(
    `update issued_invoice set payment_status = ?, payment_status_at = ?, stripe_invoice_id = ?
      where body_id = ? and (stripe_invoice_id = ? or (stripe_invoice_id is null and id = ?))`,
    [invoice.status, seconds(event.created), invoice.id, bodyId, invoice.id, invoice.metadata?.invoiceId ?? null],
  );
  return { outcome: 'APPLIED', bodyId };
}

/**
 * Processes one verified event exactly once: its id is inserted in the same transaction as the work it
 * does, so a redelivery (even concurrent: it waits on the first one's row) finds it and does nothing.
 * Events we do not handle are recorded as IGNORED and acknowledged.
 */
export async function processStripeEvent(em: EntityManager, { event, invoice }: ParsedEvent, logger: Logger): Promise<EventOutcome> {
  return em.fork().transactional(async (tx) => {
    const object = event.data.object;
    const inserted = await tx.execute<unknown[]>(
      `insert into stripe_event (id, type, stripe_created_at, object_id, outcome) values (?, ?, ?, ?, 'IGNORED')
       on conflict (id) do nothing returning id`,
      [event.id, event.type, seconds(event.created), object.id ?? null],
    );
    if (inserted.length === 0) return 'DUPLICATE';
    let result: { outcome: EventOutcome; bodyId: string | null } = { outcome: 'IGNORED', bodyId: null };
    if (invoice) {
      result = await applyInvoice(tx, event, invoice);
    } else {
      logger.info({ eventId: event.id, type: event.type }, 'Stripe event not handled; acknowledged');
    }
    await tx.execute('update stripe_event set outcome = ?, body_id = ? where id = ?', [result.outcome, result.bodyId, event.id]);
    return result.outcome;
  });
}

/**
 * `POST /webhooks/stripe`: the raw body (the signature covers its exact bytes), verified with the
 * endpoint's signing secret and a timestamp within SIGNATURE_TOLERANCE_SECONDS of now on either side;
 * 400 `invalid_signature` for a bad signature or timestamp, 400 `malformed_event` for a signed body that
 * is not an event we can read, 503 when no secret is configured, 200 otherwise — also for events that
 * change nothing, so Stripe stops redelivering them.
 */
export function createStripeWebhookRouter(deps: { em: EntityManager; webhookSecret: string | null; logger: Logger }): Router {
  const router = express.Router();
  const log = deps.logger.child({ component: 'stripe-webhook' });
  router.post('/webhooks/stripe', express.raw({ type: () => true, limit: '1mb' }), async (request, response) => {
    if (!deps.webhookSecret) {
      response.status(503).json({ error: 'billing_disabled' });
      return;
    }
    const payload = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const header = request.headers['stripe-signature'] ?? '';
    let json: unknown;
    try {
      // Verifies the signature and refuses a timestamp older than the tolerance, then parses the JSON.
      json = Stripe.webhooks.constructEvent(payload, header, deps.webhookSecret, SIGNATURE_TOLERANCE_SECONDS);
    } catch (error) {
      if (!(error instanceof SyntaxError)) {
        log.warn({ err: error }, 'Stripe webhook refused: bad signature');
        response.status(400).json({ error: 'invalid_signature' });
        return;
      }
    }
    const timestamp = typeof header === 'string' ? signedTimestamp(header) : null;
    if (timestamp === null || timestamp - Date.now() / 1000 > SIGNATURE_TOLERANCE_SECONDS) {
      log.warn({ timestamp }, 'Stripe webhook refused: signature timestamp in the future beyond the tolerance');
      response.status(400).json({ error: 'invalid_signature' });
      return;
    }
    const parsed = json === undefined ? null : parseStripeEvent(json);
    if (!parsed) {
      log.warn({ bytes: payload.length }, 'Stripe webhook refused: signed body is not an event we can read');
      response.status(400).json({ error: 'malformed_event' });
      return;
    }
    const outcome = await processStripeEvent(deps.em, parsed, log);
    log.info({ eventId: parsed.event.id, type: parsed.event.type, outcome }, 'Stripe event processed');
    response.json({ received: true, outcome });
  });
  return router;
}
