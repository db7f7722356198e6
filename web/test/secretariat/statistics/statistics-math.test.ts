import { describe, expect, it } from 'vitest';
import { defaultAssumptions, rate, savings, toCsv } from '../../../src/secretariat/statistics/statistics-math.ts';

describe('what the electronic convocations saved', () => {
  it('turns pages not printed and letters not posted into sheets, euros and kg of CO2', () => {
    const saved = savings(
      { electronicPages: 189, electronicDeliveries: 9 },
      { pagesPerSheet: 2, eurosPerSheet: 0.05, eurosPerLetter: 2, kgCo2PerSheet: 0.01, kgCo2PerLetter: 0.1 },
    );
    expect(saved.sheets).toBe(95);
    expect(saved.letters).toBe(9);
    expect(saved.euros).toBeCloseTo(95 * 0.05 + 9 * 2);
    expect(saved.kgCo2).toBeCloseTo(95 * 0.01 + 9 * 0.1);
  });

  it('prints one side when told so, and never divides by zero', () => {
    expect(savings({ electronicPages: 10, electronicDeliveries: 0 }, { ...defaultAssumptions, pagesPerSheet: 1 }).sheets).toBe(10);
    expect(savings({ electronicPages: 10, electronicDeliveries: 0 }, { ...defaultAssumptions, pagesPerSheet: 0 }).sheets).toBe(10);
  });
});

describe('rates and CSV', () => {
  it('has no rate without a whole', () => {
    expect(rate(3, 9)).toBeCloseTo(1 / 3);
    expect(rate(0, 0)).toBeNull();
  });

  it('writes CSV for French spreadsheets', () => {
    expect(
      toCsv([
        ['Élu', 'Taux'],
        ['Martin; Claire', 0.5],
        ['Dit "Paulo"', null],
      ]),
    ).toBe('\ufeffÉlu;Taux\r\n"Martin; Claire";0.5\r\n"Dit ""Paulo""";\r\n');
  });
});
