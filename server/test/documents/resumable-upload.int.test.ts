import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LockMode } from '@mikro-orm/postgresql';
import { PendingUpload } from '../../src/body/documents/document.entity.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { bodySchemaName } from '../../src/tenancy/schema-name.js';
import { requestDocumentUploadMutation, requestPartUrls, type DocumentTicket } from '../helpers/document-upload.js';
import { startHarness, testPublicUrl, type TestHarness } from '../helpers/harness.js';
import { writeLargePdf } from '../media/pdf-fixtures.js';

/**
 * Uploads in parts on the local storage (the demo's and the browser tests'), with parts of 64 KiB: start,
 * send some parts, a part cut off by a network drop, list what is stored, resume, complete; abort;
 * refusals of wrong part numbers and sizes; another body's upload.
 */
const partSize = 64 * 1024;

let harness: TestHarness;
let server: Server;
let origin: string;
let token: string;
let bodyId: string;
let meetingId: string;
let pdf: Buffer;
let folder: string;

const bodyEm = async (slug = 'ville-besancon') => {
  const body = await harness.runtime.orm.em.fork().findOneOrFail(Body, { slug });
  return harness.runtime.orm.em.fork({ schema: bodySchemaName(body.id) });
};

async function start(sizeBytes = pdf.length, as = token, target = { bodyId, meetingId }) {
  const ticket = await harness.graphql<{ requestDocumentUpload: DocumentTicket }>(
    requestDocumentUploadMutation,
    {
      bodyId: target.bodyId,
      input: {
        meetingId: target.meetingId,
        kind: 'ANNEXE',
        title: 'Annexes',
        fileName: 'annexes.pdf',
        contentType: 'application/pdf',
        sizeBytes,
      },
    },
    as,
  );
  expect(ticket.errors).toBeUndefined();
  return ticket.data!.requestDocumentUpload;
}

async function urls(uploadId: string, partNumbers: number[]) {
  const answer = await requestPartUrls(harness, token, bodyId, uploadId, partNumbers);
  expect(answer.errors).toBeUndefined();
  return answer.data!.requestDocumentUploadParts;
}

const partBytes = (partNumber: number) => pdf.subarray((partNumber - 1) * partSize, partNumber * partSize);

/** The PUT over a real socket (the app listening), so that a drop can cut it off. */
async function put(url: string, bytes: Uint8Array) {
  const answer = await fetch(url.replace(testPublicUrl, origin), { method: 'PUT', body: bytes });
  return { status: answer.status, text: await answer.text() };
}

/** A network drop: the headers and half the part leave, then the connection dies. */
async function cutOff(url: string, bytes: Uint8Array) {
  const request = httpRequest(url.replace(testPublicUrl, origin), { method: 'PUT', headers: { 'content-length': bytes.length } });
  request.on('error', () => undefined);
  request.write(bytes.subarray(0, bytes.length / 2));
  await new Promise((resolve) => setTimeout(resolve, 100));
  request.destroy();
  await new Promise((resolve) => setTimeout(resolve, 100));
}

async function stored(uploadId: string) {
  return harness.graphql<{
    body: {
      documentUpload: { partCount: number; partSize: number; sizeBytes: number; storedParts: { partNumber: number; sizeBytes: number }[] };
    };
  }>(
    'query ($id: UUID!) { body(slug: "ville-besancon") { documentUpload(id: $id) { partCount partSize sizeBytes storedParts { partNumber sizeBytes } } } }',
    { id: uploadId },
    token,
  );
}

const complete = (uploadId: string, as = token) =>
  harness.graphql<{ completeDocumentUpload: string }>(
    'mutation ($bodyId: UUID!, $uploadId: UUID!) { completeDocumentUpload(bodyId: $bodyId, uploadId: $uploadId) }',
    { bodyId, uploadId },
    as,
  );

