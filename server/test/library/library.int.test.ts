import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestDocumentUploadMutation, textPdf, type DocumentTicket } from '../helpers/document-upload.js';
import { startHarness, testPublicUrl, type TestHarness } from '../helpers/harness.js';

/**
 * The library: documents outside meetings, uploaded by the secretariat like a meeting document, read,
 * searched, annotated and downloaded by every member of the body — and by nobody else.
 */
let harness: TestHarness;
let villeId: string;
let doubsId: string;
let villeMeetingId: string;
let secretariatVille: string;
let secretariatDoubs: string;
let claire: string; // official of the Ville, the Métropole and the Département
let paul: string; // official of the Ville only

const reglement = 'Article 12. Les questions orales sont déposées auprès du maire quarante-huit heures avant la séance.';
const guide = 'Guide des aides départementales aux communes rurales : voirie, écoles, assainissement.';

const requestMutation = `mutation ($bodyId: UUID!, $input: LibraryUploadInput!) {
  requestLibraryUpload(bodyId: $bodyId, input: $input) { uploadId url fields { name value } parts { partSize partCount } } }`;
const libraryFields = 'category body { slug } document { id title kind versions { id version fileName downloadUrl } }';
type LibraryDocument = {
  category: string;
  body: { slug: string };
  document: { id: string; title: string; kind: string; versions: { id: string; version: number; fileName: string; downloadUrl: string }[] };
};

async function postFile(ticket: DocumentTicket, bytes: Uint8Array) {
  const request = harness.http.post(ticket.url!.replace(testPublicUrl, ''));
  for (const field of ticket.fields) request.field(field.name, field.value);
  return request.attach('file', Buffer.from(bytes), { filename: 'document.pdf', contentType: 'application/pdf' });
}

const requestUpload = (token: string, bodyId: string, input: Record<string, unknown>) =>
  harness.graphql<{ requestLibraryUpload: DocumentTicket }>(
    requestMutation,
    {
      bodyId,
      input: {
        category: 'REGLEMENT_INTERIEUR',
        title: 'Règlement intérieur',
        fileName: 'reglement.pdf',
        contentType: 'application/pdf',
        sizeBytes: 1000,
        ...input,
      },
    },
    token,
  );

/** Uploads to the library through the same ticket and completion as a meeting document; the document id. */
async function upload(token: string, bodyId: string, text: string, input: Record<string, unknown>): Promise<string> {
  const bytes = await textPdf([text]);
  const ticket = await requestUpload(token, bodyId, { ...input, sizeBytes: bytes.length });
  expect(ticket.errors).toBeUndefined();
  return completeUpload(token, bodyId, ticket.data!.requestLibraryUpload, bytes);
}

async function completeUpload(token: string, bodyId: string, ticket: DocumentTicket, bytes: Uint8Array): Promise<string> {
  expect((await postFile(ticket, bytes)).status).toBe(204);
  const completed = await harness.graphql<{ completeDocumentUpload: string }>(
    'mutation ($bodyId: UUID!, $uploadId: UUID!) { completeDocumentUpload(bodyId: $bodyId, uploadId: $uploadId) }',
    { bodyId, uploadId: ticket.uploadId },
    token,
  );
  expect(completed.errors).toBeUndefined();
  return completed.data!.completeDocumentUpload;
}

const libraryOf = async (token: string) => {
  const result = await harness.graphql<{ library: LibraryDocument[] }>(`{ library { ${libraryFields} } }`, {}, token);
  expect(result.errors).toBeUndefined();
  return result.data!.library;
};

