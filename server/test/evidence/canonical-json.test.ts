import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConvocationManifest } from '../../src/body/convocations/send/manifest.js';
import { manifestBytes } from '../../src/body/convocations/send/manifest.js';
import { eventBatchBytes } from '../../src/evidence/anchoring.js';
import { canonicalJson } from '../../src/evidence/canonical-json.js';
import type { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { entryHash } from '../../src/evidence/ledger.js';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe('canonical JSON', () => {
  it('sorts keys at every depth and writes no white space', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'é' } })).toBe('{"a":{"c":"é","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('is the same whatever the key order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('refuses what JSON cannot say exactly', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
    expect(() => canonicalJson({ s: 'a\ud800b' })).toThrow(TypeError);
  });
});

/**
 * Every shape hashed so far, with the SHA-256 of its bytes as the first implementation (ours, before
 * the RFC 8785 library) wrote them: a proof bundle made then must verify now, byte for byte.
 */
describe('the bytes of existing proofs', () => {
  const manifest = (change?: 'ADDED' | 'REPLACED'): ConvocationManifest => ({
    format: 'cartable/convocation-manifest@1',
    body: {
      id: '0190f0e2-0000-7000-8000-000000000001',
      name: 'Ville de Besançon',
      kind: 'COMMUNE',
      population: 119_198,
      timeZone: 'Europe/Paris',
    },
    meeting: {
      id: '0190f0e2-0000-7000-8000-000000000002',
      title: 'Conseil municipal — séance du 15 décembre « budget » 🏛️',
      assembly: { id: '0190f0e2-0000-7000-8000-000000000003', name: 'Conseil municipal', kind: 'MUNICIPAL_COUNCIL' },
      startsAt: '2026-12-15T17:30:00.000Z',
      startsAtLocal: '2026-12-15T18:30:00+01:00',
      place: null,
      urgent: change !== undefined,
      urgencyJustification: change ? 'Tempête \u00ab Ciarán \u00bb\nréparations\t"urgentes"\\' : null,
    },
    convocation: {
      id: '0190f0e2-0000-7000-8000-000000000004',
      sequence: change ? 2 : 1,
      kind: change ? 'SUPPLEMENT' : 'INITIAL',
      sentAt: '2026-12-09T08:00:00.000Z',
      sentAtLocal: '2026-12-09T09:00:00+01:00',
      sentBy: { id: '0190f0e2-0000-7000-8000-000000000005', name: 'Zoé Ærø' },
    },
    deadline: { latestSendAt: '2026-12-09T23:00:00.000Z', clearDays: 5, article: 'L2121-12', rulesValidFrom: '2023-01-01', met: true },
    agenda: [
      { number: '1', title: 'Budget primitif', kind: 'DELIBERATION', icpe: false, closedSession: false },
      { number: '1.a', title: 'Installation classée — avis', kind: 'DELIBERATION', icpe: true, closedSession: true },
    ],
    documents: [
      {
        documentId: '0190f0e2-0000-7000-8000-000000000006',
        versionId: '0190f0e2-0000-7000-8000-000000000007',
        version: 3,
        title: 'Rapport n° 1',
        kind: 'REPORT',
        agendaItemNumber: null,
        fileName: 'rapport.pdf',
        sizeBytes: 12_345_678,
        pageCount: 0,
        sha256: 'a'.repeat(64),
        ...(change ? { change } : {}),
      },
    ],
    recipients: [
      {
        personId: '0190f0e2-0000-7000-8000-000000000008',
        name: 'Élodie Ünal',
        email: 'elodie@example.org',
        votingRight: true,
        mode: 'PAPER',
        channels: ['EMAIL', 'SMS', 'PUSH', 'LETTER'],
        postalAddress: '1 rue de la Mairie\n25000 Besançon',
      },
    ],
  });

  it('writes an initial and a supplement manifest as before', () => {
    expect(sha256(manifestBytes(manifest()))).toBe('84f83fa95bf95d7216d435bf4992719c68c4ee5f24975669984ca9099f49e717');
    expect(sha256(manifestBytes(manifest('REPLACED')))).toBe('675d30530d9ac85711ef6568678c9430c2c3bffb191423cbc23b939371b05f41');
  });

  const entries = [
    {
      sequence: 1,
      recordedAt: new Date('2026-12-09T08:00:00.123Z'),
      kind: 'convocation.sent',
      subjectId: '0190f0e2-0000-7000-8000-000000000004',
      payload: { manifestSha256: 'b'.repeat(64), recipients: 12, channels: { EMAIL: 10, LETTER: 2 } },
      previousHash: '0'.repeat(64),
    },
    {
      sequence: 2,
      recordedAt: new Date('2026-12-09T08:00:01Z'),
      kind: 'document.downloaded',
      subjectId: null,
      payload: {
        ratio: 0.1,
        big: 1e21,
        small: 5e-7,
        negative: -0,
        nested: [[], {}, [null, 'ß', '\u2028', 'Z', 'é', 'a']],
        é: 1,
        Z: 2,
        a: 3,
        '\u00e9\u0301': 4,
      },
      previousHash: 'c'.repeat(64),
    },
  ] as const;

  it('chains ledger entries as before', () => {
    expect(entries.map((entry) => entryHash(entry as unknown as LedgerEntry))).toEqual([
      'c05cf9f9f3160f705411b7582ee09628dc9e2b2edb10abfbc6b7c4ed0986b5d2',
      '822db6d4a5c81451201a9f4a99b291f238cc8b0ef64c3e151b44824fc354bde7',
    ]);
  });

  it('writes a batch of entries as before', () => {
    const hashed = entries.map((entry) => ({ ...entry, hash: entryHash(entry as unknown as LedgerEntry) })) as unknown as LedgerEntry[];
    expect(sha256(eventBatchBytes('0190f0e2-0000-7000-8000-000000000001', '0190f0e2-0000-7000-8000-000000000002', hashed))).toBe(
      '96167af57333c6e9b06c5090c746526f99da7f489040162e3b7f797699f83aa1',
    );
  });
});
