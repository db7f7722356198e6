import { messages } from '../messages.ts';

const m = messages.secretariat.members;

/** "du 22/03/2026 au 21/03/2032", "depuis le 22/03/2026", or nothing. */
export function mandateText(start: string | null | undefined, end: string | null | undefined): string {
  const day = (date: string) => date.split('-').reverse().join('/');
  if (start && end) return m.mandateFromTo(day(start), day(end));
  if (start) return m.mandateFrom(day(start));
  if (end) return m.mandateTo(day(end));
  return '';
}
