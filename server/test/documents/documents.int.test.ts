import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentPage, DocumentVersion, PendingUpload } from '../../src/body/documents/document.entity.js';
import { createSamplePdf } from '../../src/media/sample-pdf.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { bodySchemaName } from '../../src/tenancy/schema-name.js';
import { startHarness, testPublicUrl, type TestHarness } from '../helpers/harness.js';
import { eventually } from '../helpers/eventually.js';
import { createEncryptedPdf, createZeroPagePdf, deflatedZeros, writeStreamPdf } from '../media/pdf-fixtures.js';

let harness: TestHarness;
let token: string;
let bodyId: string;
let meetingId: string;

const bodyEm = async () => {
  const ville = await harness.runtime.orm.em.fork().findOneOrFail(Body, { slug: 'ville-besancon' });
  return harness.runtime.orm.em.fork({ schema: bodySchemaName(ville.id) });
};

type Ticket = { uploadId: string; url: string; fields: { name: string; value: string }[]; maxBytes: number };

async function requestUpload(input: Record<string, unknown>) {
  return harness.graphql<{ requestDocumentUpload: Ticket }>(
    'mutation ($bodyId: UUID!, $input: DocumentUploadInput!) { requestDocumentUpload(bodyId: $bodyId, input: $input) { uploadId url fields { name value } maxBytes } }',
    {
      bodyId,
      input: {
        meetingId,
        kind: 'RAPPORT',
        title: 'Rapport',
        fileName: 'rapport.pdf',
        contentType: 'application/pdf',
        sizeBytes: 1000,
        ...input,
      },
    },
    token,
  );
}

/** Posts the file as a browser would: the ticket's fields, then the file. */
async function post(ticket: Ticket, bytes: Uint8Array, contentType = 'application/pdf') {
  const request = harness.http.post(ticket.url.replace(testPublicUrl, ''));
  for (const field of ticket.fields) request.field(field.name, field.value);
  return request.attach('file', Buffer.from(bytes), { filename: 'rapport.pdf', contentType });
}

async function complete(uploadId: string) {
  return harness.graphql<{ completeDocumentUpload: string }>(
    'mutation ($bodyId: UUID!, $uploadId: UUID!) { completeDocumentUpload(bodyId: $bodyId, uploadId: $uploadId) }',
    { bodyId, uploadId },
    token,
  );
}

async function upload(bytes: Uint8Array, input: Record<string, unknown> = {}) {
  const ticket = await requestUpload({ sizeBytes: bytes.length, ...input });
  expect(ticket.errors).toBeUndefined();
  const stored = await post(ticket.data!.requestDocumentUpload, bytes);
  expect(stored.status).toBe(204);
  return { ticket: ticket.data!.requestDocumentUpload, result: await complete(ticket.data!.requestDocumentUpload.uploadId) };
}

/** `bytes` followed by spaces up to `size`. */
const padded = (bytes: Uint8Array, size: number) => Buffer.concat([Buffer.from(bytes), Buffer.alloc(size - bytes.length, 0x20)]);

const documentsQuery = `query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { documents {
  id kind title versions { version fileName sizeBytes sha256 pageCount downloadUrl thumbnailUrl } } } } }`;
type Documents = {
  body: {
    meeting: {
      documents: {
        id: string;
        title: string;
        versions: { version: number; sha256: string; pageCount: number; sizeBytes: number; downloadUrl: string; thumbnailUrl: string }[];
      }[];
    };
  };
};

beforeAll(async () => {
  harness = await startHarness();
  token = await harness.token('secretariat.ville');
  const body = await harness.graphql<{ body: { id: string; meetings: { id: string }[] } }>(
    '{ body(slug: "ville-besancon") { id meetings { id } } }',
    {},
    token,
  );
  bodyId = body.data!.body.id;
  meetingId = body.data!.body.meetings[0]!.id;
});
afterAll(() => harness?.close());

