import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { enqueueJobs } from '../jobs/job-queue.js';
import { defineTask, type TaskDefinition } from '../jobs/job-runner.js';
import type { BillingGateway, BillingServices } from './billing.port.js';
import type { ChorusPort } from './chorus.js';
import { pushInvoice } from './billing-sync.js';

export const billingDisabledReason =
  'La facturation est désactivée : aucune clé Stripe n’est configurée (STRIPE_SECRET_KEY). Les relevés de coûts restent calculés.';

export const billingTaskNames = { pushInvoice: 'billing.push-invoice' } as const;

export function createBillingServices(options: {
  gateway: BillingGateway | null;
  webhookSecret: string | null;
  chorus: ChorusPort;
}): BillingServices {
  const { gateway } = options;
  const requestInvoicePush = async (tx: EntityManager, invoiceIds: readonly string[]) => {
    if (!gateway) return;
    await enqueueJobs(
      tx,
      invoiceIds.map((invoiceId) => ({
        task: billingTaskNames.pushInvoice,
        payload: { invoiceId },
        jobKey: `billing:invoice:${invoiceId}`,
      })),
    );
  };
  return {
    gateway,
    disabledReason: gateway ? null : billingDisabledReason,
    webhookSecret: options.webhookSecret,
    chorus: options.chorus,
    requestInvoicePush,
    async syncPending(em) {
      if (!gateway) return;
      await em.fork().transactional(async (tx) => {
        const unpushed = await tx.execute<{ id: string }[]>(
          `select id from issued_invoice where kind = 'INVOICE' and stripe_invoice_id is null`,
        );
        await requestInvoicePush(
          tx,
          unpushed.map((row) => row.id),
        );
      });
    },
  };
}

/** The jobs billing enqueues; without a Stripe key they end at once (nothing is ever invoiced). */
export function billingTasks(em: EntityManager, gateway: BillingGateway | null, publicUrl: string): TaskDefinition[] {
  return [
    defineTask({
      name: billingTaskNames.pushInvoice,
      payload: z.object({ invoiceId: z.uuid() }),
      async run({ invoiceId }, { logger }) {
        if (!gateway) return;
        await pushInvoice(em.fork(), gateway, invoiceId, publicUrl);
        logger.info({ invoiceId }, 'invoice sent through Stripe');
      },
    }),
  ];
}
