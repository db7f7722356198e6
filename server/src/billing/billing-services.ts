import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { enqueueJobs } from '../jobs/job-queue.js';
import { defineTask, type TaskDefinition } from '../jobs/job-runner.js';
import type { BillingGateway } from './billing.port.js';
import { pushStatement, recordSeatChange, syncBodyBilling } from './billing-sync.js';

export const billingDisabledReason =
  'La facturation est désactivée : aucune clé Stripe n’est configurée (STRIPE_SECRET_KEY). Les relevés de coûts restent calculés.';

export const billingTaskNames = { syncBody: 'billing.sync-body', pushStatement: 'billing.push-statement' } as const;

/**
 * Billing as the rest of the app sees it: on with a Stripe key, visibly off without one. Work for Stripe
 * is enqueued in the caller's transaction (graphile-worker): it exists if and only if the change committed,
 * and runs — with retries that repeat the same idempotency keys — after it.
 */
export interface BillingServices {
  /** Null when billing is disabled. */
  gateway: BillingGateway | null;
  /** Why billing is disabled (French, shown to users), or null. */
  disabledReason: string | null;
  /** Signing secret of the Stripe webhook endpoint, or null (the endpoint then answers 503). */
  webhookSecret: string | null;
  /** In the caller's transaction: the body's seats changed; its seat version goes up and its sync is queued. */
  seatsChanged(tx: EntityManager, bodyId: string): Promise<void>;
  /** In the caller's transaction: queue the sync of these bodies (customer, subscription, seats). */
  requestSync(tx: EntityManager, bodyIds: readonly string[]): Promise<void>;
  /** In the caller's transaction: queue the push of a closed month's statements to the bodies' invoices. */
  requestPush(tx: EntityManager, bodyIds: readonly string[], firstDay: string): Promise<void>;
  /** Queues the sync of every body whose Stripe side is behind, and the push of unpushed closed months. */
  syncPending(em: EntityManager): Promise<void>;
}

export function createBillingServices(options: { gateway: BillingGateway | null; webhookSecret: string | null }): BillingServices {
  const { gateway } = options;
  const requestSync = async (tx: EntityManager, bodyIds: readonly string[]) => {
    if (!gateway) return;
    await enqueueJobs(tx, bodyIds.map((bodyId) => ({ task: billingTaskNames.syncBody, payload: { bodyId }, jobKey: `billing:sync:${bodyId}` })));
  };
  const requestPush = async (tx: EntityManager, bodyIds: readonly string[], firstDay: string) => {
    if (!gateway) return;
    await enqueueJobs(
      tx,
      bodyIds.map((bodyId) => ({ task: billingTaskNames.pushStatement, payload: { bodyId, firstDay }, jobKey: `billing:push:${bodyId}:${firstDay}` })),
    );
  };
  return {
    gateway,
    disabledReason: gateway ? null : billingDisabledReason,
    webhookSecret: options.webhookSecret,
    async seatsChanged(tx, bodyId) {
      await recordSeatChange(tx, bodyId);
      await requestSync(tx, [bodyId]);
    },
    requestSync,
    requestPush,
    async syncPending(em) {
      if (!gateway) return;
      await em.fork().transactional(async (tx) => {
        const behind = await tx.execute<{ id: string }[]>(
          `select b.id from body b left join billing_account a on a.body_id = b.id
            where b.status <> 'PROVISIONING'
              and (a.body_id is null or a.stripe_customer_id is null or a.seat_version <> a.synced_seat_version)`,
        );
        await requestSync(tx, behind.map((row) => row.id));
        const unpushed = await tx.execute<{ body_id: string; month: string }[]>(
          `select s.body_id, to_char(s.month, 'YYYY-MM-DD') as month from cost_statement s
            where s.total_cents <> 0
              and not exists (select 1 from statement_invoice_item i where i.body_id = s.body_id and i.month = s.month)`,
        );
        for (const row of unpushed) await requestPush(tx, [row.body_id], row.month);
      });
    },
  };
}

/** The jobs billing enqueues; without a Stripe key they end at once (nothing is ever invoiced). */
export function billingTasks(em: EntityManager, gateway: BillingGateway | null): TaskDefinition[] {
  return [
    defineTask({
      name: billingTaskNames.syncBody,
      payload: z.object({ bodyId: z.uuid() }),
      async run({ bodyId }, { logger }) {
        if (!gateway) return;
        const account = await syncBodyBilling(em.fork(), gateway, bodyId);
        logger.info({ bodyId, seats: account.seatQuantity, version: account.syncedSeatVersion }, 'billing synced');
      },
    }),
    defineTask({
      name: billingTaskNames.pushStatement,
      payload: z.object({ bodyId: z.uuid(), firstDay: z.iso.date() }),
      async run({ bodyId, firstDay }, { logger }) {
        if (!gateway) return;
        await pushStatement(em.fork(), gateway, bodyId, firstDay);
        logger.info({ bodyId, month: firstDay }, 'statement pushed to the next invoice');
      },
    }),
  ];
}
