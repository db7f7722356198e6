import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import express, { type Express } from 'express';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalStorageRouter } from '../../src/storage/local-storage.router.js';
import { signDownloadToken, signUploadPolicy } from '../../src/storage/local-storage.signing.js';
import { createLocalStorage, localStorageMountPath } from '../../src/storage/local-storage.js';
import type { StoragePort, UploadTarget } from '../../src/storage/storage.port.js';

const secret = 'test-secret-of-the-local-storage-adapter';
const publicUrl = 'http://cartable.test';
let directory: string;
let storage: StoragePort;
let app: Express;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'cartable-local-storage-'));
  storage = createLocalStorage({ directory, publicUrl, secret });
  app = express();
  app.use(localStorageMountPath, createLocalStorageRouter({ directory, secret }));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
});

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const pathOf = (url: string) => {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
};

async function streamed(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** POSTs the target's fields (optionally overridden) then the file, as a browser form would. */
function upload(target: UploadTarget, data: Buffer, overrides: Record<string, string> = {}) {
  const post = request(app).post(pathOf(target.url));
  for (const [name, value] of Object.entries({ ...target.fields, ...overrides })) post.field(name, value);
  return post.attach('file', data, { filename: 'document.pdf', contentType: 'application/pdf' });
}

/** Every file under the adapter's directory, objects and temp files alike. */
async function filesOnDisk(): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

const binary = (response: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
};

const uploadRequest = (key: string, sizeBytes = 100) => ({
  key,
  contentType: 'application/pdf',
  sizeBytes,
  expiresInSeconds: 300,
});

describe('local storage: uploads', () => {
  it('stores an upload within the limits; head and read give back the same bytes', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const target = await storage.createUpload(uploadRequest('body-1/docs/within.pdf', data.length));
    expect(target.url).toBe(`${publicUrl}/storage/upload`);
    expect(Object.keys(target.fields).sort()).toEqual(['Content-Type', 'key', 'policy', 'signature']);

    const response = await upload(target, data);
    expect(response.status).toBe(204);
    expect(await storage.head('body-1/docs/within.pdf')).toEqual({ key: 'body-1/docs/within.pdf', size: data.length });
    expect(sha256(await streamed(await storage.read('body-1/docs/within.pdf')))).toBe(sha256(data));
    expect(await streamed(await storage.read('body-1/docs/within.pdf', { start: 10, end: 19 }))).toEqual(data.subarray(10, 20));
  });

  it('refuses an upload larger than the declared size and leaves nothing on disk', async () => {
    const before = await filesOnDisk();
    const target = await storage.createUpload(uploadRequest('body-1/docs/oversize.pdf', 10));
    const response = await upload(target, randomBytes(100 * 1024));
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/xml/);
    expect(response.text).toContain('<Code>EntityTooLarge</Code>');
    expect(await storage.head('body-1/docs/oversize.pdf')).toBeNull();
    expect(await filesOnDisk()).toEqual(before);
  });

  it('refuses an upload smaller than the declared size (as S3 with content-length-range min = max)', async () => {
    const before = await filesOnDisk();
    const target = await storage.createUpload(uploadRequest('body-1/docs/undersize.pdf', 100_000));
    const response = await upload(target, randomBytes(99_999));
    expect(response.status).toBe(400);
    expect(response.text).toContain('<Code>EntityTooSmall</Code>');
    expect(await storage.head('body-1/docs/undersize.pdf')).toBeNull();
    expect(await filesOnDisk()).toEqual(before);
  });

  it('refuses an empty file', async () => {
    const target = await storage.createUpload(uploadRequest('body-1/docs/empty.pdf'));
    const response = await upload(target, Buffer.alloc(0));
    expect(response.status).toBe(400);
    expect(response.text).toContain('<Code>EntityTooSmall</Code>');
  });

  it('refuses a content type other than the policy’s', async () => {
    const target = await storage.createUpload(uploadRequest('body-1/docs/type.pdf'));
    const response = await upload(target, randomBytes(100), { 'Content-Type': 'text/html' });
    expect(response.status).toBe(403);
    expect(response.text).toContain('<Code>AccessDenied</Code>');
    expect(response.text).toContain('Type de fichier refusé');
    expect(await storage.head('body-1/docs/type.pdf')).toBeNull();
  });

  it('refuses another key, a tampered policy, a missing signature and an unexpected field', async () => {
    const target = await storage.createUpload(uploadRequest('body-1/docs/tampered.pdf', 10));
    const policy = JSON.parse(Buffer.from(target.fields.policy!, 'base64url').toString()) as Record<string, unknown>;
    const bigger = Buffer.from(JSON.stringify({ ...policy, sizeBytes: 1000 })).toString('base64url');

    const signature = target.fields.signature!;
    const cases: [Record<string, string>, string][] = [
      [{ key: 'body-2/docs/tampered.pdf' }, 'La clé du fichier ne correspond pas'],
      [{ policy: bigger }, 'Politique d’envoi invalide'],
      [{ signature: `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}` }, 'Politique d’envoi invalide'],
      [{ 'x-amz-meta-owner': 'someone' }, 'non autorisé'],
    ];
    for (const [overrides, message] of cases) {
      const response = await upload(target, randomBytes(1000), overrides);
      expect(response.status, JSON.stringify(overrides)).toBe(403);
      expect(response.text).toContain(message);
    }
    const { signature: _signature, ...unsigned } = target.fields;
    const post = request(app).post('/storage/upload');
    for (const [name, value] of Object.entries(unsigned)) post.field(name, value);
    expect((await post.attach('file', randomBytes(5), 'a.pdf')).status).toBe(403);
    expect(await storage.head('body-1/docs/tampered.pdf')).toBeNull();
    expect(await storage.head('body-2/docs/tampered.pdf')).toBeNull();
  });

  it('refuses an expired policy', async () => {
    const target = await storage.createUpload({ ...uploadRequest('body-1/docs/late.pdf'), expiresInSeconds: 60 });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    const response = await upload(target, randomBytes(100));
    expect(response.status).toBe(403);
    expect(response.text).toContain('expirée');
    expect(await storage.head('body-1/docs/late.pdf')).toBeNull();
  });

  it('refuses a body that is not multipart/form-data, or has no file', async () => {
    expect((await request(app).post('/storage/upload').send({ key: 'x' })).status).toBe(400);
    const target = await storage.createUpload(uploadRequest('body-1/docs/nofile.pdf'));
    const post = request(app).post('/storage/upload');
    for (const [name, value] of Object.entries(target.fields)) post.field(name, value);
    const response = await post;
    expect(response.status).toBe(400);
    expect(response.text).toContain('<Code>MalformedPOSTRequest</Code>');
  });

  it('answers 400 MalformedPOSTRequest to a body it cannot read, and stores nothing', async () => {
    const target = await storage.createUpload(uploadRequest('body-1/docs/malformed.pdf', 10));
    const boundary = 'cartable-malformed-test';
    const part = (disposition: string, value: string) => `--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n${value}\r\n`;
    const fields = Object.entries(target.fields)
      .map(([name, value]) => part(`form-data; name="${name}"`, value))
      .join('');
    const file = part('form-data; name="file"; filename="a.pdf"', '0123456789');
    const bodies = {
      truncated: `${fields}${file}`.slice(0, -20),
      'a part without a name': `${part('form-data', 'x')}${fields}${file}--${boundary}--\r\n`,
      'an oversized field': `${part('form-data; name="key"', 'k'.repeat(9000))}${fields}${file}--${boundary}--\r\n`,
      'a part header over 16 kB': `--${boundary}\r\nContent-Disposition: form-data; name="key"\r\nX-Padding: ${'p'.repeat(17_000)}\r\n\r\nk\r\n${fields}${file}--${boundary}--\r\n`,
    };
    for (const [label, body] of Object.entries(bodies)) {
      const response = await request(app)
        .post('/storage/upload')
        .set('content-type', `multipart/form-data; boundary=${boundary}`)
        .send(body);
      expect(response.status, label).toBe(400);
      expect(response.text, label).toContain('<Code>MalformedPOSTRequest</Code>');
    }
    expect(await storage.head('body-1/docs/malformed.pdf')).toBeNull();
  });

  it('removes the partial file when the client goes away mid-upload', async () => {
    const target = await storage.createUpload(uploadRequest('body-1/docs/aborted.pdf', 50 * 1024 * 1024));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const boundary = 'cartable-abort-test';
    const head = Object.entries(target.fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('');
    const client = httpRequest({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      method: 'POST',
      path: '/storage/upload',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': 40 * 1024 * 1024 },
    });
    client.on('error', () => undefined);
    client.write(`${head}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n`);
    client.write(randomBytes(1024 * 1024));
    const tempFiles = async () => (await filesOnDisk()).filter((file) => file.startsWith(join(directory, 'tmp')));
    await vi.waitFor(async () => expect(await tempFiles()).toHaveLength(1));
    client.destroy();
    await vi.waitFor(async () => expect(await tempFiles()).toEqual([]));
    expect(await storage.head('body-1/docs/aborted.pdf')).toBeNull();
    server.close();
  });

  it('replaces an object atomically on a second upload', async () => {
    const first = randomBytes(1000);
    const second = randomBytes(2000);
    await upload(await storage.createUpload(uploadRequest('body-1/docs/twice.pdf', first.length)), first).expect(204);
    await upload(await storage.createUpload(uploadRequest('body-1/docs/twice.pdf', second.length)), second).expect(204);
    expect(sha256(await streamed(await storage.read('body-1/docs/twice.pdf')))).toBe(sha256(second));
  });
});

