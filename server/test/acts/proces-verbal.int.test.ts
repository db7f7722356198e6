import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgendaItem } from '../../src/body/agenda/agenda-item.entity.js';
import { Assembly } from '../../src/body/assemblies/assembly.entity.js';
import { Meeting } from '../../src/body/meetings/meeting.entity.js';
import { uuidv7 } from '../../src/common/ids.js';
import { createDeliberation, finaliseDeliberation, recordDeliberationVote } from '../../src/acts/deliberation.service.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { Person } from '../../src/platform/people/person.entity.js';
import { bodySchemaName } from '../../src/tenancy/schema-name.js';
import { systemContextIn } from '../helpers/body-context.js';
import { startHarness, testPublicUrl, type TestHarness } from '../helpers/harness.js';
import { verifySignatures } from './pades-verify.js';
import { itemsAwaitingCircuit } from '../../src/acts/circuits/circuit.service.js';

let harness: TestHarness;
let ville: Body;
let em: () => EntityManager;
const people: Record<string, string> = {};

const fields = 'id status arreteMeetingId pdfUrl signatures { signerName role }';
type Pv = { id: string; status: string; arreteMeetingId: string | null; pdfUrl: string | null; signatures: { signerName: string }[] };

async function as(username: string, query: string, variables: Record<string, unknown>) {
  const result = await harness.graphql<Record<string, Pv>>(query, { bodyId: ville.id, ...variables }, await harness.token(username));
  return { value: result.data ? Object.values(result.data)[0]! : null, error: result.errors?.[0] };
}

beforeAll(async () => {
  harness = await startHarness();
  ville = await harness.runtime.orm.em.fork().findOneOrFail(Body, { slug: 'ville-besancon' });
  em = () => harness.runtime.orm.em.fork({ schema: bodySchemaName(ville.id) });
  for (const person of await harness.runtime.orm.em.fork().find(Person, {})) people[person.displayName] = person.id;
});
afterAll(() => harness?.close());

