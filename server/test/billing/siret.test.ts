import { describe, expect, it } from 'vitest';
import { isSiret } from '../../src/platform/bodies/siret.js';

describe('isSiret', () => {
  it('accepts 14 digits whose Luhn key holds', () => {
    expect(['21250056500016', '20005376700014', '85123456700010'].map(isSiret)).toEqual([true, true, true]);
  });

  it('refuses a wrong key, a wrong length or anything but digits', () => {
    expect(['21250056500017', '2125005650001', '212500565000160', '2125005650001A', ' 21250056500016'].map(isSiret)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("checks La Poste's establishments (SIREN 356000000) by the sum of their digits", () => {
    // 3+5+6+0+0+0+0+0+0+0+0+0+4+7 = 25: a multiple of 5, though its Luhn sum is not a multiple of 10.
    expect([isSiret('35600000000047'), isSiret('35600000000048')]).toEqual([true, false]);
  });
});
