import { BadUserInputError } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import type { DocumentServices } from '../../body/documents/document.service.js';
import { processImage } from '../../media/image-processor.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Body } from './body.entity.js';

/** What a logo upload may declare; the content itself is checked by the image pipeline. */
export const logoContentTypes = ['image/png', 'image/jpeg', 'image/webp'] as const;
const logoMaxBytes = 10 * 1_048_576;
const uploadLifetimeSeconds = 15 * 60;

/** Uploads land under the body id; the upload id alone names the object, so no other body's key can be reached. */
const uploadKey = (body: Body, uploadId: string) => `${body.id}/images/uploads/${uploadId}`;

export async function requestLogoUpload(services: DocumentServices, body: Body, contentType: string, sizeBytes: number) {
  if (!(logoContentTypes as readonly string[]).includes(contentType)) {
    throw new BadUserInputError('Le logo doit être une image PNG, JPEG ou WebP.', { reason: 'WRONG_TYPE' });
  }
  if (!Number.isInteger(sizeBytes) || sizeBytes < 1 || sizeBytes > logoMaxBytes) {
    throw new BadUserInputError('Le logo doit peser au plus 10 Mo.', { reason: 'TOO_LARGE' });
  }
  const uploadId = uuidv7();
  const target = await services.storage.createUpload({
    key: uploadKey(body, uploadId),
    contentType,
    sizeBytes,
    expiresInSeconds: uploadLifetimeSeconds,
  });
  return { uploadId, target, maxBytes: logoMaxBytes };
}

/**
 * Runs the uploaded image through the image pipeline (pixel limit before decoding, EXIF rotation, logo
 * preset, metadata stripped, WebP) and makes the result the body's logo; the raw upload is deleted.
 */
export async function completeLogoUpload(
  services: DocumentServices,
  platformEm: EntityManager,
  body: Body,
  uploadId: string,
): Promise<Body> {
  const key = uploadKey(body, uploadId);
  const stored = await services.storage.head(key);
  if (!stored) throw new BadUserInputError('Aucun fichier n’a été reçu pour ce téléversement.', { reason: 'UPLOAD_MISSING' });
  try {
    if (stored.size > logoMaxBytes) throw new BadUserInputError('Le logo doit peser au plus 10 Mo.', { reason: 'TOO_LARGE' });
    const chunks: Buffer[] = [];
    for await (const chunk of await services.storage.read(key)) chunks.push(chunk as Buffer);
    const logo = await processImage(Buffer.concat(chunks), 'logo');
    const logoKey = `${body.id}/images/logo-${uploadId}.webp`;
    await services.storage.write(logoKey, logo.data, logo.contentType);
    const previous = body.logoKey ?? null;
    await platformEm.nativeUpdate(Body, { id: body.id }, { logoKey });
    body.logoKey = logoKey;
    if (previous) await services.storage.delete(previous);
    return body;
  } finally {
    await services.storage.delete(key);
  }
}
