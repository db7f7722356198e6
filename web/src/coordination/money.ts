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

/** The day (`YYYY-MM-DD`) an instant falls on in the groupement's time zone, where contracts and months are counted. */
export function dayOf(date: Date, timeZone = 'Europe/Paris'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** The month (`YYYY-MM`) an instant falls in, in the groupement's time zone. */
export function monthOf(date: Date, timeZone = 'Europe/Paris'): string {
  return dayOf(date, timeZone).slice(0, 7);
}
