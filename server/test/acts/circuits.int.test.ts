import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgendaItem } from '../../src/body/agenda/agenda-item.entity.js';
import { Assembly } from '../../src/body/assemblies/assembly.entity.js';
import { Document } from '../../src/body/documents/document.entity.js';
import { Meeting } from '../../src/body/meetings/meeting.entity.js';
import { Projet, ProjetAction, ProjetDocument } from '../../src/acts/circuits/circuit.entity.js';
import { uuidv7 } from '../../src/common/ids.js';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { verifyLedger } from '../../src/evidence/ledger.js';
import { createSamplePdf } from '../../src/media/sample-pdf.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { bodySchemaName } from '../../src/tenancy/schema-name.js';
import { personId } from '../helpers/groupement.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
let ville: Body;
let em: () => EntityManager;
const people: Record<string, string> = {};

const projetFields =
  'id status version currentStep agendaItemId title rapport waitingForMe delegateOfCurrentStep steps { label validatorName validatorRole delegateName }';
interface ProjetView {
  id: string;
  status: string;
  version: number;
  currentStep: number | null;
  agendaItemId: string | null;
  title: string;
  rapport: string;
  waitingForMe: boolean;
  delegateOfCurrentStep: boolean;
  steps: { label: string; validatorName: string | null; validatorRole: string | null; delegateName: string | null }[];
}

async function as<T = ProjetView>(username: string, query: string, variables: Record<string, unknown> = {}) {
  const result = await harness.graphql<Record<string, T>>(query, { bodyId: ville.id, ...variables }, await harness.token(username));
  return { value: result.data ? (Object.values(result.data)[0] ?? null) : null, error: result.errors?.[0] };
}

const decide = `mutation ($bodyId: UUID!, $id: UUID!, $input: CircuitDecisionInput!) { decideOnProjet(bodyId: $bodyId, id: $id, input: $input) { ${projetFields} } }`;
const submit = `mutation ($bodyId: UUID!, $id: UUID!, $circuitId: UUID) { submitProjet(bodyId: $bodyId, id: $id, circuitId: $circuitId) { ${projetFields} } }`;
const update = `mutation ($bodyId: UUID!, $id: UUID!, $input: ProjetInput!) { updateProjet(bodyId: $bodyId, id: $id, input: $input) { ${projetFields} } }`;
const read = `query ($bodyId: UUID!, $id: UUID!) { projet(bodyId: $bodyId, id: $id) { ${projetFields} } }`;
const toVisa = 'query ($bodyId: UUID!) { projetsToVisa(bodyId: $bodyId) { id waitingForMe } }';
const place = `mutation ($bodyId: UUID!, $id: UUID!, $meetingId: UUID!) { placeProjetOnAgenda(bodyId: $bodyId, id: $id, meetingId: $meetingId) { ${projetFields} } }`;
const preview =
  'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { convocationPreview { awaitingCircuit missingSynthesis } } } }';
const send = 'mutation ($bodyId: UUID!, $meetingId: UUID!) { sendConvocation(bodyId: $bodyId, input: { meetingId: $meetingId }) { id } }';
const secretariat = 'secretariat.ville';

/** The projet and its history as stored: what a refused action must leave untouched. */
async function stored(id: string) {
  const tx = em();
  return {
    projet: await tx.findOneOrFail(Projet, { id }),
    actions: await tx.count(ProjetAction, { projetId: id }),
    ledger: await tx.count(LedgerEntry, {}),
  };
}

beforeAll(async () => {
  harness = await startHarness();
  ville = await harness.runtime.orm.em.fork().findOneOrFail(Body, { slug: 'ville-besancon' });
  em = () => harness.runtime.orm.em.fork({ schema: bodySchemaName(ville.id) });
  for (const username of ['secretariat.ville', 'paul.bernard', 'claire.martin', 'christine.bouquin'])
    people[username] = await personId(harness, username);
});
afterAll(() => harness?.close());

