import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../common/atomic-file.js';
import type { ChorusStatus } from './billing.entity.js';

/** What is deposited on Chorus Pro: the Factur-X PDF of an issued invoice or credit note. */
export interface ChorusDeposit {
  number: string;
  issuerSiret: string;
  buyerSiret: string;
  pdf: Uint8Array;
}

/**
 * The way to Chorus Pro. `deposit` returns the status the invoice has reached on Chorus Pro, or null
 * when the deposit is left to a person (the status is then recorded by hand). An adapter for the
 * Chorus Pro API (PISTE) can come later behind this port and return DEPOSEE.
 */
export interface ChorusPort {
  readonly mode: 'MANUAL' | 'API';
  deposit(deposit: ChorusDeposit): Promise<{ status: ChorusStatus | null; location: string }>;
}

/**
 * Writes each Factur-X file to `<directory>/<issuer SIRET>/<number>.pdf` for a person to deposit on the
 * Chorus Pro portal (« Déposer une facture » → format Factur-X). Writing the same invoice again gives the
 * same file.
 */
export function createFileChorusPort(directory: string): ChorusPort {
  return {
    mode: 'MANUAL',
    async deposit({ number, issuerSiret, pdf }) {
      const folder = path.join(directory, issuerSiret);
      await mkdir(folder, { recursive: true });
      const location = path.join(folder, `${number.replace(/[^\w.-]/g, '_')}.pdf`);
      await writeFileAtomically(location, pdf, { mode: 0o640 });
      return { status: null, location };
    },
  };
}
