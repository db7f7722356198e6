import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Storage } from '../../src/storage/s3-storage.js';
import type { StoragePort, UploadTarget } from '../../src/storage/storage.port.js';
import { attachmentDisposition } from '../../src/storage/storage-helpers.js';
import { postUploadFromDisk } from '../helpers/streamed-upload.js';

/**
 * The StoragePort contract against a real MinIO through the S3 adapter: run with `npm run test:services`,
 * or start `scripts/services/minio.sh` and export its `env` (S3_* variables).
 */
const { S3_ENDPOINT, S3_REGION, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE } = process.env;
if (!S3_ENDPOINT || !S3_REGION || !S3_BUCKET || !S3_ACCESS_KEY_ID || !S3_SECRET_ACCESS_KEY) {
  throw new Error(
    'S3_ENDPOINT, S3_REGION, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are not set: run `npm run test:services`, ' +
      'or `bash scripts/services/minio.sh start` then `set -a; eval "$(bash scripts/services/minio.sh env)"; set +a`.',
  );
}

const MiB = 1024 * 1024;
const prefix = `services-test/${randomUUID()}`;
let storage: StoragePort;
let scratch: string;

beforeAll(async () => {
  storage = createS3Storage({
    endpoint: S3_ENDPOINT,
    region: S3_REGION,
    bucket: S3_BUCKET,
    accessKeyId: S3_ACCESS_KEY_ID,
    secretAccessKey: S3_SECRET_ACCESS_KEY,
    forcePathStyle: S3_FORCE_PATH_STYLE === 'true',
  });
  scratch = await mkdtemp(join(tmpdir(), 'cartable-s3-test-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const pdf = (key: string, sizeBytes: number) => ({
  key,
  contentType: 'application/pdf',
  sizeBytes,
  expiresInSeconds: 600,
});

async function hashOf(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest('hex');
}

async function streamed(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What a browser does with an UploadTarget: the fields, then the file, as multipart/form-data. */
function postUpload(target: UploadTarget, file: Blob, overrides: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...target.fields, ...overrides })) form.append(name, value);
  form.append('file', file, 'document.pdf');
  return fetch(target.url, { method: 'POST', body: form });
}