describe('validation circuits', () => {
  let circuitId: string;

  it('are defined by the body admin: named validators or a role, members of the body, with a delegate', async () => {
    const settings =
      'mutation ($bodyId: UUID!, $kinds: [AgendaItemKind!]!) { updateCircuitSettings(bodyId: $bodyId, itemKinds: $kinds) { itemKinds } }';
    expect((await as('paul.bernard', settings, { kinds: ['DELIBERATION'] })).error?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await as(secretariat, settings, { kinds: ['DELIBERATION'] })).value).toEqual({ itemKinds: ['DELIBERATION'] });

    const save = `mutation ($bodyId: UUID!, $input: CircuitInput!) { saveCircuit(bodyId: $bodyId, input: $input) { id name steps { label validatorName validatorRole delegateName } } }`;
    const both = await as(secretariat, save, {
      input: { name: 'Mauvais', steps: [{ label: 'Service', validatorRole: 'SECRETARIAT', validatorPersonId: people['paul.bernard'] }] },
    });
    expect(both.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const stranger = await as(secretariat, save, {
      input: { name: 'Mauvais', steps: [{ label: 'Élue du Doubs', validatorPersonId: people['christine.bouquin'] }] },
    });
    expect(stranger.error?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const { value: circuit, error } = await as<{ id: string; name: string; steps: unknown[] }>(secretariat, save, {
      input: {
        name: 'Délibérations',
        steps: [
          { label: 'Service instructeur', validatorRole: 'SECRETARIAT' },
          { label: 'Direction générale', validatorPersonId: people['paul.bernard'], delegatePersonId: people['secretariat.ville'] },
          { label: 'Maire', validatorPersonId: people['claire.martin'] },
        ],
      },
    });
    expect(error).toBeUndefined();
    expect(circuit!.steps).toEqual([
      { label: 'Service instructeur', validatorName: null, validatorRole: 'SECRETARIAT', delegateName: null },
      {
        label: 'Direction générale',
        validatorName: 'Paul Bernard',
        validatorRole: null,
        delegateName: 'Secrétariat des assemblées — Ville de Besançon',
      },
      { label: 'Maire', validatorName: 'Claire Martin', validatorRole: null, delegateName: null },
    ]);
    circuitId = circuit!.id;
  });

  it('takes a projet through its steps: visa, send-back with a comment, revision from the first step, a delegate’s skip; every refusal writes nothing', async () => {
    const create = `mutation ($bodyId: UUID!, $input: ProjetInput!) { createProjet(bodyId: $bodyId, input: $input) { ${projetFields} } }`;
    expect((await as('paul.bernard', create, { input: { title: 'Intrus' } })).error?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const { value: draft } = await as(secretariat, create, {
      input: {
        title: 'Tarifs de la piscine 2027',
        rapport: 'Les tarifs augmentent de 2 %.',
        projetText: 'Article 1 : les tarifs sont fixés selon l’annexe.',
      },
    });
    expect(draft).toMatchObject({ status: 'DRAFT', version: 1, steps: [] });
    const id = draft!.id;

    const pdf = Buffer.from(await createSamplePdf({ title: 'Grille tarifaire', pages: 1, bodyName: 'Ville de Besançon' })).toString(
      'base64',
    );
    const attach =
      'mutation ($bodyId: UUID!, $id: UUID!, $content: String!) { attachProjetDocument(bodyId: $bodyId, projetId: $id, title: "Grille tarifaire", fileName: "grille.pdf", contentBase64: $content) { id fileName } }';
    expect((await as(secretariat, attach, { id, content: Buffer.from('pas un pdf').toString('base64') })).error?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect((await as(secretariat, attach, { id, content: pdf })).value).toMatchObject({ fileName: 'grille.pdf' });

    expect((await as(secretariat, submit, { id })).error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'circuitId' });
    const { value: submitted } = await as(secretariat, submit, { id, circuitId });
    expect(submitted).toMatchObject({ status: 'IN_VALIDATION', currentStep: 0, version: 1 });

    // Under validation the projet is frozen.
    let before = await stored(id);
    expect((await as(secretariat, update, { id, input: { rapport: 'Autre texte' } })).error?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'PROJET_IN_VALIDATION',
    });
    expect((await as(secretariat, attach, { id, content: pdf })).error?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'PROJET_IN_VALIDATION',
    });
    expect(await stored(id)).toEqual(before);

    // A validator of a later step sees nothing yet.
    expect((await as('claire.martin', read, { id })).error?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      (await as('claire.martin', decide, { id, input: { decision: 'APPROVE', version: 1, step: 2 } })).error?.extensions,
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect((await as<{ id: string }[]>('claire.martin', toVisa)).value).toEqual([]);
    expect((await as<{ id: string }[]>('paul.bernard', toVisa)).value).toEqual([]);

    // Step 1, by role: the secretariat's visa; acting twice is refused.
    expect(
      (await as(secretariat, decide, { id, input: { decision: 'APPROVE', version: 1, step: 0, comment: 'Vu pour le service.' } })).value,
    ).toMatchObject({ currentStep: 1 });
    before = await stored(id);
    expect((await as(secretariat, decide, { id, input: { decision: 'APPROVE', version: 1, step: 0 } })).error?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_ACTED',
    });
    // The secretariat may read it, but step 2 is not theirs.
    expect((await as(secretariat, decide, { id, input: { decision: 'APPROVE', version: 1, step: 1 } })).error?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_YOUR_STEP',
    });
    // Sending back needs a comment.
    expect(
      (await as('paul.bernard', decide, { id, input: { decision: 'SEND_BACK', version: 1, step: 1, comment: '  ' } })).error?.extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'comment' });
    expect(await stored(id)).toEqual(before);

    expect((await as<{ id: string; waitingForMe: boolean }[]>('paul.bernard', toVisa)).value).toEqual([{ id, waitingForMe: true }]);
    const { value: sentBack } = await as('paul.bernard', decide, {
      id,
      input: { decision: 'SEND_BACK', version: 1, step: 1, comment: 'Précisez le tarif réduit.' },
    });
    expect(sentBack).toMatchObject({ status: 'SENT_BACK', currentStep: null, waitingForMe: false });
    // What he acted on stays in his list.
    expect((await as<{ id: string; waitingForMe: boolean }[]>('paul.bernard', toVisa)).value).toEqual([{ id, waitingForMe: false }]);
    expect((await as(secretariat, place, { id, meetingId: uuidv7() })).error?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'CIRCUIT_NOT_ENDED',
    });

    // The author revises; the circuit restarts from its first step, as version 2.
    await as(secretariat, update, { id, input: { rapport: 'Les tarifs augmentent de 2 % ; le tarif réduit reste à 2 €.' } });
    expect((await as(secretariat, submit, { id })).value).toMatchObject({ status: 'IN_VALIDATION', currentStep: 0, version: 2 });
    expect((await as(secretariat, decide, { id, input: { decision: 'APPROVE', version: 1, step: 0 } })).error?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_ACTED',
    });
    await as(secretariat, decide, { id, input: { decision: 'APPROVE', version: 2, step: 0 } });
    // Only the step's delegate may skip it; the delegate sees it waiting.
    expect((await as('paul.bernard', decide, { id, input: { decision: 'SKIP', version: 2, step: 1 } })).error?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_YOUR_STEP',
    });
    expect((await as(secretariat, read, { id })).value).toMatchObject({ waitingForMe: true, delegateOfCurrentStep: true });
    await as(secretariat, decide, { id, input: { decision: 'SKIP', version: 2, step: 1, comment: 'M. Bernard est absent.' } });
    expect((await as('paul.bernard', decide, { id, input: { decision: 'APPROVE', version: 2, step: 1 } })).error?.extensions).toMatchObject(
      { code: 'CONFLICT', reason: 'ALREADY_ACTED' },
    );
    expect(
      (await as('claire.martin', decide, { id, input: { decision: 'APPROVE', version: 2, step: 2, comment: 'Bon pour inscription.' } }))
        .value,
    ).toMatchObject({ status: 'APPROVED', currentStep: null });
    expect((await as(secretariat, update, { id, input: { title: 'Autre' } })).error?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'PROJET_APPROVED',
    });

    const history = `query ($bodyId: UUID!, $id: UUID!) { projet(bodyId: $bodyId, id: $id) { documents { fileName downloadUrl } history { version action step stepLabel actorName asDelegate comment } } }`;
    const { value } = await as<{ documents: { fileName: string; downloadUrl: string }[]; history: unknown[] }>('claire.martin', history, {
      id,
    });
    expect(value!.documents).toEqual([{ fileName: 'grille.pdf', downloadUrl: expect.stringMatching(/^http/) }]);
    expect(value!.history).toEqual([
      {
        version: 1,
        action: 'SUBMITTED',
        step: null,
        stepLabel: null,
        actorName: 'Secrétariat des assemblées — Ville de Besançon',
        asDelegate: false,
        comment: null,
      },
      {
        version: 1,
        action: 'APPROVED',
        step: 0,
        stepLabel: 'Service instructeur',
        actorName: 'Secrétariat des assemblées — Ville de Besançon',
        asDelegate: false,
        comment: 'Vu pour le service.',
      },
      {
        version: 1,
        action: 'SENT_BACK',
        step: 1,
        stepLabel: 'Direction générale',
        actorName: 'Paul Bernard',
        asDelegate: false,
        comment: 'Précisez le tarif réduit.',
      },
      {
        version: 2,
        action: 'SUBMITTED',
        step: null,
        stepLabel: null,
        actorName: 'Secrétariat des assemblées — Ville de Besançon',
        asDelegate: false,
        comment: null,
      },
      {
        version: 2,
        action: 'APPROVED',
        step: 0,
        stepLabel: 'Service instructeur',
        actorName: 'Secrétariat des assemblées — Ville de Besançon',
        asDelegate: false,
        comment: null,
      },
      {
        version: 2,
        action: 'SKIPPED',
        step: 1,
        stepLabel: 'Direction générale',
        actorName: 'Secrétariat des assemblées — Ville de Besançon',
        asDelegate: true,
        comment: 'M. Bernard est absent.',
      },
      {
        version: 2,
        action: 'APPROVED',
        step: 2,
        stepLabel: 'Maire',
        actorName: 'Claire Martin',
        asDelegate: false,
        comment: 'Bon pour inscription.',
      },
    ]);
    const ledger = await em().find(LedgerEntry, { subjectId: id }, { orderBy: { sequence: 'asc' } });
    expect(ledger.map((entry) => entry.kind)).toEqual([
      'PROJET_SUBMITTED',
      'PROJET_APPROVED',
      'PROJET_SENT_BACK',
      'PROJET_SUBMITTED',
      'PROJET_APPROVED',
      'PROJET_SKIPPED',
      'PROJET_APPROVED',
    ]);
    expect(ledger[5]!.payload).toMatchObject({ actorId: people['secretariat.ville'], asDelegate: true, step: 1, version: 2 });
    expect((await verifyLedger(em(), ville.id)).ok).toBe(true);
  });

  it('keeps an item of a kind subject to a circuit from being convened until it comes from an approved projet', async () => {
    const tx = em();
    const assembly = await tx.findOneOrFail(Assembly, { kind: 'CONSEIL_MUNICIPAL' });
    const meeting = tx.create(Meeting, {
      id: uuidv7(),
      assembly,
      title: 'Conseil municipal',
      startsAt: new Date(Date.now() + 40 * 86_400_000),
      place: 'Hôtel de Ville',
      status: 'DRAFT',
    });
    const direct = tx.create(AgendaItem, {
      id: uuidv7(),
      meeting,
      parentId: null,
      position: 1,
      title: 'Subvention au club de hockey',
      kind: 'DELIBERATION',
      rapporteur: null,
      icpe: false,
      closedSession: false,
    });
    await tx.flush();
    const [approved] = await em().find(Projet, { status: 'APPROVED' });

    // The copy of the attached file fails, once the rapport is stored (storage down, or a crash there): nothing of the placement is kept.
    const storage = harness.runtime.documents.storage;
    const read = storage.read.bind(storage);
    const attached = await em().findOneOrFail(ProjetDocument, { projetId: approved!.id });
    storage.read = (key, range) => (key === attached.storageKey ? Promise.reject(new Error('storage unavailable')) : read(key, range));
    const ledgerBefore = await em().count(LedgerEntry, {});
    try {
      expect((await as(secretariat, place, { id: approved!.id, meetingId: meeting.id })).error).toBeDefined();
    } finally {
      storage.read = read;
    }
    expect(await em().count(AgendaItem, { meeting: meeting.id })).toBe(1);
    expect(await em().count(Document, { meeting: meeting.id })).toBe(0);
    expect((await em().findOneOrFail(Projet, { id: approved!.id })).agendaItemId).toBeNull();
    expect(await em().count(ProjetAction, { projetId: approved!.id, action: 'PLACED_ON_AGENDA' })).toBe(0);
    expect(await em().count(LedgerEntry, {})).toBe(ledgerBefore);

    // Done again once the storage answers: the item comes with its documents.
    const { value: placed } = await as(secretariat, place, { id: approved!.id, meetingId: meeting.id });
    expect(placed!.agendaItemId).toEqual(expect.any(String));
    expect((await as(secretariat, place, { id: approved!.id, meetingId: meeting.id })).error?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_ON_AGENDA',
    });
    const item = await em().findOneOrFail(AgendaItem, { id: placed!.agendaItemId! });
    expect(item).toMatchObject({ title: 'Tarifs de la piscine 2027', kind: 'DELIBERATION', position: 2 });
    const documents = await em().find(Document, { agendaItemId: item.id }, { orderBy: { createdAt: 'asc' } });
    expect(documents.map((document) => [document.kind, document.title])).toEqual([
      ['RAPPORT', 'Rapport — Tarifs de la piscine 2027'],
      ['ANNEXE', 'Grille tarifaire'],
    ]);

    const checklist = await harness.graphql<{ body: { meeting: { convocationPreview: { awaitingCircuit: string[] } } } }>(
      preview,
      { id: meeting.id },
      await harness.token(secretariat),
    );
    expect(checklist.data!.body.meeting.convocationPreview.awaitingCircuit).toEqual(['1']);
    const before = await em().count(LedgerEntry, {});
    const refused = await as(secretariat, send, { meetingId: meeting.id });
    expect(refused.error?.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'CIRCUIT_NOT_ENDED', items: ['1'] });
    expect(refused.error?.message).toContain('Le point 1 est soumis à un circuit de validation');
    expect(await em().count(LedgerEntry, {})).toBe(before);
    expect((await em().findOneOrFail(Meeting, { id: meeting.id })).status).toBe('DRAFT');

    // Without the direct item, only the projet's remains: the send goes.
    await em().nativeDelete(AgendaItem, { id: direct.id });
    await em().nativeUpdate(AgendaItem, { id: item.id }, { position: 1 });
    const sent = await as<{ id: string }>(secretariat, send, { meetingId: meeting.id });
    expect(sent.error).toBeUndefined();
  });
});
