import { messages } from '../i18n/messages.ts';
import { formatDay } from './format.ts';

export type PaymentStatus = keyof typeof messages.paymentStatus;

/** The payment status Stripe reported for an issued invoice, in French with its day; empty when none was. */
export function paymentStatusText(status: PaymentStatus | null | undefined, at: string | null | undefined, timeZone: string): string {
  if (!status || !at) return '';
  return messages.paymentStatus[status](formatDay(at, timeZone));
}
