import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSamplePdf } from '../../src/media/sample-pdf.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { putPart, requestDocumentUploadMutation, requestPartUrls, type DocumentTicket } from '../helpers/document-upload.js';
import { putPartFromDisk } from '../helpers/streamed-upload.js';
import { writeLargePdf } from '../media/pdf-fixtures.js';

/** The document flow of the app with STORAGE_DRIVER=s3, against the MinIO of `npm run test:services`. */
const s3 = {
  S3_ENDPOINT: process.env.S3_ENDPOINT,
  S3_BUCKET: process.env.S3_BUCKET,
  S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID,
  S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY,
};
if (!s3.S3_ENDPOINT || !s3.S3_BUCKET) throw new Error('S3_* are not set: run `npm run test:services`.');

let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness({ environment: { STORAGE_DRIVER: 's3', ...s3 } });
});
afterAll(() => harness?.close());

/** The Ville's secretariat: a token, the body id and its first meeting. */
async function villeSecretariat() {
  const token = await harness.token('secretariat.ville');
  const body = await harness.graphql<{ body: { id: string; meetings: { id: string }[] } }>(
    '{ body(slug: "ville-besancon") { id meetings { id } } }',
    {},
    token,
  );
  return { token, bodyId: body.data!.body.id, meetingId: body.data!.body.meetings[0]!.id };
}

