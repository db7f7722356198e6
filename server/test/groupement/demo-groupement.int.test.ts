import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedDate } from '../../src/common/time.js';
import { loadDemoGroupement } from '../../src/demo/load-demo-groupement.js';
import { graphqlAs } from '../helpers/groupement.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness();
  await loadDemoGroupement(harness.runtime.orm.em.fork(), harness.runtime.documents.storage);
});
afterAll(() => harness?.close());

describe('the demo groupement (npm start)', () => {
  it('has a contract, tablets in each state, and claire.martin holds one', async () => {
    const data = await graphqlAs<{ contracts: { reference: string; holderBody: { slug: string } }[]; deviceCounts: { state: string; count: number }[]; supportTickets: { subject: string }[] }>(
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
    const claire = await graphqlAs<{ myDevice: { device: { serialNumber: string }; acceptedAt: null } }>(harness, 'claire.martin', '{ myDevice { device { serialNumber } acceptedAt } }');
    expect(claire.myDevice).toEqual({ device: { serialNumber: 'R52W70A1B2C' }, acceptedAt: null });
  });

  it('shows this month\'s statements, with billing visibly disabled', async () => {
    const month = zonedDate(new Date(), 'Europe/Paris').slice(0, 7);
    const data = await graphqlAs<{ costStatements: { body: { slug: string }; totalCents: number; lines: { kind: string; personName: string; shareCents: number }[] }[]; billingStatus: { enabled: boolean } }>(
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
      ['SETUP', 1666],
    ]);
  });

  it('loads once', async () => {
    await loadDemoGroupement(harness.runtime.orm.em.fork(), harness.runtime.documents.storage);
    const data = await graphqlAs<{ devices: unknown[]; contracts: unknown[] }>(harness, 'coordination', '{ devices { id } contracts { id } }');
    expect([data.devices.length, data.contracts.length]).toEqual([6, 1]);
  });
});