describe('procès-verbal', () => {
  it('is written per item, put first on the next séance, arrêté once that séance is held, then signed by the président and the secrétaire', async () => {
    const tx = em();
    const assembly = await tx.findOneOrFail(Assembly, { kind: 'CONSEIL_MUNICIPAL' });
    const held = tx.create(Meeting, {
      id: uuidv7(),
      assembly,
      title: 'Conseil municipal',
      startsAt: new Date('2026-10-05T16:00:00Z'),
      place: 'Hôtel de Ville',
      status: 'HELD',
    });
    const next = tx.create(Meeting, {
      id: uuidv7(),
      assembly,
      title: 'Conseil municipal',
      startsAt: new Date('2026-10-12T16:00:00Z'),
      place: 'Hôtel de Ville',
      status: 'DRAFT',
    });
    const item = tx.create(AgendaItem, {
      id: uuidv7(),
      meeting: held,
      parentId: null,
      position: 1,
      title: 'Tarifs municipaux 2027',
      kind: 'DELIBERATION',
      rapporteur: 'Mme l’Adjointe',
      icpe: false,
      closedSession: false,
    });
    tx.create(AgendaItem, {
      id: uuidv7(),
      meeting: next,
      parentId: null,
      position: 1,
      title: 'Budget primitif 2027',
      kind: 'DELIBERATION',
      rapporteur: null,
      icpe: false,
      closedSession: false,
    });
    await tx.flush();
    const act = await createDeliberation(systemContextIn(harness, ville, em()), {
      meetingId: held.id,
      agendaItemId: item.id,
      matiereCode: '7.1',
      dispositif: 'Article unique.',
      presidentId: people['Claire Martin']!,
      secretaryIds: [people['Paul Bernard']!],
    });
    await recordDeliberationVote(systemContextIn(harness, ville, em()), act.id, {
      effectif: 55,
      votants: 50,
      pour: 45,
      contre: 5,
      abstention: 0,
    });
    await finaliseDeliberation(systemContextIn(harness, ville, em()), act.id);

    const secretariat = 'secretariat.ville';
    const { value: draft } = await as(
      secretariat,
      `mutation ($bodyId: UUID!, $meetingId: UUID!) { createProcesVerbal(bodyId: $bodyId, meetingId: $meetingId, input: { particularBallotRequests: "Aucune demande." }) { ${fields} } }`,
      { meetingId: held.id },
    );
    expect(draft).toMatchObject({ status: 'DRAFT', pdfUrl: null });
    const summary = `mutation ($bodyId: UUID!, $id: UUID!, $item: UUID!, $summary: String!) { setProcesVerbalSummary(bodyId: $bodyId, id: $id, agendaItemId: $item, summary: $summary) { ${fields} } }`;
    expect(
      (
        await as(secretariat, summary, {
          id: draft!.id,
          item: item.id,
          summary: 'M. Durand regrette la hausse ; Mme l’Adjointe rappelle le coût de l’énergie.',
        })
      ).error,
    ).toBeUndefined();
    const sign = `mutation ($bodyId: UUID!, $id: UUID!) { signProcesVerbal(bodyId: $bodyId, id: $id) { ${fields} } }`;
    expect((await as('claire.martin', sign, { id: draft!.id })).error?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'NOT_ARRETE',
    });

    const { value: finalised } = await as(
      secretariat,
      `mutation ($bodyId: UUID!, $id: UUID!) { finaliseProcesVerbal(bodyId: $bodyId, id: $id) { ${fields} } }`,
      { id: draft!.id },
    );
    expect(finalised).toMatchObject({ status: 'FINALISED', arreteMeetingId: next.id });
    const nextAgenda = await em().find(AgendaItem, { meeting: next.id }, { orderBy: { position: 'asc' } });
    expect(nextAgenda.map((entry) => entry.title)).toEqual([
      'Approbation du procès-verbal de la séance du 5 octobre 2026',
      'Budget primitif 2027',
    ]);
    // A body whose délibérations go through a circuit: the PV's approval has no projet and does not wait for one.
    expect(
      (
        await as(
          'secretariat.ville',
          'mutation ($bodyId: UUID!) { updateCircuitSettings(bodyId: $bodyId, itemKinds: [DELIBERATION]) { itemKinds } }',
          {},
        )
      ).error,
    ).toBeUndefined();
    const numbered = nextAgenda.map((entry, index) => ({ id: entry.id, kind: entry.kind, number: String(index + 1) }));
    expect(await itemsAwaitingCircuit(em(), numbered)).toEqual(['2']);
    expect(
      (
        await as(
          'secretariat.ville',
          'mutation ($bodyId: UUID!) { updateCircuitSettings(bodyId: $bodyId, itemKinds: []) { itemKinds } }',
          {},
        )
      ).error,
    ).toBeUndefined();
    expect((await as(secretariat, summary, { id: draft!.id, item: item.id, summary: 'Autre texte' })).error?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'PV_FINALISED',
    });

    const arrete = `mutation ($bodyId: UUID!, $id: UUID!) { arreteProcesVerbal(bodyId: $bodyId, id: $id) { ${fields} } }`;
    expect((await as(secretariat, arrete, { id: draft!.id })).error?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'NEXT_MEETING_NOT_HELD',
    });
    await em().nativeUpdate(Meeting, { id: next.id }, { status: 'HELD' });
    expect((await as(secretariat, arrete, { id: draft!.id })).value).toMatchObject({ status: 'ARRETE' });

    expect((await as(secretariat, sign, { id: draft!.id })).error?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_A_SIGNATORY',
    });
    await as('claire.martin', sign, { id: draft!.id });
    expect((await as('claire.martin', sign, { id: draft!.id })).error?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_SIGNED',
    });
    const { value: signed } = await as('paul.bernard', sign, { id: draft!.id });
    expect(signed).toMatchObject({
      status: 'SIGNED',
      signatures: [
        { signerName: 'Claire Martin', role: 'PRESIDENT' },
        { signerName: 'Paul Bernard', role: 'SECRETARY' },
      ],
    });

    const response = await harness.http
      .get(signed!.pdfUrl!.slice(testPublicUrl.length))
      .buffer(true)
      .parse((stream, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const checked = await verifySignatures(
      response.body as Buffer,
      harness.runtime.acts.signing.rootPem,
      await harness.runtime.timestamps.certificateChainPem(),
    );
    expect(checked.map((signature) => signature.signer)).toEqual(['Claire Martin', 'Paul Bernard']);
  });
});