describe('documents on S3', () => {
  it('uploads through a presigned POST, verifies, and serves ranges through a presigned GET', async () => {
    const { token, bodyId, meetingId } = await villeSecretariat();
    const pdf = await createSamplePdf({ title: 'Rapport sur S3', pages: 3, bodyName: 'Ville de Besançon' });
    const ticket = await harness.graphql<{
      requestDocumentUpload: { uploadId: string; url: string; fields: { name: string; value: string }[] };
    }>(
      'mutation ($bodyId: UUID!, $input: DocumentUploadInput!) { requestDocumentUpload(bodyId: $bodyId, input: $input) { uploadId url fields { name value } } }',
      {
        bodyId,
        input: {
          meetingId,
          kind: 'RAPPORT',
          title: 'Rapport S3',
          fileName: 'rapport.pdf',
          contentType: 'application/pdf',
          sizeBytes: pdf.length,
        },
      },
      token,
    );
    const { uploadId, url, fields } = ticket.data!.requestDocumentUpload;
    expect(url.startsWith(s3.S3_ENDPOINT!)).toBe(true);
    expect(fields.find((field) => field.name === 'key')!.value.startsWith(`${bodyId}/documents/`)).toBe(true);

    const postFile = (bytes: Uint8Array) => {
      const form = new FormData();
      for (const field of fields) form.append(field.name, field.value);
      form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'rapport.pdf');
      return fetch(url, { method: 'POST', body: form });
    };
    // The policy binds the declared size exactly: S3 refuses a byte more or a byte less.
    const larger = await postFile(Buffer.concat([pdf, Buffer.from(' ')]));
    expect(larger.status).toBe(400);
    expect(await larger.text()).toContain('<Code>EntityTooLarge</Code>');
    const smaller = await postFile(pdf.subarray(0, pdf.length - 1));
    expect(smaller.status).toBe(400);
    expect(await smaller.text()).toContain('<Code>EntityTooSmall</Code>');
    const stored = await postFile(pdf);
    expect(stored.status).toBe(204);

    const completed = await harness.graphql<{ completeDocumentUpload: string }>(
      'mutation ($bodyId: UUID!, $uploadId: UUID!) { completeDocumentUpload(bodyId: $bodyId, uploadId: $uploadId) }',
      { bodyId, uploadId },
      token,
    );
    expect(completed.errors).toBeUndefined();
    const listed = await harness.graphql<{
      body: { meeting: { documents: { versions: { sha256: string; pageCount: number; downloadUrl: string }[] }[] } };
    }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { documents { versions { sha256 pageCount downloadUrl } } } } }',
      { id: meetingId },
      token,
    );
    const [version] = listed.data!.body.meeting.documents[0]!.versions;
    expect(version).toMatchObject({ pageCount: 3, sha256: createHash('sha256').update(pdf).digest('hex') });
    const range = await fetch(version!.downloadUrl, { headers: { range: 'bytes=0-4' } });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer()).toString('latin1')).toBe('%PDF-');
  });

  it('uploads in parts (multipart): sizes signed, stored parts listed to resume, joined, or aborted', async () => {
    const { token, bodyId, meetingId } = await villeSecretariat();
    const folder = await mkdtemp(path.join(tmpdir(), 'cartable-parts-'));
    try {
      const file = path.join(folder, 'annexes.pdf');
      writeLargePdf(file, { pages: 20, imageBytes: 1_000_000 });
      const pdf = await readFile(file);
      const start = async () => {
        const ticket = await harness.graphql<{ requestDocumentUpload: DocumentTicket }>(
          requestDocumentUploadMutation,
          {
            bodyId,
            input: {
              meetingId,
              kind: 'ANNEXE',
              title: 'Annexes en parties',
              fileName: 'annexes.pdf',
              contentType: 'application/pdf',
              sizeBytes: pdf.length,
            },
          },
          token,
        );
        return ticket.data!.requestDocumentUpload;
      };
      const stored = async (uploadId: string) =>
        harness.graphql<{ body: { documentUpload: { storedParts: { partNumber: number; sizeBytes: number }[] } } }>(
          'query ($id: UUID!) { body(slug: "ville-besancon") { documentUpload(id: $id) { storedParts { partNumber sizeBytes } } } }',
          { id: uploadId },
          token,
        );
      const complete = (uploadId: string) =>
        harness.graphql<{ completeDocumentUpload: string }>(
          'mutation ($bodyId: UUID!, $uploadId: UUID!) { completeDocumentUpload(bodyId: $bodyId, uploadId: $uploadId) }',
          { bodyId, uploadId },
          token,
        );

      const ticket = await start();
      const partSize = 8 * 1_048_576;
      expect(ticket.parts).toEqual({ partSize, partCount: 3 });
      const urls = (await requestPartUrls(harness, token, bodyId, ticket.uploadId, [1, 2, 3])).data!.requestDocumentUploadParts;
      expect(urls[0]!.url.startsWith(s3.S3_ENDPOINT!)).toBe(true);
      const bytesOf = (partNumber: number) => pdf.subarray((partNumber - 1) * partSize, partNumber * partSize);
      expect(await putPart(harness, urls[0]!.url, bytesOf(1))).toBe(200);
      // Content-Length is signed: S3 refuses a part of another size.
      expect(await putPart(harness, urls[1]!.url, bytesOf(2).subarray(1))).toBe(403);
      expect((await stored(ticket.uploadId)).data!.body.documentUpload.storedParts).toEqual([{ partNumber: 1, sizeBytes: partSize }]);
      expect((await complete(ticket.uploadId)).errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'UPLOAD_INCOMPLETE',
        missingParts: [2, 3],
      });
      // Resumed: the missing parts only.
      expect(await putPart(harness, urls[1]!.url, bytesOf(2))).toBe(200);
      expect(await putPart(harness, urls[2]!.url, bytesOf(3))).toBe(200);
      const completed = await complete(ticket.uploadId);
      expect(completed.errors).toBeUndefined();
      const listed = await harness.graphql<{
        body: { meeting: { documents: { id: string; versions: { sha256: string; sizeBytes: number }[] }[] } };
      }>(
        'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { documents { id versions { sha256 sizeBytes } } } } }',
        { id: meetingId },
        token,
      );
      const document = listed.data!.body.meeting.documents.find((candidate) => candidate.id === completed.data!.completeDocumentUpload)!;
      expect(document.versions[0]).toEqual({ sizeBytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') });

      const aborted = await start();
      const [first] = (await requestPartUrls(harness, token, bodyId, aborted.uploadId, [1])).data!.requestDocumentUploadParts;
      expect(await putPart(harness, first!.url, bytesOf(1))).toBe(200);
      const abort = await harness.graphql(
        'mutation ($bodyId: UUID!, $uploadId: UUID!) { abortDocumentUpload(bodyId: $bodyId, uploadId: $uploadId) }',
        { bodyId, uploadId: aborted.uploadId },
        token,
      );
      expect(abort.errors).toBeUndefined();
      expect(await putPart(harness, first!.url, bytesOf(1))).toBe(404);
      expect((await stored(aborted.uploadId)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('takes a ~200 MB PDF in parts through presigned URLs and the verification by the server with flat memory', async () => {
    const { token, bodyId, meetingId } = await villeSecretariat();
    const folder = await mkdtemp(path.join(tmpdir(), 'cartable-large-'));
    try {
      const file = path.join(folder, 'budget.pdf');
      writeLargePdf(file, { pages: 280, imageBytes: 700 * 1024 });
      const { size } = await stat(file);
      expect(size).toBeGreaterThan(190 * 1_048_576);
      const ticket = await harness.graphql<{ requestDocumentUpload: DocumentTicket }>(
        requestDocumentUploadMutation,
        {
          bodyId,
          input: {
            meetingId,
            kind: 'ANNEXE',
            title: 'Annexes budgétaires',
            fileName: 'budget.pdf',
            contentType: 'application/pdf',
            sizeBytes: size,
          },
        },
        token,
      );
      const { uploadId, parts } = ticket.data!.requestDocumentUpload;
      expect(parts).toEqual({ partSize: 8 * 1_048_576, partCount: Math.ceil(size / (8 * 1_048_576)) });

      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const started = performance.now();
      // Parts in sequence, as the browser sends them, streamed from disk.
      const statuses: number[] = [];
      const numbers = Array.from({ length: parts!.partCount }, (_, index) => index + 1);
      for (let first = 0; first < numbers.length; first += 20) {
        const urls = await requestPartUrls(harness, token, bodyId, uploadId, numbers.slice(first, first + 20));
        for (const part of urls.data!.requestDocumentUploadParts) {
          const start = (part.partNumber - 1) * parts!.partSize;
          statuses.push(await putPartFromDisk(part.url, file, start, start + part.sizeBytes - 1));
        }
      }
      const uploaded = performance.now();
      const completed = await harness.graphql(
        'mutation ($bodyId: UUID!, $uploadId: UUID!) { completeDocumentUpload(bodyId: $bodyId, uploadId: $uploadId) }',
        { bodyId, uploadId },
        token,
      );
      const verified = performance.now();
      const listed = await harness.graphql<{
        body: { meeting: { documents: { title: string; versions: { sha256: string; downloadUrl: string }[] }[] } };
      }>(
        'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { documents { title versions { sha256 downloadUrl } } } } }',
        { id: meetingId },
        token,
      );
      const version = listed.data!.body.meeting.documents.find((document) => document.title === 'Annexes budgétaires')!.versions[0]!;
      const download = await fetch(version.downloadUrl);
      const hash = createHash('sha256');
      for await (const chunk of download.body!) hash.update(chunk);
      const downloaded = performance.now();
      clearInterval(sampler);

      expect(new Set(statuses)).toEqual(new Set([200]));
      expect(completed.errors).toBeUndefined();
      const expected = createHash('sha256');
      for await (const chunk of createReadStream(file)) expected.update(chunk);
      const digest = expected.digest('hex');
      expect(version.sha256).toBe(digest);
      expect(hash.digest('hex')).toBe(digest);
      const growthMb = (peak - rssBefore) / 1_048_576;
      console.log(
        `200 MB document: ${(size / 1_048_576).toFixed(0)} MB — upload in ${parts!.partCount} parts ${((uploaded - started) / 1000).toFixed(1)} s, ` +
          `verification ${((verified - uploaded) / 1000).toFixed(1)} s, download ${((downloaded - verified) / 1000).toFixed(1)} s, ` +
          `peak RSS growth of the server process ${growthMb.toFixed(0)} MB (RSS before ${(rssBefore / 1_048_576).toFixed(0)} MB)`,
      );
      // Bounded, not proportional to the file: streaming to disk is flat; the pdf.js worker adds its own
      // bounded share (it re-opens the document past 8 MB of data read).
      expect(growthMb).toBeLessThan((size / 1_048_576) * 0.75);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 300_000);
});
