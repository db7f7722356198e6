import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderDeliberationList } from '../../src/acts/deliberation-list.js';
import type { Meeting } from '../../src/body/meetings/meeting.entity.js';
import { renderAttestation } from '../../src/body/meetings/proof/attestation.js';
import type { MeetingProof } from '../../src/body/meetings/proof/meeting-proof.js';
import { bodyArticlesByKind } from '../../src/legal/body-articles.js';
import { bodyKinds, type BodyKind } from '../../src/legal/kinds.js';
import { inspectPdf } from '../../src/media/pdf-inspector.js';
import type { Body } from '../../src/platform/bodies/body.entity.js';

// Issue 17 (5): a département's (or a région's) documents cite the articles of its own kind of body,
// read from the legal data, never a commune's (L2121-x, L2131-x).
const directory = mkdtemp(path.join(tmpdir(), 'cartable-articles-'));
afterAll(async () => rm(await directory, { recursive: true, force: true }));

async function pdfText(bytes: Uint8Array, name: string): Promise<string> {
  const file = path.join(await directory, `${name}.pdf`);
  await writeFile(file, bytes);
  return (await inspectPdf(file)).pages.map((page) => page.text).join('\n');
}

const bodies: Record<'DEPARTEMENT' | 'REGION' | 'COMMUNE', { name: string; assembly: string }> = {
  DEPARTEMENT: { name: 'Département du Doubs', assembly: 'Conseil départemental' },
  REGION: { name: 'Région Bourgogne-Franche-Comté', assembly: 'Conseil régional' },
  COMMUNE: { name: 'Ville de Besançon', assembly: 'Conseil municipal' },
};
const startsAt = new Date('2027-03-18T17:30:00Z');
const body = (kind: keyof typeof bodies) =>
  ({ id: '00000000-0000-4000-8000-000000000001', name: bodies[kind].name, kind, timeZone: 'Europe/Paris' }) as unknown as Body;
const meeting = (kind: keyof typeof bodies) =>
  ({
    id: '00000000-0000-4000-8000-000000000002',
    title: 'Séance du 18 mars',
    startsAt,
    place: 'Hôtel du Département',
    status: 'HELD',
    assembly: { name: bodies[kind].assembly },
  }) as unknown as Meeting;

/** The proof of a held séance with secretaries, a huis clos and a vote: the parts that cite articles. */
function proofOf(kind: keyof typeof bodies): MeetingProof {
  return {
    body: body(kind),
    meeting: meeting(kind),
    convocations: [],
    changes: [],
    anchors: [],
    followUp: [],
    ledger: { entries: 3, ok: true, head: 'ab'.repeat(32), firstBroken: null },
    seance: {
      status: 'CLOSED',
      openedAt: startsAt,
      closedAt: new Date('2027-03-18T19:00:00Z'),
      secretaries: ['Claire Martin'],
      closedSession: true,
      stays: [],
      proxies: [],
      checks: [],
      votes: [],
    },
    generatedAt: new Date('2027-03-19T08:00:00Z'),
  } as unknown as MeetingProof;
}

describe('the articles a body’s documents cite', () => {
  it('are written for every kind of body, and a département’s or a région’s are never a commune’s', () => {
    for (const kind of bodyKinds) expect(bodyArticlesByKind[kind as BodyKind].closedSession).toMatch(/^CGCT L\d{4}-\d+/);
    for (const kind of ['DEPARTEMENT', 'REGION'] as const) expect(JSON.stringify(bodyArticlesByKind[kind])).not.toMatch(/L21[23]\d-/);
  });

  it('the attestation of a département’s séance cites L3121-x for the huis clos and the secretaries, never L2121-x', async () => {
    const text = await pdfText(await renderAttestation(proofOf('DEPARTEMENT'), 'test'), 'departement');
    expect(text).toContain('Huis clos décidé par l’assemblée (CGCT L3121-11).');
    expect(text).toContain('Secrétaire de séance : Claire Martin (CGCT L3121-13).');
    expect(text).not.toMatch(/L21[23]\d-/);
  });

  it('the attestation of a région’s séance cites L4132-10, and no article where none is verified', async () => {
    const text = await pdfText(await renderAttestation(proofOf('REGION'), 'test'), 'region');
    expect(text).toContain('Huis clos décidé par l’assemblée (CGCT L4132-10).');
    expect(text).toContain('Secrétaire de séance : Claire Martin.');
    expect(text).not.toMatch(/L21[23]\d-/);
  });

  it('a commune’s attestation still cites L2121-15 and L2121-18', async () => {
    const text = await pdfText(await renderAttestation(proofOf('COMMUNE'), 'test'), 'commune');
    expect(text).toContain('Huis clos décidé par l’assemblée (CGCT L2121-18).');
    expect(text).toContain('Secrétaire de séance : Claire Martin (CGCT L2121-15).');
  });

  it('the liste des délibérations of a département cites no commune article (L2121-25 is for communes and EPCI)', async () => {
    const departement = await pdfText(
      await renderDeliberationList(body('DEPARTEMENT'), meeting('DEPARTEMENT'), [], startsAt),
      'list-departement',
    );
    expect(departement).toContain('Département du Doubs — liste des délibérations, éditée le');
    expect(departement).not.toMatch(/L21[23]\d-/);
    const commune = await pdfText(await renderDeliberationList(body('COMMUNE'), meeting('COMMUNE'), [], startsAt), 'list-commune');
    expect(commune).toContain('liste des délibérations (CGCT L2121-25)');
  });
});
