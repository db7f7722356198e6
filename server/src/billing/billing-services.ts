import type { EntityManager } from '@mikro-orm/postgresql';
import { concurrencyLimit } from '../common/concurrency.js';
import type { Logger } from '../common/logger.js';
import type { BillingGateway } from './billing.port.js';
import { pushStatement, syncBodyBilling } from './billing-sync.js';

export const billingDisabledReason =
  'La facturation est désactivée : aucune clé Stripe n’est configurée (STRIPE_SECRET_KEY). Les relevés de coûts restent calculés.';

/** Billing as the rest of the app sees it: on with a Stripe key, visibly off without one. */
export interface BillingServices {
  /** Null when billing is disabled. */
  gateway: BillingGateway | null;
  /** Why billing is disabled (French, shown to users), or null. */
  disabledReason: string | null;
  /** Signing secret of the Stripe webhook endpoint, or null (the endpoint then answers 503). */
  webhookSecret: string | null;
  /** After a committed change of these bodies' seats or status: bring their Stripe side up to date. */
  syncSoon(bodyIds: readonly string[]): void;
  /** After a month was closed: add its statements' charges to the bodies' invoices. */
  pushSoon(bodyIds: readonly string[], firstDay: string): void;
  /** Syncs every body whose Stripe side is behind (no customer, seats or a closed month not pushed); at start-up. */
  syncPending(): Promise<void>;
  /** Resolves when the syncs under way have ended (shutdown, tests). */
  drain(): Promise<void>;
}

export interface BillingOptions {
  gateway: BillingGateway | null;
  webhookSecret: string | null;
  em: EntityManager;
  logger: Logger;
}

/**
 * The syncs run after the request's transaction committed, at most two at a time (each holds two
 * connections), and log their failures: the seat version left behind is picked up by `syncPending`.
 */
export function createBillingServices({ gateway, webhookSecret, em, logger }: BillingOptions): BillingServices {
  const log = logger.child({ component: 'billing' });
  const limit = concurrencyLimit(2);
  const running = new Set<Promise<void>>();
  const run = (description: Record<string, unknown>, work: (gateway: BillingGateway) => Promise<unknown>) => {
    if (!gateway) return;
    const task = limit(() => work(gateway))
      .then(() => log.info(description, 'billing synced'))
      .catch((error: unknown) => log.error({ ...description, err: error }, 'billing sync failed'))
      .finally(() => running.delete(task));
    running.add(task);
  };
  return {
    gateway,
    disabledReason: gateway ? null : billingDisabledReason,
    webhookSecret,
    syncSoon(bodyIds) {
      for (const bodyId of bodyIds) run({ bodyId }, (stripe) => syncBodyBilling(em.fork(), stripe, bodyId));
    },
    pushSoon(bodyIds, firstDay) {
      for (const bodyId of bodyIds) run({ bodyId, month: firstDay }, (stripe) => pushStatement(em.fork(), stripe, bodyId, firstDay));
    },
    async syncPending() {
      if (!gateway) return;
      const behind = await em.fork().execute<{ id: string }[]>(
        `select b.id from body b left join billing_account a on a.body_id = b.id
          where b.status <> 'PROVISIONING'
            and (a.body_id is null or a.stripe_customer_id is null or a.seat_version <> a.synced_seat_version)`,
      );
      this.syncSoon(behind.map((row) => row.id));
      const unpushed = await em.fork().execute<{ body_id: string; month: string }[]>(
        `select s.body_id, to_char(s.month, 'YYYY-MM-DD') as month from cost_statement s
          where s.total_cents <> 0
            and not exists (select 1 from statement_invoice_item i where i.body_id = s.body_id and i.month = s.month)`,
      );
      for (const row of unpushed) this.pushSoon([row.body_id], row.month);
    },
    async drain() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
