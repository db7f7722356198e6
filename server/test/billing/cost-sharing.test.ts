import { describe, expect, it } from 'vitest';
import {
  proratedCents,
  shareMonthlyCosts,
  splitCents,
  statementTotals,
  type SharingContract,
  type StatementLine,
} from '../../src/billing/cost-sharing.js';

describe('splitCents', () => {
  it('splits equally when it can', () => {
    expect(splitCents(1500, [1, 1, 1])).toEqual([500, 500, 500]);
  });

  it('gives the leftover cents to the largest remainders, ties in the order given', () => {
    expect(splitCents(2000, [1, 1, 1])).toEqual([667, 667, 666]);
    expect(splitCents(1, [1, 1, 1])).toEqual([1, 0, 0]);
    // 2000 × 1/6 = 333.33, × 2/6 = 666.67, × 3/6 = 1000: the one cent left goes to the .67.
    expect(splitCents(2000, [1, 2, 3])).toEqual([333, 667, 1000]);
  });

  it('always sums to the amount, and no share strays a cent from the exact share', () => {
    for (let amount = 0; amount < 400; amount += 7) {
      for (const weights of [[1], [1, 1], [3, 1, 1], [7, 5, 3, 2], [1000, 1, 999]]) {
        const shares = splitCents(amount, weights);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(amount);
        const total = weights.reduce((a, b) => a + b, 0);
        shares.forEach((share, index) => expect(Math.abs(share - (amount * weights[index]!) / total)).toBeLessThan(1));
      }
    }
  });

  it('refuses what is not an amount or a weight', () => {
    expect(() => splitCents(-1, [1])).toThrow(RangeError);
    expect(() => splitCents(1.5, [1])).toThrow(RangeError);
    expect(() => splitCents(100, [])).toThrow(RangeError);
    expect(() => splitCents(100, [1, 0])).toThrow(RangeError);
  });
});

