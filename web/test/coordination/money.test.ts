import { describe, expect, it } from 'vitest';
import { centsToEuroField, parseEuros } from '../../src/coordination/money.ts';

describe('parseEuros', () => {
  it('reads euros typed the French or the English way, as whole cents', () => {
    expect(['15', '15,5', '49,99', '49.99 €', '1 500,00', '0,29', ' 20,00\u00a0€ '].map(parseEuros)).toEqual([
      1500, 1550, 4999, 4999, 150000, 29, 2000,
    ]);
  });

  it('refuses what is not an amount', () => {
    expect(['', 'quinze', '-5', '1,999', '1,2,3', ','].map(parseEuros)).toEqual([null, null, null, null, null, null]);
  });
});

describe('centsToEuroField', () => {
  it('writes cents back as the form shows them, and reads back the same', () => {
    expect([1500, 4999, 29, 0].map(centsToEuroField)).toEqual(['15,00', '49,99', '0,29', '0,00']);
    expect([1500, 4999, 29, 0].map((cents) => parseEuros(centsToEuroField(cents)))).toEqual([1500, 4999, 29, 0]);
  });
});