describe('documents', () => {
  let documentId: string;

  it('uploads a PDF directly to storage, verifies it, and keeps its pages, hash and thumbnail', async () => {
    const pdf = await createSamplePdf({ title: 'Rapport sur le budget primitif', pages: 4, bodyName: 'Ville de Besançon' });
    const { result } = await upload(pdf, { title: 'Budget primitif 2027' });
    expect(result.errors).toBeUndefined();
    documentId = result.data!.completeDocumentUpload;

    const listed = await harness.graphql<Documents>(documentsQuery, { id: meetingId }, token);
    const [document] = listed.data!.body.meeting.documents;
    expect(document).toMatchObject({ id: documentId, title: 'Budget primitif 2027' });
    expect(document!.versions).toEqual([
      expect.objectContaining({ version: 1, pageCount: 4, sizeBytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') }),
    ]);
    const em = await bodyEm();
    const pages = await em.find(DocumentPage, {}, { orderBy: { pageNumber: 'asc' } });
    expect(pages).toHaveLength(4);
    expect(pages[0]!.text).toContain('Besançon');

    const download = await harness.http.get(document!.versions[0]!.downloadUrl.replace(testPublicUrl, '')).set('range', 'bytes=0-4');
    expect(download.status).toBe(206);
    expect(download.body.toString('latin1')).toBe('%PDF-');
    const thumbnail = await harness.http.get(document!.versions[0]!.thumbnailUrl.replace(testPublicUrl, ''));
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers['content-type']).toBe('image/webp');
  });

  it('replaces a document by a new version and keeps the old one', async () => {
    const pdf = await createSamplePdf({ title: 'Rapport modifié', pages: 2 });
    const { result } = await upload(pdf, { documentId, title: 'Budget primitif 2027 (v2)' });
    expect(result.data?.completeDocumentUpload).toBe(documentId);
    const listed = await harness.graphql<Documents>(documentsQuery, { id: meetingId }, token);
    const document = listed.data!.body.meeting.documents.find((candidate) => candidate.id === documentId)!;
    expect(document.title).toBe('Budget primitif 2027 (v2)');
    expect(document.versions.map((version) => [version.version, version.pageCount])).toEqual([
      [2, 2],
      [1, 4],
    ]);
  });

  it('refuses bad files with a typed French error, leaves nothing behind, and lets the upload be retried', async () => {
    const em = await bodyEm();
    const versionsBefore = await em.count(DocumentVersion, {});
    const cases: [Uint8Array, string][] = [
      [new TextEncoder().encode('ceci n’est pas un PDF, seulement du texte'), 'NOT_A_PDF'],
      [(await createSamplePdf({ title: 'Tronqué', pages: 3 })).slice(0, 600), 'CORRUPT_PDF'],
      [createEncryptedPdf(), 'ENCRYPTED_PDF'],
      [await createZeroPagePdf(), 'EMPTY_PDF'],
    ];
    const good = await createSamplePdf({ title: 'Bon fichier', pages: 1 });
    for (const [bad, reason] of cases) {
      // The declared size binds the ticket: the bad file and the good one are brought to the same size
      // with trailing white space (after %%EOF, which PDF readers ignore).
      const size = Math.max(bad.length, good.length);
      const ticket = (await requestUpload({ sizeBytes: size })).data!.requestDocumentUpload;
      expect((await post(ticket, padded(bad, size))).status).toBe(204);
      const result = await complete(ticket.uploadId);
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason } });
      expect(result.errors?.[0]?.message).toMatch(/[a-zé]/);
      // The object is gone; the same ticket can carry a good file.
      const retried = await post(ticket, padded(good, size));
      expect(retried.status).toBe(204);
      expect((await complete(ticket.uploadId)).errors).toBeUndefined();
    }
    expect(await (await bodyEm()).count(DocumentVersion, {})).toBe(versionsBefore + cases.length);
    expect(await (await bodyEm()).count(PendingUpload, {})).toBe(0);
  });

  it('refuses over-size, wrong type and a meeting of another body before any upload', async () => {
    const tooBig = await requestUpload({ sizeBytes: 201 * 1_048_576 });
    expect(tooBig.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'TOO_LARGE' } });
    const wrongType = await requestUpload({ contentType: 'application/x-msdownload' });
    expect(wrongType.errors?.[0]).toMatchObject({
      message: 'Seuls les documents PDF sont acceptés.',
      extensions: { reason: 'WRONG_TYPE' },
    });
    const doubsToken = await harness.token('secretariat.doubs');
    const doubs = await harness.graphql<{ body: { meetings: { id: string }[] } }>(
      '{ body(slug: "departement-doubs") { meetings { id } } }',
      {},
      doubsToken,
    );
    const foreign = await requestUpload({ meetingId: doubs.data!.body.meetings[0]!.id });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('lets storage refuse an upload whose signed conditions were tampered with', async () => {
    const ticket = (await requestUpload({ sizeBytes: 10 })).data!.requestDocumentUpload;
    expect(ticket.maxBytes).toBe(200 * 1_048_576);
    const pdf = await createSamplePdf({ title: 'x', pages: 1 });
    const otherType = {
      ...ticket,
      fields: ticket.fields.map((field) => (field.name === 'Content-Type' ? { ...field, value: 'text/html' } : field)),
    };
    expect((await post(otherType, pdf)).status).toBe(403);
    const otherKey = {
      ...ticket,
      fields: ticket.fields.map((field) => (field.name === 'key' ? { ...field, value: `${field.value}.autre` } : field)),
    };
    expect((await post(otherKey, pdf)).status).toBe(403);
  });

  it('deletes a document of a draft meeting with its stored files', async () => {
    const listed = await harness.graphql<Documents>(documentsQuery, { id: meetingId }, token);
    const document = listed.data!.body.meeting.documents.find((candidate) => candidate.id === documentId)!;
    const removed = await harness.graphql(
      'mutation ($bodyId: UUID!, $id: UUID!) { deleteDocument(bodyId: $bodyId, documentId: $id) }',
      { bodyId, id: documentId },
      token,
    );
    expect(removed.data).toEqual({ deleteDocument: documentId });
    const gone = await harness.http.get(document.versions[1]!.downloadUrl.replace(testPublicUrl, ''));
    expect(gone.status).toBe(404);
  });
});

