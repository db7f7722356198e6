import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedDate } from '../../src/common/time.js';
import { allocateMutation, addDevice, bodyIdOf, contractInput, contractMutation, graphqlAs, personId } from '../helpers/groupement.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
let contractId: string;
const thisMonth = zonedDate(new Date(), 'Europe/Paris').slice(0, 7);
const lastMonth = (() => {
  const [year, month] = thisMonth.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
})();

beforeAll(async () => {
  harness = await startHarness();
  contractId = (
    await graphqlAs<{ createContract: { id: string } }>(harness, 'coordination', contractMutation, { input: await contractInput(harness) })
  ).createContract.id;
  await graphqlAs(harness, 'coordination', allocateMutation, {
    deviceId: await addDevice(harness, 'R52W70CLAIRE'),
    personId: await personId(harness, 'claire.martin'),
  });
});
afterAll(() => harness?.close());

const codeOf = (result: { errors?: { extensions?: Record<string, unknown> }[] | undefined }) =>
  result.errors?.map((error) => error.extensions?.code);

interface StatementData {
  body: { slug: string };
  closed: boolean;
  seatCount: number;
  seatsCents: number;
  devicesCents: number;
  setupCents: number;
  totalCents: number;
  lines: { kind: string; personName: string; fullCents: number; shareCents: number; sharedBetween: number }[];
}
const statementFields =
  'body { slug } closed seatCount seatsCents devicesCents setupCents totalCents lines { kind personName fullCents shareCents sharedBetween }';
const statementsOf = async (month: string) =>
  (
    await graphqlAs<{ costStatements: StatementData[] }>(
      harness,
      'coordination',
      `query ($month: Month!) { costStatements(month: $month) { ${statementFields} } }`,
      { month },
    )
  ).costStatements;
const claireLines = (statement: StatementData) =>
  statement.lines.filter((line) => line.personName === 'Claire Martin').map((line) => [line.kind, line.shareCents, line.sharedBetween]);

