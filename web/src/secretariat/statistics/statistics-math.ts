/** The arithmetic of the statistics screen: rates, savings under editable assumptions, CSV. */

export interface SavingAssumptions {
  /** 2 when printed on both sides. */
  pagesPerSheet: number;
  /** Paper and printing, per sheet. */
  eurosPerSheet: number;
  /** Postage and envelope, per letter. */
  eurosPerLetter: number;
  kgCo2PerSheet: number;
  kgCo2PerLetter: number;
}

/** Indicative values, shown and editable on the screen: every body has its own. */
export const defaultAssumptions: SavingAssumptions = {
  pagesPerSheet: 2,
  eurosPerSheet: 0.03,
  eurosPerLetter: 2.5,
  kgCo2PerSheet: 0.005,
  kgCo2PerLetter: 0.03,
};

export interface Savings {
  sheets: number;
  letters: number;
  euros: number;
  kgCo2: number;
}

/** What the electronic convocations saved: the pages not printed and the letters not posted. */
export function savings(figures: { electronicPages: number; electronicDeliveries: number }, assumptions: SavingAssumptions): Savings {
  const sheets = Math.ceil(figures.electronicPages / Math.max(1, assumptions.pagesPerSheet));
  const letters = figures.electronicDeliveries;
  return {
    sheets,
    letters,
    euros: sheets * assumptions.eurosPerSheet + letters * assumptions.eurosPerLetter,
    kgCo2: sheets * assumptions.kgCo2PerSheet + letters * assumptions.kgCo2PerLetter,
  };
}

/** A share in [0, 1], or null when there is nothing to divide. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/**
 * CSV as French spreadsheets open it: a byte order mark, `;` between fields, quotes around a field
 * that needs them (and doubled inside), CRLF line ends.
 */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  const field = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\ufeff${rows.map((row) => row.map(field).join(';')).join('\r\n')}\r\n`;
}