describe('upload completion and the declared size', () => {
  it('completes one upload once under 5 concurrent completions: the same document and version, file and thumbnail kept', async () => {
    const pdf = await createSamplePdf({ title: 'Rapport en course', pages: 2 });
    const ticket = (await requestUpload({ sizeBytes: pdf.length, title: 'Concurrence' })).data!.requestDocumentUpload;
    expect((await post(ticket, pdf)).status).toBe(204);

    const results = await Promise.all(Array.from({ length: 5 }, () => complete(ticket.uploadId)));
    expect(results.map((result) => result.errors)).toEqual(Array(5).fill(undefined));
    const ids = new Set(results.map((result) => result.data!.completeDocumentUpload));
    expect(ids.size).toBe(1);
    // Completed already: a sixth one answers the same, idempotently.
    expect((await complete(ticket.uploadId)).data?.completeDocumentUpload).toBe([...ids][0]);

    const em = await bodyEm();
    const versions = await em.find(DocumentVersion, { document: [...ids][0]! });
    expect(versions).toHaveLength(1);
    expect(versions[0]!.uploadId).toBe(ticket.uploadId);
    const listed = await harness.graphql<Documents>(documentsQuery, { id: meetingId }, token);
    const [version] = listed.data!.body.meeting.documents.find((document) => document.id === [...ids][0])!.versions;
    const download = await harness.http.get(version!.downloadUrl.replace(testPublicUrl, ''));
    expect(download.status).toBe(200);
    expect(
      createHash('sha256')
        .update(download.body as Buffer)
        .digest('hex'),
    ).toBe(createHash('sha256').update(pdf).digest('hex'));
    const thumbnail = await harness.http.get(version!.thumbnailUrl.replace(testPublicUrl, ''));
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers['content-type']).toBe('image/webp');
  });

  it('lets the storage take exactly the declared size: 100 KB for 10 declared bytes is refused, and so is less', async () => {
    const ticket = (await requestUpload({ sizeBytes: 10 })).data!.requestDocumentUpload;
    const larger = await post(ticket, padded(await createSamplePdf({ title: 'Trop long', pages: 1 }), 100 * 1024));
    expect(larger.status).toBe(400);
    expect(larger.text).toContain('<Code>EntityTooLarge</Code>');
    const smaller = await post(ticket, Buffer.from('%PDF-'));
    expect(smaller.status).toBe(400);
    expect(smaller.text).toContain('<Code>EntityTooSmall</Code>');
    expect((await complete(ticket.uploadId)).errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', reason: 'UPLOAD_MISSING' },
    });
  });

  it('checks the size again at completion: another size is refused, the object deleted, nothing written', async () => {
    const pdf = await createSamplePdf({ title: 'Taille annoncée', pages: 1 });
    const ticket = (await requestUpload({ sizeBytes: pdf.length })).data!.requestDocumentUpload;
    const em = await bodyEm();
    const versionsBefore = await em.count(DocumentVersion, {});
    // A storage that would not enforce the policy: the object holds more than declared.
    const { storageKey } = await em.findOneOrFail(PendingUpload, { id: ticket.uploadId });
    const { storage } = harness.runtime.documents;
    await storage.write(storageKey, padded(pdf, pdf.length + 100 * 1024), 'application/pdf');

    const result = await complete(ticket.uploadId);
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'SIZE_MISMATCH' } });
    expect(result.errors?.[0]?.message).toMatch(/n’a pas la taille annoncée/);
    expect(await storage.head(storageKey)).toBeNull();
    expect(await storage.head(storageKey.replace(/\.pdf$/, '.thumbnail.webp'))).toBeNull();
    expect(await (await bodyEm()).count(DocumentVersion, {})).toBe(versionsBefore);
    // The ticket stays usable with the declared file.
    expect((await post(ticket, pdf)).status).toBe(204);
    expect((await complete(ticket.uploadId)).errors).toBeUndefined();
  });

  it('refuses a Flate bomb (a stream inflating to 256 MiB) with a typed French error and deletes it', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'cartable-bomb-'));
    try {
      const file = path.join(folder, 'bomb.pdf');
      await writeStreamPdf(file, '/FlateDecode', deflatedZeros(256 * 1_048_576));
      const bomb = await readFile(file);
      const ticket = (await requestUpload({ sizeBytes: bomb.length })).data!.requestDocumentUpload;
      expect((await post(ticket, bomb)).status).toBe(204);
      const result = await complete(ticket.uploadId);
      expect(result.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/^Le document PDF est trop complexe pour être analysé/),
        extensions: { code: 'BAD_USER_INPUT', reason: 'PDF_TOO_COMPLEX' },
      });
      const { storageKey } = await (await bodyEm()).findOneOrFail(PendingUpload, { id: ticket.uploadId });
      expect(await harness.runtime.documents.storage.head(storageKey)).toBeNull();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

