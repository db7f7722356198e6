import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textPdf, uploadDocument } from '../helpers/document-upload.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

const intro = 'Le conseil municipal est invité à se prononcer sur les points suivants.';
const budget = 'Le budget annexe des transports est arrêté à 4 200 000 euros en section de fonctionnement.';
const schools = 'La rénovation énergétique des écoles élémentaires sera engagée dès le printemps prochain.';
const closing = 'Ainsi délibéré en séance publique, les jour, mois et an susdits.';

const annotationFields =
  'id documentId kind quote prefix suffix createdOnVersionId versionId pageNumber anchoredQuote anchorStatus note rects { x y width height }';
const annotationsQuery = `query ($slug: String!, $meetingId: UUID!) { body(slug: $slug) { meeting(id: $meetingId) {
  documents { id versions { id version } annotations { ${annotationFields} } } } } }`;
const saveMutation = `mutation ($bodyId: UUID!, $input: AnnotationInput!) { saveAnnotation(bodyId: $bodyId, input: $input) { ${annotationFields} } }`;

type Annotation = {
  id: string;
  quote: string;
  versionId: string;
  pageNumber: number | null;
  anchoredQuote: string | null;
  anchorStatus: string;
  note: string | null;
  rects: unknown[] | null;
  createdOnVersionId: string;
};
type Documents = {
  body: { meeting: { documents: { id: string; versions: { id: string; version: number }[]; annotations: Annotation[] }[] } };
};

let harness: TestHarness;
let claire: string;
let secretariat: string;
let bodyId: string;
let meetingId: string;
let documentId: string;
let firstVersionId: string;

const annotationsOf = async (token: string) => {
  const result = await harness.graphql<Documents>(annotationsQuery, { slug: 'ville-besancon', meetingId }, token);
  expect(result.errors).toBeUndefined();
  return result.data!.body.meeting.documents.find((document) => document.id === documentId)!;
};

const save = (token: string, input: Record<string, unknown>, body = bodyId) =>
  harness.graphql<{ saveAnnotation: Annotation }>(
    saveMutation,
    { bodyId: body, input: { documentId, versionId: firstVersionId, ...input } },
    token,
  );

beforeAll(async () => {
  // The demo of `npm start`: meetings convened, so officials see them (drafts are the secretariat's).
  harness = await startHarness({ demoDocuments: true });
  claire = await harness.token('claire.martin');
  secretariat = await harness.token('secretariat.ville');
  const body = await harness.graphql<{ body: { id: string; meetings: { id: string }[] } }>(
    '{ body(slug: "ville-besancon") { id meetings { id } } }',
    {},
    secretariat,
  );
  bodyId = body.data!.body.id;
  meetingId = body.data!.body.meetings[0]!.id;
  documentId = await uploadDocument(harness, secretariat, { bodyId, meetingId }, await textPdf([intro, `${budget} ${schools}`, closing]));
  firstVersionId = (await annotationsOf(claire)).versions[0]!.id;
});
afterAll(() => harness?.close());