describe('shareMonthlyCosts', () => {
  const bodies = [
    { id: 'ville', slug: 'ville-besancon' },
    { id: 'metropole', slug: 'grand-besancon-metropole' },
    { id: 'doubs', slug: 'departement-doubs' },
    { id: 'region', slug: 'region-bfc' },
  ];
  const contract: SharingContract = {
    seatPriceCents: 1500,
    devicePriceCents: 2000,
    setupPriceCents: 4999,
    rule: 'EQUAL',
    weights: new Map(),
    holderBodyId: 'region',
  };
  const claire = { personId: 'claire', personName: 'Claire Martin', bodyIds: ['ville', 'metropole', 'doubs'] };
  const paul = { personId: 'paul', personName: 'Paul Bernard', bodyIds: ['ville'] };
  const tablet = { deviceId: 'tab-1', serialNumber: 'R52W70ABCDE', personId: 'claire', personName: 'Claire Martin' };
  const summary = (lines: Map<string, StatementLine[]>) =>
    [...lines].map(([bodyId, bodyLines]) => {
      const totals = statementTotals(bodyLines);
      return [bodyId, totals.seatsCents, totals.devicesCents, totals.setupCents, totals.totalCents, totals.seatCount];
    });

  it("splits claire.martin's seat, tablet and set-up equally between her three bodies, to the cent", () => {
    const costs = shareMonthlyCosts(contract, bodies, [claire, paul], [tablet], [tablet]);
    // Slug order: departement-doubs, grand-besancon-metropole, ville-besancon.
    expect(summary(costs)).toEqual([
      ['doubs', 500, 667, 1667, 2834, 1],
      ['metropole', 500, 667, 1666, 2833, 1],
      ['region', 0, 0, 0, 0, 0],
      ['ville', 500 + 1500, 666, 1666, 4332, 2],
    ]);
    const total = [...costs.values()].reduce((sum, lines) => sum + statementTotals(lines).totalCents, 0);
    expect(total).toBe(2 * 1500 + 2000 + 4999);
    expect(costs.get('ville')).toEqual([
      {
        kind: 'SEAT',
        personId: 'claire',
        personName: 'Claire Martin',
        deviceId: null,
        serialNumber: null,
        fullCents: 1500,
        shareCents: 500,
        sharedBetween: 3,
      },
      {
        kind: 'SEAT',
        personId: 'paul',
        personName: 'Paul Bernard',
        deviceId: null,
        serialNumber: null,
        fullCents: 1500,
        shareCents: 1500,
        sharedBetween: 1,
      },
      {
        kind: 'DEVICE',
        personId: 'claire',
        personName: 'Claire Martin',
        deviceId: 'tab-1',
        serialNumber: 'R52W70ABCDE',
        fullCents: 2000,
        shareCents: 666,
        sharedBetween: 3,
      },
      {
        kind: 'SETUP',
        personId: 'claire',
        personName: 'Claire Martin',
        deviceId: 'tab-1',
        serialNumber: 'R52W70ABCDE',
        fullCents: 4999,
        shareCents: 1666,
        sharedBetween: 3,
      },
    ]);
  });

  it('weights the shares under the WEIGHTED rule, bodies without a weight counting 1', () => {
    const weighted = {
      ...contract,
      rule: 'WEIGHTED' as const,
      weights: new Map([
        ['metropole', 2],
        ['doubs', 3],
      ]),
    };
    const costs = shareMonthlyCosts(weighted, bodies, [claire], [tablet], []);
    // Seat 1500 × 3/6, 2/6, 1/6; tablet 2000 × 3/6, 2/6, 1/6 = 1000, 666.67, 333.33.
    expect(
      ['doubs', 'metropole', 'ville'].map((id) => [
        statementTotals(costs.get(id)!).seatsCents,
        statementTotals(costs.get(id)!).devicesCents,
      ]),
    ).toEqual([
      [750, 1000],
      [500, 667],
      [250, 333],
    ]);
  });

  it('charges the support to each body sharing costs (PER_BODY), or splits one price between them by the rule (SHARED)', () => {
    const sharing = ['ville', 'metropole', 'doubs'];
    const supportOf = (costs: Map<string, StatementLine[]>) =>
      [...costs].map(([bodyId, lines]) => [bodyId, statementTotals(lines).supportCents, statementTotals(lines).totalCents]);
    const perBody = shareMonthlyCosts(
      { ...contract, support: { priceCents: 5000, sharing: 'PER_BODY', bodyIds: sharing } },
      bodies,
      [],
      [],
      [],
    );
    expect(supportOf(perBody)).toEqual([
      ['doubs', 5000, 5000],
      ['metropole', 5000, 5000],
      ['region', 0, 0],
      ['ville', 5000, 5000],
    ]);
    expect(perBody.get('ville')).toEqual([
      {
        kind: 'SUPPORT',
        personId: null,
        personName: null,
        deviceId: null,
        serialNumber: null,
        fullCents: 5000,
        shareCents: 5000,
        sharedBetween: 1,
      },
    ]);
    // 10000 weighted 3 (doubs), 2 (metropole), 1 (ville): 5000, 3333.33, 1666.67 — to the cent, summing to the price.
    const weighted = {
      ...contract,
      rule: 'WEIGHTED' as const,
      weights: new Map([
        ['metropole', 2],
        ['doubs', 3],
      ]),
    };
    const shared = shareMonthlyCosts(
      { ...weighted, support: { priceCents: 10000, sharing: 'SHARED', bodyIds: sharing } },
      bodies,
      [],
      [],
      [],
    );
    expect(supportOf(shared)).toEqual([
      ['doubs', 5000, 5000],
      ['metropole', 3333, 3333],
      ['region', 0, 0],
      ['ville', 1667, 1667],
    ]);
    expect(shared.get('metropole')![0]).toMatchObject({ kind: 'SUPPORT', fullCents: 10000, sharedBetween: 3 });
    // No support line without a price.
    expect(
      shareMonthlyCosts({ ...contract, support: { priceCents: 0, sharing: 'PER_BODY', bodyIds: sharing } }, bodies, [], [], []).get(
        'ville',
      ),
    ).toEqual([]);
  });

  it('charges the contract holder for a tablet whose holder has no seat left', () => {
    const costs = shareMonthlyCosts(contract, bodies, [paul], [tablet], []);
    expect(statementTotals(costs.get('region')!).devicesCents).toBe(2000);
    expect(costs.get('region')![0]).toMatchObject({ kind: 'DEVICE', personId: 'claire', sharedBetween: 1 });
  });

  it('ignores seats in bodies that do not share costs this month', () => {
    const costs = shareMonthlyCosts(contract, bodies.slice(1), [claire], [], []);
    expect([...costs].map(([bodyId, lines]) => [bodyId, statementTotals(lines).seatsCents])).toEqual([
      ['doubs', 750],
      ['metropole', 750],
      ['region', 0],
    ]);
  });

  it('charges a tablet lent part of the month by day, then splits the prorated price to the cent', () => {
    // Handed over on the 6th of a 30-day month: 25 days of 20.00 € = 16.666… → 16.67 €, over three bodies.
    const costs = shareMonthlyCosts({ ...contract, daysInMonth: 30 }, bodies, [claire], [{ ...tablet, days: 25 }], [tablet]);
    expect(costs.get('ville')!.filter((line) => line.kind === 'DEVICE')).toEqual([
      {
        kind: 'DEVICE',
        personId: 'claire',
        personName: 'Claire Martin',
        deviceId: 'tab-1',
        serialNumber: 'R52W70ABCDE',
        fullCents: 1667,
        shareCents: 555,
        sharedBetween: 3,
        days: 25,
        daysInMonth: 30,
      },
    ]);
    expect(['doubs', 'metropole', 'ville'].map((id) => statementTotals(costs.get(id)!).devicesCents)).toEqual([556, 556, 555]);
    // The set-up is charged once, whole; a tablet lent the whole month is charged its whole price.
    expect(statementTotals(costs.get('ville')!).setupCents).toBe(1666);
    const whole = shareMonthlyCosts({ ...contract, daysInMonth: 30 }, bodies, [claire], [{ ...tablet, days: 30 }], []);
    expect(whole.get('ville')!.find((line) => line.kind === 'DEVICE')).toMatchObject({ fullCents: 2000 });
    expect(whole.get('ville')!.find((line) => line.kind === 'DEVICE')).not.toHaveProperty('days');
  });

  it('prorates to the cent and refuses impossible day counts', () => {
    expect([proratedCents(2000, 25, 30), proratedCents(2000, 1, 31), proratedCents(2000, 0, 28), proratedCents(2000, 28, 28)]).toEqual([
      1667, 65, 0, 2000,
    ]);
    expect(() => proratedCents(2000, 32, 31)).toThrow(RangeError);
  });
});
