import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/common/logger.js';
import { zonedDate } from '../../src/common/time.js';
import { loadDemoGroupement } from '../../src/demo/load-demo-groupement.js';
import { binaryBody } from '../helpers/binary-body.js';
import { graphqlAs } from '../helpers/groupement.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
const demoInvoicing = () => ({ billing: harness.runtime.billing, chorus: harness.runtime.billing.chorus, logger: createLogger('silent') });
beforeAll(async () => {
  harness = await startHarness();
  await loadDemoGroupement(harness.runtime.orm.em.fork(), harness.runtime.documents.storage, demoInvoicing());
});
afterAll(() => harness?.close());

describe('the demo groupement (npm start)', () => {
  it('has a contract, tablets in each state, and claire.martin holds one', async () => {
    const data = await graphqlAs<{
      contracts: { reference: string; holderBody: { slug: string } }[];
      deviceCounts: { state: string; count: number }[];
      supportTickets: { subject: string }[];
    }>(
      harness,
      'coordination',
      '{ contracts { reference holderBody { slug } } deviceCounts { state count } supportTickets(status: OPEN) { subject } }',
    );
    expect(data.contracts).toEqual([{ reference: 'GC-BFC-2026-CARTABLE', holderBody: { slug: 'region-bfc' } }]);
    expect(data.deviceCounts).toEqual([
      { state: 'IN_STOCK', count: 2 },
      { state: 'ALLOCATED', count: 3 },
      { state: 'IN_REPAIR', count: 1 },
      { state: 'LOST', count: 0 },
    ]);
    expect(data.supportTickets).toEqual([{ subject: 'Écran fissuré' }]);
    const claire = await graphqlAs<{ myDevice: { device: { serialNumber: string }; acceptedAt: null } }>(
      harness,
      'claire.martin',
      '{ myDevice { device { serialNumber } acceptedAt } }',
    );
    expect(claire.myDevice).toEqual({ device: { serialNumber: 'R52W70A1B2C' }, acceptedAt: null });
  });

  it("shows this month's statements, with billing visibly disabled", async () => {
    const month = zonedDate(new Date(), 'Europe/Paris').slice(0, 7);
    const data = await graphqlAs<{
      costStatements: { body: { slug: string }; totalCents: number; lines: { kind: string; personName: string; shareCents: number }[] }[];
      billingStatus: { enabled: boolean };
    }>(
      harness,
      'coordination',
      'query ($month: Month!) { costStatements(month: $month) { body { slug } totalCents lines { kind personName shareCents } } billingStatus { enabled } }',
      { month },
    );
    expect(data.billingStatus.enabled).toBe(false);
    const ville = data.costStatements.find((statement) => statement.body.slug === 'ville-besancon')!;
    expect(ville.lines.filter((line) => line.personName === 'Claire Martin').map((line) => [line.kind, line.shareCents])).toEqual([
      ['SEAT', 500],
      ['DEVICE', 666],
    ]);
  });

  it("has last month closed and invoiced for the four bodies, claire.martin's tablet charged from the 6th", async () => {
    const thisMonth = zonedDate(new Date(), 'Europe/Paris').slice(0, 7);
    const [year, month] = thisMonth.split('-').map(Number) as [number, number];
    const lastMonth = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
    const daysInLastMonth = new Date(Date.UTC(year, month - 1, 0)).getUTCDate();
    const data = await graphqlAs<{
      bodies: {
        slug: string;
        invoices: {
          number: string;
          month: string;
          totalCents: number;
          totalHtCents: number;
          totalVatCents: number;
          facturXUrl: string;
          lines: {
            kind: string;
            description: string;
            quantity: number;
            unitPriceCents: number;
            amountCents: number;
            vatRatePercent: number;
          }[];
        }[];
      }[];
    }>(
      harness,
      'coordination',
      '{ bodies { slug invoices { number month totalCents totalHtCents totalVatCents facturXUrl lines { kind description quantity unitPriceCents amountCents vatRatePercent } } } }',
    );
    const bySlug = new Map(data.bodies.map((body) => [body.slug, body.invoices]));
    for (const slug of ['departement-doubs', 'grand-besancon-metropole', 'region-bfc', 'ville-besancon']) {
      expect(bySlug.get(slug)!.map((invoice) => invoice.month)).toEqual([lastMonth]);
    }
    // Claire's tablet, lent from the 6th: (days − 5) / days of 20.00 €, then split in three, to the cent.
    const fullCents = Math.round((2000 * (daysInLastMonth - 5)) / daysInLastMonth);
    const ville = bySlug.get('ville-besancon')![0]!;
    const tablet = ville.lines.find((line) => line.kind === 'DEVICE')!;
    expect(tablet).toMatchObject({
      quantity: 1,
      vatRatePercent: 20,
      description: expect.stringContaining(`${daysInLastMonth - 5} j sur ${daysInLastMonth}`),
    });
    expect([fullCents - 1, fullCents].map((cents) => Math.floor(cents / 3))).toContain(tablet.unitPriceCents);
    expect(ville.totalVatCents).toBe(Math.round(ville.totalHtCents * 0.2));
    expect(ville.totalCents).toBe(ville.totalHtCents + ville.totalVatCents);
    // Numbers follow one series of the supplier, without gaps.
    const numbers = data.bodies.flatMap((body) => body.invoices.map((invoice) => invoice.number)).sort();
    expect(numbers.map((number) => Number(number.slice(5)))).toEqual([1, 2, 3, 4]);
    const pdf = await harness.http.get(new URL(ville.facturXUrl).pathname).buffer(true).parse(binaryBody);
    expect([pdf.status, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.includes('factur-x.xml')).toBe(true);
    expect(bytes.includes('GTS_PDFA1')).toBe(true);
    // `npm run test:facturx` validates these files with the factur-x library (scripts/billing/validate-facturx.sh).
    const exportDirectory = process.env.FACTURX_EXPORT_DIR;
    if (exportDirectory) {
      await mkdir(exportDirectory, { recursive: true });
      for (const invoices of bySlug.values()) {
        for (const invoice of invoices) {
          const file = (await harness.http.get(new URL(invoice.facturXUrl).pathname).buffer(true).parse(binaryBody)).body as Buffer;
          await writeFile(path.join(exportDirectory, `facture-${invoice.number}.pdf`), file);
        }
      }
    }
    console.info(
      'claire.martin bodies, last month:',
      JSON.stringify(
        ['ville-besancon', 'grand-besancon-metropole', 'departement-doubs'].map((slug) => ({
          slug,
          ...bySlug.get(slug)![0]!,
          facturXUrl: undefined,
        })),
      ),
    );
  });

  it('loads once', async () => {
    await loadDemoGroupement(harness.runtime.orm.em.fork(), harness.runtime.documents.storage, demoInvoicing());
    const data = await graphqlAs<{ devices: unknown[]; contracts: unknown[] }>(
      harness,
      'coordination',
      '{ devices { id } contracts { id } }',
    );
    expect([data.devices.length, data.contracts.length]).toEqual([6, 1]);
  });
});