const search = async (token: string, query: string) => {
  const result = await harness.graphql<{
    searchDocuments: {
      documentId: string;
      meetingId: string | null;
      libraryCategory: string | null;
      body: { slug: string };
      excerpt: string;
    }[];
  }>(
    'query ($query: String!) { searchDocuments(query: $query) { documentId meetingId libraryCategory body { slug } excerpt } }',
    { query },
    token,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.searchDocuments;
};

beforeAll(async () => {
  harness = await startHarness();
  [secretariatVille, secretariatDoubs, claire, paul] = (await Promise.all(
    ['secretariat.ville', 'secretariat.doubs', 'claire.martin', 'paul.bernard'].map((name) => harness.token(name)),
  )) as [string, string, string, string];
  const ville = await harness.graphql<{ body: { id: string; meetings: { id: string }[] } }>(
    '{ body(slug: "ville-besancon") { id meetings { id } } }',
    {},
    secretariatVille,
  );
  villeId = ville.data!.body.id;
  villeMeetingId = ville.data!.body.meetings[0]!.id;
  doubsId = (await harness.graphql<{ body: { id: string } }>('{ body(slug: "departement-doubs") { id } }', {}, secretariatDoubs)).data!.body
    .id;
});
afterAll(() => harness?.close());

describe('library', () => {
  let reglementId: string;
  let guideId: string;

  it('takes a PDF outside any meeting, in a section, with its pages verified as any document', async () => {
    reglementId = await upload(secretariatVille, villeId, reglement, { title: 'Règlement intérieur du conseil municipal' });
    guideId = await upload(secretariatDoubs, doubsId, guide, { category: 'GUIDE', title: 'Guide des aides', fileName: 'guide.pdf' });

    const body = await harness.graphql<{ body: { library: LibraryDocument[]; meeting: { documents: { id: string }[] } } }>(
      `query ($id: UUID!) { body(slug: "ville-besancon") { library { ${libraryFields} } meeting(id: $id) { documents { id } } } }`,
      { id: villeMeetingId },
      secretariatVille,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.body.library).toEqual([
      {
        category: 'REGLEMENT_INTERIEUR',
        body: { slug: 'ville-besancon' },
        document: {
          id: reglementId,
          title: 'Règlement intérieur du conseil municipal',
          kind: 'AUTRE',
          versions: [expect.objectContaining({ version: 1, fileName: 'reglement.pdf' })],
        },
      },
    ]);
    expect(body.data!.body.meeting.documents.map((document) => document.id)).not.toContain(reglementId);
  });

  it('is read by every member of the body, across all their bodies, and by no one else', async () => {
    expect((await libraryOf(claire)).map((entry) => [entry.body.slug, entry.document.id])).toEqual([
      ['departement-doubs', guideId],
      ['ville-besancon', reglementId],
    ]);
    expect((await libraryOf(paul)).map((entry) => entry.document.id)).toEqual([reglementId]);
    const foreign = await harness.graphql(
      'query ($id: UUID!) { body(slug: "departement-doubs") { libraryDocument(id: $id) { category } } }',
      { id: guideId },
      paul,
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('opens for an official through a download link, with no convocation receipt to record', async () => {
    const [entry] = await libraryOf(paul);
    const url = entry!.document.versions[0]!.downloadUrl;
    expect(url).toContain('/downloads/');
    const response = await harness.http.get(url.replace(testPublicUrl, ''));
    expect(response.status).toBe(302);
  });

  it('is found by the search, marked as a library document, only by members', async () => {
    const [hit] = await search(claire, 'questions orales');
    expect(hit).toMatchObject({
      documentId: reglementId,
      meetingId: null,
      libraryCategory: 'REGLEMENT_INTERIEUR',
      body: { slug: 'ville-besancon' },
    });
    expect(hit!.excerpt).toContain('questions orales');
    expect((await search(claire, 'aides départementales')).map((found) => found.documentId)).toEqual([guideId]);
    expect(await search(paul, 'aides départementales')).toEqual([]);
  });

  it('is annotated by an official as any document, and the annotation is theirs', async () => {
    const [entry] = await libraryOf(paul);
    const saved = await harness.graphql<{ saveAnnotation: { id: string; anchorStatus: string } }>(
      'mutation ($bodyId: UUID!, $input: AnnotationInput!) { saveAnnotation(bodyId: $bodyId, input: $input) { id anchorStatus } }',
      {
        bodyId: villeId,
        input: {
          id: randomUUID(),
          documentId: reglementId,
          versionId: entry!.document.versions[0]!.id,
          kind: 'HIGHLIGHT',
          quote: 'questions orales',
          pageNumber: 1,
        },
      },
      paul,
    );
    expect(saved.errors).toBeUndefined();
    const read = await harness.graphql<{ body: { libraryDocument: { document: { annotations: { id: string }[] } } } }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { libraryDocument(id: $id) { document { annotations { id } } } } }',
      { id: reglementId },
      paul,
    );
    expect(read.data!.body.libraryDocument.document.annotations.map((annotation) => annotation.id)).toEqual([
      saved.data!.saveAnnotation.id,
    ]);
  });

  it('is replaced by a new version, which may move it to another section', async () => {
    const replaced = await upload(secretariatVille, villeId, `${reglement} Modifié le 3 février.`, {
      documentId: reglementId,
      category: 'GUIDE',
      title: 'Règlement intérieur (modifié)',
      fileName: 'reglement-v2.pdf',
    });
    expect(replaced).toBe(reglementId);
    const [entry] = await libraryOf(paul);
    expect(entry).toMatchObject({ category: 'GUIDE', document: { title: 'Règlement intérieur (modifié)' } });
    expect(entry!.document.versions.map((version) => version.version)).toEqual([2, 1]);
  });

  it('refuses, in French, what is not the secretariat’s, not a PDF, or not a library document', async () => {
    const byOfficial = await requestUpload(paul, villeId, {});
    expect(byOfficial.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const wrongType = await requestUpload(secretariatVille, villeId, { contentType: 'text/plain' });
    expect(wrongType.errors?.[0]).toMatchObject({
      message: 'Seuls les documents PDF sont acceptés.',
      extensions: { code: 'BAD_USER_INPUT', reason: 'WRONG_TYPE' },
    });
    const bytes = await textPdf(['Rapport de séance.']);
    const meetingTicket = await harness.graphql<{ requestDocumentUpload: DocumentTicket }>(
      requestDocumentUploadMutation,
      {
        bodyId: villeId,
        input: {
          meetingId: villeMeetingId,
          kind: 'RAPPORT',
          title: 'Rapport',
          fileName: 'rapport.pdf',
          contentType: 'application/pdf',
          sizeBytes: bytes.length,
        },
      },
      secretariatVille,
    );
    const meetingDocumentId = await completeUpload(secretariatVille, villeId, meetingTicket.data!.requestDocumentUpload, bytes);
    const meetingDocument = await requestUpload(secretariatVille, villeId, { documentId: meetingDocumentId });
    expect(meetingDocument.errors?.[0]).toMatchObject({
      message: 'Document introuvable dans la bibliothèque.',
      extensions: { code: 'NOT_FOUND' },
    });
    const asLibrary = await harness.graphql(
      'query ($id: UUID!) { body(slug: "ville-besancon") { libraryDocument(id: $id) { category } } }',
      { id: meetingDocumentId },
      secretariatVille,
    );
    expect(asLibrary.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const unknownSection = await requestUpload(secretariatVille, villeId, { category: 'RECETTES' });
    expect(unknownSection.errors).toHaveLength(1);
  });

  it('is removed at any time, with its versions', async () => {
    const removed = await harness.graphql<{ deleteDocument: string }>(
      'mutation ($bodyId: UUID!, $id: UUID!) { deleteDocument(bodyId: $bodyId, documentId: $id) }',
      { bodyId: villeId, id: reglementId },
      secretariatVille,
    );
    expect(removed.errors).toBeUndefined();
    expect(await libraryOf(paul)).toEqual([]);
    expect(await search(paul, 'questions orales')).toEqual([]);
  });
});