describe('monthly statements', () => {
  it("splits claire.martin's seat, tablet and its set-up between her three bodies, to the cent", async () => {
    const statements = await statementsOf(thisMonth);
    expect(statements.map((statement) => statement.body.slug)).toEqual([
      'departement-doubs',
      'grand-besancon-metropole',
      'region-bfc',
      'ville-besancon',
    ]);
    const bySlug = new Map(statements.map((statement) => [statement.body.slug, statement]));
    // Seat 15.00 € / 3; tablet 20.00 € / 3 = 6.67 + 6.67 + 6.66; set-up 49.99 € / 3 = 16.67 + 16.66 + 16.66 (extra cents in slug order).
    expect(claireLines(bySlug.get('departement-doubs')!)).toEqual([
      ['SEAT', 500, 3],
      ['DEVICE', 667, 3],
      ['SETUP', 1667, 3],
    ]);
    expect(claireLines(bySlug.get('grand-besancon-metropole')!)).toEqual([
      ['SEAT', 500, 3],
      ['DEVICE', 667, 3],
      ['SETUP', 1666, 3],
    ]);
    expect(claireLines(bySlug.get('ville-besancon')!)).toEqual([
      ['SEAT', 500, 3],
      ['DEVICE', 666, 3],
      ['SETUP', 1666, 3],
    ]);
    expect(claireLines(bySlug.get('region-bfc')!)).toEqual([]);
    // The Ville also seats nine people of its own in full (its secretariat and eight officials).
    expect(bySlug.get('ville-besancon')).toMatchObject({
      closed: false,
      seatCount: 10,
      seatsCents: 500 + 9 * 1500,
      devicesCents: 666,
      setupCents: 1666,
      totalCents: 16_332,
    });
    // 24 people hold a seat somewhere and one tablet was handed over: every cent of the month is someone's.
    expect(statements.reduce((sum, statement) => sum + statement.totalCents, 0)).toBe(24 * 1500 + 2000 + 4999);
  });

  it('follows the WEIGHTED rule of the contract', async () => {
    await graphqlAs(
      harness,
      'coordination',
      'mutation ($id: UUID!, $input: ContractInput!) { updateContract(contractId: $id, input: $input) { id } }',
      {
        id: contractId,
        input: await contractInput(harness, {
          sharingRule: 'WEIGHTED',
          weights: [
            { bodyId: await bodyIdOf(harness, 'departement-doubs'), weight: 3 },
            { bodyId: await bodyIdOf(harness, 'grand-besancon-metropole'), weight: 2 },
          ],
        }),
      },
    );
    const bySlug = new Map((await statementsOf(thisMonth)).map((statement) => [statement.body.slug, statement]));
    // 3/6, 2/6, 1/6 of 1500, 2000 and 4999 (4999 / 6 = 833.17: 2499.5, 1666.33, 833.17 → 2500, 1666, 833).
    expect(claireLines(bySlug.get('departement-doubs')!)).toEqual([
      ['SEAT', 750, 3],
      ['DEVICE', 1000, 3],
      ['SETUP', 2500, 3],
    ]);
    expect(claireLines(bySlug.get('grand-besancon-metropole')!)).toEqual([
      ['SEAT', 500, 3],
      ['DEVICE', 667, 3],
      ['SETUP', 1666, 3],
    ]);
    expect(claireLines(bySlug.get('ville-besancon')!)).toEqual([
      ['SEAT', 250, 3],
      ['DEVICE', 333, 3],
      ['SETUP', 833, 3],
    ]);
    await graphqlAs(
      harness,
      'coordination',
      'mutation ($id: UUID!, $input: ContractInput!) { updateContract(contractId: $id, input: $input) { id } }',
      {
        id: contractId,
        input: await contractInput(harness),
      },
    );
  });

  it("shows a body admin their own body's statement and billing only; billing visibly off without a key", async () => {
    const token = await harness.token('secretariat.ville');
    const own = await harness.graphql<{
      body: {
        costStatement: { totalCents: number };
        billing: { enabled: boolean; disabledReason: string; seats: number; invoices: unknown[] };
      };
    }>(
      'query ($month: Month!) { body(slug: "ville-besancon") { costStatement(month: $month) { totalCents } billing { enabled disabledReason seats invoices { id } } } }',
      { month: thisMonth },
      token,
    );
    expect(own.data!.body).toEqual({
      costStatement: { totalCents: 16_332 },
      billing: {
        enabled: false,
        disabledReason:
          'La facturation est désactivée : aucune clé Stripe n’est configurée (STRIPE_SECRET_KEY). Les relevés de coûts restent calculés.',
        seats: 10,
        invoices: [],
      },
    });
    const other = await harness.graphql(
      'query ($month: Month!) { body(slug: "departement-doubs") { costStatement(month: $month) { totalCents } } }',
      { month: thisMonth },
      token,
    );
    expect(codeOf(other)).toEqual(['NOT_FOUND']);
    expect(
      codeOf(await harness.graphql('query ($month: Month!) { costStatements(month: $month) { totalCents } }', { month: thisMonth }, token)),
    ).toEqual(['FORBIDDEN']);
    expect(codeOf(await harness.graphql('{ billingAccounts { seats } }', {}, token))).toEqual(['FORBIDDEN']);
    // An official of the Ville is no admin of it.
    const official = await harness.graphql(
      '{ body(slug: "ville-besancon") { billing { seats } } }',
      {},
      await harness.token('claire.martin'),
    );
    expect(codeOf(official)).toEqual(['NOT_FOUND']);
    const status = await graphqlAs<{ billingStatus: { enabled: boolean } }>(harness, 'claire.martin', '{ billingStatus { enabled } }');
    expect(status.billingStatus.enabled).toBe(false);
  });

  it("keeps billing from a secretariat who is not the body's admin", async () => {
    const admin = await harness.token('secretariat.ville');
    const { body } = await graphqlAs<{ body: { id: string; members: { id: string; person: { email: string } }[] } }>(
      harness,
      'secretariat.ville',
      '{ body(slug: "ville-besancon") { id members { id person { email } } } }',
    );
    const paulSeat = body.members.find((member) => member.person.email === 'paul.bernard@demo.cartable.fr')!;
    const setRoles = (roles: string[]) =>
      harness.graphql(
        'mutation ($bodyId: UUID!, $id: UUID!, $roles: [MembershipRole!]!) { updateMembership(bodyId: $bodyId, membershipId: $id, input: { roles: $roles, mandateStart: "2026-03-22" }) { id } }',
        { bodyId: body.id, id: paulSeat.id, roles },
        admin,
      );
    expect((await setRoles(['OFFICIAL', 'SECRETARIAT'])).errors).toBeUndefined();
    const paul = await harness.token('paul.bernard');
    // The console opens for him (he prepares meetings), its billing does not.
    expect((await harness.graphql('{ body(slug: "ville-besancon") { meetings { id } } }', {}, paul)).errors).toBeUndefined();
    expect(codeOf(await harness.graphql('{ body(slug: "ville-besancon") { billing { seats } } }', {}, paul))).toEqual(['NOT_FOUND']);
    expect(
      codeOf(
        await harness.graphql(
          'query ($month: Month!) { body(slug: "ville-besancon") { costStatement(month: $month) { totalCents } } }',
          { month: thisMonth },
          paul,
        ),
      ),
    ).toEqual(['NOT_FOUND']);
    expect((await setRoles(['OFFICIAL'])).errors).toBeUndefined();
  });

  it("lets the coordinator see every body's billing", async () => {
    const accounts = await graphqlAs<{
      billingAccounts: { body: { slug: string }; enabled: boolean; seats: number; stripeCustomerId: string | null }[];
    }>(harness, 'coordination', '{ billingAccounts { body { slug } enabled seats stripeCustomerId } }');
    expect(accounts.billingAccounts.map((account) => [account.body.slug, account.seats, account.stripeCustomerId])).toEqual([
      ['departement-doubs', 6, null],
      ['grand-besancon-metropole', 6, null],
      ['region-bfc', 4, null],
      ['ville-besancon', 10, null],
    ]);
  });

  it('has no statement, and no error, for a month before the member bodies existed', async () => {
    expect(await statementsOf(lastMonth)).toEqual([]);
    const result = await harness.graphql(
      `query ($month: Month!) { body(slug: "ville-besancon") { costStatement(month: $month) { totalCents } } }`,
      { month: lastMonth },
      await harness.token('secretariat.ville'),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ body: { costStatement: null } });
  });

  it('refuses a malformed month', async () => {
    const result = await harness.graphql('{ costStatements(month: "2026-13") { totalCents } }', {}, await harness.token('coordination'));
    expect(result.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Mois invalide/), extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('closing a month', () => {
  const close = 'mutation ($month: Month!) { closeCostMonth(month: $month) { body { slug } closed totalCents } }';

  it('refuses a month that is not over', async () => {
    const result = await harness.graphql(close, { month: thisMonth }, await harness.token('coordination'));
    expect(result.errors?.[0]).toMatchObject({
      message: 'Un mois ne peut être clôturé qu’une fois terminé.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it("freezes every body's statement of a finished month, once", async () => {
    const em = harness.runtime.orm.em.fork();
    // Move the groupement's history one month back: seats and the loan began last month.
    await em.execute(`update membership set created_at = created_at - interval '1 month'`);
    await em.execute(`update device_allocation set allocated_at = allocated_at - interval '1 month'`);
    await em.execute(`update body set created_at = created_at - interval '1 month'`);
    const before = await statementsOf(lastMonth);
    expect(before.every((statement) => !statement.closed)).toBe(true);

    const closed = await graphqlAs<{ closeCostMonth: { body: { slug: string }; closed: boolean; totalCents: number }[] }>(
      harness,
      'coordination',
      close,
      { month: lastMonth },
    );
    expect(closed.closeCostMonth.map((statement) => [statement.body.slug, statement.closed, statement.totalCents])).toEqual(
      before.map((statement) => [statement.body.slug, true, statement.totalCents]),
    );
    expect(claireLines((await statementsOf(lastMonth)).find((statement) => statement.body.slug === 'ville-besancon')!)).toEqual([
      ['SEAT', 500, 3],
      ['DEVICE', 666, 3],
      ['SETUP', 1666, 3],
    ]);

    // Later changes leave the closed month as it was.
    await em.execute(`delete from membership where person_id = ?`, [await personId(harness, 'paul.bernard')]);
    const after = await statementsOf(lastMonth);
    expect(after.map((statement) => [statement.body.slug, statement.closed, statement.totalCents])).toEqual(
      before.map((statement) => [statement.body.slug, true, statement.totalCents]),
    );
    const admin = await graphqlAs<{ body: { costStatement: { closed: boolean; totalCents: number } } }>(
      harness,
      'secretariat.ville',
      'query ($month: Month!) { body(slug: "ville-besancon") { costStatement(month: $month) { closed totalCents } } }',
      { month: lastMonth },
    );
    expect(admin.body.costStatement).toEqual({
      closed: true,
      totalCents: before.find((statement) => statement.body.slug === 'ville-besancon')!.totalCents,
    });

    const again = await harness.graphql(close, { month: lastMonth }, await harness.token('coordination'));
    expect(again.errors?.[0]).toMatchObject({ message: 'Ce mois est déjà clôturé.', extensions: { code: 'CONFLICT' } });
    expect(codeOf(await harness.graphql(close, { month: lastMonth }, await harness.token('secretariat.ville')))).toEqual(['FORBIDDEN']);
  });
});
