import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, testPublicUrl, type TestHarness } from '../helpers/harness.js';
import { createUniformPng } from '../media/image-fixtures.js';

let harness: TestHarness;
let token: string;
let bodyId: string;
type Ticket = { uploadId: string; url: string; fields: { name: string; value: string }[] };

beforeAll(async () => {
  harness = await startHarness();
  token = await harness.token('secretariat.ville');
  bodyId = (await harness.graphql<{ body: { id: string } }>('{ body(slug: "ville-besancon") { id } }', {}, token)).data!.body.id;
});
afterAll(() => harness?.close());

async function uploadLogo(bytes: Buffer, contentType: string) {
  const ticket = await harness.graphql<{ requestBodyLogoUpload: Ticket }>(
    'mutation ($bodyId: UUID!, $type: String!, $size: Float!) { requestBodyLogoUpload(bodyId: $bodyId, contentType: $type, sizeBytes: $size) { uploadId url fields { name value } } }',
    { bodyId, type: contentType, size: bytes.length },
    token,
  );
  expect(ticket.errors).toBeUndefined();
  const { uploadId, url, fields } = ticket.data!.requestBodyLogoUpload;
  const request = harness.http.post(url.replace(testPublicUrl, ''));
  for (const field of fields) request.field(field.name, field.value);
  expect((await request.attach('file', bytes, { filename: 'logo', contentType })).status).toBe(204);
  return harness.graphql<{ completeBodyLogoUpload: { logoUrl: string } }>(
    'mutation ($bodyId: UUID!, $uploadId: UUID!) { completeBodyLogoUpload(bodyId: $bodyId, uploadId: $uploadId) { logoUrl } }',
    { bodyId, uploadId },
    token,
  );
}

describe('body logo', () => {
  it('goes through the image pipeline: EXIF rotation, logo preset, WebP', async () => {
    // 800 × 400 pixels, stored with the EXIF "rotate 90°" orientation: the logo must come out upright.
    const photo = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#000091' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const result = await uploadLogo(photo, 'image/jpeg');
    expect(result.errors).toBeUndefined();
    const logo = await harness.http.get(result.data!.completeBodyLogoUpload.logoUrl.replace(testPublicUrl, '')).buffer(true);
    const metadata = await sharp(logo.body as Buffer).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 256, height: 512 });
    expect(metadata.exif).toBeUndefined();
  });

  it('refuses an image bomb and a file that is not an image, with typed French errors', async () => {
    const bomb = await uploadLogo(await createUniformPng(20_000, 20_000), 'image/png');
    expect(bomb.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'IMAGE_TOO_LARGE' } });
    const text = await uploadLogo(Buffer.from('pas une image'), 'image/png');
    expect(text.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'NOT_AN_IMAGE' } });
    const wrongType = await harness.graphql(
      'mutation ($bodyId: UUID!) { requestBodyLogoUpload(bodyId: $bodyId, contentType: "image/svg+xml", sizeBytes: 100) { uploadId } }',
      { bodyId },
      token,
    );
    expect(wrongType.errors?.[0]).toMatchObject({ message: 'Le logo doit être une image PNG, JPEG ou WebP.' });
  });

  it('is for the body admin only', async () => {
    const result = await harness.graphql(
      'mutation ($bodyId: UUID!) { requestBodyLogoUpload(bodyId: $bodyId, contentType: "image/png", sizeBytes: 100) { uploadId } }',
      { bodyId },
      await harness.token('paul.bernard'),
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