describe('private annotations', () => {
  const highlightId = randomUUID();
  const changedId = randomUUID();
  const orphanId = randomUUID();
  const pageNoteId = randomUUID();

  it('saves a highlight and a page note under the ids chosen by the device, once whatever the retries', async () => {
    const highlight = {
      id: highlightId,
      kind: 'HIGHLIGHT',
      pageNumber: 2,
      quote: 'budget   annexe des transports',
      prefix: 'Le',
      suffix: 'est arrêté à 4 200 000 euros',
      rects: [{ x: 0.1, y: 0.07, width: 0.5, height: 0.02 }],
    };
    const first = await save(claire, highlight);
    expect(first.errors).toBeUndefined();
    expect(first.data!.saveAnnotation).toMatchObject({
      quote: 'budget annexe des transports',
      anchorStatus: 'ANCHORED',
      pageNumber: 2,
      versionId: firstVersionId,
    });

    // The answer was lost, the device sends it again, then twice at once: still one annotation.
    await Promise.all([save(claire, { ...highlight, note: 'À vérifier' }), save(claire, { ...highlight, note: 'À vérifier' })]);
    const retried = await save(claire, { ...highlight, note: 'Montant à comparer avec 2026' });
    expect(retried.data!.saveAnnotation.note).toBe('Montant à comparer avec 2026');

    // A new annotation saved twice at once (a retry racing the original): one row, no error.
    const pageNote = { id: pageNoteId, kind: 'NOTE', pageNumber: 3, note: 'Demander le détail' };
    const racing = await Promise.all([save(claire, pageNote), save(claire, pageNote)]);
    expect(racing.map((result) => result.errors)).toEqual([undefined, undefined]);
    expect(
      (
        await save(claire, {
          id: changedId,
          kind: 'HIGHLIGHT',
          pageNumber: 2,
          quote: 'rénovation énergétique',
          prefix: 'fonctionnement. La',
          suffix: 'des écoles élémentaires sera',
        })
      ).errors,
    ).toBeUndefined();
    expect(
      (
        await save(claire, {
          id: orphanId,
          kind: 'HIGHLIGHT',
          pageNumber: 3,
          quote: 'en séance publique',
          prefix: 'Ainsi délibéré',
          suffix: ', les jour, mois',
        })
      ).errors,
    ).toBeUndefined();

    const mine = (await annotationsOf(claire)).annotations;
    expect(mine.map((annotation) => annotation.id).sort()).toEqual([highlightId, changedId, orphanId, pageNoteId].sort());
  });

  it('shows them to their author only: not to another official, not even to the secretariat', async () => {
    expect((await annotationsOf(secretariat)).annotations).toEqual([]);
    expect((await annotationsOf(await harness.token('paul.bernard'))).annotations).toEqual([]);

    const hijack = await save(secretariat, {
      id: highlightId,
      kind: 'HIGHLIGHT',
      pageNumber: 2,
      quote: 'budget',
      note: 'lu par le secrétariat',
    });
    expect(hijack.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const deleted = await harness.graphql(
      'mutation ($bodyId: UUID!, $id: UUID!) { deleteAnnotation(bodyId: $bodyId, annotationId: $id) }',
      { bodyId, id: highlightId },
      secretariat,
    );
    expect(deleted.errors).toBeUndefined();
    const mine = (await annotationsOf(claire)).annotations;
    expect(mine.find((annotation) => annotation.id === highlightId)?.note).toBe('Montant à comparer avec 2026');
  });

  it('refuses bad annotations with a French message, and documents of another body', async () => {
    const empty = await save(claire, { id: randomUUID(), kind: 'HIGHLIGHT', pageNumber: 1, quote: '   ' });
    expect(empty.errors?.[0]).toMatchObject({ message: 'Sélectionnez le passage à surligner.', extensions: { code: 'BAD_USER_INPUT' } });
    const page = await save(claire, { id: randomUUID(), kind: 'NOTE', pageNumber: 9, note: 'x' });
    expect(page.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badRect = await save(claire, {
      id: randomUUID(),
      kind: 'NOTE',
      pageNumber: 1,
      note: 'x',
      rects: [{ x: 2, y: 0, width: 0, height: 0 }],
    });
    expect(badRect.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const departement = await harness.graphql<{ body: { id: string } }>('{ body(slug: "departement-doubs") { id } }', {}, claire);
    const elsewhere = await save(claire, { id: randomUUID(), kind: 'NOTE', pageNumber: 1, note: 'x' }, departement.data!.body.id);
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps them when the secretariat uploads a new version: re-anchored on the text, flagged when it changed', async () => {
    const amended = schools.replace('rénovation énergétique', 'réhabilitation thermique');
    await uploadDocument(
      harness,
      secretariat,
      { bodyId, meetingId, documentId },
      await textPdf(['Sommaire', intro, `${budget} ${amended}`, 'Fin du document.']),
    );
    const document = await annotationsOf(claire);
    const latest = document.versions[0]!;
    expect(latest.version).toBe(2);
    const byId = new Map(document.annotations.map((annotation) => [annotation.id, annotation]));

    expect(byId.get(highlightId)).toMatchObject({
      anchorStatus: 'ANCHORED',
      versionId: latest.id,
      createdOnVersionId: firstVersionId,
      pageNumber: 3,
      anchoredQuote: 'budget annexe des transports',
      note: 'Montant à comparer avec 2026',
      rects: null,
    });
    expect(byId.get(changedId)).toMatchObject({
      anchorStatus: 'TEXT_CHANGED',
      pageNumber: 3,
      quote: 'rénovation énergétique',
      anchoredQuote: 'réhabilitation thermique',
    });
    expect(byId.get(orphanId)).toMatchObject({
      anchorStatus: 'ORPHANED',
      pageNumber: null,
      anchoredQuote: null,
      quote: 'en séance publique',
    });
    expect(byId.get(pageNoteId)).toMatchObject({ anchorStatus: 'ANCHORED', pageNumber: 3, note: 'Demander le détail' });
    // Still private after re-anchoring.
    expect((await annotationsOf(secretariat)).annotations).toEqual([]);
  });

  it('deletes, idempotently', async () => {
    const remove = () =>
      harness.graphql<{ deleteAnnotation: string }>(
        'mutation ($bodyId: UUID!, $id: UUID!) { deleteAnnotation(bodyId: $bodyId, annotationId: $id) }',
        { bodyId, id: orphanId },
        claire,
      );
    expect((await remove()).data?.deleteAnnotation).toBe(orphanId);
    expect((await remove()).data?.deleteAnnotation).toBe(orphanId);
    expect((await annotationsOf(claire)).annotations.map((annotation) => annotation.id)).not.toContain(orphanId);
  });
});
