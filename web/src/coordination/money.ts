/**
 * "15", "15,5", "49,99 €", "1 500.00": an amount typed in euros, as whole cents; null when it is not one.
 * Parsed as text, never through floating point, so 0,29 € is 29 cents.
 */
export function parseEuros(text: string): number | null {
  const match = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(text.replace(/[\s\u00a0\u202f€]/g, ''));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Cents as an amount to edit in a form field: "49,99". */
export function centsToEuroField(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

/** Contracts and cost months are counted in the groupement's time zone (the coordinating Région's). */
export const groupementTimeZone = 'Europe/Paris';
