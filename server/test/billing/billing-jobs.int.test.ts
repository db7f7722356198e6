import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedDate } from '../../src/common/time.js';
import { bodyIdOf, contractInput, contractMutation, graphqlAs } from '../helpers/groupement.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

// Billing on, workers off: this file checks what the transactions themselves queue. Nothing reaches Stripe.
let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness({
    environment: { STRIPE_SECRET_KEY: 'sk_test_NeverCalled', STRIPE_API_URL: 'http://127.0.0.1:9', JOBS_CONCURRENCY: '0' },
  });
});
afterAll(() => harness?.close());

const jobs = async () =>
  (
    await harness.runtime.orm.em
      .fork()
      .execute<{ task: string; key: string; payload: Record<string, string> }[]>(
        `select t.identifier as task, j.key, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id order by j.key`,
      )
  ).filter((job) => job.task.startsWith('billing.'));
const addMember =
  'mutation ($bodyId: UUID!, $email: String!) { addMember(bodyId: $bodyId, input: { email: $email, displayName: "Élue", roles: [OFFICIAL] }) { invitationSent } }';

describe('Stripe work is queued in the transaction of the issue, and only then', () => {
  it("queues nothing for a new contract, a seat change or an archived body: seats are billed on the month's invoice", async () => {
    await graphqlAs(harness, 'coordination', contractMutation, {
      input: await contractInput(harness, { supplierSiret: '85123456700010' }),
    });
    const ville = await bodyIdOf(harness, 'ville-besancon');
    await graphqlAs(harness, 'secretariat.ville', addMember, { bodyId: ville, email: 'une.elue@demo.cartable.fr' });
    const created = await graphqlAs<{ createMemberBody: { body: { id: string } } }>(
      harness,
      'coordination',
      'mutation { createMemberBody(input: { slug: "ville-pontarlier", name: "Ville de Pontarlier", kind: COMMUNE, adminEmail: "secretariat@pontarlier.example.fr", adminDisplayName: "Secrétariat" }) { body { id } } }',
    );
    await graphqlAs(harness, 'coordination', 'mutation ($id: UUID!) { changeBodyStatus(bodyId: $id, action: ARCHIVE) { status } }', {
      id: created.createMemberBody.body.id,
    });
    expect(await jobs()).toEqual([]);
    const status = await graphqlAs<{ billingStatus: { enabled: boolean; disabledReason: string | null } }>(
      harness,
      'coordination',
      '{ billingStatus { enabled disabledReason } }',
    );
    expect(status.billingStatus).toEqual({ enabled: true, disabledReason: null });
  });

  it('queues the push of each issued invoice to Stripe, keyed by the invoice', async () => {
    const em = harness.runtime.orm.em.fork();
    await em.execute(`update membership set created_at = created_at - interval '2 months'`);
    await em.execute(`update body set created_at = created_at - interval '2 months', siret = '21250056500016'`);
    const [year, month] = zonedDate(new Date(), 'Europe/Paris').slice(0, 7).split('-').map(Number) as [number, number];
    const lastMonth = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
    await graphqlAs(harness, 'coordination', 'mutation ($month: Month!) { closeCostMonth(month: $month) { totalCents } }', {
      month: lastMonth,
    });
    const ville = await bodyIdOf(harness, 'ville-besancon');
    const issued = await graphqlAs<{ issueInvoices: { id: string }[] }>(
      harness,
      'coordination',
      'mutation ($month: Month!, $ids: [UUID!]) { issueInvoices(month: $month, bodyIds: $ids) { id } }',
      {
        month: lastMonth,
        ids: [ville],
      },
    );
    const invoiceId = issued.issueInvoices[0]!.id;
    expect(await jobs()).toEqual([{ task: 'billing.push-invoice', key: `billing:invoice:${invoiceId}`, payload: { invoiceId } }]);
  });
});
