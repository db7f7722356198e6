import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyIdOf, contractInput, contractMutation, graphqlAs } from '../helpers/groupement.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

// Billing on, workers off: this file checks what the transactions themselves queue. Nothing reaches Stripe.
let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness({ environment: { STRIPE_SECRET_KEY: 'sk_test_NeverCalled', STRIPE_API_URL: 'http://127.0.0.1:9', JOBS_CONCURRENCY: '0' } });
});
afterAll(() => harness?.close());

const jobs = async () =>
  (
    await harness.runtime.orm.em.fork().execute<{ task: string; key: string; payload: Record<string, string> }[]>(
      `select t.identifier as task, j.key, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id order by j.key`,
    )
  ).filter((job) => job.task.startsWith('billing.'));
const seatVersion = async (bodyId: string) =>
  (await harness.runtime.orm.em.fork().execute<{ seat_version: number }[]>('select seat_version from billing_account where body_id = ?', [bodyId]))[0]?.seat_version ?? null;
const addMember = 'mutation ($bodyId: ID!, $email: String!) { addMember(bodyId: $bodyId, input: { email: $email, displayName: "Élue", roles: [OFFICIAL] }) { invitationSent } }';

describe('Stripe work is queued in the transaction of the change', () => {
  it('queues one sync of the body with a new seat, and bumps its seat version', async () => {
    const ville = await bodyIdOf(harness, 'ville-besancon');
    await graphqlAs(harness, 'secretariat.ville', addMember, { bodyId: ville, email: 'une.elue@demo.cartable.fr' });
    await graphqlAs(harness, 'secretariat.ville', addMember, { bodyId: ville, email: 'une.autre@demo.cartable.fr' });
    expect(await jobs()).toEqual([{ task: 'billing.sync-body', key: `billing:sync:${ville}`, payload: { bodyId: ville } }]);
    expect(await seatVersion(ville)).toBe(2);
  });

  it('queues nothing and bumps nothing when the change fails', async () => {
    const doubs = await bodyIdOf(harness, 'departement-doubs');
    const refused = await harness.graphql(addMember, { bodyId: doubs, email: 'claire.martin@demo.cartable.fr' }, await harness.token('secretariat.doubs'));
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await jobs()).filter((job) => job.payload.bodyId === doubs)).toEqual([]);
    expect(await seatVersion(doubs)).toBeNull();
  });

  it('queues every body\'s sync with a new contract', async () => {
    await graphqlAs(harness, 'coordination', contractMutation, { input: await contractInput(harness) });
    const synced = (await jobs()).filter((job) => job.task === 'billing.sync-body').map((job) => job.payload.bodyId);
    const bodies = await Promise.all(['departement-doubs', 'grand-besancon-metropole', 'region-bfc', 'ville-besancon'].map((slug) => bodyIdOf(harness, slug)));
    expect(synced.sort()).toEqual(bodies.sort());
    const status = await graphqlAs<{ billingStatus: { enabled: boolean; disabledReason: string | null } }>(harness, 'coordination', '{ billingStatus { enabled disabledReason } }');
    expect(status.billingStatus).toEqual({ enabled: true, disabledReason: null });
  });
});
