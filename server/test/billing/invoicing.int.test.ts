import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedDate, zonedDateTime } from '../../src/common/time.js';
import { issueMonthInvoices } from '../../src/billing/invoicing.js';
import { parseMonth } from '../../src/billing/statements.js';
import { createLogger } from '../../src/common/logger.js';
import { addDevice, allocateMutation, bodyIdOf, contractInput, contractMutation, graphqlAs, personId } from '../helpers/groupement.js';
import { binaryBody } from '../helpers/binary-body.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
const webhookSecret = 'whsec_test_cartable_invoicing';
const thisMonth = zonedDate(new Date(), 'Europe/Paris').slice(0, 7);
const lastMonth = (() => {
  const [year, month] = thisMonth.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
})();
const daysInLastMonth = (() => {
  const [year, month] = thisMonth.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1, 0)).getUTCDate();
})();
const slugs = ['departement-doubs', 'grand-besancon-metropole', 'region-bfc', 'ville-besancon'];
const sirets: Record<string, string> = {
  'departement-doubs': '22250001700017',
  'grand-besancon-metropole': '20001041000013',
  'region-bfc': '20005376700014',
  'ville-besancon': '21250056500016',
};

const errorOf = (result: { errors?: { message: string; extensions?: Record<string, unknown> }[] | undefined }) => result.errors?.[0];
const settings =
  'mutation ($bodyId: UUID!, $input: BodyBillingSettingsInput!) { updateBodyBillingSettings(bodyId: $bodyId, input: $input) { siret chorusServiceCode engagementRequired engagementNumber } }';
const issue =
  'mutation ($month: Month!, $bodyIds: [UUID!]) { issueInvoices(month: $month, bodyIds: $bodyIds) { id number totalCents totalHtCents totalVatCents body { slug } lines { kind description quantity unitPriceCents amountCents vatRatePercent } } }';
interface Issued {
  id: string;
  number: string;
  totalCents: number;
  totalHtCents: number;
  totalVatCents: number;
  body: { slug: string };
  lines: { kind: string; description: string; quantity: number; unitPriceCents: number; amountCents: number; vatRatePercent: number }[];
}

beforeAll(async () => {
  harness = await startHarness({ environment: { STRIPE_WEBHOOK_SECRET: webhookSecret } });
  // Default billing rules of a contract: tablets by day, staff seats not billed; a support of 101 € shared.
  await graphqlAs(harness, 'coordination', contractMutation, {
    input: await contractInput(harness, {
      prorateByDay: undefined,
      billStaffSeats: undefined,
      supportPriceCents: 10_100,
      supportSharing: 'SHARED',
      supplierSiret: '85123456700010',
      supplierVatNumber: 'FR39851234567',
      supplierAddress: '12 rue de la République, 25000 Besançon',
    }),
  });
  await graphqlAs(harness, 'coordination', allocateMutation, {
    deviceId: await addDevice(harness, 'R52W70CLAIRE'),
    personId: await personId(harness, 'claire.martin'),
  });
  const em = harness.runtime.orm.em.fork();
  // History: the bodies and seats date from before last month; claire.martin's tablet from its 6th, 10:00.
  await em.execute(`update membership set created_at = created_at - interval '2 months'`);
  await em.execute(`update body set created_at = created_at - interval '2 months'`);
  await em.execute('update device_allocation set allocated_at = ?', [zonedDateTime(`${lastMonth}-06`, '10:00', 'Europe/Paris')]);
});
afterAll(() => harness?.close());

