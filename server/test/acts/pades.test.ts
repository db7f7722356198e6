import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignatures } from './pades-verify.js';
import { cadesDetachedSignature } from '../../src/acts/signing/cades.js';
import { signPdfIncrementally } from '../../src/acts/signing/pdf-signature.js';
import { DemoSigningAuthority } from '../../src/acts/signing/signing-pki.js';
import { createEmbeddedTimestampAuthority, type EmbeddedTimestampAuthority } from '../../src/evidence/timestamping/timestamp-authority.js';

let directory: string;
let authority: DemoSigningAuthority;
let tsa: EmbeddedTimestampAuthority;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'cartable-pades-'));
  authority = await DemoSigningAuthority.open(path.join(directory, 'signing'));
  tsa = await createEmbeddedTimestampAuthority({ dataDir: directory });
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function samplePdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage().drawText('Délibération 2026-001', { x: 50, y: 700, font, size: 14 });
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

describe('PAdES signatures', () => {
  it('signs twice in incremental updates', async () => {
    const body = { id: '11111111-1111-4111-8111-111111111111', name: 'Ville de Test' };
    const pdf = await samplePdf();
    const sign = async (input: Buffer, personId: string, name: string, field: string) => {
      const credentials = await authority.credentials(body, { personId, displayName: name });
      return signPdfIncrementally(
        input,
        { fieldName: field, name, reason: 'Signature', location: 'Test', signingTime: new Date() },
        (bytes) => cadesDetachedSignature(bytes, credentials, tsa),
      );
    };
    const once = await sign(pdf, '22222222-2222-4222-8222-222222222222', 'Claire Martin', 'Signature 1');
    const twice = await sign(once, '33333333-3333-4333-8333-333333333333', 'Paul Bernard', 'Signature 2');
    // The second signature is an incremental update: the first signed file is kept byte for byte.
    expect(twice.subarray(0, once.length).equals(once)).toBe(true);
    const signatures = await verifySignatures(twice, authority.rootPem, await tsa.certificateChainPem());
    expect(signatures.map((signature) => signature.signer)).toEqual(['Claire Martin', 'Paul Bernard']);
    expect(signatures[1]!.coversWholeFile).toBe(true);
    expect(signatures[0]!.coversWholeFile).toBe(false);
  });
});
