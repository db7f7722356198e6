import { BadUserInputError } from './errors.js';

/** A mandate's dates (YYYY-MM-DD), either open-ended: the end may not precede the start. */
export function assertMandateDates(mandate: { mandateStart?: string | null; mandateEnd?: string | null }): void {
  if (mandate.mandateStart && mandate.mandateEnd && mandate.mandateEnd < mandate.mandateStart) {
    throw new BadUserInputError('La fin du mandat précède son début.', { field: 'mandateEnd' });
  }
}