describe('body billing settings', () => {
  it('checks the SIRET (14 digits, Luhn key) and the engagement number, in French', async () => {
    const ville = await bodyIdOf(harness, 'ville-besancon');
    const token = await harness.token('secretariat.ville');
    const badKey = await harness.graphql(settings, { bodyId: ville, input: { siret: '21250056500017', engagementRequired: false } }, token);
    expect(errorOf(badKey)).toMatchObject({
      message: 'SIRET invalide : 14 chiffres dont la clé de contrôle (Luhn) est juste.',
      extensions: { code: 'BAD_USER_INPUT', field: 'siret' },
    });
    const noEngagement = await harness.graphql(
      settings,
      { bodyId: ville, input: { siret: sirets['ville-besancon'], engagementRequired: true } },
      token,
    );
    expect(errorOf(noEngagement)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'engagementNumber' } });
    const saved = await graphqlAs<{ updateBodyBillingSettings: unknown }>(harness, 'secretariat.ville', settings, {
      bodyId: ville,
      input: { siret: '212 500 565 00016', chorusServiceCode: 'FINANCES', engagementRequired: true, engagementNumber: 'EJ-2026-0412' },
    });
    expect(saved.updateBodyBillingSettings).toEqual({
      siret: sirets['ville-besancon'],
      chorusServiceCode: 'FINANCES',
      engagementRequired: true,
      engagementNumber: 'EJ-2026-0412',
    });
    // Another body's settings are not the secretariat's to change.
    const other = await harness.graphql(
      settings,
      { bodyId: await bodyIdOf(harness, 'departement-doubs'), input: { siret: sirets['departement-doubs'], engagementRequired: false } },
      token,
    );
    expect(errorOf(other)?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses a VAT rate that is not a French one', async () => {
    const result = await harness.graphql(
      'mutation { setVatRate(kind: DEVICE, validFrom: "2026-01-01", ratePercent: 19.6) { kind } }',
      {},
      await harness.token('coordination'),
    );
    expect(errorOf(result)).toMatchObject({
      message: 'Taux de TVA inconnu : les taux français sont 20 %, 10 %, 5,5 %, 2,1 % et 0 %.',
      extensions: { code: 'BAD_USER_INPUT', field: 'ratePercent' },
    });
  });
});