/** A document, and the file of a new version of it posted to storage but not completed yet. */
async function newVersionOnItsWay(title: string) {
  const first = await upload(await createSamplePdf({ title: 'Version 1', pages: 1 }), { title });
  const documentId = first.result.data!.completeDocumentUpload;
  const pdf = await createSamplePdf({ title: 'Version 2', pages: 1 });
  const ticket = (await requestUpload({ sizeBytes: pdf.length, documentId, title })).data!.requestDocumentUpload;
  expect((await post(ticket, pdf)).status).toBe(204);
  const { storageKey } = await (await bodyEm()).findOneOrFail(PendingUpload, { id: ticket.uploadId });
  return { documentId, ticket, storageKey };
}

describe('deleting a document while a new version of it completes', () => {
  /** Holds every completion after its inspection (its upload row locked) until `release` is called. */
  function pauseCompletions() {
    const { inspections } = harness.runtime.documents;
    const run = inspections.run;
    let paused!: () => void;
    let release!: () => void;
    const reached = new Promise<void>((resolve) => (paused = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    inspections.run = (task) =>
      run((inspect) =>
        task(async (file) => {
          const inspection = await inspect(file);
          paused();
          await gate;
          return inspection;
        }),
      );
    return { reached, release, restore: () => (inspections.run = run) };
  }

  /** Whether some statement of this database waits on a row or table lock. */
  async function someoneWaitsOnALock() {
    const rows = await harness.runtime.orm.em
      .getConnection()
      .execute<{ waiting: number }[]>(
        `select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
    return rows[0]!.waiting > 0;
  }

  it('lets both finish without a deadlock: the new version is completed, then deleted with the document and its files', async () => {
    const { documentId, ticket, storageKey } = await newVersionOnItsWay('À supprimer');

    const pause = pauseCompletions();
    try {
      const completion = complete(ticket.uploadId);
      await pause.reached;
      const deletion = harness.graphql(
        'mutation ($bodyId: UUID!, $id: UUID!) { deleteDocument(bodyId: $bodyId, documentId: $id) }',
        { bodyId, id: documentId },
        token,
      );
      // The deletion is under way and waits for the completion's locks.
      await eventually(() => someoneWaitsOnALock(), 'the deletion to wait on a lock');
      pause.release();
      const [completed, deleted] = await Promise.all([completion, deletion]);
      expect(completed.errors).toBeUndefined();
      expect(completed.data).toEqual({ completeDocumentUpload: documentId });
      expect(deleted.errors).toBeUndefined();
      expect(deleted.data).toEqual({ deleteDocument: documentId });
    } finally {
      pause.restore();
    }
    const em = await bodyEm();
    expect(await em.count(DocumentVersion, { document: documentId })).toBe(0);
    expect(await harness.runtime.documents.storage.head(storageKey)).toBeNull();
    expect(await harness.runtime.documents.storage.head(storageKey.replace(/\.pdf$/, '.thumbnail.webp'))).toBeNull();
  });
});

describe('deleting a document with a new version on its way', () => {
  it('drops the file of an upload not completed yet with the document', async () => {
    const { documentId, ticket, storageKey } = await newVersionOnItsWay('Abandonné');

    const deleted = await harness.graphql(
      'mutation ($bodyId: UUID!, $id: UUID!) { deleteDocument(bodyId: $bodyId, documentId: $id) }',
      { bodyId, id: documentId },
      token,
    );
    expect(deleted.data).toEqual({ deleteDocument: documentId });
    expect(await (await bodyEm()).count(PendingUpload, { id: ticket.uploadId })).toBe(0);
    expect(await harness.runtime.documents.storage.head(storageKey)).toBeNull();
    expect((await complete(ticket.uploadId)).errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });
});
