/**
 * Cost sharing between the member bodies of the groupement, as pure functions over plain data.
 *
 * Whatever a person holds — their seat, their tablet, the set-up of that tablet — is paid by the bodies
 * they sit in, in proportion to each body's weight under the contract's rule (every body weighs 1 under
 * EQUAL). Amounts are whole euro cents and every split sums exactly to the cost: each body gets the floor
 * of its exact share, then the cents left over go one by one to the largest remainders, ties going to the
 * bodies in slug order (largest-remainder method). No body ever pays more than one cent above its exact
 * share of an item.
 */

export const sharingRules = ['EQUAL', 'WEIGHTED'] as const;
export type SharingRule = (typeof sharingRules)[number];

export const statementLineKinds = ['SEAT', 'DEVICE', 'SETUP', 'SUPPORT'] as const;
export type StatementLineKind = (typeof statementLineKinds)[number];

/** How the contract's monthly support price is charged: to each body in full, or split between them. */
export const supportSharings = ['PER_BODY', 'SHARED'] as const;
export type SupportSharing = (typeof supportSharings)[number];

/** Splits `amountCents` in proportion to `weights` (positive integers), in cents summing to the amount. */
export function splitCents(amountCents: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) throw new RangeError(`not an amount of cents: ${amountCents}`);
  if (weights.length === 0) throw new RangeError('nobody to split between');
  if (weights.some((weight) => !Number.isSafeInteger(weight) || weight < 1)) throw new RangeError('weights must be positive integers');
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  // amount × weight stays below 2^53 for any amount of our contracts (≤ 10^8 cents) and weight (≤ 1,000).
  const shares = weights.map((weight) => Math.floor((amountCents * weight) / total));
  const remainders = weights.map((weight, index) => ({ index, remainder: (amountCents * weight) % total }));
  remainders.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  let left = amountCents - shares.reduce((sum, share) => sum + share, 0);
  for (const { index } of remainders) {
    if (left === 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares;
}

export interface SharingBody {
  id: string;
  slug: string;
}

export interface SharingContract {
  seatPriceCents: number;
  devicePriceCents: number;
  setupPriceCents: number;
  rule: SharingRule;
  /** Weight of a body under WEIGHTED (bodies absent weigh 1); ignored under EQUAL. */
  weights: ReadonlyMap<string, number>;
  /** Pays for a device whose holder has no seat left in any member body. */
  holderBodyId: string;
  /** Days of the month, when devices in service part of it are charged by day (the contract's setting). */
  daysInMonth?: number | undefined;
  /**
   * The monthly support, when the contract prices it: `priceCents` to each of `bodyIds` (PER_BODY), or
   * split between them by the sharing rule (SHARED). `bodyIds`: the bodies sharing costs in the month.
   */
  support?: { priceCents: number; sharing: SupportSharing; bodyIds: readonly string[] } | undefined;
}

/** A person with a seat in the month, and the bodies they sit in then. */
export interface SharingSeat {
  personId: string;
  personName: string;
  bodyIds: readonly string[];
}

/** A device and the person it is charged to: its (last) holder of the month, or who received it. */
export interface SharingDevice {
  deviceId: string;
  serialNumber: string;
  personId: string;
  personName: string;
  /** Days of the month the device was lent (any holder); charged by day when under the whole month. */
  days?: number | undefined;
}

/** The monthly price of a device lent `days` days of a `daysInMonth`-day month, rounded to the cent. */
export function proratedCents(priceCents: number, days: number, daysInMonth: number): number {
  if (!Number.isSafeInteger(days) || !Number.isSafeInteger(daysInMonth) || days < 0 || days > daysInMonth)
    throw new RangeError(`not a day count: ${days}/${daysInMonth}`);
  return Math.round((priceCents * days) / daysInMonth);
}

export interface StatementLine {
  kind: StatementLineKind;
  /** Who holds the item; null on a support line (the whole body's). */
  personId: string | null;
  personName: string | null;
  deviceId: string | null;
  serialNumber: string | null;
  /** The full cost of the item. */
  fullCents: number;
  /** This body's share of it. */
  shareCents: number;
  /** How many bodies share the item. */
  sharedBetween: number;
  /** A device charged by day: the days charged out of the month's (absent on whole months and older statements). */
  days?: number;
  daysInMonth?: number;
}

export interface StatementTotals {
  /** People seated in the body in the month (what its seat subscription bills at full price). */
  seatCount: number;
  seatsCents: number;
  devicesCents: number;
  setupCents: number;
  supportCents: number;
  totalCents: number;
}

export function statementTotals(lines: readonly StatementLine[]): StatementTotals {
  const sum = (kind: StatementLineKind) => lines.filter((line) => line.kind === kind).reduce((total, line) => total + line.shareCents, 0);
  const [seatsCents, devicesCents, setupCents, supportCents] = [sum('SEAT'), sum('DEVICE'), sum('SETUP'), sum('SUPPORT')];
  return {
    seatCount: lines.filter((line) => line.kind === 'SEAT').length,
    seatsCents,
    devicesCents,
    setupCents,
    supportCents,
    totalCents: seatsCents + devicesCents + setupCents + supportCents,
  };
}

/**
 * Every body's lines for one month: seats, devices in service (monthly price), devices handed over
 * (set-up price) and the support when the contract prices it. Each item is split once between its bodies, so the shares of an item add up to its cost
 * and the statements of all bodies add up to the month's cost of the groupement.
 */
export function shareMonthlyCosts(
  contract: SharingContract,
  bodies: readonly SharingBody[],
  seats: readonly SharingSeat[],
  devices: readonly SharingDevice[],
  handovers: readonly SharingDevice[],
): Map<string, StatementLine[]> {
  const bySlug = [...bodies].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  if (!bodies.some((body) => body.id === contract.holderBodyId)) throw new RangeError('the contract holder is not among the bodies');
  const lines = new Map<string, StatementLine[]>(bySlug.map((body) => [body.id, []]));
  const weightOf = (bodyId: string) => (contract.rule === 'EQUAL' ? 1 : (contract.weights.get(bodyId) ?? 1));
  const seatBodies = new Map<string, string[]>();
  for (const seat of seats) {
    const inOrder = bySlug.filter((body) => seat.bodyIds.includes(body.id)).map((body) => body.id);
    if (inOrder.length > 0) seatBodies.set(seat.personId, inOrder);
  }

  const charge = (
    kind: StatementLineKind,
    fullCents: number,
    bodyIds: string[],
    item: Pick<StatementLine, 'personId' | 'personName' | 'deviceId' | 'serialNumber' | 'days' | 'daysInMonth'>,
  ) => {
    const shares = splitCents(fullCents, bodyIds.map(weightOf));
    bodyIds.forEach((bodyId, index) => {
      lines.get(bodyId)!.push({ kind, ...item, fullCents, shareCents: shares[index]!, sharedBetween: bodyIds.length });
    });
  };
  for (const seat of seats) {
    const bodyIds = seatBodies.get(seat.personId);
    if (bodyIds)
      charge('SEAT', contract.seatPriceCents, bodyIds, {
        personId: seat.personId,
        personName: seat.personName,
        deviceId: null,
        serialNumber: null,
      });
  }
  const { daysInMonth } = contract;
  for (const [kind, price, list] of [
    ['DEVICE', contract.devicePriceCents, devices],
    ['SETUP', contract.setupPriceCents, handovers],
  ] as const) {
    for (const device of list) {
      const { deviceId, serialNumber, personId, personName, days } = device;
      const byDay = kind === 'DEVICE' && daysInMonth !== undefined && days !== undefined && days < daysInMonth;
      const item = { personId, personName, deviceId, serialNumber, ...(byDay ? { days, daysInMonth } : {}) };
      charge(kind, byDay ? proratedCents(price, days, daysInMonth) : price, seatBodies.get(personId) ?? [contract.holderBodyId], item);
    }
  }
  const { support } = contract;
  if (support && support.priceCents > 0) {
    const supportBodies = bySlug.filter((body) => support.bodyIds.includes(body.id)).map((body) => body.id);
    const item = { personId: null, personName: null, deviceId: null, serialNumber: null };
    if (support.sharing === 'SHARED' && supportBodies.length > 0) charge('SUPPORT', support.priceCents, supportBodies, item);
    else for (const bodyId of supportBodies) charge('SUPPORT', support.priceCents, [bodyId], item);
  }
  return lines;
}