describe('S3 storage against a real MinIO', () => {
  it('accepts a presigned POST within the limits; head and read (with a range) give back the bytes', async () => {
    const key = `${prefix}/within.pdf`;
    const data = randomBytes(MiB + 123);
    const target = await storage.createUpload(pdf(key, data.length));
    expect(target.expiresAt.getTime()).toBeGreaterThan(Date.now());

    const response = await postUpload(target, new Blob([data], { type: 'application/pdf' }));
    expect(response.status, await response.clone().text()).toBe(204);
    expect(await storage.head(key)).toEqual({ key, size: data.length });
    expect(sha256(await streamed(await storage.read(key)))).toBe(sha256(data));
    expect(await streamed(await storage.read(key, { start: 1000, end: 1999 }))).toEqual(data.subarray(1000, 2000));
  });

  it('MinIO refuses an upload larger or smaller than the declared size, and an empty one', async () => {
    const key = `${prefix}/oversize.pdf`;
    const target = await storage.createUpload(pdf(key, 1000));
    const tooLarge = await postUpload(target, new Blob([randomBytes(1001)]));
    expect(tooLarge.status).toBe(400);
    expect(await tooLarge.text()).toContain('<Code>EntityTooLarge</Code>');
    const tooSmall = await postUpload(target, new Blob([randomBytes(999)]));
    expect(tooSmall.status).toBe(400);
    expect(await tooSmall.text()).toContain('<Code>EntityTooSmall</Code>');
    const empty = await postUpload(target, new Blob([]));
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('<Code>EntityTooSmall</Code>');
    expect(await storage.head(key)).toBeNull();
  });

  it('MinIO refuses a content type or a key other than the policy’s', async () => {
    const key = `${prefix}/typed.pdf`;
    const target = await storage.createUpload(pdf(key, 10));
    const wrongType = await postUpload(target, new Blob([randomBytes(10)]), { 'Content-Type': 'text/html' });
    expect(wrongType.status).toBe(403);
    expect(await wrongType.text()).toContain('<Code>AccessDenied</Code>');
    const wrongKey = await postUpload(target, new Blob([randomBytes(10)]), { key: `${prefix}/elsewhere.pdf` });
    expect(wrongKey.status).toBe(403);
    expect(await storage.head(key)).toBeNull();
    expect(await storage.head(`${prefix}/elsewhere.pdf`)).toBeNull();
  });

  it('serves a presigned GET with the type and name asked for, and a Range request with 206', async () => {
    const key = `${prefix}/download.pdf`;
    const data = randomBytes(256 * 1024);
    await storage.write(key, data, 'application/octet-stream');
    const fileName = 'Délibération n°12 (budget).pdf';
    const url = await storage.createDownloadUrl(key, {
      expiresInSeconds: 60,
      fileName,
      contentType: 'application/pdf',
    });

    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('application/pdf');
    expect(whole.headers.get('content-disposition')).toBe(attachmentDisposition(fileName));
    expect(sha256(Buffer.from(await whole.arrayBuffer()))).toBe(sha256(data));

    const part = await fetch(url, { headers: { Range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${data.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(data.subarray(100, 200));

    const tampered = await fetch(url.replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000'));
    expect(tampered.status).toBe(403);
  });

  it('deletes idempotently', async () => {
    const key = `${prefix}/deleted.pdf`;
    await storage.write(key, randomBytes(10), 'application/pdf');
    await storage.delete(key);
    await storage.delete(key);
    await storage.delete(`${prefix}/never-existed.pdf`);
    expect(await storage.head(key)).toBeNull();
    await expect(storage.read(key)).rejects.toThrow('Fichier introuvable.');
  });

  it('moves 200 MB through presigned URLs, streamed from and to disk, without holding it in memory', async () => {
    const size = 200 * MiB;
    const key = `${prefix}/large.pdf`;
    const path = join(scratch, 'large.pdf');
    const written = createHash('sha256');
    await pipeline(async function* () {
      for (let offset = 0; offset < size; offset += MiB) {
        const block = randomBytes(MiB);
        written.update(block);
        yield block;
      }
    }, createWriteStream(path));
    const expected = written.digest('hex');

    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 10);
    try {
      const target = await storage.createUpload(pdf(key, size));
      let started = performance.now();
      expect(await postUploadFromDisk(target, path, 'application/pdf')).toBe(204);
      const uploadSeconds = (performance.now() - started) / 1000;
      expect(await storage.head(key)).toEqual({ key, size });

      const url = await storage.createDownloadUrl(key, {
        expiresInSeconds: 600,
        fileName: 'large.pdf',
        contentType: 'application/pdf',
      });
      started = performance.now();
      const download = await fetch(url);
      expect(download.status).toBe(200);
      expect(await hashOf(download.body!)).toBe(expected);
      const downloadSeconds = (performance.now() - started) / 1000;

      started = performance.now();
      expect(await hashOf(await storage.read(key))).toBe(expected);
      const readSeconds = (performance.now() - started) / 1000;

      peak = Math.max(peak, process.memoryUsage.rss());
      const growth = peak - baseline;
      console.info(
        `200 MB: upload ${uploadSeconds.toFixed(1)} s, presigned download ${downloadSeconds.toFixed(1)} s, ` +
          `adapter read ${readSeconds.toFixed(1)} s; RSS ${(baseline / MiB).toFixed(0)} MB before, ` +
          `peak ${(peak / MiB).toFixed(0)} MB (growth ${(growth / MiB).toFixed(1)} MB)`,
      );
      expect(growth).toBeLessThan(100 * MiB);
    } finally {
      clearInterval(sampler);
      await storage.delete(key);
    }
  }, 300_000);
});