describe('local storage: downloads', () => {
  const key = 'body-1/docs/download.pdf';
  const data = randomBytes(64 * 1024);
  const fileName = 'Délibération n°12 "budget".pdf';

  beforeAll(async () => {
    await storage.write(key, data, 'application/pdf');
  });

  it('serves the whole object, with its type and name', async () => {
    const url = await storage.createDownloadUrl(key, {
      expiresInSeconds: 60,
      fileName,
      contentType: 'application/pdf',
    });
    expect(url.startsWith(`${publicUrl}/storage/object?token=`)).toBe(true);
    const response = await request(app).get(pathOf(url)).buffer(true).parse(binary);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="Deliberation n_12 _budget_.pdf"; filename*=UTF-8''D%C3%A9lib%C3%A9ration%20n%C2%B012%20%22budget%22.pdf`,
    );
    expect(response.headers['accept-ranges']).toBe('bytes');
    expect(sha256(response.body as Buffer)).toBe(sha256(data));
  });

  it('answers a Range request with 206 and the requested bytes', async () => {
    const url = await storage.createDownloadUrl(key, {
      expiresInSeconds: 60,
      fileName,
      contentType: 'application/pdf',
    });
    const response = await request(app).get(pathOf(url)).set('Range', 'bytes=1000-1999').buffer(true).parse(binary);
    expect(response.status).toBe(206);
    expect(response.headers['content-range']).toBe(`bytes 1000-1999/${data.length}`);
    expect(response.body).toEqual(data.subarray(1000, 2000));
  });

  it('refuses a tampered or expired token', async () => {
    const url = await storage.createDownloadUrl(key, {
      expiresInSeconds: 60,
      fileName,
      contentType: 'application/pdf',
    });
    const token = new URL(url).searchParams.get('token')!;
    const [payload, signature] = token.split('.') as [string, string];
    const grant = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const otherKey = Buffer.from(JSON.stringify({ ...grant, key: 'body-2/docs/secret.pdf' })).toString('base64url');

    for (const forged of [`${otherKey}.${signature}`, `${payload}.${signature.slice(0, -2)}AA`, payload, '']) {
      const response = await request(app).get('/storage/object').query({ token: forged });
      expect(response.status).toBe(403);
      expect(response.text).toContain('<Code>AccessDenied</Code>');
    }
    // An upload signature is no download token.
    const upload = signUploadPolicy(secret, {
      key,
      contentType: 'application/pdf',
      sizeBytes: 10,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(
      (
        await request(app)
          .get('/storage/object')
          .query({ token: `${upload.policy}.${upload.signature}` })
      ).status,
    ).toBe(403);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    expect((await request(app).get(pathOf(url))).status).toBe(403);
  });

  it('answers 404 for a deleted object; delete is idempotent', async () => {
    await storage.write('body-1/docs/gone.pdf', randomBytes(10), 'application/pdf');
    const url = await storage.createDownloadUrl('body-1/docs/gone.pdf', {
      expiresInSeconds: 60,
      fileName: 'g.pdf',
      contentType: 'application/pdf',
    });
    await storage.delete('body-1/docs/gone.pdf');
    await storage.delete('body-1/docs/gone.pdf');
    expect(await storage.head('body-1/docs/gone.pdf')).toBeNull();
    const response = await request(app).get(pathOf(url));
    expect(response.status).toBe(404);
    expect(response.text).toContain('<Code>NoSuchKey</Code>');
    await expect(storage.read('body-1/docs/gone.pdf')).rejects.toThrow('Fichier introuvable.');
  });
});

describe('local storage: keys', () => {
  const traversals = ['../outside.pdf', 'body-1/../../outside.pdf', '/etc/passwd', 'body-1//x', 'body-1/./x', 'body-1/é.pdf', 'a\\b', ''];

  it.each(traversals)('refuses the key %j in every operation', async (key) => {
    const download = { expiresInSeconds: 60, fileName: 'x.pdf', contentType: 'application/pdf' };
    await expect(storage.createUpload(uploadRequest(key))).rejects.toThrow(/invalid storage key/);
    await expect(storage.head(key)).rejects.toThrow(/invalid storage key/);
    await expect(storage.read(key)).rejects.toThrow(/invalid storage key/);
    await expect(storage.write(key, Buffer.from('x'), 'application/pdf')).rejects.toThrow(/invalid storage key/);
    await expect(storage.delete(key)).rejects.toThrow(/invalid storage key/);
    await expect(storage.createDownloadUrl(key, download)).rejects.toThrow(/invalid storage key/);
  });

  it('refuses a traversal key even under a valid signature', async () => {
    const before = await filesOnDisk();
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const key = '../../escaped.pdf';
    const signed = signUploadPolicy(secret, { key, contentType: 'application/pdf', sizeBytes: 10, expiresAt });
    const response = await request(app)
      .post('/storage/upload')
      .field('key', key)
      .field('Content-Type', 'application/pdf')
      .field('policy', signed.policy)
      .field('signature', signed.signature)
      .attach('file', randomBytes(10), 'escaped.pdf');
    expect(response.status).toBe(400);
    expect(response.text).toContain('<Code>InvalidArgument</Code>');
    expect(await filesOnDisk()).toEqual(before);

    const token = signDownloadToken(secret, {
      key: '../../../etc/passwd',
      fileName: 'p',
      contentType: 'text/plain',
      expiresAt,
    });
    expect((await request(app).get('/storage/object').query({ token })).status).toBe(400);
  });
});

describe('multipart uploads of the local adapter', () => {
  const put = (url: string, bytes: Buffer) =>
    request(app).put(url.replace(publicUrl, '')).set('content-type', 'application/octet-stream').send(bytes);

  it('stores parts, lists them, refuses a part changed since the listing, then joins them in order', async () => {
    const key = 'body-1/documents/parts/file.pdf';
    const uploadId = await storage.startMultipartUpload(key, 'application/pdf');
    const parts = [randomBytes(1000), randomBytes(400)];
    const urls = await Promise.all(
      parts.map((bytes, index) =>
        storage.createPartUploadUrl({ key, uploadId, partNumber: index + 1, size: bytes.length, expiresInSeconds: 60 }),
      ),
    );
    for (const [index, url] of urls.entries()) {
      const answer = await put(url, parts[index]!);
      expect(answer.status).toBe(200);
      expect(answer.headers.etag).toMatch(/^"\d+-\d+"$/);
    }
    const listed = await storage.listParts(key, uploadId);
    expect(listed?.map(({ partNumber, size }) => ({ partNumber, size }))).toEqual([
      { partNumber: 1, size: 1000 },
      { partNumber: 2, size: 400 },
    ]);
    expect(await storage.listParts('body-1/documents/other.pdf', uploadId)).toBeNull();

    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await put(urls[0]!, parts[0]!)).status).toBe(200);
    await expect(storage.completeMultipartUpload(key, uploadId, listed!)).rejects.toMatchObject({ name: 'InvalidPart' });

    await storage.completeMultipartUpload(key, uploadId, (await storage.listParts(key, uploadId))!);
    const chunks: Buffer[] = [];
    for await (const chunk of await storage.read(key)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(Buffer.concat(parts))).toBe(true);
    expect(await storage.listParts(key, uploadId)).toBeNull();
    await storage.abortMultipartUpload(key, uploadId); // idempotent
  });
});