describe('issuing the invoices of a month', () => {
  it('refuses an impossible year or an empty choice of bodies', async () => {
    const token = await harness.token('coordination');
    expect(errorOf(await harness.graphql('{ issuedInvoices(year: 2147483647) { id } }', {}, token))).toMatchObject({
      message: 'Année invalide : de 2000 à 2999.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(errorOf(await harness.graphql(issue, { month: lastMonth, bodyIds: [] }, token))?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'bodyIds',
    });
  });

  it('refuses an open month', async () => {
    const result = await harness.graphql(issue, { month: lastMonth }, await harness.token('coordination'));
    expect(errorOf(result)).toMatchObject({
      message: `Le mois ${lastMonth} n’est pas clôturé : clôturez-le avant d’émettre ses factures.`,
      extensions: { code: 'PRECONDITION_FAILED', reason: 'MONTH_OPEN' },
    });
  });

  it('refuses the whole batch while a body has no SIRET, naming the body and the setting', async () => {
    await graphqlAs(harness, 'coordination', 'mutation ($month: Month!) { closeCostMonth(month: $month) { totalCents } }', {
      month: lastMonth,
    });
    const result = await harness.graphql(issue, { month: lastMonth }, await harness.token('coordination'));
    expect(errorOf(result)).toMatchObject({
      message:
        'L’organisme « Département du Doubs » n’a pas de SIRET : renseignez le réglage « SIRET » de sa facturation avant d’émettre la facture.',
      extensions: { code: 'PRECONDITION_FAILED', reason: 'BODY_SETTING_MISSING', setting: 'siret' },
    });
    const count = await harness.runtime.orm.em.fork().execute<[{ count: string }]>('select count(*) from issued_invoice');
    expect(Number(count[0].count)).toBe(0);
  });

  it("bills each body its statement: officials' seats, the tablet by day, the set-up, the shared support, 20 % VAT; staff seats not billed", async () => {
    for (const slug of slugs.filter((slug) => slug !== 'ville-besancon')) {
      await graphqlAs(harness, 'coordination', settings, {
        bodyId: await bodyIdOf(harness, slug),
        input: { siret: sirets[slug], engagementRequired: false },
      });
    }
    await graphqlAs(harness, 'coordination', 'mutation { setVatRate(kind: SETUP, validFrom: "2020-01-01", ratePercent: 10) { kind } }');
    const { issueInvoices } = await graphqlAs<{ issueInvoices: Issued[] }>(harness, 'coordination', issue, { month: lastMonth });
    expect(issueInvoices.map((invoice) => invoice.body.slug).sort()).toEqual(slugs);
    const ville = issueInvoices.find((invoice) => invoice.body.slug === 'ville-besancon')!;
    const tabletCents = Math.round((2000 * (daysInLastMonth - 5)) / daysInLastMonth);
    // The Ville: eight officials of its own (its secretariat holds no billed seat), claire.martin's third.
    expect(ville.lines).toEqual([
      {
        kind: 'SEAT',
        description: `Siège d’élu — ${lastMonth}`,
        quantity: 8,
        unitPriceCents: 1500,
        amountCents: 12_000,
        vatRatePercent: 20,
      },
      {
        kind: 'SEAT',
        description: `Siège d’élu — ${lastMonth}, part partagée entre 3 organismes`,
        quantity: 1,
        unitPriceCents: 500,
        amountCents: 500,
        vatRatePercent: 20,
      },
      {
        kind: 'DEVICE',
        description: `Tablette en service — ${lastMonth}, ${daysInLastMonth - 5} j sur ${daysInLastMonth}, part partagée entre 3 organismes`,
        quantity: 1,
        unitPriceCents: Math.floor(tabletCents / 3),
        amountCents: Math.floor(tabletCents / 3),
        vatRatePercent: 20,
      },
      {
        kind: 'SETUP',
        description: `Mise en service d’une tablette — ${lastMonth}, part partagée entre 3 organismes`,
        quantity: 1,
        unitPriceCents: 1666,
        amountCents: 1666,
        vatRatePercent: 10,
      },
      // 10 100 between the four bodies, equal parts: 2525 each.
      {
        kind: 'SUPPORT',
        description: `Support et maintenance — ${lastMonth}, part partagée entre 4 organismes`,
        quantity: 1,
        unitPriceCents: 2525,
        amountCents: 2525,
        vatRatePercent: 20,
      },
    ]);
    expect(issueInvoices.map((invoice) => invoice.lines.filter((line) => line.kind === 'SUPPORT').map((line) => line.amountCents))).toEqual(
      [[2525], [2525], [2525], [2525]],
    );
    const ht = 12_000 + 500 + Math.floor(tabletCents / 3) + 2525;
    expect(ville).toMatchObject({
      totalHtCents: ht + 1666,
      totalVatCents: Math.round(ht * 0.2) + Math.round(1666 * 0.1),
      totalCents: ht + 1666 + Math.round(ht * 0.2) + Math.round(1666 * 0.1),
    });
    // Every cent of the month's statements is invoiced.
    const statements = await harness.runtime.orm.em
      .fork()
      .execute<[{ total: string }]>('select sum(total_cents) as total from cost_statement');
    expect(issueInvoices.reduce((sum, invoice) => sum + invoice.totalHtCents, 0)).toBe(Number(statements[0].total));
  });

  it('refuses a second invoice for the same month and body (a credit note corrects it)', async () => {
    const ville = await bodyIdOf(harness, 'ville-besancon');
    const one = await harness.graphql(issue, { month: lastMonth, bodyIds: [ville] }, await harness.token('coordination'));
    expect(errorOf(one)).toMatchObject({
      message: expect.stringMatching(
        /^La facture de .* de « Ville de Besançon » est déjà émise \(n° \d{4}-\d{6}\) : une facture émise ne se modifie pas, corrigez-la par un avoir\.$/,
      ),
      extensions: { code: 'CONFLICT' },
    });
    const all = await harness.graphql(issue, { month: lastMonth }, await harness.token('coordination'));
    expect(errorOf(all)?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_INVOICED' });
  });

  it('never lets an issued invoice be edited or deleted, even from SQL', async () => {
    const em = harness.runtime.orm.em.fork();
    await expect(em.execute('update issued_invoice set total_ht_cents = 1')).rejects.toThrow(/never edited/);
    await expect(em.execute('delete from issued_invoice')).rejects.toThrow(/never deleted/);
  });

  it('corrects with a credit note of chosen lines, each line credited once, numbered in the same series', async () => {
    const token = await harness.token('coordination');
    const { body } = await graphqlAs<{ body: { invoices: { id: string; number: string }[] } }>(
      harness,
      'coordination',
      '{ body(slug: "ville-besancon") { invoices { id number } } }',
    );
    const invoice = body.invoices[0]!;
    const credit =
      'mutation ($id: UUID!, $lines: [Int!]!) { issueCreditNote(invoiceId: $id, reason: "Tablette restituée avant livraison", lineNumbers: $lines) { kind number totalCents totalHtCents lines { kind amountCents } } }';
    const { issueCreditNote } = await graphqlAs<{
      issueCreditNote: { kind: string; number: string; totalCents: number; totalHtCents: number; lines: unknown[] };
    }>(harness, 'coordination', credit, { id: invoice.id, lines: [3] });
    const tabletShare = Math.floor(Math.round((2000 * (daysInLastMonth - 5)) / daysInLastMonth) / 3);
    expect(issueCreditNote).toMatchObject({
      kind: 'CREDIT_NOTE',
      totalHtCents: tabletShare,
      totalCents: -(tabletShare + Math.round(tabletShare * 0.2)),
      lines: [{ kind: 'DEVICE', amountCents: tabletShare }],
    });
    expect(issueCreditNote.number).toBe(`${thisMonth.slice(0, 4)}-000005`);
    expect(errorOf(await harness.graphql(credit, { id: invoice.id, lines: [3] }, token))?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_CREDITED',
    });
    expect(errorOf(await harness.graphql(credit, { id: invoice.id, lines: [9] }, token))).toMatchObject({
      message: 'Les lignes de cette facture vont de 1 à 5.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it("credits a part of a line's amount, up to what is left of it, then the rest", async () => {
    const token = await harness.token('coordination');
    const { body } = await graphqlAs<{ body: { invoices: { id: string; lines: { amountCents: number; description: string }[] }[] } }>(
      harness,
      'coordination',
      '{ body(slug: "departement-doubs") { invoices { id lines { amountCents description } } } }',
    );
    const invoice = body.invoices[0]!;
    const seats = invoice.lines[0]!;
    const credit =
      'mutation ($id: UUID!, $lines: [Int!]!, $amount: Int) { issueCreditNote(invoiceId: $id, reason: "Élue partie en cours de mois", lineNumbers: $lines, amountCents: $amount) { number totalCents lines { description quantity unitPriceCents amountCents vatRatePercent } } }';
    const part = await graphqlAs<{ issueCreditNote: { number: string; totalCents: number; lines: unknown[] } }>(
      harness,
      'coordination',
      credit,
      { id: invoice.id, lines: [1], amount: 1000 },
    );
    expect(part.issueCreditNote).toMatchObject({
      totalCents: -1200,
      lines: [
        { description: `${seats.description} (avoir partiel)`, quantity: 1, unitPriceCents: 1000, amountCents: 1000, vatRatePercent: 20 },
      ],
    });
    const tooMuch = errorOf(await harness.graphql(credit, { id: invoice.id, lines: [1], amount: seats.amountCents }, token));
    expect(tooMuch).toMatchObject({
      message: expect.stringMatching(/^Il reste \d[\d\s\u202f]*,\d\d\s€ HT à créditer sur cette ligne\.$/),
      extensions: { code: 'BAD_USER_INPUT', field: 'amountCents' },
    });
    expect(errorOf(await harness.graphql(credit, { id: invoice.id, lines: [1, 2], amount: 100 }, token))?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'lineNumbers',
    });
    expect(errorOf(await harness.graphql(credit, { id: invoice.id, lines: [1], amount: 0 }, token))?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'amountCents',
    });
    // Without an amount, the line's rest; then nothing is left of it.
    const rest = await graphqlAs<{ issueCreditNote: { lines: { amountCents: number }[] } }>(harness, 'coordination', credit, {
      id: invoice.id,
      lines: [1],
      amount: null,
    });
    expect(rest.issueCreditNote.lines.map((line) => line.amountCents)).toEqual([seats.amountCents - 1000]);
    expect(errorOf(await harness.graphql(credit, { id: invoice.id, lines: [1], amount: 1 }, token))?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_CREDITED',
    });
  });

  it('records the Chorus Pro status by hand, forward only', async () => {
    const { body } = await graphqlAs<{ body: { invoices: { id: string; kind: string }[] } }>(
      harness,
      'coordination',
      '{ body(slug: "ville-besancon") { invoices { id kind } } }',
    );
    const invoiceId = body.invoices.find((invoice) => invoice.kind === 'INVOICE')!.id;
    const status =
      'mutation ($id: UUID!, $status: ChorusStatus!) { setInvoiceChorusStatus(invoiceId: $id, status: $status) { chorusStatus } }';
    expect(await graphqlAs(harness, 'coordination', status, { id: invoiceId, status: 'MANDATEE' })).toEqual({
      setInvoiceChorusStatus: { chorusStatus: 'MANDATEE' },
    });
    const back = await harness.graphql(status, { id: invoiceId, status: 'DEPOSEE' }, await harness.token('coordination'));
    expect(errorOf(back)).toMatchObject({
      message: 'Le statut Chorus Pro d’une facture ne revient pas en arrière.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('records on the issued invoice the payment status of the Stripe invoice mirroring it, from the webhooks, newest first', async () => {
    const em = harness.runtime.orm.em.fork();
    const ville = await bodyIdOf(harness, 'ville-besancon');
    await em.execute('insert into billing_account (body_id, stripe_customer_id) values (?, ?)', [ville, 'cus_ville']);
    const [{ id: invoiceId }] = await em.execute<[{ id: string }]>("select id from issued_invoice where body_id = ? and kind = 'INVOICE'", [
      ville,
    ]);
    let sequence = 0;
    const deliver = async (type: string, created: number, object: { id: string; status: string; invoiceId?: string }) => {
      sequence += 1;
      const payload = JSON.stringify({
        id: `evt_invoicing_${sequence}`,
        object: 'event',
        type,
        created,
        data: {
          object: {
            id: object.id,
            object: 'invoice',
            customer: 'cus_ville',
            status: object.status,
            currency: 'eur',
            amount_due: 100,
            amount_paid: object.status === 'paid' ? 100 : 0,
            created,
            metadata: object.invoiceId ? { invoiceId: object.invoiceId } : {},
          },
        },
      });
      const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
      return (
        await harness.http.post('/webhooks/stripe').set('content-type', 'application/json').set('stripe-signature', header).send(payload)
      ).body.outcome;
    };
    const paymentOf = async () =>
      (
        await graphqlAs<{ body: { invoices: { id: string; paymentStatus: string | null; stripeInvoiceId: string | null }[] } }>(
          harness,
          'secretariat.ville',
          '{ body(slug: "ville-besancon") { invoices { id paymentStatus stripeInvoiceId } } }',
        )
      ).body.invoices.find((invoice) => invoice.id === invoiceId);
    const t0 = Math.floor(Date.now() / 1000) - 60;
    // The webhook may come before the push wrote Stripe's id down: our id in the metadata finds the invoice.
    expect(await deliver('invoice.finalized', t0, { id: 'in_ville', status: 'open', invoiceId })).toBe('APPLIED');
    expect(await paymentOf()).toEqual({ id: invoiceId, paymentStatus: 'open', stripeInvoiceId: 'in_ville' });
    expect(await deliver('invoice.paid', t0 + 20, { id: 'in_ville', status: 'paid' })).toBe('APPLIED');
    // An older event delivered late (the failed attempt before the transfer) changes nothing.
    expect(await deliver('invoice.payment_failed', t0 + 10, { id: 'in_ville', status: 'open' })).toBe('STALE');
    expect(await paymentOf()).toMatchObject({ paymentStatus: 'paid' });
    // A Stripe invoice that is not one of ours (another id, no metadata) touches no issued invoice.
    expect(await deliver('invoice.paid', t0 + 30, { id: 'in_other', status: 'paid' })).toBe('APPLIED');
    const [{ count }] = await em.execute<[{ count: string }]>('select count(*) from issued_invoice where payment_status is not null');
    expect(Number(count)).toBe(1);
  });

  it("shows a body admin its own invoices with a working Factur-X link, and nobody else's", async () => {
    const own = await graphqlAs<{ body: { invoices: { number: string; totalCents: number; facturXUrl: string }[] } }>(
      harness,
      'secretariat.ville',
      '{ body(slug: "ville-besancon") { invoices { number totalCents facturXUrl } } }',
    );
    expect(own.body.invoices).toHaveLength(2);
    const download = await harness.http.get(new URL(own.body.invoices[1]!.facturXUrl).pathname);
    expect([download.status, download.headers['content-type'], download.headers['content-disposition']]).toEqual([
      200,
      'application/pdf',
      `attachment; filename="facture-${own.body.invoices[1]!.number}.pdf"`,
    ]);
    expect((await harness.http.get('/invoices/not-a-link/facture.pdf')).status).toBe(404);
    const other = await harness.graphql(
      '{ body(slug: "departement-doubs") { invoices { number } } }',
      {},
      await harness.token('secretariat.ville'),
    );
    expect(errorOf(other)?.extensions?.code).toBe('NOT_FOUND');
    const official = await harness.graphql(
      '{ body(slug: "ville-besancon") { invoices { number } } }',
      {},
      await harness.token('claire.martin'),
    );
    expect(errorOf(official)?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('statement exports', () => {
  it("gives the coordinator a month's statements as CSV and PDF, and nobody else", async () => {
    const { costStatementsExport } = await graphqlAs<{ costStatementsExport: { csvUrl: string; pdfUrl: string } }>(
      harness,
      'coordination',
      'query ($month: Month!) { costStatementsExport(month: $month) { csvUrl pdfUrl } }',
      { month: lastMonth },
    );
    const csv = await harness.http.get(new URL(costStatementsExport.csvUrl).pathname);
    expect([csv.status, csv.headers['content-type']]).toEqual([200, 'text/csv; charset=utf-8']);
    const rows = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe(
      'Mois;Organisme;Clôturé;Poste;Personne;Tablette;Jours facturés;Coût total HT (€);Partagé entre;Part de l’organisme HT (€)',
    );
    const tablet = Math.round((2000 * (daysInLastMonth - 5)) / daysInLastMonth);
    expect(rows).toContain(
      `${lastMonth};Ville de Besançon;oui;Tablette;Claire Martin;R52W70CLAIRE;${daysInLastMonth - 5}/${daysInLastMonth};${(tablet / 100).toFixed(2).replace('.', ',')};3;${(Math.floor(tablet / 3) / 100).toFixed(2).replace('.', ',')}`,
    );
    const pdf = await harness.http.get(new URL(costStatementsExport.pdfUrl).pathname).buffer(true).parse(binaryBody);
    expect([pdf.status, (pdf.body as Buffer).subarray(0, 5).toString()]).toEqual([200, '%PDF-']);
    const refused = await harness.graphql(
      'query ($month: Month!) { costStatementsExport(month: $month) { csvUrl } }',
      { month: lastMonth },
      await harness.token('secretariat.ville'),
    );
    expect(errorOf(refused)?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('numbering', () => {
  it('stays gap-free per issuer when invoices are issued concurrently and some fail', async () => {
    const em = harness.runtime.orm.em.fork();
    // A second closed month to invoice: the one before last.
    const [year, month] = lastMonth.split('-').map(Number) as [number, number];
    const before = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
    await graphqlAs(harness, 'coordination', 'mutation ($month: Month!) { closeCostMonth(month: $month) { totalCents } }', {
      month: before,
    });
    const coordinator = await personId(harness, 'coordination');
    const deps = { billing: harness.runtime.billing, chorus: harness.runtime.billing.chorus, logger: createLogger('silent') };
    const bodies = await Promise.all(slugs.map((slug) => bodyIdOf(harness, slug)));
    // Eight concurrent issues of the four bodies (each twice): four win, four are refused, no number is lost.
    const results = await Promise.allSettled(
      [...bodies, ...bodies].map((bodyId) => issueMonthInvoices(em.fork(), deps, parseMonth(before), coordinator, [bodyId])),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(4);
    expect(
      results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason.extensions.code),
    ).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT']);
    const numbers = await em.execute<{ number: string }[]>('select number from issued_invoice where issuer_siret = ? order by number', [
      '85123456700010',
    ]);
    expect(numbers.map((row) => Number(row.number.slice(5)))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});