const abort = (uploadId: string, as = token, inBody = bodyId) =>
  harness.graphql<{ abortDocumentUpload: string }>(
    'mutation ($bodyId: UUID!, $uploadId: UUID!) { abortDocumentUpload(bodyId: $bodyId, uploadId: $uploadId) }',
    { bodyId: inBody, uploadId },
    as,
  );

const reasonOf = (result: { errors?: { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions?.reason;

const multipartFolders = async () => readdir(path.join(harness.dataDir, 'storage', 'multipart')).catch(() => []);

beforeAll(async () => {
  harness = await startHarness({ environment: { UPLOAD_PART_SIZE_BYTES: String(partSize) } });
  server = harness.runtime.app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  token = await harness.token('secretariat.ville');
  const body = await harness.graphql<{ body: { id: string; meetings: { id: string; status: string }[] } }>(
    '{ body(slug: "ville-besancon") { id meetings { id status } } }',
    {},
    token,
  );
  bodyId = body.data!.body.id;
  meetingId = body.data!.body.meetings.find((meeting) => meeting.status === 'DRAFT')!.id;
  folder = await mkdtemp(path.join(tmpdir(), 'cartable-parts-'));
  writeLargePdf(path.join(folder, 'annexes.pdf'), { pages: 5, imageBytes: 60_000 });
  pdf = await readFile(path.join(folder, 'annexes.pdf'));
});
afterAll(async () => {
  server?.close();
  await harness?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('uploads in parts (local storage)', () => {
  it('keeps a file of one part or less in a single POST', async () => {
    const ticket = await start(partSize);
    expect(ticket.parts).toBeNull();
    expect(ticket.url).toMatch(/\/storage\/upload$/);
    expect((await abort(ticket.uploadId)).data?.abortDocumentUpload).toBe(ticket.uploadId);
  });

  it('resumes after a drop and a reload, sending only the missing parts, and stores exactly the file', async () => {
    const ticket = await start();
    const partCount = Math.ceil(pdf.length / partSize);
    expect(partCount).toBeGreaterThanOrEqual(4);
    expect(ticket.parts).toEqual({ partSize, partCount });
    expect(ticket.url).toBeNull();

    // Parts 1 and 2 go through, part 3 is cut off half-way.
    const first = await urls(ticket.uploadId, [1, 2, 3]);
    expect(first.map((part) => part.sizeBytes)).toEqual([partSize, partSize, partSize]);
    for (const part of first.slice(0, 2)) expect((await put(part.url, partBytes(part.partNumber))).status).toBe(200);
    await cutOff(first[2]!.url, partBytes(3));

    // The page was reloaded: the browser asks what is stored. The part cut off is not.
    const progress = await stored(ticket.uploadId);
    expect(progress.errors).toBeUndefined();
    expect(progress.data!.body.documentUpload).toEqual({
      partCount,
      partSize,
      sizeBytes: pdf.length,
      storedParts: [
        { partNumber: 1, sizeBytes: partSize },
        { partNumber: 2, sizeBytes: partSize },
      ],
    });
    const early = await complete(ticket.uploadId);
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UPLOAD_INCOMPLETE' });
    expect(early.errors?.[0]?.message).toBe(
      `Il manque ${partCount - 2} ${partCount - 2 > 1 ? 'parties' : 'partie'} sur ${partCount} : reprenez l’envoi.`,
    );

    // Resume: the missing parts only, the last one shorter.
    const missing = Array.from({ length: partCount - 2 }, (_, index) => index + 3);
    const rest = await urls(ticket.uploadId, missing);
    expect(rest.at(-1)!.sizeBytes).toBe(pdf.length - (partCount - 1) * partSize);
    for (const part of rest) expect((await put(part.url, partBytes(part.partNumber))).status).toBe(200);
    // A part sent twice replaces the first copy.
    expect((await put(rest[0]!.url, partBytes(3))).status).toBe(200);

    const completed = await complete(ticket.uploadId);
    expect(completed.errors).toBeUndefined();
    const listed = await harness.graphql<{
      body: {
        meeting: { documents: { id: string; versions: { sha256: string; sizeBytes: number; pageCount: number; downloadUrl: string }[] }[] };
      };
    }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { documents { id versions { sha256 sizeBytes pageCount downloadUrl } } } } }',
      { id: meetingId },
      token,
    );
    const [version] = listed.data!.body.meeting.documents.find(
      (document) => document.id === completed.data!.completeDocumentUpload,
    )!.versions;
    expect(version).toMatchObject({ sizeBytes: pdf.length, pageCount: 5, sha256: createHash('sha256').update(pdf).digest('hex') });
    const download = await harness.http
      .get(version!.downloadUrl.replace(testPublicUrl, ''))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
    expect(await multipartFolders()).toEqual([]);
    expect(await (await bodyEm()).count(PendingUpload, { id: ticket.uploadId })).toBe(0);
  });

  it('joins and completes once under 5 concurrent completions: the same version, the file and thumbnail kept', async () => {
    const ticket = await start();
    const partCount = ticket.parts!.partCount;
    const all = await urls(
      ticket.uploadId,
      Array.from({ length: partCount }, (_, index) => index + 1),
    );
    for (const part of all) expect((await put(part.url, partBytes(part.partNumber))).status).toBe(200);

    const results = await Promise.all(Array.from({ length: 5 }, () => complete(ticket.uploadId)));
    expect(results.map((result) => result.errors)).toEqual(Array(5).fill(undefined));
    const documentIds = new Set(results.map((result) => result.data!.completeDocumentUpload));
    expect(documentIds.size).toBe(1);
    const listed = await harness.graphql<{
      body: { meeting: { documents: { id: string; versions: { sha256: string; downloadUrl: string; thumbnailUrl: string }[] }[] } };
    }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { documents { id versions { sha256 downloadUrl thumbnailUrl } } } } }',
      { id: meetingId },
      token,
    );
    const { versions } = listed.data!.body.meeting.documents.find((document) => document.id === [...documentIds][0])!;
    expect(versions).toHaveLength(1);
    const download = await fetch(versions[0]!.downloadUrl.replace(testPublicUrl, origin));
    expect(download.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await download.arrayBuffer()), pdf)).toBe(0);
    const thumbnail = await fetch(versions[0]!.thumbnailUrl.replace(testPublicUrl, origin));
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    expect(await multipartFolders()).toEqual([]);
  });

  it('aborts: the parts are dropped and the upload is gone', async () => {
    const ticket = await start();
    const [part] = await urls(ticket.uploadId, [1]);
    expect((await put(part!.url, partBytes(1))).status).toBe(200);
    expect(await multipartFolders()).toHaveLength(1);
    expect((await abort(ticket.uploadId)).data?.abortDocumentUpload).toBe(ticket.uploadId);
    expect(await multipartFolders()).toEqual([]);
    expect(await (await bodyEm()).count(PendingUpload, { id: ticket.uploadId })).toBe(0);
    const late = await put(part!.url, partBytes(1));
    expect(late.status).toBe(404);
    expect(late.text).toContain('<Code>NoSuchUpload</Code>');
    expect((await stored(ticket.uploadId)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await abort(ticket.uploadId)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses wrong part numbers, too many parts at once, and parts of the wrong size', async () => {
    const ticket = await start();
    const partCount = ticket.parts!.partCount;
    const refusal = async (partNumbers: number[]) => {
      const answer = await requestPartUrls(harness, token, bodyId, ticket.uploadId, partNumbers);
      expect(answer.data ?? null).toBeNull();
      return { reason: reasonOf(answer), message: answer.errors?.[0]?.message };
    };
    expect(await refusal([0])).toEqual({
      reason: 'BAD_PART_NUMBER',
      message: `La partie 0 n’existe pas : ce fichier compte ${partCount} parties.`,
    });
    expect((await refusal([partCount + 1])).reason).toBe('BAD_PART_NUMBER');
    expect((await refusal([1, 1])).reason).toBe('BAD_PART_NUMBER');
    expect(await refusal([])).toEqual({ reason: 'TOO_MANY_PARTS', message: 'Demandez de 1 à 20 parties à la fois.' });
    expect((await refusal(Array.from({ length: 21 }, (_, index) => index + 1))).reason).toBe('TOO_MANY_PARTS');

    const [part] = await urls(ticket.uploadId, [1]);
    const short = await put(part!.url, partBytes(1).subarray(1));
    expect(short.status).toBe(403);
    expect(short.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect((await put(part!.url, Buffer.concat([partBytes(1), Buffer.from('x')]))).status).toBe(403);
    const forged = part!.url.replace(/token=([^.]+)\./, (_, payload: string) => `token=${payload.slice(0, -2)}AA.`);
    expect((await put(forged, partBytes(1))).status).toBe(403);
    expect((await stored(ticket.uploadId)).data!.body.documentUpload.storedParts).toEqual([]);
    await abort(ticket.uploadId);
  });

  it('refuses another body’s upload, and a part URL of another upload', async () => {
    const doubs = await harness.graphql<{ body: { id: string; meetings: { id: string; status: string }[] } }>(
      '{ body(slug: "departement-doubs") { id meetings { id status } } }',
      {},
      await harness.token('secretariat.doubs'),
    );
    const doubsTicket = await start(pdf.length, await harness.token('secretariat.doubs'), {
      bodyId: doubs.data!.body.id,
      meetingId: doubs.data!.body.meetings.find((meeting) => meeting.status === 'DRAFT')!.id,
    });
    const other = await requestPartUrls(harness, token, bodyId, doubsTicket.uploadId, [1]);
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await stored(doubsTicket.uploadId)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await complete(doubsTicket.uploadId)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await abort(doubsTicket.uploadId)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await abort(doubsTicket.uploadId, token, doubs.data!.body.id)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await (await bodyEm('departement-doubs')).count(PendingUpload, { id: doubsTicket.uploadId })).toBe(1);
  });

  it('cleans up an expired upload in parts on the next request, and refuses to resume it', async () => {
    const ticket = await start();
    const [part] = await urls(ticket.uploadId, [1]);
    expect((await put(part!.url, partBytes(1))).status).toBe(200);
    const em = await bodyEm();
    await em.nativeUpdate(PendingUpload, { id: ticket.uploadId }, { expiresAt: new Date(Date.now() - 1000) });
    expect(reasonOf(await stored(ticket.uploadId))).toBe('UPLOAD_EXPIRED');
    const before = await multipartFolders();
    const next = await start();
    expect(await em.count(PendingUpload, { id: ticket.uploadId })).toBe(0);
    const after = await multipartFolders();
    expect(after).toHaveLength(before.length); // the expired one dropped, the new one started
    await abort(next.uploadId);
    expect(await multipartFolders()).toHaveLength(before.length - 1);
  });

  it('sweeps expired uploads without waiting for one a completion holds', async () => {
    const ticket = await start();
    await (await bodyEm()).nativeUpdate(PendingUpload, { id: ticket.uploadId }, { expiresAt: new Date(Date.now() - 1000) });
    // A completion holding the row (as completeUpload does for its whole run).
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const holder = (await bodyEm()).transactional(async (tx) => {
      await tx.findOneOrFail(PendingUpload, { id: ticket.uploadId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      holding();
      await released;
    });
    await held;
    const next = await start(); // sweeps first: skips the held row instead of waiting for it
    expect(await (await bodyEm()).count(PendingUpload, { id: ticket.uploadId })).toBe(1);
    release();
    await holder;
    const after = await start();
    expect(await (await bodyEm()).count(PendingUpload, { id: ticket.uploadId })).toBe(0);
    await abort(next.uploadId);
    await abort(after.uploadId);
  });
});
