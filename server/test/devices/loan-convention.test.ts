import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectPdf } from '../../src/media/pdf-inspector.js';
import { createLoanConvention } from '../../src/platform/devices/loan-convention.js';

describe('the loan convention PDF', () => {
  it('dates the handover like every other document: « … à 18 h 30 », Paris time', async () => {
    const pdf = await createLoanConvention({
      lender: 'Grand Besançon Métropole',
      official: { displayName: 'Claire Martin', email: 'claire.martin@demo.cartable.fr' },
      bodies: ['Ville de Besançon'],
      device: { model: 'Tablette 11 pouces', serialNumber: 'SN-0001' },
      allocatedAt: new Date('2026-12-10T17:30:00Z'),
      allocationId: '01890000-0000-7000-8000-000000000001',
    });
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'cartable-loan-')), 'convention.pdf');
    await writeFile(file, pdf);
    // Lines wrap where the page ends: read the text as one line.
    const text = (await inspectPdf(file)).pages
      .map((page) => page.text)
      .join(' ')
      .replace(/\s+/g, ' ');
    expect(text).toContain('Remis le jeudi 10 décembre 2026 à 18 h 30.');
  });
});
