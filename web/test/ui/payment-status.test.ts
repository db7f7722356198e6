import { describe, expect, it } from 'vitest';
import { paymentStatusText } from '../../src/ui/payment-status.ts';

describe('paymentStatusText', () => {
  it('says in French what Stripe reported, with the day in the given time zone', () => {
    // 23:30 UTC on 30 November is already 1 December in Paris.
    expect(paymentStatusText('paid', '2026-11-30T23:30:00Z', 'Europe/Paris')).toBe('Payée le 01/12/2026');
    expect(paymentStatusText('open', '2026-11-30T23:30:00Z', 'Europe/Paris')).toBe('En attente de paiement');
    expect(paymentStatusText('void', '2026-11-02T10:00:00Z', 'Europe/Paris')).toBe('Annulée le 02/11/2026');
  });

  it('says nothing when Stripe reported nothing', () => {
    expect(paymentStatusText(null, null, 'Europe/Paris')).toBe('');
    expect(paymentStatusText(undefined, undefined, 'Europe/Paris')).toBe('');
  });
});
